/**
 * Request use cases: create a borrowing request (staff for a patron, a patron for themselves, or an
 * OPAC visitor where the library allows it), show it, edit it, take actions on it, delete it, and
 * extend its rota. Every status change goes through `RequestWorkflowService`.
 */
import type { PatronPrincipal, StaffPrincipal } from '../auth/principal.ts';
import { backendIssues } from '../backends/backend-rules.ts';
import { BACKENDS } from '../backends/index.ts';
import type { BackendId } from '../backends/index.ts';
import type { Clock } from '../clock.ts';
import type { NewRequestRow, Partner } from '../db/schema.ts';
import type { UnitOfWork } from '../db/unit-of-work.ts';
import { ForbiddenError, NotFoundError, ValidationError } from '../errors.ts';
import type { ValidationIssue } from '../errors.ts';
import { runIdempotently } from '../idempotency/idempotency.ts';
import type { IdempotencyClaim, IdempotentResult } from '../idempotency/idempotency.ts';
import type { IdempotencyRepository } from '../idempotency/idempotency.repository.ts';
import { actionMenu } from '../workflow/action-menu.ts';
import type { Viewer } from '../workflow/action-menu.ts';
import { isActionId } from '../workflow/actions.ts';
import type { EventData, PartnerTerms, WorkflowEvent } from '../workflow/model.ts';
import { INITIAL_STATE } from '../workflow/transitions.ts';
import { newResponderTransaction } from '../workflow/engine.ts';
import { detailsToColumns, PATRON_EDITABLE } from './request-details.ts';
import type { NewRequestDetails, RequestDetails } from './request-details.ts';
import { requestedServiceTypes } from './request-fields.ts';
import type { RequestReadRepository } from './request-read.repository.ts';
import { factsToRow, partnerTerms, toSnapshot } from './request-snapshot.ts';
import { requestDetailView, requestReference } from './request-view.ts';
import type { ActorRef, MenuConfigSource, RequestWorkflowService } from './request-workflow.service.ts';
import type { LoadedRequest, RequestRepository } from './request.repository.ts';
import type {
  ActionBody,
  PatronRequestPage,
  PatronRequestSummary,
  RequestDetailView,
} from './request.schemas.ts';

export interface RequestServiceRepositories {
  readonly requests: RequestRepository;
  /** Read in the same transaction as the request, never through another pooled connection. */
  readonly menuConfigs: MenuConfigSource;
  readonly reads: RequestReadRepository;
  readonly idempotency: IdempotencyRepository;
}

/** Who asks, with what they may see and do. */
export type RequestCaller =
  | { readonly kind: 'staff'; readonly principal: StaffPrincipal }
  | { readonly kind: 'patron'; readonly principal: PatronPrincipal };

/** A new borrowing request. */
export interface NewBorrowingRequest {
  readonly details: NewRequestDetails;
  readonly backend?: BackendId;
  readonly rota?: readonly string[];
  readonly copyrightAccepted?: boolean;
  /** An OPAC request made without logging in. */
  readonly contact?: { readonly name: string; readonly email: string };
}

function present<T>(value: T | null | undefined): value is T {
  return value !== undefined && value !== null;
}

function actorOf(caller: RequestCaller): ActorRef {
  return caller.kind === 'staff'
    ? {
        kind: caller.principal.tokenId === null ? 'staff' : 'api',
        id: caller.principal.userId ?? caller.principal.tokenId,
        name: caller.principal.name,
      }
    : { kind: 'patron', id: caller.principal.patronId, name: caller.principal.name };
}

function viewerOf(caller: RequestCaller): Viewer {
  return caller.kind === 'staff'
    ? { actor: 'staff', permissions: caller.principal.permissions }
    : { actor: 'patron', permissions: new Set() };
}

/**
 * Koha's ILLModule switched off: the library takes no new borrowing requests, from staff, patrons or
 * OPAC visitors alike. Only creating is refused. Existing requests stay workable, so that staff can
 * finish them and partners' messages about them still apply (a supplier shipping or a borrower
 * returning an item does not stop because the library stopped asking for new ones).
 */
export function illModuleOff(): ForbiddenError {
  return new ForbiddenError(
    'Interlibrary loan is switched off for this library, so it takes no new requests.',
    { reason: 'ill_module_off' },
  );
}

/** A patron's list when the OPAC asks for no page size. */
const DEFAULT_PATRON_PAGE = 50;

/**
 * Where the next page of a patron's list starts: after this request, newest first. `createdAt` is as
 * PostgreSQL writes a timestamptz, with its microseconds.
 */
interface PatronCursor {
  readonly createdAt: string;
  readonly id: string;
}

function encodePatronCursor(cursor: PatronCursor): string {
  return Buffer.from(JSON.stringify([1, cursor.createdAt, cursor.id])).toString('base64url');
}

function decodePatronCursor(text: string): PatronCursor {
  let payload: unknown;
  try {
    payload = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    payload = null;
  }
  if (
    !Array.isArray(payload) ||
    payload.length !== 3 ||
    payload[0] !== 1 ||
    typeof payload[1] !== 'string' ||
    !/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d{1,6})?[+-]\d\d(:\d\d){0,2}$/.test(payload[1]) ||
    typeof payload[2] !== 'string' ||
    !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(payload[2])
  ) {
    throw new ValidationError('Invalid request: querystring.cursor is not a cursor of this list', [
      {
        field: 'querystring.cursor',
        rule: 'cursor',
        message: 'querystring.cursor is not a cursor of this list; start again without it',
      },
    ]);
  }
  return { createdAt: payload[1], id: payload[2] };
}

/** The request a stored idempotent response shows, so that deleting the request deletes it. */
function shownRequest(view: RequestDetailView): string {
  return view.id;
}

function principalKey(caller: RequestCaller): string {
  return caller.kind === 'staff'
    ? `staff:${caller.principal.userId ?? `token:${caller.principal.tokenId}`}`
    : `patron:${caller.principal.patronId}`;
}

export class RequestService {
  constructor(
    private readonly work: UnitOfWork<RequestServiceRepositories>,
    private readonly workflow: RequestWorkflowService,
    private readonly clock: Clock,
  ) {}

  /** The principal key idempotency keys are scoped to. */
  static idempotencyPrincipal(caller: RequestCaller): string {
    return principalKey(caller);
  }

  /** Create a borrowing request for the caller's library; returns the new request's page. */
  async create(
    caller: RequestCaller | { readonly kind: 'anonymous'; readonly libraryId: string },
    input: NewBorrowingRequest,
    idempotency: IdempotencyClaim | null,
  ): Promise<IdempotentResult<RequestDetailView>> {
    return this.work.run(async (repositories) =>
      runIdempotently(
        repositories.idempotency,
        idempotency,
        201,
        async () => {
          const requestId = await this.insertBorrowing(repositories, caller, input);
          const viewer: RequestCaller | null = caller.kind === 'anonymous' ? null : caller;
          return this.view(repositories, requestId, viewer);
        },
        shownRequest,
      ),
    );
  }

  private async insertBorrowing(
    repositories: RequestServiceRepositories,
    caller: RequestCaller | { readonly kind: 'anonymous'; readonly libraryId: string },
    input: NewBorrowingRequest,
  ): Promise<string> {
    const libraryId = caller.kind === 'anonymous' ? caller.libraryId : caller.principal.libraryId;
    const library = await repositories.reads.librarySettings(libraryId);
    if (library === undefined) throw new NotFoundError('No such library.');
    if (!library.ill_module_enabled) throw illModuleOff();

    const issues: ValidationIssue[] = [];
    const backendId: BackendId =
      input.backend ?? (library.enabled_backends[0] as BackendId | undefined) ?? 'iso18626';
    if (!library.enabled_backends.includes(backendId)) {
      issues.push({
        field: 'body.backend',
        rule: 'enabled',
        message: `the ${backendId} backend is not enabled in this library`,
      });
    }
    const backend = BACKENDS[backendId];
    const details = input.details;
    issues.push(...backendIssues(backend, details));
    if (library.copyright_clearance !== null && input.copyrightAccepted !== true) {
      issues.push({
        field: 'body.copyrightAccepted',
        rule: 'required',
        message: 'the copyright declaration must be accepted',
      });
    }

    let patronId: string | null = null;
    if (caller.kind === 'patron') {
      patronId = caller.principal.patronId;
    } else if (caller.kind === 'staff' && present(details.patronId)) {
      const patron = await repositories.reads.patronInLibrary(libraryId, details.patronId);
      if (patron === undefined)
        issues.push({
          field: 'body.details.patronId',
          rule: 'exists',
          message: 'no such patron in this library',
        });
      else patronId = patron.id;
    } else if (caller.kind !== 'staff' && present(details.patronId)) {
      issues.push({
        field: 'body.details.patronId',
        rule: 'forbidden',
        message: 'only staff choose the patron',
      });
    }
    if (
      present(details.pickupBranchId) &&
      (await repositories.reads.pickupBranchInLibrary(libraryId, details.pickupBranchId)) === undefined
    ) {
      issues.push({
        field: 'body.details.pickupBranchId',
        rule: 'exists',
        message: 'no such pickup branch in this library',
      });
    }
    if (caller.kind === 'anonymous' && input.contact === undefined) {
      issues.push({
        field: 'body.contact',
        rule: 'required',
        message: 'say who you are so that the library can reach you',
      });
    }

    const partners =
      input.rota === undefined
        ? await repositories.requests.activePartners(libraryId, backend.partnerProtocols)
        : await repositories.requests.findPartners(libraryId, input.rota);
    if (input.rota !== undefined) {
      input.rota.forEach((partnerId, index) => {
        const partner = partners.find((candidate) => candidate.id === partnerId);
        if (partner === undefined) {
          issues.push({
            field: `body.rota.${index}`,
            rule: 'exists',
            message: 'no such partner in this library',
          });
        } else if (!partner.active) {
          issues.push({
            field: `body.rota.${index}`,
            rule: 'active',
            message: `${partner.symbol} is not an active partner`,
          });
        } else if (!backend.partnerProtocols.includes(partner.protocol)) {
          issues.push({
            field: `body.rota.${index}`,
            rule: 'protocol',
            message: `${partner.symbol} is an ${partner.protocol} partner; the ${backendId} backend reaches ${backend.partnerProtocols.join(', ')} partners`,
          });
        }
      });
    }
    if (issues.length > 0) throw new ValidationError('The request has invalid fields.', issues);

    const ordered =
      input.rota === undefined
        ? partners
        : input.rota.map((id) => partners.find((p) => p.id === id)).filter((p) => p !== undefined);
    const { patronId: _ignored, ...rest } = details;
    const now = this.clock.now();
    const row = await repositories.requests.insertRequest({
      library_id: libraryId,
      role: 'borrowing',
      backend: backendId,
      backend_version: backend.version,
      status: INITIAL_STATE.request,
      ...(detailsToColumns(rest) as Partial<NewRequestRow>),
      type: details.type,
      title: details.title,
      service_type: details.serviceType,
      patron_id: patronId,
      copyright_accepted: input.copyrightAccepted === true,
      copyright_text: library.copyright_clearance,
      auto_advance: library.auto_advance,
      requester_name: input.contact?.name ?? null,
      requester_email: input.contact?.email ?? null,
      created_at: now,
      updated_at: now,
    });
    await repositories.requests.appendRota(
      row.id,
      ordered.map((partner) => partner.id),
      0,
    );
    const actor: ActorRef =
      caller.kind === 'anonymous'
        ? { kind: 'patron', id: null, name: input.contact?.name ?? 'OPAC visitor' }
        : actorOf(caller);
    await repositories.requests.insertHistory(
      row.id,
      [
        {
          rotaPosition: null,
          actorKind: actor.kind,
          actorId: actor.id,
          actorName: actor.name,
          machine: 'request',
          edgeId: 'request/create',
          eventKind: 'create',
          eventName: 'create',
          fromState: INITIAL_STATE.request,
          toState: INITIAL_STATE.request,
          note: null,
          data: { backend: backendId, rota: ordered.map((partner) => partner.symbol) },
        },
      ],
      now,
    );
    if (patronId !== null || input.contact !== undefined) {
      await repositories.requests.insertNotice({
        libraryId,
        requestId: row.id,
        audience: 'patron',
        notice: 'request-placed',
        data: {},
        at: now,
      });
    }
    return row.id;
  }

  /**
   * Record a request that a borrowing library sent to this library (by ISO 18626, or by email and
   * entered by staff): a lending request with the lender's transaction, to which the request message is
   * applied in the same database transaction. Returns the new lending request's id.
   */
  async recordIncomingRequest(
    input: {
      libraryId: string;
      partnerId: string;
      partnerRequestId: string;
      details: NewRequestDetails;
      needBefore?: string | null;
      canHold?: 'yes' | 'no' | 'policy';
      note?: string;
    },
    actor: ActorRef,
  ): Promise<string> {
    return this.work.run((repositories) => this.recordIncomingRequestWithin(repositories, input, actor));
  }

  /** As {@link recordIncomingRequest}, within the caller's transaction. */
  async recordIncomingRequestWithin(
    repositories: RequestServiceRepositories,
    input: {
      libraryId: string;
      partnerId: string;
      partnerRequestId: string;
      details: NewRequestDetails;
      needBefore?: string | null;
      canHold?: 'yes' | 'no' | 'policy';
      note?: string;
      /** The partner's row, when the caller has just read it in this transaction (not read again). */
      partner?: Partner;
    },
    actor: ActorRef,
  ): Promise<string> {
    const [partner] =
      input.partner !== undefined &&
      input.partner.id === input.partnerId &&
      input.partner.library_id === input.libraryId
        ? [input.partner]
        : await repositories.requests.findPartners(input.libraryId, [input.partnerId]);
    if (partner === undefined) throw new NotFoundError('No such partner in this library.');
    const { patronId: _patron, pickupBranchId: _branch, ...details } = input.details;
    const now = this.clock.now();
    const row = await repositories.requests.insertRequest({
      library_id: input.libraryId,
      role: 'lending',
      backend: partner.protocol,
      backend_version: BACKENDS[partner.protocol].version,
      status: null,
      ...(detailsToColumns(details) as Partial<NewRequestRow>),
      type: details.type,
      title: details.title,
      service_type: details.serviceType,
      need_before: input.needBefore ?? null,
      can_hold: input.canHold ?? 'policy',
      partner_id: partner.id,
      partner_request_id: input.partnerRequestId,
      created_at: now,
      updated_at: now,
    });
    const services = requestedServiceTypes(details.type, details.serviceType);
    const transaction = await repositories.requests.insertTransaction({
      request_id: row.id,
      rota_position: 0,
      role: 'responder',
      partner_id: partner.id,
      ...factsToRow(
        newResponderTransaction(partnerTerms(partner), {
          requestedServiceTypes: services,
          canHold: row.can_hold,
        }),
      ),
      partner_reference: input.partnerRequestId,
      local_reference: requestReference(row.number),
    });
    await this.workflow.applyWithin(
      repositories,
      {
        requestId: row.id,
        libraryId: input.libraryId,
        target: null,
        event: {
          trigger: 'message',
          message: 'request',
          data: {
            ...(input.needBefore ? { needBefore: input.needBefore } : {}),
            ...(input.note !== undefined ? { note: input.note } : {}),
          },
        },
        actor,
      },
      // A lending request has no rota: its one transaction is with the requesting partner.
      { request: row, rota: [], transactions: [transaction], requesterPartner: partner },
    );
    return row.id;
  }

  /** The lending request this library holds for a borrowing partner's request id. */
  async findLending(
    caller: Extract<RequestCaller, { kind: 'staff' }>,
    partnerId: string,
    partnerRequestId: string,
  ): Promise<string> {
    const id = await this.work.run(({ reads }) =>
      reads.lendingRequestId(caller.principal.libraryId, partnerId, partnerRequestId),
    );
    if (id === undefined) throw new NotFoundError('No such lending request.');
    return id;
  }

  /**
   * A page of a patron's own requests, newest first. `nextCursor` continues after its last request
   * (null on the last page); requests placed meanwhile appear at the top of the first page, not in the
   * middle of a later one.
   */
  async listForPatron(
    principal: PatronPrincipal,
    options: { includeCompleted: boolean; limit?: number; cursor?: string },
  ): Promise<PatronRequestPage> {
    const limit = options.limit ?? DEFAULT_PATRON_PAGE;
    const after = options.cursor === undefined ? null : decodePatronCursor(options.cursor);
    const found = await this.work.run(({ reads }) =>
      reads.patronRequests(principal.patronId, {
        includeCompleted: options.includeCompleted,
        limit: limit + 1,
        after,
      }),
    );
    const rows = found.slice(0, limit);
    const last = rows.at(-1);
    return {
      items: rows.map((row) => this.patronSummary(row)),
      nextCursor:
        found.length > limit && last !== undefined
          ? encodePatronCursor({ createdAt: last.created_at_key, id: last.id })
          : null,
    };
  }

  private patronSummary(
    row: Awaited<ReturnType<RequestReadRepository['patronRequests']>>[number],
  ): PatronRequestSummary {
    return {
      id: row.id,
      reference: requestReference(row.number),
      type: row.type,
      title: row.title,
      author: row.author,
      articleTitle: row.article_title,
      status: row.status ?? '',
      customStatus: row.custom_status,
      customStatusLabel: row.custom_status_label,
      pickupBranch: row.pickup_branch_name,
      currentState: row.current_state,
      dueDate: row.current_due_date,
      needBefore: row.need_before,
      completedAt: row.completed_at?.toISOString() ?? null,
      createdAt: row.created_at.toISOString(),
      updatedAt: row.updated_at.toISOString(),
    };
  }

  /** The request page for a caller: staff of the request's library, or the patron whose request it is. */
  async detail(caller: RequestCaller, requestId: string): Promise<RequestDetailView> {
    return this.work.run((repositories) => this.view(repositories, requestId, caller));
  }

  /**
   * The request's page for `caller`. `current` is the request's rows as a change in this transaction
   * just wrote them ({@link ApplyResult.current}), which need not be read back.
   */
  private async view(
    repositories: RequestServiceRepositories,
    requestId: string,
    caller: RequestCaller | null,
    current: LoadedRequest | null = null,
  ): Promise<RequestDetailView> {
    const loaded =
      current !== null && current.request.id === requestId
        ? current
        : await repositories.requests.load(requestId, { forUpdate: false });
    if (loaded === null) throw new NotFoundError('No such request.');
    this.checkScope(caller, loaded);
    const snapshot = toSnapshot(loaded);
    const page = await repositories.reads.pageRows(loaded.request);
    const menu =
      caller === null
        ? []
        : actionMenu(
            snapshot,
            viewerOf(caller),
            await repositories.menuConfigs.load(loaded.request.library_id),
          ).filter(
            (item) =>
              !(BACKENDS[loaded.request.backend].removesActions as readonly string[]).includes(item.id),
          );
    const view = requestDetailView(loaded, snapshot, page, menu, {
      includePrivate: caller?.kind === 'staff',
    });
    if (caller?.kind !== 'staff') {
      // Patrons see what happened, not which member of staff did it.
      return {
        ...view,
        history: view.history.map((entry) => ({
          ...entry,
          actor: entry.actor.kind === 'patron' ? entry.actor : { kind: entry.actor.kind, name: 'Library' },
        })),
      };
    }
    return view;
  }

  private checkScope(caller: RequestCaller | null, loaded: LoadedRequest): void {
    if (caller === null) return;
    if (loaded.request.library_id !== caller.principal.libraryId) throw new NotFoundError('No such request.');
    if (
      caller.kind === 'patron' &&
      (loaded.request.patron_id !== caller.principal.patronId || loaded.request.role !== 'borrowing')
    ) {
      throw new NotFoundError('No such request.');
    }
  }

  /** Take an action on a request (protocol or locally-defined) and return the updated page. */
  async act(
    caller: RequestCaller,
    requestId: string,
    body: ActionBody,
    idempotency: IdempotencyClaim | null,
  ): Promise<IdempotentResult<RequestDetailView>> {
    const data = this.actionData(body);
    const action: string = body.action;
    const event: WorkflowEvent = isActionId(action)
      ? { trigger: 'action', action, actor: caller.kind, data }
      : {
          trigger: 'local-action',
          localActionId: action.slice('local:'.length),
          actor: caller.kind,
          data,
        };
    return this.work.run(async (repositories) =>
      runIdempotently(
        repositories.idempotency,
        idempotency,
        200,
        async () => {
          if (event.trigger === 'action' && body.action === 'place-request-with-partners') {
            const partners = await this.partnerTermsFor(
              repositories,
              caller.principal.libraryId,
              body.data?.partnerIds ?? [],
            );
            Object.assign(event, { data: { ...data, partners } });
          }
          const applied = await this.workflow.applyWithin(repositories, {
            requestId,
            libraryId: caller.principal.libraryId,
            ...(caller.kind === 'patron' ? { patronId: caller.principal.patronId } : {}),
            target: body.rotaPosition === undefined ? null : { rotaIndex: body.rotaPosition },
            event,
            actor: actorOf(caller),
            ...(caller.kind === 'staff' ? { permissions: caller.principal.permissions } : {}),
            ...(body.expectedVersion !== undefined ? { expectedVersion: body.expectedVersion } : {}),
          });
          return this.view(repositories, requestId, caller, applied.current);
        },
        shownRequest,
      ),
    );
  }

  private actionData(body: ActionBody): EventData {
    const { partnerIds: _partnerIds, ...data } = body.data ?? {};
    return data;
  }

  private async partnerTermsFor(
    repositories: RequestServiceRepositories,
    libraryId: string,
    partnerIds: readonly string[],
  ): Promise<PartnerTerms[]> {
    if (partnerIds.length === 0) {
      throw new ValidationError('Choose at least one partner.', [
        {
          field: 'body.data.partnerIds',
          rule: 'required',
          message: 'choose the partners to send the request to',
        },
      ]);
    }
    const partners = await repositories.requests.findPartners(libraryId, partnerIds);
    const issues: ValidationIssue[] = [];
    partnerIds.forEach((id, index) => {
      const partner = partners.find((candidate) => candidate.id === id);
      if (partner === undefined)
        issues.push({ field: `body.data.partnerIds.${index}`, rule: 'exists', message: 'no such partner' });
      else if (!partner.active)
        issues.push({
          field: `body.data.partnerIds.${index}`,
          rule: 'active',
          message: `${partner.symbol} is not active`,
        });
    });
    if (issues.length > 0) throw new ValidationError('Some partners cannot be used.', issues);
    return partnerIds.map((id) =>
      partnerTerms(partners.find((partner) => partner.id === id) as (typeof partners)[number]),
    );
  }

  /** Edit a request's details (Koha "Edit request", VDX "Local Change Request Details"). */
  async edit(
    caller: RequestCaller,
    requestId: string,
    input: { details: RequestDetails; note?: string; expectedVersion?: number },
    idempotency: IdempotencyClaim | null,
  ): Promise<IdempotentResult<RequestDetailView>> {
    return this.work.run(async (repositories) =>
      runIdempotently(
        repositories.idempotency,
        idempotency,
        200,
        async () => {
          const issues: ValidationIssue[] = [];
          const libraryId = caller.principal.libraryId;
          for (const key of Object.keys(input.details)) {
            if (caller.kind === 'patron' && !PATRON_EDITABLE.has(key)) {
              issues.push({
                field: `body.details.${key}`,
                rule: 'forbidden',
                message: `patrons cannot change ${key}`,
              });
            }
          }
          const details = input.details;
          if (
            present(details.patronId) &&
            (await repositories.reads.patronInLibrary(libraryId, details.patronId)) === undefined
          ) {
            issues.push({
              field: 'body.details.patronId',
              rule: 'exists',
              message: 'no such patron in this library',
            });
          }
          if (
            present(details.pickupBranchId) &&
            (await repositories.reads.pickupBranchInLibrary(libraryId, details.pickupBranchId)) === undefined
          ) {
            issues.push({
              field: 'body.details.pickupBranchId',
              rule: 'exists',
              message: 'no such pickup branch in this library',
            });
          }
          if (details.title === null)
            issues.push({
              field: 'body.details.title',
              rule: 'required',
              message: 'title cannot be removed',
            });
          if (issues.length > 0) throw new ValidationError('The changes have invalid fields.', issues);
          await this.workflow.applyWithin(repositories, {
            requestId,
            libraryId,
            ...(caller.kind === 'patron' ? { patronId: caller.principal.patronId } : {}),
            target: null,
            event: {
              trigger: 'action',
              action: 'local-change-request-details',
              actor: caller.kind,
              data: { details, ...(input.note !== undefined ? { note: input.note } : {}) },
            },
            actor: actorOf(caller),
            fieldPrefix: 'body',
            ...(input.expectedVersion !== undefined ? { expectedVersion: input.expectedVersion } : {}),
          });
          return this.view(repositories, requestId, caller);
        },
        shownRequest,
      ),
    );
  }

  /**
   * Delete a request entirely (Koha "Delete"); nothing about it is retained. With an idempotency claim,
   * a repeated delete answers as the first did; the stored answer is empty, so it keeps nothing of the
   * request either.
   */
  async remove(
    caller: Extract<RequestCaller, { kind: 'staff' }>,
    requestId: string,
    expectedVersion?: number,
    idempotency: IdempotencyClaim | null = null,
  ): Promise<IdempotentResult<null>> {
    return this.work.run(async (repositories) =>
      runIdempotently(repositories.idempotency, idempotency, 204, async () => {
        await this.workflow.applyWithin(repositories, {
          requestId,
          libraryId: caller.principal.libraryId,
          target: null,
          event: { trigger: 'action', action: 'delete', actor: 'staff', data: {} },
          actor: actorOf(caller),
          ...(expectedVersion !== undefined ? { expectedVersion } : {}),
        });
        return null;
      }),
    );
  }

  /** Clear what made a request need staff attention, once staff have dealt with it. */
  async clearAttention(
    caller: Extract<RequestCaller, { kind: 'staff' }>,
    requestId: string,
    input: { note?: string; expectedVersion?: number },
    idempotency: IdempotencyClaim | null = null,
  ): Promise<IdempotentResult<RequestDetailView>> {
    return this.work.run(async (repositories) =>
      runIdempotently(
        repositories.idempotency,
        idempotency,
        200,
        async () => {
          await this.workflow.clearAttentionWithin(repositories, {
            requestId,
            libraryId: caller.principal.libraryId,
            actor: actorOf(caller),
            ...(input.note !== undefined ? { note: input.note } : {}),
            ...(input.expectedVersion !== undefined ? { expectedVersion: input.expectedVersion } : {}),
          });
          return this.view(repositories, requestId, caller);
        },
        shownRequest,
      ),
    );
  }

  /** Add locations to the end of a borrowing request's rota (rota maintenance, apart from the workflow). */
  async extendRota(
    caller: Extract<RequestCaller, { kind: 'staff' }>,
    requestId: string,
    partnerIds: readonly string[],
    expectedVersion?: number,
    idempotency: IdempotencyClaim | null = null,
  ): Promise<IdempotentResult<RequestDetailView>> {
    return this.work.run(async (repositories) =>
      runIdempotently(
        repositories.idempotency,
        idempotency,
        200,
        async () => {
          await this.workflow.extendRotaWithin(repositories, {
            requestId,
            libraryId: caller.principal.libraryId,
            partnerIds,
            actor: actorOf(caller),
            ...(expectedVersion !== undefined ? { expectedVersion } : {}),
          });
          return this.view(repositories, requestId, caller);
        },
        shownRequest,
      ),
    );
  }
}
