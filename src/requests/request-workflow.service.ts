/**
 * THE write path of every status change in Interlend. Staff, patrons, partner messages and timers all
 * come here: the request row is locked, the engine decides, and the new states, the append-only history,
 * outgoing messages, timers, notices and notes are written in one database transaction. Nothing else
 * writes a status.
 */
import { BACKENDS } from '../backends/index.ts';
import type { Clock } from '../clock.ts';
import type { UnitOfWork } from '../db/unit-of-work.ts';
import { NotFoundError, TransitionRefusedError, ValidationError, ConflictError } from '../errors.ts';
import { decideLocalAction, hidingRule } from '../workflow/action-menu.ts';
import type { ActionMenuConfig } from '../workflow/action-menu.ts';
import { ACTIONS, actionName } from '../workflow/actions.ts';
import { readAttention } from '../workflow/attention.ts';
import { customStatusOf } from '../workflow/custom-status.ts';
import { decide, eventName } from '../workflow/engine.ts';
import { EDGES_BY_ID } from '../workflow/transitions.ts';
import type {
  AppliedTransition,
  Decision,
  EventData,
  Output,
  Target,
  WorkflowEvent,
  WorkflowSnapshot,
} from '../workflow/model.ts';
import { detailsToColumns } from './request-details.ts';
import { factsToRow, toSnapshot } from './request-snapshot.ts';
import type { LoadedRequest, NewHistoryEntry, RequestRepository } from './request.repository.ts';

/**
 * The lender's answers that put a lending request in VDX's Will Supply queue (the `lender_answered`
 * column): the same events as the history trigger of migration 0005, which stays as a deferred check.
 */
const LENDER_ANSWERS: ReadonlySet<string> = new Set([
  'answer-will-supply',
  'answer-hold',
  'conditional-reply-yes',
]);
/** Who caused a change, as the history records it. */
export interface ActorRef {
  readonly kind: 'staff' | 'patron' | 'partner' | 'system' | 'timer' | 'api';
  readonly id: string | null;
  readonly name: string;
}

/** One event to apply to one request. */
export interface ApplyCommand {
  readonly requestId: string;
  /** The request must belong to this library; otherwise it does not exist for the caller. */
  readonly libraryId: string;
  /** When set, the request must be this patron's own. */
  readonly patronId?: string;
  readonly target: Target;
  readonly event: WorkflowEvent;
  readonly actor: ActorRef;
  /** Staff permissions, for locally-defined actions. */
  readonly permissions?: ReadonlySet<string>;
  /** The version the caller last saw; a different current version means someone else changed it (409). */
  readonly expectedVersion?: number;
  /**
   * Where the event's data sits in the caller's request body, for the fields of a validation error:
   * `body.data` (the default: `POST /api/requests/:id/actions`) or `body` (`PATCH /api/requests/:id`).
   */
  readonly fieldPrefix?: string;
}

/** What an applied event did. */
export interface ApplyResult {
  readonly requestId: string;
  readonly deleted: boolean;
  readonly version: number;
  readonly transitions: readonly AppliedTransition[];
  readonly snapshot: WorkflowSnapshot;
  /**
   * The request's rows as the change left them, from what its writes returned, so that the caller
   * can show the request without reading it back; null when the change wrote something these rows do
   * not carry (new rota entries, changed bibliographic details) or deleted the request.
   */
  readonly current: LoadedRequest | null;
}

/** Where the workflow service finds each library's action-menu configuration. */
export interface MenuConfigSource {
  load(libraryId: string): Promise<ActionMenuConfig>;
}

export interface RequestWorkflowRepositories {
  readonly requests: RequestRepository;
  /** Read in the same transaction as the request, never through another pooled connection. */
  readonly menuConfigs: MenuConfigSource;
}

const SYSTEM: ActorRef = { kind: 'system', id: null, name: 'Interlend' };

/**
 * The id a borrowing library gives the transaction with one rota location in its messages (ISO 18626
 * requestingAgencyRequestId): the request's reference and the location's place on the rota.
 */
export function transactionReference(requestNumber: string | number, rotaPosition: number): string {
  return `ILL-${requestNumber}-${rotaPosition + 1}`;
}
const TIMER: ActorRef = { kind: 'timer', id: null, name: 'Interlend (timer)' };

function eventData(event: WorkflowEvent): EventData {
  return 'data' in event ? event.data : {};
}

/** The current state of a request, as a 409 reports it. */
function currentState(loaded: LoadedRequest): Record<string, unknown> {
  return {
    status: loaded.request.status,
    version: loaded.request.version,
    transactions: loaded.transactions.map((row) => ({ rotaPosition: row.rota_position, state: row.state })),
  };
}

export class RequestWorkflowService {
  constructor(
    private readonly work: UnitOfWork<RequestWorkflowRepositories>,
    private readonly clock: Clock,
  ) {}

  /** Apply one event to one request, in its own database transaction. */
  async apply(command: ApplyCommand): Promise<ApplyResult> {
    return this.work.run((repositories) => this.applyWithin(repositories, command));
  }

  /**
   * Apply one event within a caller's transaction (for use cases that do more in the same transaction,
   * such as recording an incoming request and applying its first message).
   *
   * `inserted` is the request as this same transaction has just inserted it (the rows its inserts
   * returned): the engine starts from it rather than reading back what was just written, four
   * statements fewer for every incoming request. Such a row is the transaction's own, so it needs no
   * lock.
   */
  async applyWithin(
    repositories: RequestWorkflowRepositories,
    command: ApplyCommand,
    inserted?: LoadedRequest,
  ): Promise<ApplyResult> {
    const { requests } = repositories;
    const loaded =
      inserted !== undefined && inserted.request.id === command.requestId
        ? inserted
        : await requests.load(command.requestId, { forUpdate: true });
    if (loaded === null || loaded.request.library_id !== command.libraryId) {
      throw new NotFoundError('No such request.');
    }
    if (command.patronId !== undefined && loaded.request.patron_id !== command.patronId) {
      throw new NotFoundError('No such request.');
    }
    if (command.expectedVersion !== undefined && command.expectedVersion !== loaded.request.version) {
      throw new ConflictError('The request was changed by someone else; reload it and try again.', {
        current: currentState(loaded),
      });
    }
    const event = command.event;
    if (
      event.trigger === 'action' &&
      BACKENDS[loaded.request.backend].removesActions.includes(event.action)
    ) {
      throw new TransitionRefusedError(
        `${actionName(ACTIONS[event.action])} is not offered by the ${loaded.request.backend} backend.`,
        {
          refusal: { code: 'backend', rule: `backend:${loaded.request.backend}` },
          current: currentState(loaded),
        },
      );
    }

    const snapshot = toSnapshot(loaded);
    const now = this.clock.now();
    const decision = await this.decide(repositories, snapshot, command, loaded);
    if (!decision.ok) {
      const refusal = decision.refusal;
      if (refusal.code === 'invalid_fields') {
        throw new ValidationError(
          refusal.message,
          Object.entries(refusal.fields ?? {}).map(([field, message]) => ({
            field: `${command.fieldPrefix ?? 'body.data'}.${field}`,
            rule: 'invalid',
            message: `${field} ${message}`,
          })),
        );
      }
      throw new TransitionRefusedError(refusal.message, {
        refusal: { code: refusal.code, rule: refusal.rule },
        current: currentState(loaded),
      });
    }
    return this.persist(requests, loaded, snapshot, decision, command, now);
  }

  /**
   * Add locations to the end of a borrowing request's rota. No status changes (VDX keeps rota
   * maintenance apart from Local Change Request Details); the history records who added which.
   */
  async extendRotaWithin(
    repositories: RequestWorkflowRepositories,
    command: {
      requestId: string;
      libraryId: string;
      partnerIds: readonly string[];
      actor: ActorRef;
      expectedVersion?: number;
    },
  ): Promise<void> {
    const { requests } = repositories;
    const loaded = await requests.load(command.requestId, { forUpdate: true });
    if (loaded === null || loaded.request.library_id !== command.libraryId)
      throw new NotFoundError('No such request.');
    if (command.expectedVersion !== undefined && command.expectedVersion !== loaded.request.version) {
      throw new ConflictError('The request was changed by someone else; reload it and try again.', {
        current: currentState(loaded),
      });
    }
    if (loaded.request.role !== 'borrowing' || loaded.request.status === 'completed') {
      throw new TransitionRefusedError('Only an open borrowing request has a rota to extend.', {
        refusal: { code: 'not_allowed_in_state', rule: 'rota' },
        current: currentState(loaded),
      });
    }
    const backend = BACKENDS[loaded.request.backend];
    const partners = await requests.findPartners(command.libraryId, command.partnerIds);
    const issues = command.partnerIds.flatMap((partnerId, index) => {
      const partner = partners.find((candidate) => candidate.id === partnerId);
      const field = `body.partnerIds.${index}`;
      if (partner === undefined)
        return [{ field, rule: 'exists', message: 'no such partner in this library' }];
      if (!partner.active)
        return [{ field, rule: 'active', message: `${partner.symbol} is not an active partner` }];
      if (!backend.partnerProtocols.includes(partner.protocol)) {
        return [
          {
            field,
            rule: 'protocol',
            message: `the ${backend.id} backend cannot reach ${partner.protocol} partners`,
          },
        ];
      }
      return [];
    });
    if (issues.length > 0) throw new ValidationError('Some partners cannot be added to the rota.', issues);
    const now = this.clock.now();
    await requests.appendRota(command.requestId, command.partnerIds, loaded.rota.length);
    await requests.updateRequestState(command.requestId, {}, now);
    const status = loaded.request.status ?? '';
    await requests.insertHistory(
      command.requestId,
      [
        {
          rotaPosition: null,
          actorKind: command.actor.kind,
          actorId: command.actor.id,
          actorName: command.actor.name,
          machine: 'request',
          edgeId: 'request/rota-extended',
          eventKind: 'rota',
          eventName: 'add-locations',
          fromState: status,
          toState: status,
          note: null,
          data: {
            added: command.partnerIds.map((id) => partners.find((partner) => partner.id === id)?.symbol),
          },
        },
      ],
      now,
    );
  }

  /**
   * Staff have dealt with what made a request need attention (a partner message that could not be
   * applied, a message that could not be delivered): clear the flag on the request and its
   * transactions. The history records who cleared which reason. Nothing to clear changes nothing.
   */
  async clearAttentionWithin(
    repositories: RequestWorkflowRepositories,
    command: {
      requestId: string;
      libraryId: string;
      actor: ActorRef;
      note?: string;
      expectedVersion?: number;
    },
  ): Promise<void> {
    const { requests } = repositories;
    const loaded = await requests.load(command.requestId, { forUpdate: true });
    if (loaded === null || loaded.request.library_id !== command.libraryId)
      throw new NotFoundError('No such request.');
    if (command.expectedVersion !== undefined && command.expectedVersion !== loaded.request.version) {
      throw new ConflictError('The request was changed by someone else; reload it and try again.', {
        current: currentState(loaded),
      });
    }
    // Each reason once: a message refused flags the request and its transaction with the same one.
    const reasons = [
      ...new Map(
        [loaded.request.attention, ...loaded.transactions.map((row) => row.attention)]
          .map(readAttention)
          .filter((reason) => reason !== null)
          .map((reason) => [JSON.stringify(reason), reason]),
      ).values(),
    ];
    if (reasons.length === 0) return;
    const now = this.clock.now();
    await requests.clearTransactionAttention(command.requestId, now);
    await requests.updateRequestState(command.requestId, { attention: null }, now);
    // A lending request's history is its one transaction's; a borrowing request's, the request's own.
    const lending = loaded.request.role === 'lending';
    const state = lending
      ? (loaded.transactions.find((row) => row.rota_position === 0)?.state ?? '')
      : (loaded.request.status ?? '');
    const machine = lending ? 'responder' : 'request';
    await requests.insertHistory(
      command.requestId,
      [
        {
          rotaPosition: null,
          actorKind: command.actor.kind,
          actorId: command.actor.id,
          actorName: command.actor.name,
          machine,
          edgeId: `${machine}/attention-cleared`,
          eventKind: 'attention',
          eventName: 'cleared',
          fromState: state,
          toState: state,
          note: command.note ?? null,
          data: { reasons },
        },
      ],
      now,
    );
  }

  private async decide(
    repositories: RequestWorkflowRepositories,
    snapshot: WorkflowSnapshot,
    command: ApplyCommand,
    loaded: LoadedRequest,
  ): Promise<Decision> {
    const event = command.event;
    if (event.trigger === 'action' && (event.actor === 'staff' || event.actor === 'patron')) {
      // A hidden action has no button, and asking for it through the API is refused the same way.
      // Partner messages, timers and the engine's own cascades are never refused for being hidden.
      const config = await repositories.menuConfigs.load(loaded.request.library_id);
      const rule = hidingRule(snapshot, command.target, config, event.action);
      if (rule !== null) {
        const name = actionName(ACTIONS[event.action]);
        return {
          ok: false,
          refusal: {
            code: 'action_hidden',
            rule: `hidden:${rule.action}@${rule.status ?? '*'}`,
            message:
              rule.status === null
                ? `${name} is hidden by the library at every status.`
                : `${name} is hidden by the library at ${rule.status}.`,
          },
        };
      }
    }
    if (event.trigger !== 'local-action') {
      // The library's custom statuses are read only for the event that sets one.
      const customStatuses =
        typeof customStatusOf(event) === 'string'
          ? await repositories.requests.customStatusCodes(loaded.request.library_id)
          : undefined;
      return decide(snapshot, command.target, event, {
        now: this.clock.now(),
        ...(customStatuses === undefined ? {} : { customStatuses }),
      });
    }
    const config = await repositories.menuConfigs.load(loaded.request.library_id);
    const local = decideLocalAction(
      snapshot,
      config,
      event.localActionId,
      { actor: 'staff', permissions: command.permissions ?? new Set() },
      event.data,
    );
    if (local.ok) return local;
    if ('refusal' in local) return local;
    const messages = {
      unknown: 'The library has no such local action.',
      not_at_status: 'This local action is not offered at the request’s status.',
      permission_missing: 'This local action needs its own permission.',
      hidden: 'This local action is hidden.',
    } as const;
    return {
      ok: false,
      refusal: {
        code:
          local.reason === 'permission_missing'
            ? 'permission_missing'
            : local.reason === 'hidden'
              ? 'action_hidden'
              : 'not_allowed_in_state',
        rule: `local-action:${local.reason}`,
        message: messages[local.reason],
      },
    };
  }

  private actorOf(transition: AppliedTransition, command: ApplyCommand, index: number): ActorRef {
    const event = transition.event;
    if (index === 0) return command.actor;
    if (event.trigger === 'timer') return TIMER;
    if (event.trigger === 'message') return command.actor;
    return SYSTEM;
  }

  private async persist(
    requests: RequestRepository,
    loaded: LoadedRequest,
    before: WorkflowSnapshot,
    decision: Extract<Decision, { ok: true }>,
    command: ApplyCommand,
    now: Date,
  ): Promise<ApplyResult> {
    const requestId = loaded.request.id;
    const outputs = decision.outputs;
    if (outputs.some((output) => output.output === 'delete-request')) {
      // Koha: details of deleted requests are not retained.
      await requests.deleteRequest(requestId);
      return {
        requestId,
        deleted: true,
        version: loaded.request.version,
        transitions: decision.transitions,
        snapshot: decision.snapshot,
        current: null,
      };
    }

    const after = decision.snapshot;
    const transactionIds = new Map<number, string>(
      loaded.transactions.map((row) => [row.rota_position, row.id]),
    );
    const partnerOf = new Map<number, string>(
      loaded.rota.map(({ position, partner }) => [position, partner.id]),
    );
    const transactionsAfter = new Map(loaded.transactions.map((row) => [row.rota_position, row]));

    if (after.kind === 'borrowing') {
      const added = after.rota.slice(loaded.rota.length);
      await requests.appendRota(
        requestId,
        added.map((entry) => entry.partner.partnerId),
        loaded.rota.length,
      );
      added.forEach((entry, offset) => partnerOf.set(loaded.rota.length + offset, entry.partner.partnerId));
      for (const [position, entry] of after.rota.entries()) {
        if (entry.transaction === null) continue;
        const facts = factsToRow(entry.transaction);
        const existing = loaded.transactions.find((row) => row.rota_position === position);
        if (existing === undefined) {
          const inserted = await requests.insertTransaction({
            request_id: requestId,
            rota_position: position,
            role: 'requester',
            partner_id: entry.partner.partnerId,
            local_reference: transactionReference(loaded.request.number, position),
            ...facts,
          });
          transactionIds.set(position, inserted.id);
          transactionsAfter.set(position, inserted);
        } else if (before.kind !== 'borrowing' || before.rota[position]?.transaction !== entry.transaction) {
          // The engine never modifies its input: an unchanged transaction is the very same object.
          transactionsAfter.set(position, await requests.updateTransaction(existing.id, facts, now));
        }
      }
    } else {
      const row = loaded.transactions[0];
      if (row === undefined) throw new Error('A lending request without its transaction');
      transactionsAfter.set(
        row.rota_position,
        await requests.updateTransaction(row.id, factsToRow(after.transaction), now),
      );
    }

    const completedAt = after.kind === 'borrowing' ? after.completedAt : after.transaction.completedAt;
    // The latest reason wins: the request shows one reason, and each flagged transaction its own.
    const attention = outputs.findLast((output) => output.output === 'attention');
    const requestAfter = await requests.updateRequestState(
      requestId,
      {
        ...(after.kind === 'borrowing'
          ? { status: after.status, placedWithPartners: after.placedWithPartners }
          : {}),
        completedAt: completedAt === null ? null : new Date(completedAt),
        ...(attention === undefined ? {} : { attention: attention.reason }),
        ...(after.customStatus === before.customStatus ? {} : { customStatus: after.customStatus }),
        ...(decision.transitions.some(
          (transition) =>
            transition.machine === 'responder' && LENDER_ANSWERS.has(eventName(transition.event)),
        )
          ? { lenderAnswered: true as const }
          : {}),
      },
      now,
    );

    await requests.insertHistory(
      requestId,
      decision.transitions.map((transition, index): NewHistoryEntry => {
        const data = eventData(transition.event);
        const actor = this.actorOf(transition, command, index);
        return {
          rotaPosition: transition.rotaIndex,
          actorKind: actor.kind,
          actorId: actor.id,
          actorName: actor.name,
          machine: transition.machine,
          edgeId: transition.edgeId,
          eventKind: transition.event.trigger,
          eventName: eventName(transition.event),
          fromState: transition.from,
          toState: transition.to,
          note: data.note ?? null,
          data,
          messageReceived: transition.event.trigger === 'message' ? transition.event.message : null,
          messageSent: EDGES_BY_ID.get(transition.edgeId)?.sends ?? null,
        };
      }),
      now,
    );

    for (const output of outputs) {
      await this.carryOut(requests, loaded, output, { transactionIds, partnerOf, command, now, after });
    }
    // The rows below carry neither new rota entries' partners nor changed details: read those back.
    const rotaGrew = after.kind === 'borrowing' && after.rota.length > loaded.rota.length;
    const detailsChanged = outputs.some((output) => output.output === 'details-changed');
    return {
      requestId,
      deleted: false,
      version: requestAfter.version,
      transitions: decision.transitions,
      snapshot: after,
      current:
        rotaGrew || detailsChanged
          ? null
          : {
              request: requestAfter,
              rota: loaded.rota,
              transactions: [...transactionsAfter.values()].sort(
                (one, other) => one.rota_position - other.rota_position,
              ),
              requesterPartner: loaded.requesterPartner,
            },
    };
  }

  private async carryOut(
    requests: RequestRepository,
    loaded: LoadedRequest,
    output: Output,
    context: {
      transactionIds: Map<number, string>;
      partnerOf: Map<number, string>;
      command: ApplyCommand;
      now: Date;
      after: WorkflowSnapshot;
    },
  ): Promise<void> {
    const requestId = loaded.request.id;
    const { now, command } = context;
    const lending = loaded.request.role === 'lending';
    switch (output.output) {
      case 'message': {
        const position = lending ? 0 : output.rotaIndex;
        const transactionId = position === null ? undefined : context.transactionIds.get(position);
        if (transactionId === undefined) throw new Error('An outgoing message without its transaction');
        await requests.insertOutboxMessage({
          requestId,
          transactionId,
          partnerId: output.partner.partnerId,
          protocol: output.partner.protocol,
          message: output.message,
          sequence: output.sequence,
          resend: output.resend,
          payload: output.data,
          at: now,
        });
        return;
      }
      case 'start-timer':
        await requests.startTimer({
          requestId,
          rotaPosition: output.rotaIndex,
          machine: output.machine,
          name: output.timer,
          dueAt: new Date(output.at),
        });
        return;
      case 'stop-timer':
        await requests.stopTimer({
          requestId,
          rotaPosition: output.rotaIndex,
          machine: output.machine,
          name: output.timer,
        });
        return;
      case 'notice':
        await requests.insertNotice({
          libraryId: loaded.request.library_id,
          requestId,
          audience: output.audience,
          notice: output.notice,
          data: output.data,
          at: now,
        });
        return;
      case 'note': {
        const fromPartner = command.event.trigger === 'message';
        await requests.insertNote({
          requestId,
          rotaPosition: lending ? null : output.rotaIndex,
          visibility: output.visibility,
          direction: output.visibility === 'private' ? 'local' : fromPartner ? 'incoming' : 'outgoing',
          text: output.text,
          authorKind: command.actor.kind,
          authorName: command.actor.name,
          at: now,
        });
        return;
      }
      case 'details-changed':
        await requests.updateRequestDetails(requestId, detailsToColumns(output.details));
        return;
      case 'custom-status': {
        // One history row per change, saying from what to what; a status change clears it as Interlend.
        const machine = lending ? 'responder' : 'request';
        const snapshot = context.after;
        const state = snapshot.kind === 'lending' ? snapshot.transaction.state : snapshot.status;
        const actor = output.cause === 'set' ? command.actor : SYSTEM;
        await requests.insertHistory(
          requestId,
          [
            {
              rotaPosition: null,
              actorKind: actor.kind,
              actorId: actor.id,
              actorName: actor.name,
              machine,
              edgeId: `${machine}/custom-status`,
              eventKind: 'custom-status',
              eventName: output.to === null ? 'cleared' : 'set',
              fromState: state,
              toState: state,
              note: null,
              data: { customStatus: { from: output.from, to: output.to }, cause: output.cause },
            },
          ],
          now,
        );
        return;
      }
      case 'attention': {
        const position = lending ? 0 : output.rotaIndex;
        const transactionId = position === null ? undefined : context.transactionIds.get(position);
        if (transactionId !== undefined) {
          await requests.flagTransactionAttention(transactionId, output.reason, now);
        }
        return;
      }
      case 'delete-request':
        return;
    }
  }
}
