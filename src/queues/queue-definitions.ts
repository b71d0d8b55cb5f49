/**
 * The built-in work queues, as VDX staff know them: the borrower (requester) queues and the lender
 * (responder) queues of vdx-action-map.md section C. Each is a filter of the request list, so that
 * `GET /api/requests?queue=<id>` opens it and its count is the length of that list. Completed
 * requests are in none. Labels are the UI's business; the ids are stable API.
 *
 * Queues may overlap: a Terminated request whose loan is still out is also in Shipped, and a lending
 * loan past its due date is in both Shipped and Overdue (VDX's date-driven Overdue view).
 */
import type { RequestFilter } from '../requests/request-search.schemas.ts';

export interface QueueDefinition {
  readonly id: string;
  readonly role: 'borrowing' | 'lending';
  readonly filter: RequestFilter;
}

const borrowing = (id: string, filter: Omit<RequestFilter, 'role'>): QueueDefinition => ({
  id: `borrowing.${id}`,
  role: 'borrowing',
  filter: { role: 'borrowing', ...filter },
});
const lending = (id: string, filter: Omit<RequestFilter, 'role'>): QueueDefinition => ({
  id: `lending.${id}`,
  role: 'lending',
  filter: { role: 'lending', ...filter },
});

/** Borrower (requester) queues, in VDX's order. */
export const BORROWING_QUEUES: readonly QueueDefinition[] = [
  borrowing('new', { status: ['new'] }),
  borrowing('cancellation-requested', { status: ['cancellation_requested'] }),
  borrowing('pending', { state: ['pending'] }),
  borrowing('conditional', { state: ['conditional'] }),
  borrowing('cancel-pending', { state: ['cancel_pending'] }),
  borrowing('shipped', { state: ['shipped'] }),
  borrowing('received', { state: ['received'] }),
  borrowing('renew-pending', { state: ['renew_pending'] }),
  borrowing('overdue', { state: ['overdue', 'not_received_overdue', 'renew_overdue'] }),
  borrowing('recalled', { state: ['recall'] }),
  borrowing('returned', { state: ['returned'] }),
  borrowing('end-of-rota', { status: ['end_of_rota'] }),
  // The current transaction ended without supply and nothing is live (a live transaction would be
  // the current one), while the request still runs: End of Rota and Terminated have their own queues.
  borrowing('not-supplied', {
    state: ['not_supplied', 'cancelled'],
    status: ['requested', 'requested_from_partners', 'reverted', 'cancellation_requested'],
  }),
  borrowing('terminated', { status: ['terminated'] }),
  borrowing('needs-attention', { attention: true }),
  borrowing('undelivered-messages', { undelivered: true }),
];

/** Lender (responder) queues, in VDX's order. */
export const LENDING_QUEUES: readonly QueueDefinition[] = [
  // In Process with no answer yet, and In Process after Will Supply / Hold Placed (or after the
  // borrower accepted the lender's conditions): the `answered` fact is kept from the history.
  lending('new', { state: ['in_process'], answered: false }),
  lending('will-supply', { state: ['in_process'], answered: true }),
  lending('conditional', { state: ['conditional'] }),
  lending('cancel-requested', { state: ['cancel_pending'] }),
  // The lender's loan stays Shipped until Checked In; the borrower's Returned is a recorded fact.
  lending('shipped', { state: ['shipped'], returnRecorded: false }),
  lending('renewal-requested', { state: ['renew_pending'] }),
  lending('overdue', { state: ['shipped', 'renew_pending'], returnRecorded: false, dueBefore: 'today' }),
  lending('returned', { state: ['shipped', 'renew_pending'], returnRecorded: true }),
  lending('needs-attention', { attention: true }),
  // Answers, shipments and notes to the borrower not delivered yet (failing, given up, or held behind one).
  lending('undelivered-messages', { undelivered: true }),
];

export const BUILTIN_QUEUES: readonly QueueDefinition[] = [...BORROWING_QUEUES, ...LENDING_QUEUES];

/** Every built-in queue id, for the schemas. */
export const BUILTIN_QUEUE_IDS = BUILTIN_QUEUES.map((queue) => queue.id);

/** The built-in queue of an id, if any. */
export function builtinQueue(id: string): QueueDefinition | undefined {
  return BUILTIN_QUEUES.find((queue) => queue.id === id);
}
