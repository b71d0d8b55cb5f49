/**
 * The shapes the engine works on: snapshots of a request and its transactions, events, and the
 * decision the engine returns. Plain data, no behaviour.
 */
import type { ActionId } from './actions.ts';
import type { AttentionReason } from './attention.ts';
import type { Phase } from './states.ts';
import type {
  Actor,
  CanHold,
  Machine,
  MessageType,
  Protocol,
  RequestStatus,
  RotaCommand,
  ServiceType,
  TimerName,
  TransactionOutcome,
  TransactionState,
  AnyState,
} from './vocabulary.ts';

/** An amount of money; `amount` in the currency's minor-unit-free decimal form, e.g. "12.50". */
export interface Money {
  readonly amount: string;
  readonly currency: string;
}

/** What the engine needs to know about the partner at the other end of a transaction. */
export interface PartnerTerms {
  readonly partnerId: string;
  readonly protocol: Protocol;
  /** The partner agrees that Unreceive and Unshipped may be used (never for ISO 18626 partners). */
  readonly undoAllowed: boolean;
  /** Days the supplier has to answer before the borrower's expiry timer fires. */
  readonly daysToRespond: number;
}

/** The last message a party sent in a transaction, kept so that it can be resent while still valid. */
export interface SentMessage {
  readonly message: MessageType;
  readonly sequence: number;
  /** The sender's state right after sending; the message is valid for resending only in this state. */
  readonly stateAfter: TransactionState;
  readonly data: EventData;
}

/** One party's view of one transaction: its state and the facts the workflow rules look at. */
export interface TransactionFacts {
  readonly role: 'requester' | 'responder';
  readonly state: TransactionState;
  readonly partner: PartnerTerms;
  /** Service types the borrower asked for, in order of preference. */
  readonly requestedServiceTypes: readonly ServiceType[];
  /** The service type the lender is working on (Change Current Service Type switches it). */
  readonly currentServiceType: ServiceType;
  readonly shippedServiceType: ServiceType | null;
  readonly canHold: CanHold;
  readonly dueDate: string | null;
  /** The borrower has been told of a shipment (Shipped message or Informed Shipped). */
  readonly shipmentRecorded: boolean;
  /** The lender has been told the item was received (Received message or Informed Received). */
  readonly receiptRecorded: boolean;
  /** The lender has been told the item was sent back (Returned message or Informed Returned). */
  readonly returnRecorded: boolean;
  readonly recalled: boolean;
  readonly overdueNotices: number;
  readonly conditions: string | null;
  readonly replyBy: string | null;
  readonly cost: Money | null;
  readonly lastSent: SentMessage | null;
  /** How many messages this party has sent in the transaction; the next one gets `sentCount + 1`. */
  readonly sentCount: number;
  /** Lending side only: set by Complete. The borrowing request keeps its own. */
  readonly completedAt: string | null;
}

/** One location on a borrowing request's rota, with the transaction made with it, if any yet. */
export interface RotaEntry {
  readonly partner: PartnerTerms;
  readonly transaction: TransactionFacts | null;
}

/** A borrowing library's request: Koha's request plus VDX's rota of supplier transactions. */
export interface BorrowingSnapshot {
  readonly kind: 'borrowing';
  readonly status: RequestStatus;
  readonly requestedServiceTypes: readonly ServiceType[];
  readonly canHold: CanHold;
  /** Send to the next rota location automatically when a transaction ends without supply. */
  readonly autoAdvance: boolean;
  readonly needBefore: string | null;
  readonly rota: readonly RotaEntry[];
  /** Staff placed the request with email partners at once (Koha), rather than along the rota one by one. */
  readonly placedWithPartners: boolean;
  readonly completedAt: string | null;
  /** The library's custom status shown over the system status (Koha's status alias), if any. */
  readonly customStatus: string | null;
}

/** A lending library's record of one incoming request: the responder's side of one transaction. */
export interface LendingSnapshot {
  readonly kind: 'lending';
  readonly transaction: TransactionFacts;
  /** The library's custom status shown over the lender's state, if any. */
  readonly customStatus: string | null;
}

export type WorkflowSnapshot = BorrowingSnapshot | LendingSnapshot;

/** Values an action's form or a partner message carries. Every field is optional; edges say what they need. */
export interface EventData {
  readonly note?: string;
  readonly serviceType?: ServiceType;
  readonly dueDate?: string;
  readonly desiredDueDate?: string;
  readonly dateShipped?: string;
  readonly dateReceived?: string;
  readonly dateReturned?: string;
  readonly dateCheckedIn?: string;
  readonly expectedDeliveryDate?: string;
  readonly estimatedDateAvailable?: string;
  readonly returnedVia?: string;
  readonly itemId?: string;
  readonly reason?: string;
  readonly locations?: string;
  readonly conditions?: string;
  readonly replyBy?: string;
  /** The borrower's need-before date, carried by the request message. */
  readonly needBefore?: string;
  readonly cost?: Money;
  readonly partners?: readonly PartnerTerms[];
  readonly details?: Readonly<Record<string, unknown>>;
  readonly patronNote?: string;
  readonly privateNote?: string;
  /** A status report: the status the partner reports, in its protocol's words (e.g. `Loaned`). */
  readonly reportedStatus?: string;
  /**
   * A status report: the phases of a transaction the reported status is consistent with (a status may
   * fit more than one, e.g. ISO 18626 RetryPossible: conditions offered, or not now). Protocol adapters
   * set it, so that the engine can tell a report that contradicts its own record without knowing the
   * protocol.
   */
  readonly reportedPhases?: readonly Phase[];
}

/** Something that happens to a request or transaction. */
export type WorkflowEvent =
  | { readonly trigger: 'action'; readonly action: ActionId; readonly actor: Actor; readonly data: EventData }
  | { readonly trigger: 'message'; readonly message: MessageType; readonly data: EventData }
  | { readonly trigger: 'timer'; readonly timer: TimerName }
  | { readonly trigger: 'outcome'; readonly outcome: TransactionOutcome }
  /**
   * The rota sending the request to a supplier. `data` is what goes with that request message, e.g.
   * the note staff wrote when placing the request with partners.
   */
  | { readonly trigger: 'rota'; readonly command: RotaCommand; readonly data: EventData }
  /** A library's locally-defined action: recorded in the history, never in the transition table. */
  | {
      readonly trigger: 'local-action';
      readonly localActionId: string;
      readonly actor: Actor;
      readonly data: EventData;
    };

/** Which transaction of a borrowing request an event is for; `null` for the request itself. */
export type Target = { readonly rotaIndex: number } | null;

/** The circumstances of a decision. */
export interface DecisionContext {
  readonly now: Date;
  /** The actor's permissions, checked for actions performed by staff. */
  readonly permissions?: ReadonlySet<string>;
  /**
   * The codes of the custom statuses the request's library defines, for an event that sets one; a
   * custom status outside them is refused (none is defined when absent).
   */
  readonly customStatuses?: ReadonlySet<string>;
}

/** A notice to a patron or to staff, sent by the notices module. */
export type NoticeName =
  | 'request-placed'
  | 'pickup-ready'
  | 'request-unavailable'
  | 'request-update'
  | 'recalled'
  | 'overdue'
  | 'user-alert'
  | 'cancellation-requested'
  | 'request-modified'
  | 'partner-note';

/** What a decision asks the outside world to do, after the state change is stored. */
export type Output =
  | {
      readonly output: 'message';
      readonly rotaIndex: number | null;
      readonly partner: PartnerTerms;
      readonly message: MessageType;
      readonly sequence: number;
      readonly resend: boolean;
      readonly data: EventData;
    }
  | {
      readonly output: 'start-timer';
      readonly machine: Machine;
      readonly rotaIndex: number | null;
      readonly timer: TimerName;
      readonly at: string;
    }
  | {
      readonly output: 'stop-timer';
      readonly machine: Machine;
      readonly rotaIndex: number | null;
      readonly timer: TimerName;
    }
  | {
      readonly output: 'notice';
      readonly audience: 'patron' | 'staff';
      readonly notice: NoticeName;
      readonly data: EventData;
    }
  | {
      readonly output: 'note';
      readonly visibility: 'private' | 'public';
      readonly rotaIndex: number | null;
      readonly text: string;
    }
  | { readonly output: 'details-changed'; readonly details: Readonly<Record<string, unknown>> }
  /**
   * The request's custom status changed: staff set or cleared it, or a status change cleared it. The
   * history records who changed it from what to what.
   */
  | {
      readonly output: 'custom-status';
      readonly from: string | null;
      readonly to: string | null;
      readonly cause: 'set' | 'status-changed';
    }
  /** Flag the request, and its transaction if it has one, for staff attention, with the reason's code. */
  | { readonly output: 'attention'; readonly rotaIndex: number | null; readonly reason: AttentionReason }
  | { readonly output: 'delete-request' };

/** One edge the engine applied, for the append-only history. */
export interface AppliedTransition {
  readonly machine: Machine;
  readonly rotaIndex: number | null;
  readonly edgeId: string;
  readonly event: WorkflowEvent;
  readonly from: AnyState;
  readonly to: AnyState;
}

/** Why the engine refused an event. `rule` names the rule that refused it. */
export type RefusalCode =
  | 'not_allowed_in_state'
  | 'guard_failed'
  | 'protocol_not_supported'
  | 'actor_not_allowed'
  | 'permission_missing'
  | 'invalid_fields'
  | 'no_such_transaction'
  | 'wrong_party'
  /** The library hid the action at this status (action menu configuration); staff and patrons only. */
  | 'action_hidden';

export interface Refusal {
  readonly code: RefusalCode;
  readonly rule: string;
  readonly message: string;
  /** For `invalid_fields`: the field names and what is wrong with each. */
  readonly fields?: Readonly<Record<string, string>>;
}

export type Decision =
  | {
      readonly ok: true;
      readonly snapshot: WorkflowSnapshot;
      readonly transitions: readonly AppliedTransition[];
      readonly outputs: readonly Output[];
    }
  | { readonly ok: false; readonly refusal: Refusal };
