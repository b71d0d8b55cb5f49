/**
 * THE transition tables of Interlend: the borrowing request, the borrower's (requester's) side of each
 * supplier transaction, and the lender's (responder's) side. Every status change anywhere in Interlend
 * is one of these edges, applied by `engine.ts`. The API's available actions, the UI's buttons, the
 * generated `docs/workflow.md` and the tests all read this table.
 *
 * Each edge is stored once: from-states, the event, named guards, the partner protocols and shipped
 * service types it applies to, the to-state (or `stays`), the message it sends and its named effects.
 * `basis` cites the text or table row it implements; rows that are Interlend's own decisions say so.
 */
import type { ActionId } from './actions.ts';
import type { EffectName } from './effects.ts';
import type { GuardName } from './guards.ts';
import type {
  Actor,
  AnyState,
  Machine,
  MessageType,
  Protocol,
  RequestStatus,
  RequesterState,
  ResponderState,
  RotaCommand,
  ServiceType,
  TimerName,
  TransactionOutcome,
} from './vocabulary.ts';

/** The event an edge reacts to. */
export type EventMatch =
  | { readonly action: ActionId }
  | { readonly message: MessageType }
  | { readonly timer: TimerName }
  | { readonly outcome: TransactionOutcome }
  | { readonly rota: RotaCommand };

/** Where an edge comes from. */
export interface Basis {
  /** `interlend` marks a design decision of ours, recorded in the generated docs. */
  readonly source: 'vdx' | 'koha' | 'iso10161' | 'interlend';
  /** The action, text passage or table row, e.g. "§5 PENDING ANS.ind(WS) (H)". */
  readonly ref: string;
  /** Why we chose this where the sources are silent, uncertain (ISO rows marked L) or disagree. */
  readonly decision?: string;
  /**
   * The rows of the ISO 10161 reconstruction marked L (low confidence) that this edge takes, as
   * `declined-rows.ts` names rows (`§5 PENDING DUE.ind`); the rows not taken are listed there.
   */
  readonly rows?: readonly string[];
}

interface EdgeFields<S extends AnyState> {
  readonly from: readonly S[];
  readonly on: EventMatch;
  readonly guards?: readonly GuardName[];
  /** The partner protocols the edge applies to; all when absent. */
  readonly protocols?: readonly Protocol[];
  /** The shipped service types the edge applies to; any when absent. */
  readonly serviceTypes?: readonly ServiceType[];
  /** Narrows the action's actors for this edge. */
  readonly actors?: readonly Actor[];
  /** The protocol message sent to the partner (none is sent to a manual partner). */
  readonly sends?: MessageType;
  readonly effects?: readonly EffectName[];
  readonly basis: Basis;
}

/** An edge either moves to a state or leaves the state as it is. */
export type EdgeSpec<S extends AnyState> = EdgeFields<S> & ({ readonly to: S } | { readonly stays: true });

/** One edge of the table. */
export type Edge = EdgeSpec<AnyState> & { readonly machine: Machine; readonly id: string };

const vdx = (ref: string, decision?: string): Basis => ({
  source: 'vdx',
  ref,
  ...(decision ? { decision } : {}),
});
const koha = (ref: string, decision?: string): Basis => ({
  source: 'koha',
  ref,
  ...(decision ? { decision } : {}),
});
const iso = (ref: string, decision?: string): Basis => ({
  source: 'iso10161',
  ref,
  ...(decision ? { decision } : {}),
});
const ours = (ref: string, decision: string): Basis => ({ source: 'interlend', ref, decision });

const NON_PROTOCOL: readonly Protocol[] = ['email', 'manual'];
const PROTOCOL: readonly Protocol[] = ['iso18626'];
const LOAN: readonly ServiceType[] = ['loan'];

// ---------------------------------------------------------------------------------------------
// Borrowing request (Koha lifecycle + VDX request-level rota)
// ---------------------------------------------------------------------------------------------

const OPEN_REQUEST: readonly RequestStatus[] = [
  'new',
  'cancellation_requested',
  'requested',
  'requested_from_partners',
  'reverted',
  'end_of_rota',
];
const NOT_DELETED: readonly RequestStatus[] = [...OPEN_REQUEST, 'terminated', 'completed'];

const requestEdges: readonly EdgeSpec<RequestStatus>[] = [
  {
    from: ['new', 'reverted'],
    on: { action: 'confirm' },
    guards: ['noLiveTransaction', 'rotaHasUntriedEntry'],
    to: 'requested',
    effects: ['startNextTransaction', 'startNeedBeforeTimer'],
    basis: koha(
      'Confirm request',
      'Confirm places the request with the supply service of its backend: the rota sends it to the first location not yet tried (VDX Request). After Revert it waits until the withdrawn supplier has answered the cancellation.',
    ),
  },
  {
    from: ['cancellation_requested'],
    on: { action: 'confirm' },
    guards: ['hasLiveTransaction', 'notPlacedWithPartners'],
    to: 'requested',
    basis: koha(
      'CANCREQ → REQ',
      'Confirming a request whose patron asked to cancel declines the cancellation; the running transaction goes on.',
    ),
  },
  {
    from: ['cancellation_requested'],
    on: { action: 'confirm' },
    guards: ['hasLiveTransaction', 'placedWithPartners'],
    to: 'requested_from_partners',
    basis: ours(
      'CANCREQ → REQ',
      'A request placed with several partners goes back to Requested from partners, where the first partner to ship withdraws the others.',
    ),
  },
  {
    from: ['cancellation_requested'],
    on: { action: 'confirm' },
    guards: ['noLiveTransaction', 'rotaHasUntriedEntry'],
    to: 'requested',
    effects: ['startNextTransaction', 'startNeedBeforeTimer'],
    basis: koha('CANCREQ → REQ'),
  },
  {
    from: ['new', 'reverted'],
    on: { action: 'place-request-with-partners' },
    guards: ['noLiveTransaction'],
    to: 'requested_from_partners',
    effects: ['sendToPartners', 'startNeedBeforeTimer'],
    basis: koha(
      'Place request with partners',
      'Each chosen partner gets its own transaction, so that each answer is recorded (Koha keeps none).',
    ),
  },
  {
    from: ['requested_from_partners', 'end_of_rota'],
    on: { action: 'place-request-with-partners' },
    guards: ['notYetSupplied'],
    to: 'requested_from_partners',
    effects: ['sendToPartners'],
    basis: ours(
      'Place request with partners',
      'More partners can be asked while the first ones consider it, or after all said no.',
    ),
  },
  {
    from: ['requested', 'requested_from_partners'],
    on: { action: 'revert' },
    guards: ['currentTransactionWithdrawable'],
    to: 'reverted',
    effects: ['withdrawCurrentTransaction', 'stopNeedBeforeTimer'],
    basis: koha(
      'Revert request',
      'Reverting withdraws the request from the supplier (Cancel, or Conditional-Reply No at Conditional); it is refused once the item has shipped.',
    ),
  },
  {
    from: ['end_of_rota'],
    on: { action: 'revert' },
    to: 'reverted',
    basis: ours(
      'Revert request',
      'At End of Rota staff may revert the request to rework it, as from Requested.',
    ),
  },
  {
    from: ['reverted'],
    on: { outcome: 'cancel-refused' },
    to: 'requested',
    effects: ['startNeedBeforeTimer'],
    basis: ours(
      'Revert request',
      'When the supplier refuses the cancellation sent by Revert, the revert did not happen.',
    ),
  },
  {
    from: ['new', 'reverted'],
    on: { action: 'delete' },
    guards: ['noLiveTransaction'],
    to: 'deleted',
    effects: ['deleteRequest'],
    basis: koha(
      'Delete',
      'Deleted requests are not retained, so only requests never sent anywhere or reverted can be deleted.',
    ),
  },
  {
    from: ['cancellation_requested'],
    on: { action: 'delete' },
    guards: ['noLiveTransaction'],
    to: 'deleted',
    effects: ['deleteRequest'],
    basis: koha('CANCREQ → KILL'),
  },
  {
    from: ['new'],
    on: { action: 'request-cancellation' },
    to: 'cancellation_requested',
    effects: ['notifyStaffCancellationRequested'],
    basis: koha('Cancellation requested – a patron has requested cancellation from the OPAC.'),
  },
  {
    from: ['requested', 'requested_from_partners'],
    on: { action: 'request-cancellation' },
    guards: ['notYetSupplied'],
    to: 'cancellation_requested',
    effects: ['notifyStaffCancellationRequested'],
    basis: ours(
      'Cancellation requested',
      'Koha lets the patron ask only while the request is New; Interlend lets them ask until an item ships. Staff then terminate or continue.',
    ),
  },
  {
    from: ['requested', 'end_of_rota'],
    on: { action: 'request' },
    guards: ['noLiveTransaction', 'rotaHasUntriedEntry'],
    to: 'requested',
    effects: ['startNextTransaction'],
    basis: vdx('Request: Send the ILL request to the next location on the rota.'),
  },
  {
    from: OPEN_REQUEST,
    on: { action: 'terminate-request' },
    to: 'terminated',
    effects: ['withdrawCurrentTransaction', 'stopNeedBeforeTimer', 'notifyPatronUpdate'],
    basis: vdx(
      'Terminate Request',
      'Terminate stops the rota at any status (seed-vs-tables D23); a transaction not yet shipped is cancelled, a loan already shipped runs to its end.',
    ),
  },
  {
    from: [...OPEN_REQUEST, 'terminated'],
    on: { action: 'complete' },
    to: 'completed',
    effects: ['setCompletedAt', 'stopNeedBeforeTimer'],
    basis: vdx(
      'Complete',
      'Available at any status (D30); it sends nothing and leaves transactions as they are.',
    ),
  },
  {
    from: NOT_DELETED,
    on: { action: 'add-private-note' },
    stays: true,
    effects: ['addPrivateNote'],
    basis: vdx('Add Private Note'),
  },
  {
    from: NOT_DELETED,
    on: { action: 'send-user-alert' },
    stays: true,
    effects: ['sendUserAlert'],
    basis: vdx('Send User Alert', 'It sends nothing to the lender (D24).'),
  },
  {
    from: ['new'],
    on: { action: 'local-change-request-details' },
    actors: ['staff', 'patron'],
    stays: true,
    effects: ['changeDetails', 'setCustomStatus', 'notifyStaffRequestModified'],
    basis: koha('Edit request', 'Patrons may edit their own request until staff act on it.'),
  },
  {
    from: [
      'cancellation_requested',
      'requested',
      'requested_from_partners',
      'reverted',
      'end_of_rota',
      'terminated',
    ],
    on: { action: 'local-change-request-details' },
    actors: ['staff'],
    stays: true,
    effects: ['changeDetails', 'setCustomStatus'],
    basis: vdx(
      'Local Change Request Details',
      'Changes apply to later transactions; the current supplier is not told.',
    ),
  },
  {
    from: ['requested', 'requested_from_partners'],
    on: { outcome: 'ended-without-supply' },
    guards: ['hasLiveTransaction'],
    stays: true,
    basis: ours(
      'Rota',
      'While another supplier is still working on the request, a No from one changes nothing more.',
    ),
  },
  {
    from: ['requested'],
    on: { outcome: 'ended-without-supply' },
    guards: ['noLiveTransaction', 'autoAdvanceOn', 'rotaHasUntriedEntry'],
    stays: true,
    effects: ['startNextTransaction'],
    basis: vdx(
      'Cancel / Answer Nonsupply / Conditional-Reply No: the request moves on to the next supplier on the rota.',
      '"May move on" is read as the library setting for automatic advance (U1).',
    ),
  },
  {
    from: ['requested'],
    on: { outcome: 'ended-without-supply' },
    guards: ['noLiveTransaction', 'autoAdvanceOff', 'rotaHasUntriedEntry'],
    stays: true,
    basis: ours('Rota', 'With automatic advance off, staff send the request on with the Request action.'),
  },
  {
    from: ['requested'],
    on: { outcome: 'ended-without-supply' },
    guards: ['noLiveTransaction', 'rotaExhausted'],
    to: 'end_of_rota',
    effects: ['stopNeedBeforeTimer', 'notifyPatronUnavailable'],
    basis: iso('§10.2 rota exhausted: End of Rota'),
  },
  {
    from: ['requested_from_partners'],
    on: { outcome: 'ended-without-supply' },
    guards: ['noLiveTransaction', 'rotaExhausted'],
    to: 'end_of_rota',
    effects: ['stopNeedBeforeTimer', 'notifyPatronUnavailable'],
    basis: ours(
      'Requested from partners',
      'When every partner asked has said no, the request is at End of Rota.',
    ),
  },
  {
    from: ['requested_from_partners'],
    on: { outcome: 'ended-without-supply' },
    guards: ['noLiveTransaction', 'autoAdvanceOn', 'rotaHasUntriedEntry'],
    to: 'requested',
    effects: ['startNextTransaction'],
    basis: ours(
      'Requested from partners',
      'When every partner asked has said no and the rota still has locations not tried, the request goes on along the rota.',
    ),
  },
  {
    from: ['requested_from_partners'],
    on: { outcome: 'ended-without-supply' },
    guards: ['noLiveTransaction', 'autoAdvanceOff', 'rotaHasUntriedEntry'],
    to: 'requested',
    basis: ours(
      'Requested from partners',
      'When every partner asked has said no and the rota still has locations, staff send it on with the Request action.',
    ),
  },
  {
    from: ['requested_from_partners'],
    on: { outcome: 'supplied' },
    stays: true,
    effects: ['withdrawOtherPartnerTransactions', 'stopNeedBeforeTimer', 'notifyPatronUpdate'],
    basis: ours(
      'Requested from partners',
      'Once one partner ships, the others still considering it are told it is no longer needed.',
    ),
  },
  {
    from: ['requested', 'terminated'],
    on: { outcome: 'supplied' },
    stays: true,
    effects: ['stopNeedBeforeTimer', 'notifyPatronUpdate'],
    basis: ours('Need-before date', 'Once an item is on its way the need-before date no longer matters.'),
  },
  {
    from: ['cancellation_requested'],
    on: { outcome: 'supplied' },
    guards: ['notPlacedWithPartners'],
    stays: true,
    effects: ['stopNeedBeforeTimer', 'notifyPatronUpdate'],
    basis: ours(
      'Cancellation requested',
      'An item shipped before staff answered the patron: staff decide what to do with it.',
    ),
  },
  {
    from: ['cancellation_requested'],
    on: { outcome: 'supplied' },
    guards: ['placedWithPartners'],
    stays: true,
    effects: ['withdrawOtherPartnerTransactions', 'stopNeedBeforeTimer', 'notifyPatronUpdate'],
    basis: ours(
      'Requested from partners',
      'Once one partner ships, the others still considering it are told it is no longer needed.',
    ),
  },
  {
    from: ['reverted'],
    on: { outcome: 'supplied' },
    to: 'requested',
    effects: ['notifyPatronUpdate'],
    basis: ours(
      'Revert request',
      'A Shipped that crossed the cancellation sent by Revert means the revert did not happen: the item is coming.',
    ),
  },
  {
    from: ['requested', 'requested_from_partners', 'cancellation_requested'],
    on: { timer: 'need-before' },
    guards: ['notYetSupplied'],
    to: 'terminated',
    effects: ['withdrawCurrentTransaction', 'notifyPatronUnavailable'],
    basis: ours(
      'Need-before date',
      'When the need-before date passes with nothing shipped, the request is terminated as no longer needed and the patron is told.',
    ),
  },
];

// ---------------------------------------------------------------------------------------------
// Borrower (requester) side of one transaction
// ---------------------------------------------------------------------------------------------

const NON_SUPPLY_ANSWERS = [
  'answer-unfilled',
  'answer-retry',
  'answer-locations-provided',
  'answer-estimate',
] as const;
const REQUESTER_ACTIVE: readonly RequesterState[] = [
  'pending',
  'conditional',
  'cancel_pending',
  'shipped',
  'received',
  'renew_pending',
  'renew_overdue',
  'overdue',
  'not_received_overdue',
  'recall',
  'returned',
];
const REQUESTER_NOT_IDLE: readonly RequesterState[] = [
  ...REQUESTER_ACTIVE,
  'not_supplied',
  'cancelled',
  'checked_in',
  'lost',
];
/** States in which the borrower holds a loan. */
const HOLDING_LOAN: readonly RequesterState[] = ['renew_pending', 'renew_overdue', 'overdue', 'recall'];

const requesterEdges: readonly EdgeSpec<RequesterState>[] = [
  {
    from: ['idle'],
    on: { rota: 'send-to-supplier' },
    to: 'pending',
    sends: 'request',
    effects: ['startExpiryTimer'],
    basis: iso('§5 IDLE ILL.req → PENDING (H)'),
  },
  // Answers while pending.
  {
    from: ['pending'],
    on: { message: 'answer-will-supply' },
    stays: true,
    effects: ['stopExpiryTimer'],
    basis: vdx('Answer Will Supply: turns off the Expiry timers at both ends; no state change.'),
  },
  {
    from: ['pending'],
    on: { message: 'answer-hold-placed' },
    stays: true,
    basis: vdx('Answer Hold: does not change the status at either party.'),
  },
  {
    from: ['pending'],
    on: { message: 'answer-conditional' },
    to: 'conditional',
    effects: ['stopExpiryTimer', 'recordConditions', 'startConditionalReplyTimer'],
    basis: vdx(
      'Answer Conditional: the request goes into a state of conditional for both parties.',
      'The expiry timer gives way to a reply-by timer; if the conditions are not answered in time, Conditional-Reply No is sent.',
    ),
  },
  ...NON_SUPPLY_ANSWERS.map((message): EdgeSpec<RequesterState> => ({
    from: ['pending', 'cancel_pending'],
    on: { message },
    to: 'not_supplied',
    effects: ['stopExpiryTimer', 'stopCancelReplyTimer'],
    basis: {
      ...iso(
        `§5 PENDING ANS.ind → NOT-SUPPLIED; CANCEL-PENDING crossing (M)`,
        message === 'answer-unfilled'
          ? undefined
          : message === 'answer-retry'
            ? 'Retry, Locations-Provided and Estimate end the transaction like Unfilled (U6). After a Retry the rota advances, the reference’s default (§10.2 L); asking the same lender again later is a new request.'
            : 'Retry, Locations-Provided and Estimate end the transaction like Unfilled (U6).',
      ),
      ...(message === 'answer-retry' ? { rows: ['§10.2 ANS(RY) with retry-date'] } : {}),
    },
  })),
  {
    from: ['pending', 'cancel_pending'],
    on: { message: 'expired' },
    to: 'not_supplied',
    effects: ['stopExpiryTimer', 'stopCancelReplyTimer'],
    basis: iso('§5 PENDING EXP.ind → NOT-SUPPLIED (M)'),
  },
  {
    from: ['conditional'],
    on: { message: 'expired' },
    to: 'not_supplied',
    effects: ['stopConditionalReplyTimer'],
    basis: iso('§5 CONDITIONAL EXP.ind → NOT-SUPPLIED (M)'),
  },
  {
    from: ['pending'],
    on: { message: 'shipped' },
    to: 'shipped',
    effects: ['stopExpiryTimer', 'recordShipment'],
    basis: iso('§5 PENDING SHI.ind → SHIPPED (H)'),
  },
  {
    from: ['cancel_pending'],
    on: { message: 'shipped' },
    to: 'shipped',
    effects: ['stopCancelReplyTimer', 'recordShipment'],
    basis: iso('§9 Cancel crossed with Shipped: the cancel is treated as refused (M)'),
  },
  {
    from: ['pending'],
    on: { action: 'cancel' },
    protocols: PROTOCOL,
    to: 'cancel_pending',
    sends: 'cancel',
    effects: ['stopExpiryTimer', 'startCancelReplyTimer'],
    basis: vdx(
      'Cancel: cancels only the current transaction with the current supplier.',
      'The supplier has its days-to-respond to answer the Cancel (the cancel-reply timer), so that a supplier that never answers cannot hold the request.',
    ),
  },
  {
    from: ['pending'],
    on: { action: 'cancel' },
    protocols: NON_PROTOCOL,
    to: 'cancelled',
    sends: 'cancel',
    effects: ['stopExpiryTimer'],
    basis: ours(
      'Cancel',
      'An email or manual supplier cannot answer with Cancel Reply, so the transaction is cancelled at once (VDX local rule, D5); an email supplier is told by email.',
    ),
  },
  {
    from: ['pending'],
    on: { timer: 'expiry' },
    protocols: PROTOCOL,
    to: 'cancel_pending',
    sends: 'cancel',
    effects: ['startCancelReplyTimer'],
    basis: ours(
      'Expiry (VDX: requests not actioned within N days expire and go to the next lender)',
      'The borrower cancels the expired transaction by protocol so both parties agree before the rota moves on; the cancel-reply timer bounds the wait for that agreement.',
    ),
  },
  {
    from: ['pending'],
    on: { timer: 'expiry' },
    protocols: NON_PROTOCOL,
    to: 'cancelled',
    sends: 'cancel',
    basis: ours(
      'Expiry',
      'An email or manual supplier that has not answered in time is cancelled at once and the rota moves on.',
    ),
  },
  {
    from: ['pending'],
    on: { action: 'received' },
    to: 'received',
    sends: 'received',
    effects: ['stopExpiryTimer', 'recordReceiptBeforeShipment', 'notifyPatronPickupReady'],
    basis: iso('§5 PENDING RCV.req: the item arrived before any Shipped (M)'),
  },
  {
    from: ['pending'],
    on: { message: 'overdue' },
    to: 'not_received_overdue',
    effects: ['stopExpiryTimer', 'recordShipment'],
    basis: {
      ...iso(
        '§5 PENDING DUE.ind → NOT-RECEIVED-OVERDUE (L)',
        'Taken: an Overdue implies a shipment never announced.',
      ),
      rows: ['§5 PENDING DUE.ind'],
    },
  },
  {
    from: ['pending'],
    on: { message: 'recall' },
    to: 'not_received_overdue',
    effects: ['stopExpiryTimer', 'recordShipment', 'recordRecall'],
    basis: ours(
      'Recall before Shipped',
      'A Recall implies a shipment that was never announced; the borrower has not received it, as with an early Overdue.',
    ),
  },
  {
    from: [
      'pending',
      'cancel_pending',
      'shipped',
      'received',
      ...HOLDING_LOAN,
      'not_received_overdue',
      'returned',
    ],
    on: { message: 'lost' },
    to: 'lost',
    effects: ['stopExpiryTimer', 'stopCancelReplyTimer'],
    basis: {
      ...vdx(
        'Lost: both parties requests will go to the LOST status.',
        'Also before a Shipped was seen (ISO §5 L).',
      ),
      rows: ['§5 PENDING LST.ind'],
    },
  },
  {
    from: ['pending'],
    on: { action: 'informed-shipped' },
    protocols: NON_PROTOCOL,
    to: 'shipped',
    effects: ['stopExpiryTimer', 'recordShipment'],
    basis: vdx(
      'Informed Shipped: the request moves from Pending to Shipped.',
      'Offered for email and manual suppliers (Interlend has no Generic Script; manual plays its part). Its "suitable fields" are those of the Shipped it stands in for, the cost included: Cost Adjustment speaks of "the Shipped cost".',
    ),
  },
  {
    from: ['pending'],
    on: { action: 'informed-not-supplied' },
    protocols: NON_PROTOCOL,
    to: 'not_supplied',
    effects: ['stopExpiryTimer'],
    basis: vdx('Informed Not Supplied: the request moves from Pending to Not Supplied.'),
  },
  // Conditions.
  {
    from: ['conditional'],
    on: { action: 'conditional-reply-yes' },
    to: 'pending',
    sends: 'conditional-reply-yes',
    effects: ['stopConditionalReplyTimer', 'clearConditions', 'startExpiryTimer'],
    basis: vdx('Conditional-Reply Yes: both parties revert to Pending and In Process.'),
  },
  {
    from: ['conditional'],
    on: { action: 'conditional-reply-no' },
    to: 'not_supplied',
    sends: 'conditional-reply-no',
    effects: ['stopConditionalReplyTimer'],
    basis: vdx(
      'Conditional-Reply No: the lender goes to Not Supplied and the borrower to Pending with the next supplier.',
    ),
  },
  {
    from: ['conditional'],
    on: { timer: 'conditional-reply' },
    to: 'not_supplied',
    sends: 'conditional-reply-no',
    basis: ours(
      'Conditional reply date',
      'Conditions not answered by their reply-by date are declined, so the rota moves on.',
    ),
  },
  {
    from: ['conditional', 'cancel_pending'],
    on: { message: 'answer-will-supply' },
    stays: true,
    effects: ['recordLateMessage'],
    basis: iso('§9 crossing: Will Supply overtaken (M)'),
  },
  {
    from: ['conditional', 'cancel_pending'],
    on: { message: 'answer-hold-placed' },
    stays: true,
    effects: ['recordLateMessage'],
    basis: iso('§9 crossing: Hold overtaken (M)'),
  },
  {
    from: ['cancel_pending'],
    on: { message: 'answer-conditional' },
    stays: true,
    effects: ['recordLateMessage'],
    basis: {
      ...iso(
        '§5 CANCEL-PENDING ANS.ind(CO): ignore the conditions, wait for Cancel Reply (L)',
        'Taken: the borrower asked to cancel, so conditions that crossed the Cancel are recorded and not answered.',
      ),
      rows: ['§5 CANCEL-PENDING ANS.ind(CO)'],
    },
  },
  // Cancellation answers.
  {
    from: ['cancel_pending'],
    on: { message: 'cancel-reply-yes' },
    to: 'cancelled',
    effects: ['stopCancelReplyTimer'],
    basis: vdx('Cancel Reply-Yes: the transaction terminates in a state of Cancelled.'),
  },
  {
    from: ['cancel_pending'],
    on: { message: 'cancel-reply-no' },
    to: 'pending',
    effects: ['stopCancelReplyTimer', 'startExpiryTimer'],
    basis: vdx('Cancel Reply-No: back to Pending and In Process.', 'The expiry timer runs again from now.'),
  },
  {
    from: ['cancel_pending'],
    on: { timer: 'cancel-reply' },
    to: 'cancelled',
    effects: ['flagCancellationGivenUp'],
    basis: ours(
      'Cancel Reply (a supplier that never answers the Cancel)',
      'When the supplier has not answered the Cancel within its days-to-respond, the borrower gives the transaction up: it ends Cancelled, as after Cancel Reply-Yes, so the rota moves on (or the Revert or Terminate that sent the Cancel completes), and staff are asked to check with the supplier. Nothing more is sent: ISO 18626 has no message for it. A late Cancel Reply-Yes or non-supply answer is then recorded like any late answer; a late Cancel Reply-No is recorded and flagged, since the supplier may still send the item; a Shipped or other loan message is refused with an error answer and flagged (G2).',
    ),
  },
  // Shipped.
  {
    from: ['shipped'],
    on: { action: 'received' },
    to: 'received',
    sends: 'received',
    effects: ['notifyPatronPickupReady'],
    basis: vdx('Received: acknowledges receipt; for a copy it completes the transaction for the borrower.'),
  },
  {
    from: ['shipped'],
    on: { action: 'returned' },
    serviceTypes: LOAN,
    to: 'returned',
    sends: 'returned',
    basis: {
      ...iso(
        '§5 SHIPPED RET.req: the borrower skipped Received (L)',
        'Taken, so a loan returned unopened can be recorded.',
      ),
      rows: ['§5 SHIPPED RET.req'],
    },
  },
  {
    from: ['shipped'],
    on: { message: 'overdue' },
    to: 'not_received_overdue',
    basis: iso('§5 SHIPPED DUE.ind → NOT-RECEIVED-OVERDUE (M)'),
  },
  {
    from: ['shipped'],
    on: { message: 'recall' },
    to: 'recall',
    effects: ['recordRecall'],
    basis: iso('§5 SHIPPED RCL.ind → RECALL (M)'),
  },
  {
    from: ['pending'],
    on: { message: 'checked-in' },
    to: 'checked_in',
    effects: ['stopExpiryTimer'],
    basis: ours(
      'Loan completed before any shipment was seen',
      'Some suppliers report a transaction completed without announcing the loan (illmock COMPLETED); the borrower records the end rather than refusing it, and staff see it in the history.',
    ),
  },
  {
    from: ['shipped', 'received', ...HOLDING_LOAN],
    on: { message: 'checked-in' },
    to: 'checked_in',
    basis: {
      ...iso(
        '§5 CHK.ind without Returned: the optional Returned was skipped (L)',
        'Taken so both parties end together.',
      ),
      rows: ['§5 SHIPPED CHK.ind', '§5 RECEIVED (loan) CHK.ind', '§5 OVERDUE CHK.ind', '§5 RECALL CHK.ind'],
    },
  },
  {
    from: ['shipped', ...HOLDING_LOAN, 'not_received_overdue'],
    on: { action: 'lost' },
    to: 'lost',
    sends: 'lost',
    basis: vdx('Lost: the item never arrived or was lost once in the borrower\u2019s possession.'),
  },
  {
    from: ['received'],
    on: { action: 'lost' },
    serviceTypes: LOAN,
    to: 'lost',
    sends: 'lost',
    basis: vdx(
      'Lost',
      'A copy, once received, is the borrower\u2019s; Lost is offered on it only before receipt (U4).',
    ),
  },
  {
    from: ['shipped', 'received'],
    on: { message: 'cancel-reply-no' },
    stays: true,
    effects: ['recordLateMessage'],
    basis: iso('§5 SHIPPED CAR.ind(no): late reply to a crossed Cancel (M)'),
  },
  {
    from: ['shipped', 'received', 'not_received_overdue', ...HOLDING_LOAN, 'returned', 'checked_in', 'lost'],
    on: { message: 'answer-will-supply' },
    stays: true,
    effects: ['recordLateMessage'],
    basis: ours(
      'Late answer',
      'An answer overtaken by a later message of the same supplier is recorded and changes nothing.',
    ),
  },
  {
    from: ['shipped', 'received', 'not_received_overdue', ...HOLDING_LOAN, 'returned', 'checked_in', 'lost'],
    on: { message: 'answer-hold-placed' },
    stays: true,
    effects: ['recordLateMessage'],
    basis: ours(
      'Late answer',
      'An answer overtaken by a later message of the same supplier is recorded and changes nothing.',
    ),
  },
  {
    from: ['shipped', 'received', 'not_received_overdue', ...HOLDING_LOAN, 'returned', 'checked_in', 'lost'],
    on: { message: 'shipped' },
    stays: true,
    effects: ['recordShipment'],
    basis: {
      ...iso(
        '§5 NOT-RECEIVED-OVERDUE SHI.ind: late Shipped absorbed (L)',
        'A Shipped that arrives again or after the item (ISO 18626 suppliers repeat Loaned) updates the shipment details without a change of state.',
      ),
      rows: ['§5 NOT-RECEIVED-OVERDUE SHI.ind'],
    },
  },
  // Holding a loan.
  {
    from: ['received'],
    on: { action: 'renew' },
    serviceTypes: LOAN,
    to: 'renew_pending',
    sends: 'renew',
    basis: vdx('Renew: only if the shipped service type is Loan; Renew-Pending until the supplier answers.'),
  },
  {
    from: ['overdue'],
    on: { action: 'renew' },
    serviceTypes: LOAN,
    to: 'renew_overdue',
    sends: 'renew',
    basis: iso('§5 OVERDUE REN.req → RENEW-OVERDUE (M)'),
  },
  {
    from: ['recall'],
    on: { action: 'renew' },
    serviceTypes: LOAN,
    to: 'renew_pending',
    sends: 'renew',
    basis: vdx('Renew', 'The text does not block Renew after a Recall; the lender decides (D43).'),
  },
  {
    from: ['received', ...HOLDING_LOAN],
    on: { action: 'returned' },
    serviceTypes: LOAN,
    to: 'returned',
    sends: 'returned',
    basis: vdx('Returned: only for a Loan; completes the transaction as far as the borrower is concerned.'),
  },
  {
    from: ['received'],
    on: { message: 'overdue' },
    to: 'overdue',
    effects: ['notifyPatronOverdue'],
    basis: iso('§5 RECEIVED DUE.ind → OVERDUE (H)'),
  },
  {
    from: ['received', 'overdue', 'renew_overdue'],
    on: { message: 'recall' },
    to: 'recall',
    effects: ['recordRecall', 'notifyPatronRecalled'],
    basis: {
      ...iso(
        '§5 RCL.ind → RECALL (H; RENEW-OVERDUE L)',
        'Taken at Renew/Overdue too: a recall answers the open renewal question, as at Renew Pending.',
      ),
      rows: ['§5 RENEW-OVERDUE RCL.ind'],
    },
  },
  {
    from: ['renew_pending'],
    on: { message: 'recall' },
    to: 'recall',
    effects: ['recordRecall', 'notifyPatronRecalled'],
    basis: iso('§5 RENEW-PENDING RCL.ind → RECALL: an implicit refusal; a later answer is absorbed (M)'),
  },
  {
    from: ['recall', 'not_received_overdue'],
    on: { message: 'recall' },
    stays: true,
    effects: ['recordRecall'],
    basis: ours('Repeated Recall', 'A second recall notice is recorded.'),
  },
  {
    from: ['overdue', 'renew_overdue', 'not_received_overdue'],
    on: { message: 'overdue' },
    stays: true,
    effects: ['notifyPatronOverdue'],
    basis: iso('§5 OVERDUE DUE.ind: repeat notice (M)'),
  },
  {
    from: ['renew_pending'],
    on: { message: 'overdue' },
    to: 'renew_overdue',
    basis: iso('§5 RENEW-PENDING DUE.ind → RENEW-OVERDUE (M)'),
  },
  {
    from: ['recall'],
    on: { message: 'overdue' },
    to: 'overdue',
    effects: ['notifyPatronOverdue'],
    basis: iso('§5 RECALL DUE.ind → OVERDUE (M)'),
  },
  {
    from: ['received', ...HOLDING_LOAN],
    on: { action: 'damaged' },
    stays: true,
    sends: 'damaged',
    basis: vdx(
      'Damaged: does not affect the status of either party; offered once the borrower holds the item (D28).',
    ),
  },
  {
    from: ['received'],
    on: { action: 'unreceive' },
    guards: ['partnerAllowsUndo', 'shipmentRecorded'],
    protocols: NON_PROTOCOL,
    to: 'shipped',
    effects: ['forgetReceipt'],
    basis: vdx(
      'Unreceive: undo an accidental Received, for partners that allow undo.',
      'ISO has no undo message, so undo is offered only for email and manual partners that allow it (D9).',
    ),
  },
  {
    from: ['received'],
    on: { action: 'unreceive' },
    guards: ['partnerAllowsUndo', 'shipmentNotRecorded'],
    protocols: NON_PROTOCOL,
    to: 'pending',
    effects: ['forgetReceipt', 'startExpiryTimer'],
    basis: vdx('Unreceive', 'Received taken at Pending is undone back to Pending (D9).'),
  },
  {
    from: ['received'],
    on: { action: 'informed-renewed' },
    protocols: NON_PROTOCOL,
    serviceTypes: LOAN,
    stays: true,
    effects: ['updateDueDate'],
    basis: vdx('Informed Renewed: from Received to Received with the new due date (U2).'),
  },
  {
    from: ['renew_pending'],
    on: { action: 'informed-renewed' },
    protocols: NON_PROTOCOL,
    to: 'received',
    effects: ['updateDueDate'],
    basis: vdx('Informed Renewed: from Renew/Pending to Received.'),
  },
  // Renewal answers.
  {
    from: ['renew_pending', 'renew_overdue'],
    on: { message: 'renew-reply-yes' },
    to: 'received',
    effects: ['updateDueDate'],
    basis: vdx('Renew Reply-Yes: Received for the borrower, with the new due date.'),
  },
  {
    from: ['renew_pending'],
    on: { message: 'renew-reply-no' },
    guards: ['notRecalled'],
    to: 'received',
    basis: vdx('Renew Reply-No: the status reverts to Received for the borrower.'),
  },
  {
    from: ['renew_pending'],
    on: { message: 'renew-reply-no' },
    guards: ['recalled'],
    to: 'recall',
    basis: vdx(
      'Renew Reply-No',
      'A renewal asked after a recall and refused leaves the item recalled (D45: "reverts").',
    ),
  },
  {
    from: ['renew_overdue'],
    on: { message: 'renew-reply-no' },
    to: 'overdue',
    basis: vdx('Renew Reply-No', 'A renewal asked for an overdue item reverts to Overdue (D45).'),
  },
  {
    from: ['recall', 'overdue', 'returned', 'checked_in', 'lost', 'received'],
    on: { message: 'renew-reply-yes' },
    stays: true,
    effects: ['recordLateMessage'],
    basis: iso('§9 Renew crossed with Recall or Returned: a late Renew-Answer is absorbed (M)'),
  },
  {
    from: ['recall', 'overdue', 'returned', 'checked_in', 'lost', 'received'],
    on: { message: 'renew-reply-no' },
    stays: true,
    effects: ['recordLateMessage'],
    basis: iso('§9 Renew crossed with Recall or Returned: a late Renew-Answer is absorbed (M)'),
  },
  {
    from: ['not_received_overdue'],
    on: { action: 'received' },
    to: 'overdue',
    sends: 'received',
    effects: ['notifyPatronPickupReady'],
    basis: iso('§5 NOT-RECEIVED-OVERDUE RCV.req → OVERDUE (M)'),
  },
  // Returned and after.
  {
    from: ['returned'],
    on: { message: 'checked-in' },
    to: 'checked_in',
    basis: iso('§5 RETURNED CHK.ind → CHECKED-IN (H)'),
  },
  {
    from: ['returned', 'checked_in', 'lost'],
    on: { message: 'overdue' },
    stays: true,
    effects: ['recordLateMessage'],
    basis: iso('§9 Returned crossed with Overdue: absorbed (M)'),
  },
  {
    from: ['returned', 'checked_in', 'lost'],
    on: { message: 'recall' },
    stays: true,
    effects: ['recordLateMessage'],
    basis: iso('§9 Returned crossed with Recall: absorbed (M)'),
  },
  {
    from: ['checked_in', 'lost'],
    on: { message: 'checked-in' },
    stays: true,
    effects: ['recordLateMessage'],
    basis: ours(
      'Late message',
      'A Checked In after Lost was declared is recorded without a change; Lost has no undo.',
    ),
  },
  {
    from: ['lost'],
    on: { message: 'lost' },
    stays: true,
    effects: ['recordLateMessage'],
    basis: ours('Lost reported by both', 'Both parties declared the loss; the second report is recorded.'),
  },
  {
    from: ['not_supplied', 'cancelled'],
    on: { message: 'cancel-reply-yes' },
    stays: true,
    effects: ['recordLateMessage'],
    basis: iso('§5 NOT-SUPPLIED, CANCELLED: late CAR.ind absorbed (M)'),
  },
  {
    from: ['not_supplied'],
    on: { message: 'cancel-reply-no' },
    stays: true,
    effects: ['recordLateMessage'],
    basis: iso('§5 NOT-SUPPLIED, CANCELLED: late CAR.ind absorbed (M)'),
  },
  {
    from: ['cancelled'],
    on: { message: 'cancel-reply-no' },
    stays: true,
    effects: ['recordLateMessage', 'flagCancelRefusedAfterEnd'],
    basis: iso(
      '§5 NOT-SUPPLIED, CANCELLED: late CAR.ind absorbed (M)',
      'Absorbed but flagged: a transaction is Cancelled with the supplier’s agreement, or given up when no answer came; a refusal arriving after that means the supplier may still send the item.',
    ),
  },
  ...(
    [
      'answer-will-supply',
      'answer-hold-placed',
      'answer-conditional',
      'expired',
      ...NON_SUPPLY_ANSWERS,
    ] as const
  ).map((message): EdgeSpec<RequesterState> => ({
    from: ['not_supplied', 'cancelled'],
    on: { message },
    stays: true,
    effects: ['recordLateMessage'],
    basis: iso('§5 NOT-SUPPLIED, CANCELLED: late ANS.ind absorbed (M)'),
  })),
  // Both parties.
  {
    from: ['shipped', 'received', ...HOLDING_LOAN, 'not_received_overdue', 'returned', 'checked_in', 'lost'],
    on: { action: 'cost-adjustment' },
    stays: true,
    effects: ['adjustCost'],
    basis: vdx(
      'Cost Adjustment: after receiving the Shipped or sending the Received message; a local action (D11, D12).',
    ),
  },
  {
    from: REQUESTER_NOT_IDLE,
    on: { action: 'send-public-note' },
    stays: true,
    sends: 'note',
    effects: ['addPublicNote'],
    basis: vdx('Send Public Note'),
  },
  {
    from: REQUESTER_NOT_IDLE,
    on: { message: 'note' },
    stays: true,
    effects: ['addPublicNote', 'notifyStaffPartnerNote'],
    basis: {
      ...iso(
        'G4 MESSAGE valid in every state but IDLE, no change (M; in terminal states L)',
        'Taken in the final states too: a partner may still write after the end, and staff should read it.',
      ),
      rows: ['§4 G4'],
    },
  },
  {
    from: REQUESTER_NOT_IDLE,
    on: { message: 'damaged' },
    stays: true,
    effects: ['addPublicNote'],
    basis: {
      ...iso(
        'G5 DAMAGED changes no state (M; CHECKED-IN L)',
        'Taken after Checked In too: the lender usually finds damage on check-in.',
      ),
      rows: ['§5 CHECKED-IN (T) DAM.ind'],
    },
  },
  {
    from: REQUESTER_NOT_IDLE,
    on: { message: 'status-query' },
    stays: true,
    sends: 'status-report',
    basis: {
      ...iso(
        'G4 STATUS-QUERY answered with a status report, no change (H; in terminal states L)',
        'Taken in the final states too: the report tells the partner how the transaction ended.',
      ),
      rows: ['§4 G4'],
    },
  },
  {
    from: REQUESTER_ACTIVE,
    on: { action: 'status-query' },
    protocols: PROTOCOL,
    stays: true,
    sends: 'status-query',
    basis: iso(
      'G4 STATUS-QUERY valid in every state but IDLE, no change (M)',
      'The VDX text has no action for it, so Interlend offers it under the ISO 10161 name, Status Query, as ISO 18626 StatusRequest. It is offered while the transaction is running (not once it has ended, when the supplier has nothing more to say of it) and to ISO 18626 suppliers only: an email or manual supplier is asked by writing to it, and its answer recorded with the Informed actions. The supplier answers with a status report, which changes no state.',
    ),
  },
  {
    from: REQUESTER_NOT_IDLE,
    on: { message: 'status-report' },
    stays: true,
    effects: ['checkStatusReport'],
    basis: iso(
      'G4 STATUS-OR-ERROR-REPORT, no change (M)',
      'The report is recorded in the history. One whose status contradicts the borrower’s own record (a supplier reporting Unfilled to a borrower still waiting, or Loaned to one whose transaction was given up) means a message was lost or refused: the transaction is flagged for staff rather than moved, since the report does not say how the supplier got there (the reference’s "reconcile" row).',
    ),
  },
  {
    from: REQUESTER_NOT_IDLE,
    on: { action: 'resend-last-message' },
    guards: ['lastMessageStillValid'],
    stays: true,
    effects: ['resendLastMessage'],
    basis: vdx('Resend Last Message: only while that message is still valid for the current status (D27).'),
  },
];

// ---------------------------------------------------------------------------------------------
// Lender (responder) side of one transaction
// ---------------------------------------------------------------------------------------------

const RESPONDER_NOT_IDLE: readonly ResponderState[] = [
  'in_process',
  'conditional',
  'cancel_pending',
  'not_supplied',
  'cancelled',
  'shipped',
  'renew_pending',
  'checked_in',
  'lost',
];
const RESPONDER_ENDED_WITHOUT_SUPPLY: readonly ResponderState[] = ['not_supplied', 'cancelled'];

const responderEdges: readonly EdgeSpec<ResponderState>[] = [
  {
    from: ['idle'],
    on: { message: 'request' },
    to: 'in_process',
    effects: ['startLenderNeedBeforeTimer'],
    basis: iso('§6 IDLE ILL.ind → IN-PROCESS (H); VDX: new requests are In Process'),
  },
  {
    from: ['in_process'],
    on: { action: 'answer-conditional' },
    to: 'conditional',
    sends: 'answer-conditional',
    effects: ['recordConditions'],
    basis: vdx('Answer Conditional: the request goes into a state of conditional for both parties.'),
  },
  {
    from: ['in_process'],
    on: { action: 'answer-will-supply' },
    stays: true,
    sends: 'answer-will-supply',
    effects: ['stopLenderNeedBeforeTimer'],
    basis: vdx('Answer Will Supply: turns off the expiry timers at both ends; no state change.'),
  },
  {
    from: ['in_process'],
    on: { action: 'answer-hold' },
    guards: ['canHoldNotRefused'],
    stays: true,
    sends: 'answer-hold-placed',
    basis: vdx('Answer Hold: never when the borrower set Can Hold to No; no state change (D34).'),
  },
  {
    from: ['in_process'],
    on: { action: 'answer-nonsupply' },
    to: 'not_supplied',
    sends: 'answer-unfilled',
    effects: ['stopLenderNeedBeforeTimer'],
    basis: vdx('Answer Nonsupply: completes the transaction for the lender.'),
  },
  {
    from: ['in_process'],
    on: { action: 'answer-retry' },
    to: 'not_supplied',
    sends: 'answer-retry',
    effects: ['stopLenderNeedBeforeTimer'],
    basis: iso(
      '§6 IN-PROCESS ANS.req(UN|RY) → NOT-SUPPLIED, stop the expiry timer (H)',
      'The VDX text has no action for the Retry answer (it names RETRY only as the "try later" variant of Answer Nonsupply), so Interlend offers it under the ISO 10161 name, Answer Retry, with the fields of ISO 18626 RetryPossible: the reason (OnLoan or NotFoundAsCited; conditions and costs above the maximum are Answer Conditional), the date to ask again after (ISO 10161 retry-date, sent as retryAfter), a corrected item id, a cost and a note. Like Answer Nonsupply it ends the transaction for the lender; whether to ask again is the borrower’s choice (§10.2).',
    ),
  },
  {
    from: ['in_process'],
    on: { action: 'answer-locations-provided' },
    to: 'not_supplied',
    sends: 'answer-locations-provided',
    effects: ['stopLenderNeedBeforeTimer'],
    basis: vdx('Answer Locations-Provided: as Answer Nonsupply, with suggested locations (U6).'),
  },
  {
    from: ['in_process'],
    on: { action: 'change-current-service-type' },
    guards: ['anotherRequestedServiceType'],
    stays: true,
    effects: ['changeServiceType'],
    basis: vdx('Change Current Service Type: only In Process, only to another requested service type.'),
  },
  {
    from: ['in_process'],
    on: { action: 'shipped' },
    to: 'shipped',
    sends: 'shipped',
    effects: ['stopLenderNeedBeforeTimer', 'recordShipmentSent', 'startDueDateTimer'],
    basis: vdx('Shipped: a copy ends here for the lender; a loan stays Shipped until Checked In or Lost.'),
  },
  {
    from: ['in_process', 'conditional'],
    on: { message: 'cancel' },
    to: 'cancel_pending',
    basis: {
      ...iso(
        '§6 IN-PROCESS CAN.ind → CANCEL-PENDING (H); CONDITIONAL (L)',
        'Taken for Conditional too: an ISO 18626 borrower may send Cancel to reject the conditions, and a Cancel may cross the conditions in flight.',
      ),
      rows: ['§6 CONDITIONAL CAN.ind'],
    },
  },
  {
    from: ['in_process', 'conditional', 'cancel_pending'],
    on: { timer: 'need-before' },
    to: 'not_supplied',
    sends: 'expired',
    basis: {
      ...iso(
        '§6 EXP.timer → NOT-SUPPLIED, send Expired (M; CANCEL-PENDING L)',
        'Taken for Cancel Requested too, so that a cancellation the lender never answers still ends the transaction.',
      ),
      rows: ['§6 CANCEL-PENDING EXP.timer'],
    },
  },
  {
    from: ['in_process'],
    on: { action: 'informed-cancelled' },
    protocols: NON_PROTOCOL,
    to: 'not_supplied',
    effects: ['stopLenderNeedBeforeTimer'],
    basis: vdx('Informed Cancelled: moves the request from In Process to Not Supplied (D47).'),
  },
  {
    from: ['in_process'],
    on: { action: 'informed-received' },
    protocols: NON_PROTOCOL,
    to: 'shipped',
    effects: ['stopLenderNeedBeforeTimer', 'recordShipmentSent', 'recordReceipt'],
    basis: vdx('Informed Received: from In Process to Shipped, recording the receipt (U10).'),
  },
  {
    from: ['in_process'],
    on: { action: 'informed-returned' },
    guards: ['loanInProcess'],
    protocols: NON_PROTOCOL,
    to: 'shipped',
    effects: ['stopLenderNeedBeforeTimer', 'recordShipmentSent', 'recordReturn'],
    basis: vdx('Informed Returned: from In Process to Shipped, recording the return (U10).'),
  },
  {
    from: ['in_process'],
    on: { message: 'received' },
    to: 'shipped',
    effects: ['stopLenderNeedBeforeTimer', 'recordShipmentSent', 'recordReceipt'],
    basis: {
      ...vdx(
        'Received',
        'A Received that arrives at In Process moves the lender to Shipped, as Informed Received does (D7): the reference’s lender Received state is folded into Shipped, with the receipt recorded.',
      ),
      rows: ['§6 IN-PROCESS RCV.ind'],
    },
  },
  {
    from: ['conditional'],
    on: { message: 'conditional-reply-yes' },
    to: 'in_process',
    effects: ['clearConditions'],
    basis: vdx('Conditional-Reply Yes: the lender reverts to In Process.'),
  },
  {
    from: ['conditional'],
    on: { message: 'conditional-reply-no' },
    to: 'not_supplied',
    effects: ['stopLenderNeedBeforeTimer'],
    basis: vdx('Conditional-Reply No: the lender goes to Not Supplied.'),
  },
  {
    from: ['cancel_pending'],
    on: { action: 'cancel-reply-yes' },
    to: 'cancelled',
    sends: 'cancel-reply-yes',
    effects: ['stopLenderNeedBeforeTimer'],
    basis: vdx('Cancel Reply-Yes: the transaction terminates in a state of Cancelled.'),
  },
  {
    from: ['cancel_pending'],
    on: { action: 'cancel-reply-no' },
    to: 'in_process',
    sends: 'cancel-reply-no',
    basis: vdx('Cancel Reply-No: back to Pending and In Process (D35).'),
  },
  {
    from: ['shipped'],
    on: { action: 'overdue' },
    serviceTypes: LOAN,
    stays: true,
    sends: 'overdue',
    effects: ['recordOverdueNotice'],
    basis: vdx('Overdue: a message to the borrower; the lender stays Shipped (D41).'),
  },
  {
    from: ['shipped', 'renew_pending'],
    on: { timer: 'due-date' },
    serviceTypes: LOAN,
    stays: true,
    sends: 'overdue',
    effects: ['recordOverdueNotice'],
    basis: ours('Due date', 'When the due date of a loan passes, Overdue is sent automatically.'),
  },
  {
    from: ['shipped'],
    on: { action: 'recall' },
    serviceTypes: LOAN,
    stays: true,
    sends: 'recall',
    effects: ['recordRecall'],
    basis: vdx('Recall: a message to the borrower; the lender stays Shipped (D42).'),
  },
  {
    from: ['shipped', 'renew_pending'],
    on: { action: 'checked-in' },
    serviceTypes: LOAN,
    to: 'checked_in',
    sends: 'checked-in',
    effects: ['stopDueDateTimer'],
    basis: vdx(
      'Checked In: the returned item is back; the loan ends.',
      'Also while a renewal question is open: the item itself is back.',
    ),
  },
  {
    from: ['shipped'],
    on: { message: 'received' },
    stays: true,
    effects: ['recordReceipt'],
    basis: vdx('Received', 'The lender stays Shipped; the receipt is recorded (D7, D37).'),
  },
  {
    from: ['shipped'],
    on: { message: 'returned' },
    serviceTypes: LOAN,
    stays: true,
    effects: ['recordReturn'],
    basis: vdx('Returned', 'The lender stays Shipped until Checked In; the return is recorded (D15).'),
  },
  {
    from: ['renew_pending'],
    on: { message: 'returned' },
    to: 'shipped',
    effects: ['recordReturn'],
    basis: iso('§6 RENEW-PENDING RET.ind: crossing; the renewal question is moot (M)'),
  },
  {
    from: ['shipped'],
    on: { message: 'renew' },
    serviceTypes: LOAN,
    to: 'renew_pending',
    basis: {
      ...vdx(
        'Renew: the request goes into a state of Renew-Pending until the supplier responds (U8).',
        'Taken from Shipped (ISO §6 L): the lender may not have heard of the receipt yet, and its loan stays Shipped whatever notices went before (see the declined rows).',
      ),
      rows: ['§6 SHIPPED (loan) REN.ind'],
    },
  },
  {
    from: ['renew_pending'],
    on: { action: 'renew-reply-yes' },
    to: 'shipped',
    sends: 'renew-reply-yes',
    effects: ['updateDueDate', 'startDueDateTimer'],
    basis: vdx('Renew Reply-Yes: the due date is updated; the status reverts to Shipped for the supplier.'),
  },
  {
    from: ['renew_pending'],
    on: { action: 'renew-reply-no' },
    to: 'shipped',
    sends: 'renew-reply-no',
    basis: vdx('Renew Reply-No: the status reverts to Shipped for the supplier.'),
  },
  {
    from: ['shipped', 'renew_pending'],
    on: { message: 'lost' },
    to: 'lost',
    effects: ['stopDueDateTimer'],
    basis: vdx('Lost: both parties go to Lost (a copy too, U4).'),
  },
  {
    from: ['shipped', 'renew_pending'],
    on: { action: 'lost' },
    serviceTypes: LOAN,
    to: 'lost',
    sends: 'lost',
    effects: ['stopDueDateTimer'],
    basis: vdx(
      'Lost',
      'A copy has ended for the lender at Shipped, so the lender reports loss of loans only.',
    ),
  },
  {
    from: ['shipped'],
    on: { action: 'damaged' },
    guards: ['itemBackWithLender'],
    stays: true,
    sends: 'damaged',
    basis: vdx('Damaged: the lender reports damage once the item is back (D28).'),
  },
  {
    from: ['checked_in'],
    on: { action: 'damaged' },
    stays: true,
    sends: 'damaged',
    basis: {
      ...vdx('Damaged', 'Damage is usually found on check-in (G5).'),
      rows: ['§6 CHECKED-IN (T) DAM.req'],
    },
  },
  {
    from: ['shipped'],
    on: { message: 'cancel' },
    stays: true,
    effects: ['recordLateMessage'],
    basis: iso('§6 SHIPPED CAN.ind: crossing, the lender stays Shipped (M)'),
  },
  {
    from: ['shipped'],
    on: { action: 'unshipped' },
    guards: ['partnerAllowsUndo'],
    protocols: NON_PROTOCOL,
    serviceTypes: LOAN,
    to: 'in_process',
    effects: ['forgetShipment', 'stopDueDateTimer'],
    basis: vdx(
      'Unshipped: undo an incorrect Shipped, for partners that allow undo (D38, D40).',
      'Loans only: the text says Shipped terminates a copy transaction for the lender, so a shipped copy leaves no open transaction to take back to In Process; a loan stays Shipped until Checked In or Lost.',
    ),
  },
  {
    from: ['shipped'],
    on: { action: 'informed-received' },
    protocols: NON_PROTOCOL,
    stays: true,
    effects: ['recordReceipt'],
    basis: vdx('Informed Received: stays Shipped, recording the receipt (D49).'),
  },
  {
    from: ['shipped'],
    on: { action: 'informed-returned' },
    protocols: NON_PROTOCOL,
    serviceTypes: LOAN,
    stays: true,
    effects: ['recordReturn'],
    basis: vdx('Informed Returned: stays Shipped, recording the return (D51).'),
  },
  {
    from: ['renew_pending'],
    on: { action: 'informed-returned' },
    protocols: NON_PROTOCOL,
    to: 'shipped',
    effects: ['recordReturn'],
    basis: vdx('Informed Returned', 'The return closes the renewal question.'),
  },
  {
    from: ['renew_pending', 'checked_in', 'lost'],
    on: { message: 'received' },
    stays: true,
    effects: ['recordLateMessage'],
    basis: ours(
      'Late message',
      'A Received overtaken by a later message of the borrower is recorded without a change.',
    ),
  },
  {
    from: ['checked_in', 'lost'],
    on: { message: 'returned' },
    stays: true,
    effects: ['recordLateMessage'],
    basis: iso('§6 late requester APDUs after check-in are absorbed (M)'),
  },
  {
    from: ['renew_pending'],
    on: { message: 'renew' },
    stays: true,
    effects: ['recordLateMessage'],
    basis: ours(
      'Renew',
      'A borrower whose first renewal was overtaken by a recall may ask again; the open question is answered once.',
    ),
  },
  {
    from: ['checked_in', 'lost'],
    on: { message: 'renew' },
    stays: true,
    effects: ['recordLateMessage'],
    basis: iso('§6 RETURNED REN.ind and other late requester APDUs: absorbed (M)'),
  },
  {
    from: ['lost'],
    on: { message: 'lost' },
    stays: true,
    effects: ['recordLateMessage'],
    basis: ours('Lost reported by both', 'Both parties declared the loss; the second report is recorded.'),
  },
  {
    from: [...RESPONDER_ENDED_WITHOUT_SUPPLY, 'checked_in', 'lost'],
    on: { message: 'cancel' },
    stays: true,
    effects: ['recordLateMessage'],
    basis: iso('§6 NOT-SUPPLIED, CANCELLED: CAN.ind crossing absorbed, no reply (M)'),
  },
  {
    from: RESPONDER_ENDED_WITHOUT_SUPPLY,
    on: { message: 'conditional-reply-yes' },
    stays: true,
    effects: ['recordLateMessage'],
    basis: iso('§9 Conditional-Reply crossed with Expired: absorbed (M)'),
  },
  {
    from: RESPONDER_ENDED_WITHOUT_SUPPLY,
    on: { message: 'conditional-reply-no' },
    stays: true,
    effects: ['recordLateMessage'],
    basis: iso('§9 Conditional-Reply crossed with Expired: absorbed (M)'),
  },
  // Both parties.
  {
    from: RESPONDER_NOT_IDLE,
    on: { action: 'send-public-note' },
    stays: true,
    sends: 'note',
    effects: ['addPublicNote'],
    basis: vdx('Send Public Note'),
  },
  {
    from: RESPONDER_NOT_IDLE,
    on: { message: 'note' },
    stays: true,
    effects: ['addPublicNote', 'notifyStaffPartnerNote'],
    basis: {
      ...iso(
        'G4 MESSAGE valid in every state but IDLE, no change (M; in terminal states L)',
        'Taken in the final states too: a partner may still write after the end, and staff should read it.',
      ),
      rows: ['§4 G4'],
    },
  },
  {
    from: RESPONDER_NOT_IDLE,
    on: { message: 'damaged' },
    stays: true,
    effects: ['addPublicNote'],
    basis: iso('G5 DAMAGED changes no state (M)'),
  },
  {
    from: RESPONDER_NOT_IDLE,
    on: { message: 'status-query' },
    stays: true,
    sends: 'status-report',
    basis: {
      ...iso(
        'G4 STATUS-QUERY answered with a status report, no change (H; in terminal states L)',
        'Taken in the final states too: the report tells the partner how the transaction ended.',
      ),
      rows: ['§4 G4'],
    },
  },
  {
    from: RESPONDER_NOT_IDLE,
    on: { message: 'status-report' },
    stays: true,
    basis: iso('G4 STATUS-OR-ERROR-REPORT, no change (M)'),
  },
  {
    from: RESPONDER_NOT_IDLE,
    on: { action: 'resend-last-message' },
    guards: ['lastMessageStillValid'],
    stays: true,
    effects: ['resendLastMessage'],
    basis: vdx('Resend Last Message: only while that message is still valid for the current status (D27).'),
  },
  {
    from: RESPONDER_NOT_IDLE,
    on: { action: 'add-private-note' },
    stays: true,
    effects: ['addPrivateNote'],
    basis: vdx('Add Private Note'),
  },
  {
    from: RESPONDER_NOT_IDLE,
    on: { action: 'local-change-request-details' },
    actors: ['staff'],
    stays: true,
    effects: ['changeDetails', 'setCustomStatus'],
    basis: vdx('Local Change Request Details: lender edits stay with the lender.'),
  },
  {
    from: RESPONDER_NOT_IDLE,
    on: { action: 'complete' },
    guards: ['notCompleted'],
    stays: true,
    effects: ['setCompletedAt'],
    basis: vdx('Complete: sets the date completed; no message, no status change for the lender.'),
  },
];

/** A stable, readable id for an edge: machine, from-states, event and guards. */
export function edgeId(machine: Machine, edge: EdgeSpec<AnyState>): string {
  const on = edge.on;
  const event =
    'action' in on
      ? `action:${on.action}`
      : 'message' in on
        ? `message:${on.message}`
        : 'timer' in on
          ? `timer:${on.timer}`
          : 'outcome' in on
            ? `outcome:${on.outcome}`
            : `rota:${on.rota}`;
  const conditions = [
    ...(edge.protocols ? [`protocol=${edge.protocols.join('|')}`] : []),
    ...(edge.serviceTypes ? [`service=${edge.serviceTypes.join('|')}`] : []),
    ...(edge.guards ?? []),
  ];
  return `${machine}/${edge.from.join('|')}/${event}${conditions.length ? `[${conditions.join(',')}]` : ''}`;
}

function withIds<S extends AnyState>(machine: Machine, edges: readonly EdgeSpec<S>[]): Edge[] {
  return edges.map((edge) => ({ ...edge, machine, id: edgeId(machine, edge) }));
}

/** The whole table: every edge of the three machines. */
export const TRANSITIONS: readonly Edge[] = [
  ...withIds('request', requestEdges),
  ...withIds('requester', requesterEdges),
  ...withIds('responder', responderEdges),
];

/** Every edge by its id. */
export const EDGES_BY_ID: ReadonlyMap<string, Edge> = new Map(TRANSITIONS.map((edge) => [edge.id, edge]));

/** Each machine's initial state. */
export const INITIAL_STATE = {
  request: 'new',
  requester: 'idle',
  responder: 'idle',
} as const satisfies Record<Machine, AnyState>;
