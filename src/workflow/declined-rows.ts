/**
 * The rows of the ISO 10161 state tables (the reconstruction in `iso10161/state-tables.md`, copied to
 * `test/fixtures/iso10161/`) that Interlend does not take as edges, each with the reason. Rows taken
 * as edges name themselves in their edge's `basis.rows`; together the two account for every row the
 * reconstruction marks L (low confidence), which a test checks against the reference itself. FORWARD
 * is listed too, although its rows are not marked L: ISO 18626 has no forward message.
 */
import type { EventMatch } from './transitions.ts';
import type { AnyState, Machine } from './vocabulary.ts';

/** Why a row of the reference is not an edge. */
export type DeclinedRowKind =
  /** Interlend does not do what the row says; the reason says what it does instead. */
  | 'declined'
  /** The row itself refuses the event, and so does Interlend: there is no edge to take. */
  | 'refusal'
  /** Interlend does what the row says, outside the transition table. */
  | 'outside-table';

/** A row of the reference that is not an edge. */
export interface DeclinedRow {
  /**
   * The row as the reference writes it: its section, then the from-state and event of a state table
   * row (`§5 CONDITIONAL CAN.req`), the state of the states table (`§2 FORWARD`), the general rule
   * (`§4 G9`) or the rota trigger (`§10.2 ANS(LP) with locations`).
   */
  readonly row: string;
  /** What the row would have the engine do, in short. */
  readonly says: string;
  readonly kind: DeclinedRowKind;
  readonly reason: string;
  /**
   * The row's event in the engine's terms, where its machine and states exist: the table has no
   * edge for it (a test checks this).
   */
  readonly event?: {
    readonly machine: Machine;
    readonly from: readonly AnyState[];
    readonly on: EventMatch;
  };
}

const LENDER_KEEPS_SHIPPED =
  'Following the VDX text, a lender’s loan stays Shipped until Checked In or Lost; overdue notices and recalls are facts of the transaction, not lender states.';

const FORWARD =
  'ISO 18626 has no forward message (a broker’s ExpectToSupply is the nearest, and ShippedForward is a physical onward shipment, not this), and no Interlend lender acts as an intermediary. Routing is the borrower’s: a lender that cannot supply answers Answer Nonsupply, or Answer Locations-Provided to suggest where to ask; the borrower’s rota then sends the request to its next location, and staff add the suggested locations to the rota where they are partners.';

/** Every row of the reference Interlend does not take as an edge, in the reference's order. */
export const DECLINED_ROWS: readonly DeclinedRow[] = [
  {
    row: '§2 RENEW-OVERDUE',
    says: 'The lender has a Renew-Overdue state (the borrower’s is taken).',
    kind: 'declined',
    reason: `${LENDER_KEEPS_SHIPPED} Every renewal question waits in the lender’s Renew Pending, whatever notices were sent before it.`,
  },
  {
    row: '§2 FORWARD',
    says: 'The lender has a terminal Forward state once it forwarded the transaction.',
    kind: 'declined',
    reason: FORWARD,
  },
  {
    row: '§4 G9',
    says: 'An exact repeat of a message is recognised and changes nothing.',
    kind: 'outside-table',
    reason:
      'Taken, before the engine: the receive layer recognises an exact repeat of an ISO 18626 message by its fingerprint and answers it as the first time, so the table never sees it; the model check shows a repeat changes no state.',
  },
  {
    row: '§5 PENDING FWN.ind',
    says: 'A Forward-Notification re-addresses the borrower’s transaction to a new lender.',
    kind: 'declined',
    reason: FORWARD,
  },
  {
    row: '§5 CONDITIONAL CAN.req',
    says: 'The borrower may Cancel instead of answering the conditions.',
    kind: 'declined',
    reason:
      'At Conditional the borrower answers the conditions: Conditional-Reply No ends the transaction with this supplier and sends the rota on at once, which is what a Cancel would do after a round trip (the row itself prefers it). Revert and Terminate Request withdraw a conditional transaction with Conditional-Reply No too.',
    event: { machine: 'requester', from: ['conditional'], on: { action: 'cancel' } },
  },
  {
    row: '§5 CANCEL-PENDING FWN.ind, or STR.ind with user-error already-forwarded{responder-id, address}',
    says: 'A Cancel that crossed a forward is re-addressed to the new lender.',
    kind: 'declined',
    reason: FORWARD,
  },
  {
    row: '§5 SHIPPED CAN.req, REN.req',
    says: 'Cancel and Renew are refused at Shipped.',
    kind: 'refusal',
    reason:
      'Refused as the row says: once the item is on its way it cannot be cancelled (Lost or Returned are the ways out), and a renewal is asked once the item is received.',
    event: { machine: 'requester', from: ['shipped'], on: { action: 'cancel' } },
  },
  {
    row: '§5 NOT-RECEIVED-OVERDUE RET.req',
    says: 'The borrower may send back an item it has not received.',
    kind: 'declined',
    reason:
      'The borrower cannot return what it never received. If the item arrives after all, Received moves the transaction to Overdue, from where Returned is offered; if it never arrives, Lost.',
    event: { machine: 'requester', from: ['not_received_overdue'], on: { action: 'returned' } },
  },
  {
    row: '§6 IN-PROCESS FWD.req',
    says: 'The lender forwards the request to another lender and goes to Forward.',
    kind: 'declined',
    reason: FORWARD,
  },
  {
    row: '§6 CANCEL-PENDING ANS.req(UN|RY|LP|ES)',
    says: 'The lender may answer Unfilled, Retry, Locations-Provided or Estimate instead of answering the Cancel.',
    kind: 'declined',
    reason:
      'The lender answers the cancellation first: Cancel Reply-Yes ends the transaction Cancelled and sends the borrower’s rota on just as a non-supply answer would; Cancel Reply-No takes it back to In Process, where Answer Nonsupply, Answer Retry and Answer Locations-Provided are offered. Answering past the Cancel would leave it unanswered. A non-supply answer that crossed the Cancel in flight is still absorbed by the borrower (§5 CANCEL-PENDING ANS.ind).',
    event: { machine: 'responder', from: ['cancel_pending'], on: { action: 'answer-nonsupply' } },
  },
  {
    row: '§6 FORWARD (T) any APDU from the requester',
    says: 'A forwarded transaction answers every later message with already-forwarded.',
    kind: 'declined',
    reason: FORWARD,
  },
  {
    row: '§6 RENEW-PENDING RCL.req',
    says: 'The lender may Recall while a renewal question is open.',
    kind: 'declined',
    reason:
      'The lender answers the renewal first (Renew Reply-No, as the row itself advises), which takes it back to Shipped, where Recall is offered. A Recall that crosses a Renew in flight is still handled by the borrower (§5 RENEW-PENDING RCL.ind).',
    event: { machine: 'responder', from: ['renew_pending'], on: { action: 'recall' } },
  },
  {
    row: '§6 OVERDUE REN.ind',
    says: 'A Renew for an overdue loan moves the lender to Renew-Overdue.',
    kind: 'declined',
    reason: `${LENDER_KEEPS_SHIPPED} The Renew arrives at Shipped and moves the lender to Renew Pending like any renewal; the overdue notices sent stay counted on the transaction.`,
  },
  {
    row: '§6 OVERDUE RCL.req',
    says: 'The lender recalls an overdue loan, moving from Overdue to Recall.',
    kind: 'declined',
    reason: `${LENDER_KEEPS_SHIPPED} Recall is offered at Shipped whatever overdue notices were sent, and is recorded on the transaction.`,
  },
  {
    row: '§6 RECALL REN.ind',
    says: 'A Renew after a Recall leaves the lender at Recall, bound to refuse it.',
    kind: 'declined',
    reason: `${LENDER_KEEPS_SHIPPED} A Renew after a Recall moves the lender to Renew Pending like any other and the lender decides (the VDX text does not block it, D43); refused, the borrower’s item stays recalled.`,
  },
  {
    row: '§10.2 ANS(LP) with locations',
    says: 'The locations a lender suggests could be appended to the rota.',
    kind: 'declined',
    reason:
      'The suggested locations are kept with the answer (the history and the note) for staff, who add to the rota those that are partners. They are free text and may name libraries that are not partners, so they are never appended automatically; the rota moves on as after any non-supply answer.',
  },
];
