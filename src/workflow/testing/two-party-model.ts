/**
 * A model of one borrower (requester) and one lender (responder) exchanging protocol messages through a
 * channel that can delay, reorder and repeat them. Used by the exhaustive exploration in the test suite.
 *
 * A global state holds both parties' snapshots, the messages in flight, the armed timers, the message
 * sequence numbers each party has applied (the idempotent receive layer: an exact repeat is ignored) and
 * where the item physically is (staff cannot record a receipt of an item never sent).
 */
import { decide, edgesFor, eventName, newResponderTransaction } from '../engine.ts';
import { ACTIONS } from '../actions.ts';
import type { ActionId } from '../actions.ts';
import type {
  AppliedTransition,
  BorrowingSnapshot,
  Decision,
  EventData,
  LendingSnapshot,
  Output,
  PartnerTerms,
  Target,
  TransactionFacts,
  WorkflowEvent,
} from '../model.ts';
import { isTransactionFinished, phaseOf } from '../states.ts';
import type { MessageType, TimerName } from '../vocabulary.ts';

/** A message on its way to a party. */
export interface InFlight {
  readonly to: 'requester' | 'responder';
  readonly message: MessageType;
  readonly sequence: number;
  readonly data: EventData;
  /** How many more times the channel may deliver a copy of this message. */
  readonly repeatsLeft: number;
  /** A copy of a message already delivered once: it may arrive at any later time. */
  readonly repeat: boolean;
}

/**
 * How the channel may reorder. `fifo`: first deliveries in each direction keep their send order (as
 * Interlend's outbox guarantees), the two directions interleave freely (messages cross), and a repeated
 * copy may arrive at any later time. `any`: any message in flight may arrive next.
 */
export type Ordering = 'fifo' | 'any';

export interface ArmedTimer {
  readonly party: 'request' | 'requester' | 'responder';
  readonly timer: TimerName;
}

/** What has physically happened to the item, which limits what staff can truthfully record. */
export interface ItemWhereabouts {
  readonly shipped: 'loan' | 'copy' | null;
  readonly returned: boolean;
}

export interface GlobalState {
  readonly borrower: BorrowingSnapshot;
  readonly lender: LendingSnapshot | null;
  readonly channel: readonly InFlight[];
  readonly timers: readonly ArmedTimer[];
  readonly appliedByRequester: readonly number[];
  readonly appliedByResponder: readonly number[];
  readonly item: ItemWhereabouts;
}

export interface ModelOptions {
  readonly ordering: Ordering;
  /** Actions left out of this exploration (each exploration states what it covers). */
  readonly without?: readonly ActionId[];
  /** How many extra copies of each message the channel may deliver. */
  readonly repeats: number;
  /** Most messages in flight in one direction; sends beyond it are not explored (a model bound). */
  readonly channelBound: number;
  /**
   * After each delivery, also hand the same message straight to the engine again, as if the receive
   * layer had not recognised the repeat, and report any state it changes.
   */
  readonly checkEngineRepeats?: boolean;
  /** The request-level actions explored; `MODEL_REQUEST_ACTIONS` when absent. */
  readonly requestActions?: readonly ActionId[];
  /** Timers that never fire in this exploration (each exploration says why). */
  readonly withoutTimers?: readonly TimerName[];
  /**
   * A lender that never answers: its staff take no action and its timers never fire, though its system
   * still receives what the borrower sends. Final states are then the borrower's alone (see `isFinal`).
   */
  readonly silentLender?: boolean;
}

function stateOf(snapshot: BorrowingSnapshot | LendingSnapshot): string {
  return snapshot.kind === 'lending'
    ? snapshot.transaction.state
    : `${snapshot.status}/${snapshot.rota.map((entry) => entry.transaction?.state ?? '-').join(',')}`;
}

function checkRepeat(
  snapshot: BorrowingSnapshot | LendingSnapshot,
  target: Target,
  event: WorkflowEvent,
  violations: Violation[],
): void {
  const again = decideOnce(snapshot, target, event);
  if (again.ok && stateOf(again.snapshot) !== stateOf(snapshot)) {
    violations.push({
      kind: 'repeat-changed-state',
      detail: `${stateOf(snapshot)} → ${stateOf(again.snapshot)} on a repeated ${event.trigger === 'message' ? event.message : ''}`,
    });
  }
}

export interface Step {
  readonly label: string;
  readonly next: GlobalState;
  readonly transitions: readonly AppliedTransition[];
}

/** An event the model refused although a real party could face it: each is a gap in the table. */
export interface Violation {
  readonly kind: 'message-refused' | 'repeat-changed-state';
  readonly detail: string;
}

export const NOW = new Date('2026-11-25T09:00:00Z');

/**
 * Decisions already taken, per party snapshot (by identity: snapshots are never modified, and one is
 * shared by every global state in which only the other party or the channel differs). The engine is a
 * pure function of snapshot, target, event and the fixed time, so a decision can be reused; this is
 * what keeps the whole model check within its minute.
 */
const DATA_IDS = new WeakMap<EventData, number>();
let nextDataId = 0;

/** A number for each data object; equal data in two objects only costs a second decision. */
function dataId(data: EventData): number {
  let id = DATA_IDS.get(data);
  if (id === undefined) {
    id = nextDataId++;
    DATA_IDS.set(data, id);
  }
  return id;
}

/** The event's name, and for an action who takes it: the same action by staff and by a patron differ. */
function eventKey(event: WorkflowEvent): string {
  return event.trigger === 'action' ? `${event.action}/${event.actor}` : eventName(event);
}

const DECISIONS = new WeakMap<BorrowingSnapshot | LendingSnapshot, Map<string, Decision>>();

function decideOnce(
  snapshot: BorrowingSnapshot | LendingSnapshot,
  target: Target,
  event: WorkflowEvent,
): Decision {
  let known = DECISIONS.get(snapshot);
  if (known === undefined) {
    known = new Map();
    DECISIONS.set(snapshot, known);
  }
  const key = `${target?.rotaIndex ?? '-'}|${event.trigger}|${eventKey(event)}|${'data' in event ? dataId(event.data) : ''}`;
  let decision = known.get(key);
  if (decision === undefined) {
    decision = decide(snapshot, target, event, { now: NOW });
    known.set(key, decision);
  }
  return decision;
}

const LENDER: PartnerTerms = {
  partnerId: 'LENDER',
  protocol: 'iso18626',
  undoAllowed: false,
  daysToRespond: 5,
};
const BORROWER: PartnerTerms = {
  partnerId: 'BORROWER',
  protocol: 'iso18626',
  undoAllowed: false,
  daysToRespond: 5,
};

/** A new request for a loan or a copy, with one lender on its rota and a need-before date. */
export function initialState(): GlobalState {
  return {
    borrower: {
      kind: 'borrowing',
      status: 'new',
      requestedServiceTypes: ['loan', 'copy'],
      canHold: 'yes',
      autoAdvance: true,
      needBefore: '2027-03-01',
      rota: [{ partner: LENDER, transaction: null }],
      completedAt: null,
      placedWithPartners: false,
      customStatus: null,
    },
    lender: null,
    channel: [],
    timers: [],
    appliedByRequester: [],
    appliedByResponder: [],
    item: { shipped: null, returned: false },
  };
}

/** The request-level actions explored. Bookkeeping actions that never change a state are left out. */
export const MODEL_REQUEST_ACTIONS: readonly ActionId[] = ['confirm', 'revert', 'terminate-request'];
export const MODEL_REQUESTER_ACTIONS: readonly ActionId[] = [
  'cancel',
  'conditional-reply-yes',
  'conditional-reply-no',
  'received',
  'renew',
  'returned',
  'lost',
  'damaged',
  'resend-last-message',
];
export const MODEL_RESPONDER_ACTIONS: readonly ActionId[] = [
  'answer-conditional',
  'answer-will-supply',
  'answer-hold',
  'answer-nonsupply',
  'answer-retry',
  'answer-locations-provided',
  'cancel-reply-yes',
  'cancel-reply-no',
  'change-current-service-type',
  'shipped',
  'overdue',
  'recall',
  'renew-reply-yes',
  'renew-reply-no',
  'checked-in',
  'lost',
  'damaged',
  'resend-last-message',
];

/**
 * The data of every event the model takes, each one object for good: decisions are reused by the
 * identity of the data they were taken on (see `decideOnce`).
 */
const DATA = {
  none: {},
  shippedLoan: { serviceType: 'loan', dueDate: '2027-01-31' },
  shippedCopy: { serviceType: 'copy' },
  loan: { serviceType: 'loan' },
  copy: { serviceType: 'copy' },
  conditions: { conditions: 'Library use only' },
  notHeld: { reason: 'NotHeld' },
  onLoan: { reason: 'OnLoan', estimatedDateAvailable: '2026-12-15' },
  locations: { locations: 'ILN-WEST' },
  renewed: { dueDate: '2027-02-28' },
  damage: { note: 'Water damage' },
} as const satisfies Record<string, EventData>;

/** The data of the request message, per need-before date. */
const REQUEST_DATA = new Map<string | null, EventData>();

function requestData(needBefore: string | null): EventData {
  let data = REQUEST_DATA.get(needBefore);
  if (data === undefined) {
    data = needBefore === null ? {} : { needBefore };
    REQUEST_DATA.set(needBefore, data);
  }
  return data;
}

/** Valid form data for each action, with the variants worth exploring (loan and copy). */
function variants(action: ActionId, state: GlobalState): readonly EventData[] {
  switch (action) {
    case 'shipped':
      return [DATA.shippedLoan, DATA.shippedCopy];
    case 'received':
      return state.item.shipped === null ? [] : [state.item.shipped === 'loan' ? DATA.loan : DATA.copy];
    case 'change-current-service-type':
      return [state.lender?.transaction.currentServiceType === 'loan' ? DATA.copy : DATA.loan];
    case 'answer-conditional':
      return [DATA.conditions];
    case 'answer-nonsupply':
      return [DATA.notHeld];
    case 'answer-retry':
      return [DATA.onLoan];
    case 'answer-locations-provided':
      return [DATA.locations];
    case 'renew-reply-yes':
      return [DATA.renewed];
    case 'damaged':
      return [DATA.damage];
    default:
      return [DATA.none];
  }
}

/** Staff record only what physically happened: a receipt needs a shipment, a check-in needs a return. */
function physicallyPossible(state: GlobalState, party: 'borrower' | 'lender', action: ActionId): boolean {
  if (party === 'lender' && action === 'checked-in') return state.item.returned;
  if (party === 'borrower' && action === 'received') return state.item.shipped !== null;
  return true;
}

function whereaboutsAfter(
  state: GlobalState,
  party: 'borrower' | 'lender',
  action: ActionId,
  data: EventData,
): ItemWhereabouts {
  if (party === 'lender' && action === 'shipped') return { ...state.item, shipped: data.serviceType ?? null };
  if (party === 'lender' && action === 'unshipped') return { ...state.item, shipped: null };
  if (party === 'borrower' && action === 'returned') return { ...state.item, returned: true };
  return state.item;
}

function txKey(tx: TransactionFacts | null, rank: (sequence: number) => string): string {
  if (tx === null) return '-';
  return [
    tx.state,
    tx.currentServiceType,
    tx.shippedServiceType ?? '',
    tx.shipmentRecorded ? 'S' : '',
    tx.receiptRecorded ? 'R' : '',
    tx.returnRecorded ? 'T' : '',
    tx.recalled ? 'C' : '',
    tx.dueDate ?? '',
    tx.conditions === null ? '' : 'K',
    tx.lastSent === null
      ? ''
      : `${tx.lastSent.message}@${tx.lastSent.stateAfter}#${rank(tx.lastSent.sequence)}`,
    tx.completedAt === null ? '' : 'done',
  ].join(',');
}

/**
 * A canonical key: equal keys mean states that behave alike. Sequence numbers only ever compare for
 * equality, so they are replaced by their rank among the numbers still relevant (in flight, or the last
 * message sent), which keeps the state space finite; counters no rule reads are left out.
 */
export function stateKey(state: GlobalState): string {
  const relevant = (direction: 'requester' | 'responder', last: number | undefined): number[] =>
    [
      ...new Set([
        ...state.channel.filter((m) => m.to === direction).map((m) => m.sequence),
        ...(last === undefined ? [] : [last]),
      ]),
    ].sort((a, b) => a - b);
  const borrowerTx = state.borrower.rota[0]?.transaction ?? null;
  const lenderTx = state.lender?.transaction ?? null;
  const toResponder = relevant('responder', borrowerTx?.lastSent?.sequence);
  const toRequester = relevant('requester', lenderTx?.lastSent?.sequence);
  const rankIn = (list: number[]) => (sequence: number) => String(list.indexOf(sequence));
  const applied = (list: readonly number[], relevantOnes: number[]) =>
    relevantOnes.map((sequence) => (list.includes(sequence) ? '1' : '0')).join('');
  const channel = state.channel.map((m) => {
    const rank = m.to === 'responder' ? rankIn(toResponder) : rankIn(toRequester);
    return `${m.to === 'responder' ? '>' : '<'}${m.message}#${rank(m.sequence)}${m.repeat ? 'r' : ''}${m.repeatsLeft}${m.data.dueDate ?? ''}${m.data.serviceType ?? ''}`;
  });
  return [
    state.borrower.status,
    state.borrower.completedAt === null ? '' : 'done',
    txKey(borrowerTx, rankIn(toResponder)),
    txKey(lenderTx, rankIn(toRequester)),
    channel.join(' '),
    state.timers
      .map((t) => `${t.party}:${t.timer}`)
      .sort()
      .join(' '),
    applied(state.appliedByResponder, toResponder),
    applied(state.appliedByRequester, toRequester),
    `${state.item.shipped ?? ''}${state.item.returned ? 'R' : ''}`,
  ].join('|');
}

function withOutputs(
  state: GlobalState,
  outputs: readonly Output[],
  from: 'borrower' | 'lender',
  options: ModelOptions,
): GlobalState | null {
  const channel = [...state.channel];
  let timers = [...state.timers];
  for (const output of outputs) {
    if (output.output === 'message') {
      const to = from === 'borrower' ? 'responder' : 'requester';
      const data = output.message === 'request' ? requestData(state.borrower.needBefore) : output.data;
      channel.push({
        to,
        message: output.message,
        sequence: output.sequence,
        data,
        repeatsLeft: options.repeats,
        repeat: false,
      });
      if (channel.filter((m) => m.to === to && !m.repeat).length > options.channelBound) return null;
    } else if (output.output === 'start-timer' || output.output === 'stop-timer') {
      const party = output.machine;
      timers = timers.filter((t) => !(t.party === party && t.timer === output.timer));
      if (output.output === 'start-timer') timers.push({ party, timer: output.timer });
    }
  }
  return { ...state, channel, timers };
}

/** Every event enabled in a global state, with the state it leads to. Refused messages are reported. */
export function successors(state: GlobalState, options: ModelOptions, violations: Violation[]): Step[] {
  const steps: Step[] = [];
  const borrowerTx = state.borrower.rota[0]?.transaction ?? null;

  // Labels are built only for the steps taken: most events have no edge from the current state.
  const act = (
    party: 'borrower' | 'lender',
    target: Target,
    event: WorkflowEvent,
    label: () => string,
    item: ItemWhereabouts,
  ): void => {
    const snapshot = party === 'borrower' ? state.borrower : state.lender;
    if (snapshot === null) return;
    // A cheap look at the table first: most events have no edge from the current state.
    const machine = party === 'lender' ? 'responder' : target === null ? 'request' : 'requester';
    const current =
      snapshot.kind === 'lending'
        ? snapshot.transaction.state
        : target === null
          ? snapshot.status
          : (snapshot.rota[target.rotaIndex]?.transaction?.state ?? 'idle');
    if (!edgesFor(machine, event).some((edge) => edge.from.includes(current))) return;
    const decision = decideOnce(snapshot, target, event);
    if (!decision.ok) return;
    const moved: GlobalState =
      party === 'borrower'
        ? { ...state, item, borrower: decision.snapshot as BorrowingSnapshot }
        : { ...state, item, lender: decision.snapshot as LendingSnapshot };
    const next = withOutputs(moved, decision.outputs, party, options);
    if (next !== null) steps.push({ label: label(), next, transitions: decision.transitions });
  };

  const actions = (party: 'borrower' | 'lender', target: Target, list: readonly ActionId[]): void => {
    for (const action of list) {
      if (options.without?.includes(action) === true) continue;
      if (!physicallyPossible(state, party, action)) continue;
      // Patrons take the one action staff cannot: asking for cancellation.
      const actor = ACTIONS[action].actors.includes('staff') ? 'staff' : 'patron';
      for (const data of variants(action, state)) {
        const event: WorkflowEvent = { trigger: 'action', action, actor, data };
        act(
          party,
          target,
          event,
          () => `${party} ${action} ${JSON.stringify(data)}`,
          whereaboutsAfter(state, party, action, data),
        );
      }
    }
  };

  actions('borrower', null, options.requestActions ?? MODEL_REQUEST_ACTIONS);
  if (borrowerTx !== null) actions('borrower', { rotaIndex: 0 }, MODEL_REQUESTER_ACTIONS);
  if (state.lender !== null && options.silentLender !== true)
    actions('lender', null, MODEL_RESPONDER_ACTIONS);
  for (const armed of state.timers) {
    if (options.withoutTimers?.includes(armed.timer) === true) continue;
    if (options.silentLender === true && armed.party === 'responder') continue;
    const event: WorkflowEvent = { trigger: 'timer', timer: armed.timer };
    const label = () => `${armed.party} timer ${armed.timer}`;
    if (armed.party === 'responder') act('lender', null, event, label, state.item);
    else act('borrower', armed.party === 'request' ? null : { rotaIndex: 0 }, event, label, state.item);
  }

  state.channel.forEach((inFlight, index) => {
    if (options.ordering === 'fifo' && !inFlight.repeat) {
      const earliest = state.channel.findIndex((other) => other.to === inFlight.to && !other.repeat);
      if (earliest !== index) return;
    }
    const remaining = state.channel.filter((_, i) => i !== index);
    const channel =
      inFlight.repeatsLeft > 0
        ? [...remaining, { ...inFlight, repeatsLeft: inFlight.repeatsLeft - 1, repeat: true }]
        : remaining;
    const label = `deliver ${inFlight.message}#${inFlight.sequence} to ${inFlight.to}`;
    const toRequester = inFlight.to === 'requester';
    const applied = toRequester ? state.appliedByRequester : state.appliedByResponder;
    if (applied.includes(inFlight.sequence)) {
      steps.push({ label: `${label} (a repeat: ignored)`, next: { ...state, channel }, transitions: [] });
      return;
    }
    const event: WorkflowEvent = { trigger: 'message', message: inFlight.message, data: inFlight.data };
    const appliedAfter = [...applied, inFlight.sequence].sort((a, b) => a - b);
    if (toRequester) {
      const decision = decideOnce(state.borrower, { rotaIndex: 0 }, event);
      if (!decision.ok) {
        violations.push({
          kind: 'message-refused',
          detail: `borrower at ${borrowerTx?.state ?? 'none'} refused ${inFlight.message}: ${decision.refusal.rule}`,
        });
        // The sender gets an error confirmation; the message is gone and nothing changed.
        steps.push({ label: `${label} (refused)`, next: { ...state, channel }, transitions: [] });
        return;
      }
      if (options.checkEngineRepeats === true)
        checkRepeat(decision.snapshot, { rotaIndex: 0 }, event, violations);
      const moved = {
        ...state,
        channel,
        borrower: decision.snapshot as BorrowingSnapshot,
        appliedByRequester: appliedAfter,
      };
      const next = withOutputs(moved, decision.outputs, 'borrower', options);
      if (next !== null) steps.push({ label, next, transitions: decision.transitions });
      return;
    }
    const lender: LendingSnapshot =
      state.lender ??
      ({
        kind: 'lending',
        transaction: newResponderTransaction(BORROWER, {
          requestedServiceTypes: state.borrower.requestedServiceTypes,
          canHold: state.borrower.canHold,
        }),
        customStatus: null,
      } satisfies LendingSnapshot);
    const decision = decideOnce(lender, null, event);
    if (!decision.ok) {
      violations.push({
        kind: 'message-refused',
        detail: `lender at ${lender.transaction.state} refused ${inFlight.message}: ${decision.refusal.rule}`,
      });
      steps.push({ label: `${label} (refused)`, next: { ...state, channel }, transitions: [] });
      return;
    }
    if (options.checkEngineRepeats === true) checkRepeat(decision.snapshot, null, event, violations);
    const moved = {
      ...state,
      channel,
      lender: decision.snapshot as LendingSnapshot,
      appliedByResponder: appliedAfter,
    };
    const next = withOutputs(moved, decision.outputs, 'lender', options);
    if (next !== null) steps.push({ label, next, transitions: decision.transitions });
  });
  return steps;
}

function requestSettled(request: BorrowingSnapshot): boolean {
  return ['completed', 'terminated', 'end_of_rota', 'reverted', 'deleted'].includes(request.status);
}

/**
 * Nothing is in flight and both parties' transactions have ended (or never started). With a silent
 * lender, whose transaction may never end, the borrower's alone: nothing is on its way to the borrower,
 * its transaction has ended and its request has settled.
 */
export function isFinal(state: GlobalState, options?: Pick<ModelOptions, 'silentLender'>): boolean {
  if (options?.silentLender === true) {
    const tx = state.borrower.rota[0]?.transaction ?? null;
    return (
      !state.channel.some((message) => message.to === 'requester') &&
      requestSettled(state.borrower) &&
      (tx === null || isTransactionFinished('requester', tx.state, tx.shippedServiceType))
    );
  }
  if (state.channel.length > 0) return false;
  const tx = state.borrower.rota[0]?.transaction ?? null;
  if (tx === null) return state.lender === null && requestSettled(state.borrower);
  if (state.lender === null) return false;
  const lenderTx = state.lender.transaction;
  return (
    isTransactionFinished('requester', tx.state, tx.shippedServiceType) &&
    isTransactionFinished('responder', lenderTx.state, lenderTx.shippedServiceType)
  );
}

/** Whether two finished parties agree on how their transaction ended. */
export function partiesAgree(state: GlobalState): boolean {
  const tx = state.borrower.rota[0]?.transaction ?? null;
  if (tx === null) return state.lender === null;
  const lenderTx = state.lender?.transaction;
  if (lenderTx === undefined) return false;
  const mine = phaseOf('requester', tx.state);
  const theirs = phaseOf('responder', lenderTx.state);
  if (mine === 'ended-without-supply' && theirs === 'ended-without-supply') return true;
  if (tx.state === 'checked_in' && lenderTx.state === 'checked_in') return true;
  if (tx.state === 'lost' && lenderTx.state === 'lost') return true;
  return (
    tx.state === 'received' &&
    tx.shippedServiceType === 'copy' &&
    lenderTx.state === 'shipped' &&
    lenderTx.shippedServiceType === 'copy'
  );
}
