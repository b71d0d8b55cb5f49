/**
 * A request that reached the lending library by email: staff record it as a lending transaction with
 * the email or manual partner it came from. The lender's answers (Will Supply, Shipped…) then go back
 * to that partner by email through the outbox, like every message to an email partner.
 */
import type { RequestService } from '../requests/request.service.ts';
import type { RequestDetailView } from '../requests/request.schemas.ts';
import type { StaffPrincipal } from '../auth/principal.ts';
import { ConflictError, ValidationError } from '../errors.ts';
import { uniqueViolation } from '../library-config/database-errors.ts';
import type { IncomingRequestBody } from './mail.schemas.ts';

/** What the service needs to know about a partner. */
export interface PartnerLookup {
  find(
    libraryId: string,
    partnerId: string,
  ): Promise<{ protocol: string; active: boolean; symbol: string } | undefined>;
}

export class IncomingRequestService {
  constructor(
    private readonly requests: RequestService,
    private readonly partners: PartnerLookup,
  ) {}

  /** Record the partner's emailed request; returns the new lending request's page. */
  async record(principal: StaffPrincipal, input: IncomingRequestBody): Promise<RequestDetailView> {
    const partner = await this.partners.find(principal.libraryId, input.partnerId);
    const field = 'body.partnerId';
    if (partner === undefined) {
      throw new ValidationError('No such partner.', [
        { field, rule: 'exists', message: 'no such partner in this library' },
      ]);
    }
    if (partner.protocol === 'iso18626') {
      throw new ValidationError('ISO 18626 partners send their requests themselves.', [
        {
          field,
          rule: 'protocol',
          message: `${partner.symbol} is an ISO 18626 partner: its requests arrive by ISO 18626, not by email`,
        },
      ]);
    }
    if (!partner.active) {
      throw new ValidationError('The partner is not active.', [
        { field, rule: 'active', message: `${partner.symbol} is not an active partner` },
      ]);
    }
    const details = input.details;
    let requestId: string;
    try {
      requestId = await this.requests.recordIncomingRequest(
        {
          libraryId: principal.libraryId,
          partnerId: input.partnerId,
          partnerRequestId: input.partnerRequestId,
          details,
          ...(details.needBefore !== undefined ? { needBefore: details.needBefore } : {}),
          ...(details.canHold !== undefined ? { canHold: details.canHold } : {}),
          ...(input.note !== undefined ? { note: input.note } : {}),
        },
        {
          kind: principal.tokenId === null ? 'staff' : 'api',
          id: principal.userId ?? principal.tokenId,
          name: principal.name,
        },
      );
    } catch (error) {
      if (uniqueViolation(error) === 'request_lending_partner_ref') {
        throw new ConflictError(
          `${partner.symbol}’s request ${input.partnerRequestId} is recorded already.`,
          { field: 'partnerRequestId' },
        );
      }
      throw error;
    }
    return this.requests.detail({ kind: 'staff', principal }, requestId);
  }
}
