/**
 * The words of the workflow: machines, states, protocol messages, timers, actors.
 * Everything here is plain data; labels and icons live in the UI's own message catalogue.
 */

/** The three machines of the engine: the borrowing request, and each party's side of one transaction. */
export const MACHINES = ['request', 'requester', 'responder'] as const;
export type Machine = (typeof MACHINES)[number];

/**
 * Request-level statuses of a borrowing library's request (Koha's lifecycle plus VDX's
 * request-level End of Rota and Terminated). The request wraps the supplier transactions of its rota.
 */
export const REQUEST_STATUSES = [
  'new',
  'cancellation_requested',
  'requested',
  'requested_from_partners',
  'reverted',
  'end_of_rota',
  'terminated',
  'completed',
  'deleted',
] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];

/**
 * The borrower's (requester's) state of one transaction with one supplier: ISO 10161 requester states,
 * with VDX's names.
 */
export const REQUESTER_STATES = [
  'idle',
  'pending',
  'conditional',
  'cancel_pending',
  'not_supplied',
  'cancelled',
  'shipped',
  'received',
  'renew_pending',
  'renew_overdue',
  'overdue',
  'not_received_overdue',
  'recall',
  'returned',
  'checked_in',
  'lost',
] as const;
export type RequesterState = (typeof REQUESTER_STATES)[number];

/**
 * The lender's (responder's) state of one transaction. Following the VDX text, a lender's loan stays
 * Shipped until Checked In or Lost; receipt, return, overdue notices and recalls are recorded as facts
 * on the transaction, not as lender states. Renew Pending is kept because the text says the lender's
 * status "reverts to Shipped" after a renewal answer.
 */
export const RESPONDER_STATES = [
  'idle',
  'in_process',
  'conditional',
  'cancel_pending',
  'not_supplied',
  'cancelled',
  'shipped',
  'renew_pending',
  'checked_in',
  'lost',
] as const;
export type ResponderState = (typeof RESPONDER_STATES)[number];

export type TransactionState = RequesterState | ResponderState;
export type AnyState = RequestStatus | TransactionState;

/** Which kind of partner a transaction runs with; it decides which actions are offered. */
export const PROTOCOLS = ['iso18626', 'email', 'manual'] as const;
export type Protocol = (typeof PROTOCOLS)[number];

export const SERVICE_TYPES = ['loan', 'copy'] as const;
export type ServiceType = (typeof SERVICE_TYPES)[number];

/** Who performs a local action. Partner messages and timers are events of their own kinds. */
export const ACTORS = ['staff', 'patron', 'system'] as const;
export type Actor = (typeof ACTORS)[number];

/** Whether a request may be placed on hold by the supplier (ISO 10161 place-on-hold). */
export const CAN_HOLD_VALUES = ['yes', 'no', 'policy'] as const;
export type CanHold = (typeof CAN_HOLD_VALUES)[number];

/**
 * Protocol messages between the parties of a transaction, independent of how they travel
 * (ISO 18626, email, or not at all for manual partners). Names follow the ISO 10161 APDUs.
 */
export const REQUESTER_MESSAGES = [
  'request',
  'conditional-reply-yes',
  'conditional-reply-no',
  'cancel',
  'received',
  'returned',
  'renew',
] as const;
export const RESPONDER_MESSAGES = [
  'answer-conditional',
  'answer-will-supply',
  'answer-hold-placed',
  'answer-unfilled',
  'answer-retry',
  'answer-locations-provided',
  'answer-estimate',
  'cancel-reply-yes',
  'cancel-reply-no',
  'shipped',
  'overdue',
  'recall',
  'renew-reply-yes',
  'renew-reply-no',
  'checked-in',
  'expired',
] as const;
export const SHARED_MESSAGES = ['lost', 'damaged', 'note', 'status-query', 'status-report'] as const;
export const MESSAGES = [...REQUESTER_MESSAGES, ...RESPONDER_MESSAGES, ...SHARED_MESSAGES] as const;
export type MessageType = (typeof MESSAGES)[number];

/** Durable timers. Each belongs to one machine; its expiry is an event of that machine. */
export const TIMERS = ['expiry', 'conditional-reply', 'cancel-reply', 'need-before', 'due-date'] as const;
export type TimerName = (typeof TIMERS)[number];

/**
 * Events a borrowing request receives from its transactions, so that the rota reacts to what happens
 * with each supplier.
 */
export const TRANSACTION_OUTCOMES = ['ended-without-supply', 'supplied', 'cancel-refused'] as const;
export type TransactionOutcome = (typeof TRANSACTION_OUTCOMES)[number];

/** Events a transaction receives from its request: the rota sending the request to a supplier. */
export const ROTA_COMMANDS = ['send-to-supplier'] as const;
export type RotaCommand = (typeof ROTA_COMMANDS)[number];
