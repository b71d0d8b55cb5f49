/**
 * Where each generated request is in its life, and the history that brought it there: the states of
 * the engine (`src/workflow/states.ts`) along the edges of its transition table, weighted as a busy
 * consortium's requests spread over them. Borrowing and lending, loans and copies, open and completed
 * requests each have their own mix. Pure data.
 */
import { TRANSITIONS } from '../src/workflow/transitions.ts';
import type { Edge } from '../src/workflow/transitions.ts';

type Machine = 'request' | 'requester' | 'responder';
type EventKind = 'create' | 'action' | 'message' | 'rota' | 'outcome';
type ActorKind = 'staff' | 'patron' | 'partner' | 'system';

/** One history row: an edge of one machine, on the transaction at `position` (null: the request). */
export interface Step {
  readonly machine: Machine;
  readonly kind: EventKind;
  readonly name: string;
  readonly from: string;
  readonly to: string;
  readonly actor: ActorKind;
  readonly position: number | null;
}

/** A place in the life of a request, with its weight among requests of its kind. */
export interface Scenario {
  readonly name: string;
  readonly role: 'borrowing' | 'lending';
  readonly service: 'loan' | 'copy';
  readonly open: boolean;
  readonly weight: number;
  /** The borrowing request's status (null for lending requests). */
  readonly status: string | null;
  /** The state of the transaction at each rota position, in order; the last is the current one. */
  readonly states: readonly string[];
  readonly receiptRecorded?: boolean;
  readonly returnRecorded?: boolean;
  /** The lender answered Will Supply (lending requests). */
  readonly answered?: boolean;
  /** The current transaction's due date has passed (overdue loans). */
  readonly overdue?: boolean;
  readonly steps: readonly Step[];
}

const step =
  (machine: Machine, kind: EventKind, actor: ActorKind) =>
  (
    name: string,
    from: string,
    to: string,
    position: number | null = machine === 'request' ? null : 0,
  ): Step => ({
    machine,
    kind,
    name,
    from,
    to,
    actor,
    position,
  });

const request = {
  create: step('request', 'create', 'staff')('create', 'new', 'new'),
  confirm: step('request', 'action', 'staff')('confirm', 'new', 'requested'),
  cancellation: step('request', 'action', 'patron')('request-cancellation', 'new', 'cancellation_requested'),
  endOfRota: step('request', 'outcome', 'system')('ended-without-supply', 'requested', 'end_of_rota'),
  terminate: step('request', 'action', 'staff')('terminate-request', 'requested', 'terminated'),
  complete: (from: string) => step('request', 'action', 'staff')('complete', from, 'completed'),
};
const requesterMessage = step('requester', 'message', 'partner');
const requesterAction = step('requester', 'action', 'staff');
const requester = (position: number) => ({
  send: step('requester', 'rota', 'system')('send-to-supplier', 'idle', 'pending', position),
  willSupply: requesterMessage('answer-will-supply', 'pending', 'pending', position),
  conditional: requesterMessage('answer-conditional', 'pending', 'conditional', position),
  cancel: requesterAction('cancel', 'pending', 'cancel_pending', position),
  cancelled: requesterMessage('cancel-reply-yes', 'cancel_pending', 'cancelled', position),
  unfilled: requesterMessage('answer-unfilled', 'pending', 'not_supplied', position),
  shipped: requesterMessage('shipped', 'pending', 'shipped', position),
  received: requesterAction('received', 'shipped', 'received', position),
  renew: requesterAction('renew', 'received', 'renew_pending', position),
  overdue: requesterMessage('overdue', 'received', 'overdue', position),
  recall: requesterMessage('recall', 'received', 'recall', position),
  returned: requesterAction('returned', 'received', 'returned', position),
  checkedIn: requesterMessage('checked-in', 'returned', 'checked_in', position),
});
const first = requester(0);
const second = requester(1);
const placed = [request.create, request.confirm, first.send];
const loanToReceipt = [...placed, first.willSupply, first.shipped, first.received];

const responderMessage = step('responder', 'message', 'partner');
const responderAction = step('responder', 'action', 'staff');
const lender = {
  request: responderMessage('request', 'idle', 'in_process'),
  willSupply: responderAction('answer-will-supply', 'in_process', 'in_process'),
  conditional: responderAction('answer-conditional', 'in_process', 'conditional'),
  cancel: responderMessage('cancel', 'in_process', 'cancel_pending'),
  cancelled: responderAction('cancel-reply-yes', 'cancel_pending', 'cancelled'),
  nonsupply: responderAction('answer-nonsupply', 'in_process', 'not_supplied'),
  shipped: responderAction('shipped', 'in_process', 'shipped'),
  received: responderMessage('received', 'shipped', 'shipped'),
  renew: responderMessage('renew', 'shipped', 'renew_pending'),
  returned: responderMessage('returned', 'shipped', 'shipped'),
  checkedIn: responderAction('checked-in', 'shipped', 'checked_in'),
};
const shippedLoan = [lender.request, lender.willSupply, lender.shipped];

type Mix = Omit<Scenario, 'role' | 'service' | 'open'>;
const mix = (role: Scenario['role'], service: Scenario['service'], open: boolean, scenarios: Mix[]) =>
  scenarios.map((scenario): Scenario => ({ ...scenario, role, service, open }));

const borrowingNew: Mix = { name: 'new', weight: 0, status: 'new', states: [], steps: [request.create] };
const borrowingShared = {
  pending: { name: 'pending', weight: 0, status: 'requested', states: ['pending'], steps: placed },
  conditional: {
    name: 'conditional',
    weight: 0,
    status: 'requested',
    states: ['conditional'],
    steps: [...placed, first.conditional],
  },
  cancelPending: {
    name: 'cancel-pending',
    weight: 0,
    status: 'requested',
    states: ['cancel_pending'],
    steps: [...placed, first.cancel],
  },
  secondSupplier: {
    name: 'second-supplier',
    weight: 0,
    status: 'requested',
    states: ['not_supplied', 'pending'],
    steps: [...placed, first.unfilled, second.send],
  },
  endOfRota: {
    name: 'end-of-rota',
    weight: 0,
    status: 'end_of_rota',
    states: ['not_supplied'],
    steps: [...placed, first.unfilled, request.endOfRota],
  },
  cancellationRequested: {
    name: 'cancellation-requested',
    weight: 0,
    status: 'cancellation_requested',
    states: [],
    steps: [request.create, request.cancellation],
  },
  unfilled: {
    name: 'unfilled',
    weight: 0,
    status: 'completed',
    states: ['not_supplied'],
    steps: [...placed, first.unfilled, request.endOfRota, request.complete('end_of_rota')],
  },
  cancelled: {
    name: 'cancelled',
    weight: 0,
    status: 'completed',
    states: ['cancelled'],
    steps: [...placed, first.cancel, first.cancelled, request.complete('requested')],
  },
} satisfies Record<string, Mix>;
const w = (scenario: Mix, weight: number): Mix => ({ ...scenario, weight });

/** Every scenario; weights are relative within one (role, service, open) group. */
export const SCENARIOS: readonly Scenario[] = [
  ...mix('borrowing', 'loan', true, [
    w(borrowingNew, 8),
    w(borrowingShared.pending, 14),
    {
      name: 'will-supply',
      weight: 8,
      status: 'requested',
      states: ['pending'],
      steps: [...placed, first.willSupply],
    },
    w(borrowingShared.conditional, 3),
    w(borrowingShared.cancelPending, 1),
    {
      name: 'shipped',
      weight: 12,
      status: 'requested',
      states: ['shipped'],
      steps: [...placed, first.willSupply, first.shipped],
    },
    {
      name: 'received',
      weight: 22,
      status: 'requested',
      states: ['received'],
      receiptRecorded: true,
      steps: loanToReceipt,
    },
    {
      name: 'renew-pending',
      weight: 3,
      status: 'requested',
      states: ['renew_pending'],
      receiptRecorded: true,
      steps: [...loanToReceipt, first.renew],
    },
    {
      name: 'overdue',
      weight: 5,
      status: 'requested',
      states: ['overdue'],
      receiptRecorded: true,
      overdue: true,
      steps: [...loanToReceipt, first.overdue],
    },
    {
      name: 'recall',
      weight: 1,
      status: 'requested',
      states: ['recall'],
      receiptRecorded: true,
      steps: [...loanToReceipt, first.recall],
    },
    {
      name: 'returned',
      weight: 9,
      status: 'requested',
      states: ['returned'],
      receiptRecorded: true,
      returnRecorded: true,
      steps: [...loanToReceipt, first.returned],
    },
    w(borrowingShared.secondSupplier, 7),
    w(borrowingShared.endOfRota, 3),
    w(borrowingShared.cancellationRequested, 1),
    {
      name: 'terminated',
      weight: 1,
      status: 'terminated',
      states: ['cancelled'],
      steps: [...placed, first.cancel, first.cancelled, request.terminate],
    },
  ]),
  ...mix('borrowing', 'loan', false, [
    {
      name: 'checked-in',
      weight: 75,
      status: 'completed',
      states: ['checked_in'],
      receiptRecorded: true,
      returnRecorded: true,
      steps: [...loanToReceipt, first.returned, first.checkedIn, request.complete('requested')],
    },
    {
      name: 'checked-in-second',
      weight: 10,
      status: 'completed',
      states: ['not_supplied', 'checked_in'],
      receiptRecorded: true,
      returnRecorded: true,
      steps: [
        ...placed,
        first.unfilled,
        second.send,
        second.shipped,
        second.received,
        second.returned,
        second.checkedIn,
        request.complete('requested'),
      ],
    },
    w(borrowingShared.unfilled, 10),
    w(borrowingShared.cancelled, 5),
  ]),
  ...mix('borrowing', 'copy', true, [
    w(borrowingNew, 10),
    w(borrowingShared.pending, 40),
    w(borrowingShared.conditional, 4),
    w(borrowingShared.cancelPending, 3),
    {
      name: 'shipped',
      weight: 20,
      status: 'requested',
      states: ['shipped'],
      steps: [...placed, first.shipped],
    },
    w(borrowingShared.secondSupplier, 10),
    w(borrowingShared.endOfRota, 8),
    w(borrowingShared.cancellationRequested, 2),
  ]),
  ...mix('borrowing', 'copy', false, [
    {
      name: 'received',
      weight: 78,
      status: 'completed',
      states: ['received'],
      receiptRecorded: true,
      steps: [...placed, first.shipped, first.received, request.complete('requested')],
    },
    w(borrowingShared.unfilled, 15),
    w(borrowingShared.cancelled, 7),
  ]),
  ...mix('lending', 'loan', true, [
    { name: 'new', weight: 25, status: null, states: ['in_process'], steps: [lender.request] },
    {
      name: 'will-supply',
      weight: 15,
      status: null,
      states: ['in_process'],
      answered: true,
      steps: [lender.request, lender.willSupply],
    },
    {
      name: 'conditional',
      weight: 3,
      status: null,
      states: ['conditional'],
      steps: [lender.request, lender.conditional],
    },
    {
      name: 'cancel-requested',
      weight: 2,
      status: null,
      states: ['cancel_pending'],
      steps: [lender.request, lender.cancel],
    },
    { name: 'shipped', weight: 30, status: null, states: ['shipped'], answered: true, steps: shippedLoan },
    {
      name: 'received',
      weight: 15,
      status: null,
      states: ['shipped'],
      answered: true,
      receiptRecorded: true,
      steps: [...shippedLoan, lender.received],
    },
    {
      name: 'renewal-requested',
      weight: 3,
      status: null,
      states: ['renew_pending'],
      answered: true,
      receiptRecorded: true,
      steps: [...shippedLoan, lender.received, lender.renew],
    },
    {
      name: 'returned',
      weight: 7,
      status: null,
      states: ['shipped'],
      answered: true,
      receiptRecorded: true,
      returnRecorded: true,
      steps: [...shippedLoan, lender.received, lender.returned],
    },
  ]),
  ...mix('lending', 'loan', false, [
    {
      name: 'checked-in',
      weight: 70,
      status: null,
      states: ['checked_in'],
      answered: true,
      receiptRecorded: true,
      returnRecorded: true,
      steps: [...shippedLoan, lender.received, lender.returned, lender.checkedIn],
    },
    {
      name: 'not-supplied',
      weight: 25,
      status: null,
      states: ['not_supplied'],
      steps: [lender.request, lender.nonsupply],
    },
    {
      name: 'cancelled',
      weight: 5,
      status: null,
      states: ['cancelled'],
      steps: [lender.request, lender.cancel, lender.cancelled],
    },
  ]),
  ...mix('lending', 'copy', true, [
    { name: 'new', weight: 45, status: null, states: ['in_process'], steps: [lender.request] },
    {
      name: 'will-supply',
      weight: 40,
      status: null,
      states: ['in_process'],
      answered: true,
      steps: [lender.request, lender.willSupply],
    },
    {
      name: 'conditional',
      weight: 10,
      status: null,
      states: ['conditional'],
      steps: [lender.request, lender.conditional],
    },
    {
      name: 'cancel-requested',
      weight: 5,
      status: null,
      states: ['cancel_pending'],
      steps: [lender.request, lender.cancel],
    },
  ]),
  ...mix('lending', 'copy', false, [
    { name: 'shipped', weight: 70, status: null, states: ['shipped'], answered: true, steps: shippedLoan },
    {
      name: 'not-supplied',
      weight: 25,
      status: null,
      states: ['not_supplied'],
      steps: [lender.request, lender.nonsupply],
    },
    {
      name: 'cancelled',
      weight: 5,
      status: null,
      states: ['cancelled'],
      steps: [lender.request, lender.cancel, lender.cancelled],
    },
  ]),
];

/** A scenario with its share of its group as a half-open interval of [0, 1), for drawing one at random. */
export interface WeightedScenario extends Scenario {
  readonly id: number;
  readonly from: number;
  readonly to: number;
}

/** Each scenario's interval of [0, 1) within its (role, service, open) group, in list order. */
export function weightedScenarios(scenarios: readonly Scenario[] = SCENARIOS): WeightedScenario[] {
  const key = (scenario: Scenario) => `${scenario.role}/${scenario.service}/${scenario.open}`;
  const totals = new Map<string, number>();
  for (const scenario of scenarios)
    totals.set(key(scenario), (totals.get(key(scenario)) ?? 0) + scenario.weight);
  const reached = new Map<string, number>();
  return scenarios.map((scenario, index) => {
    const total = totals.get(key(scenario)) as number;
    const from = (reached.get(key(scenario)) ?? 0) / total;
    reached.set(key(scenario), (reached.get(key(scenario)) ?? 0) + scenario.weight);
    const to = (reached.get(key(scenario)) as number) / total;
    return { ...scenario, id: index + 1, from, to: to > 0.999999 ? 1.000001 : to };
  });
}

/**
 * The id of the transition-table edge a step follows, as the write path records it in the history;
 * `request/create` for the creation, which is no edge.
 *
 * @throws Error when the table has no such edge (the scenarios and the table disagree)
 */
export function edgeIdOf(step: Step, edges: readonly Edge[] = TRANSITIONS): string {
  if (step.kind === 'create') return 'request/create';
  const edge = edges.find((candidate) => {
    if (candidate.machine !== step.machine) return false;
    if (!(candidate.from as readonly string[]).includes(step.from)) return false;
    const on = candidate.on as Record<string, string>;
    if (on[step.kind] !== step.name) return false;
    return 'to' in candidate ? candidate.to === step.to : step.from === step.to;
  });
  if (edge === undefined) {
    throw new Error(`no edge ${step.machine}/${step.from}/${step.kind}:${step.name} → ${step.to}`);
  }
  return edge.id;
}
