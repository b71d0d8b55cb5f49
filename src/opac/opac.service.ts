/**
 * The OPAC's view of a library (what the request form needs) and requests made without logging in,
 * where the library allows them, limited per address.
 */
import type { RateLimiter } from '../auth/rate-limiter.ts';
import { RateLimiter as Limiter } from '../auth/rate-limiter.ts';
import { BACKENDS } from '../backends/index.ts';
import type { BackendId } from '../backends/index.ts';
import { ForbiddenError, NotFoundError } from '../errors.ts';
import type { IdempotencyClaim, IdempotentResult } from '../idempotency/idempotency.ts';
import { REQUEST_TYPES, REQUIRED_BY_TYPE } from '../requests/request-fields.ts';
import { illModuleOff } from '../requests/request.service.ts';
import type { RequestService } from '../requests/request.service.ts';
import type { AnonymousRequestBody, RequestDetailView } from '../requests/request.schemas.ts';
import type { OpacRepository } from './opac.repository.ts';

/** Requests without login allowed per client address per hour. */
export const ANONYMOUS_REQUESTS_PER_HOUR = 10;

export interface OpacLibrary {
  symbol: string;
  name: string;
  illModuleEnabled: boolean;
  copyrightClearance: string | null;
  unauthenticatedRequests: boolean;
  pickupBranches: { id: string; code: string; name: string }[];
  requestTypes: { type: string; requiredFields: string[] }[];
}

export class OpacService {
  constructor(
    private readonly opac: OpacRepository,
    private readonly requests: RequestService,
    private readonly rateLimiter: RateLimiter,
  ) {}

  /** The libraries a patron can ask through, for the OPAC's start page. */
  async libraries(): Promise<{ symbol: string; name: string }[]> {
    return this.opac.librariesWithIll();
  }

  async library(symbol: string): Promise<OpacLibrary> {
    const library = await this.opac.libraryBySymbol(symbol);
    if (library === undefined) throw new NotFoundError('No such library.');
    const backends = library.enabled_backends
      .map((id) => BACKENDS[id as BackendId])
      .filter((backend) => backend !== undefined);
    const types = REQUEST_TYPES.filter((type) =>
      backends.some((backend) => backend.requestTypes.includes(type)),
    );
    return {
      symbol: library.symbol,
      name: library.name,
      illModuleEnabled: library.ill_module_enabled,
      copyrightClearance: library.copyright_clearance,
      unauthenticatedRequests: library.unauthenticated_requests,
      pickupBranches: await this.opac.pickupBranches(library.id),
      requestTypes: types.map((type) => ({ type, requiredFields: [...REQUIRED_BY_TYPE[type]] })),
    };
  }

  /**
   * A request from someone not logged in, where the library takes them. With an idempotency claim, a
   * repeat of the same request gives the first answer and places nothing more.
   */
  async createAnonymous(
    symbol: string,
    clientAddress: string,
    body: AnonymousRequestBody,
    idempotency: IdempotencyClaim | null = null,
  ): Promise<IdempotentResult<RequestDetailView>> {
    const library = await this.opac.libraryBySymbol(symbol);
    if (library === undefined) throw new NotFoundError('No such library.');
    if (!library.ill_module_enabled) throw illModuleOff();
    if (!library.unauthenticated_requests) {
      throw new ForbiddenError('This library takes interlibrary loan requests only from logged-in patrons.', {
        reason: 'login_required',
      });
    }
    const verdict = await this.rateLimiter.hit(
      `opac:anonymous:${library.id}:${clientAddress}`,
      ANONYMOUS_REQUESTS_PER_HOUR,
      3600,
    );
    if (!verdict.allowed)
      throw Limiter.error(verdict, 'Too many requests from your address; please try again later.');
    return this.requests.create(
      { kind: 'anonymous', libraryId: library.id },
      {
        details: body.details,
        contact: body.contact,
        ...(body.copyrightAccepted !== undefined ? { copyrightAccepted: body.copyrightAccepted } : {}),
      },
      idempotency,
    );
  }
}
