/**
 * The workflow engine: a pure function from (snapshot, target, event, context) to a decision — the new
 * snapshot, the edges applied (for the history) and the outputs (messages, timers, notices) — or a
 * refusal naming the rule that refused the event. No I/O happens here.
 */
import { ACTIONS, actionName } from './actions.ts';
import type { ActionDefinition } from './actions.ts';
import { EFFECTS } from './effects.ts';
import type { Cascade, EffectInput } from './effects.ts';
import { GUARDS } from './guards.ts';
import type { GuardName } from './guards.ts';
import type {
  AppliedTransition,
  BorrowingSnapshot,
  Decision,
  DecisionContext,
  EventData,
  Output,
  PartnerTerms,
  Refusal,
  Target,
  TransactionFacts,
  WorkflowEvent,
  WorkflowSnapshot,
} from './model.ts';
import { phaseOf } from './states.ts';
import { TRANSITIONS } from './transitions.ts';
import type { Edge } from './transitions.ts';
import { validateActionData } from './action-data.ts';
import { customStatusProblems, statusUnderCustomStatus } from './custom-status.ts';
import type { AnyState, Machine, TransactionOutcome, TransactionState } from './vocabulary.ts';

/** Cascades (rota sends, withdrawals) never nest deeper than this; deeper means a defect in the table. */
const MAX_CASCADE_DEPTH = 8;

/**
 * An event's name within its trigger (the action, message, timer, outcome, command or local action),
 * as edges are looked up by and history rows record it.
 */
export function eventName(event: WorkflowEvent): string {
  switch (event.trigger) {
    case 'action':
      return event.action;
    case 'message':
      return event.message;
    case 'timer':
      return event.timer;
    case 'outcome':
      return event.outcome;
    case 'rota':
      return event.command;
    case 'local-action':
      return event.localActionId;
  }
}

function edgeEvent(edge: Edge): { trigger: WorkflowEvent['trigger']; name: string } {
  const on = edge.on;
  if ('action' in on) return { trigger: 'action', name: on.action };
  if ('message' in on) return { trigger: 'message', name: on.message };
  if ('timer' in on) return { trigger: 'timer', name: on.timer };
  if ('outcome' in on) return { trigger: 'outcome', name: on.outcome };
  return { trigger: 'rota', name: on.rota };
}

/** Edges by machine, trigger and event name: nested maps, so that a look-up builds no string. */
const EDGE_INDEX: ReadonlyMap<Machine, ReadonlyMap<string, ReadonlyMap<string, readonly Edge[]>>> = (() => {
  const index = new Map<Machine, Map<string, Map<string, Edge[]>>>();
  for (const edge of TRANSITIONS) {
    const { trigger, name } = edgeEvent(edge);
    const byTrigger = index.get(edge.machine) ?? new Map<string, Map<string, Edge[]>>();
    const byName = byTrigger.get(trigger) ?? new Map<string, Edge[]>();
    byName.set(name, [...(byName.get(name) ?? []), edge]);
    byTrigger.set(trigger, byName);
    index.set(edge.machine, byTrigger);
  }
  return index;
})();

/** The edges of a machine that react to an event, whatever the state. */
export function edgesFor(machine: Machine, event: WorkflowEvent): readonly Edge[] {
  return EDGE_INDEX.get(machine)?.get(event.trigger)?.get(eventName(event)) ?? [];
}

/** Where an event lands: which machine, in which state, and the transaction if any. */
interface Position {
  readonly machine: Machine;
  readonly rotaIndex: number | null;
  readonly state: AnyState;
  readonly transaction: TransactionFacts | null;
}

function locate(snapshot: WorkflowSnapshot, target: Target): Position | Refusal {
  if (snapshot.kind === 'lending') {
    return {
      machine: 'responder',
      rotaIndex: null,
      state: snapshot.transaction.state,
      transaction: snapshot.transaction,
    };
  }
  if (target === null)
    return { machine: 'request', rotaIndex: null, state: snapshot.status, transaction: null };
  const transaction = snapshot.rota[target.rotaIndex]?.transaction ?? null;
  if (transaction === null) {
    return {
      code: 'no_such_transaction',
      rule: 'target',
      message: `The request has no transaction at rota position ${target.rotaIndex}.`,
    };
  }
  return { machine: 'requester', rotaIndex: target.rotaIndex, state: transaction.state, transaction };
}

function isRefusal(value: Position | Refusal): value is Refusal {
  return 'code' in value;
}

function describe(event: WorkflowEvent): string {
  switch (event.trigger) {
    case 'action':
      return actionName(ACTIONS[event.action]);
    case 'message':
      return `the ${event.message} message`;
    case 'timer':
      return `the ${event.timer} timer`;
    case 'outcome':
      return `the transaction outcome ${event.outcome}`;
    case 'rota':
      return `the rota command ${event.command}`;
    case 'local-action':
      return `the local action ${event.localActionId}`;
  }
}

function failingGuard(edge: Edge, position: Position, snapshot: WorkflowSnapshot): GuardName | null {
  for (const guard of edge.guards ?? []) {
    if (!GUARDS[guard].test({ snapshot, transaction: position.transaction })) return guard;
  }
  return null;
}

function partyAllows(action: ActionDefinition, machine: Machine): boolean {
  if (action.party === 'both') return true;
  return action.party === 'requester' ? machine !== 'responder' : machine === 'responder';
}

/**
 * Find the one edge that applies, or the refusal that explains why none does. Field values are not
 * looked at here: availability depends only on the snapshot.
 */
export function matchEdge(
  snapshot: WorkflowSnapshot,
  target: Target,
  event: WorkflowEvent,
): { edge: Edge; position: Position } | { refusal: Refusal } {
  const located = locate(snapshot, target);
  if (isRefusal(located)) return { refusal: located };
  const position = located;
  const what = describe(event);

  if (event.trigger === 'action' && !partyAllows(ACTIONS[event.action], position.machine)) {
    return {
      refusal: {
        code: 'wrong_party',
        rule: `party:${ACTIONS[event.action].party}`,
        message: `${what} is an action of the ${ACTIONS[event.action].party}, not of the ${position.machine === 'responder' ? 'lender' : 'borrower'}.`,
      },
    };
  }

  let candidates = edgesFor(position.machine, event).filter((edge) => edge.from.includes(position.state));
  if (candidates.length === 0) {
    const rule =
      event.trigger === 'message' ? 'G2 state-transition-prohibited' : 'G1 not valid in this state';
    return {
      refusal: {
        code: 'not_allowed_in_state',
        rule,
        message: `${what} is not allowed when the ${position.machine} is ${position.state}.`,
      },
    };
  }

  if (event.trigger === 'action') {
    const byActor = candidates.filter((edge) =>
      (edge.actors ?? ACTIONS[event.action].actors).includes(event.actor),
    );
    if (byActor.length === 0) {
      return {
        refusal: {
          code: 'actor_not_allowed',
          rule: `actors:${(candidates[0]?.actors ?? ACTIONS[event.action].actors).join('|')}`,
          message: `${what} cannot be performed by ${event.actor === 'patron' ? 'a patron' : event.actor} here.`,
        },
      };
    }
    candidates = byActor;
  }

  const partner: PartnerTerms | null = position.transaction?.partner ?? null;
  const byProtocol = candidates.filter(
    (edge) => edge.protocols === undefined || (partner !== null && edge.protocols.includes(partner.protocol)),
  );
  if (byProtocol.length === 0) {
    const allowed = [...new Set(candidates.flatMap((edge) => edge.protocols ?? []))];
    return {
      refusal: {
        code: 'protocol_not_supported',
        rule: `protocols:${allowed.join('|')}`,
        message: `${what} is only for ${allowed.join(' or ')} partners; this partner uses ${partner?.protocol ?? 'no protocol'}.`,
      },
    };
  }
  candidates = byProtocol;

  const shipped = position.transaction?.shippedServiceType ?? null;
  const byService = candidates.filter(
    (edge) => edge.serviceTypes === undefined || (shipped !== null && edge.serviceTypes.includes(shipped)),
  );
  if (byService.length === 0) {
    return {
      refusal: {
        code: 'guard_failed',
        rule: 'loan-only',
        message: `${what} is only available when the shipped service type is Loan.`,
      },
    };
  }
  candidates = byService;

  const passing = candidates.filter((edge) => failingGuard(edge, position, snapshot) === null);
  if (passing.length === 0) {
    const first = candidates[0] as Edge;
    const guard = failingGuard(first, position, snapshot) as GuardName;
    return { refusal: { code: 'guard_failed', rule: guard, message: GUARDS[guard].rule } };
  }
  if (passing.length > 1) {
    throw new Error(`Ambiguous transition table: ${passing.map((edge) => edge.id).join(', ')}`);
  }
  return { edge: passing[0] as Edge, position };
}

/** A fresh borrower's transaction with a rota location, before the request is sent to it. */
export function newRequesterTransaction(request: BorrowingSnapshot, partner: PartnerTerms): TransactionFacts {
  return {
    role: 'requester',
    state: 'idle',
    partner,
    requestedServiceTypes: request.requestedServiceTypes,
    currentServiceType: request.requestedServiceTypes[0] ?? 'loan',
    shippedServiceType: null,
    canHold: request.canHold,
    dueDate: null,
    shipmentRecorded: false,
    receiptRecorded: false,
    returnRecorded: false,
    recalled: false,
    overdueNotices: 0,
    conditions: null,
    replyBy: null,
    cost: null,
    lastSent: null,
    sentCount: 0,
    completedAt: null,
  };
}

/** A fresh lender's transaction for an incoming request, before the request message is applied. */
export function newResponderTransaction(
  partner: PartnerTerms,
  terms: {
    requestedServiceTypes: TransactionFacts['requestedServiceTypes'];
    canHold: TransactionFacts['canHold'];
  },
): TransactionFacts {
  return {
    role: 'responder',
    state: 'idle',
    partner,
    requestedServiceTypes: terms.requestedServiceTypes,
    currentServiceType: terms.requestedServiceTypes[0] ?? 'loan',
    shippedServiceType: null,
    canHold: terms.canHold,
    dueDate: null,
    shipmentRecorded: false,
    receiptRecorded: false,
    returnRecorded: false,
    recalled: false,
    overdueNotices: 0,
    conditions: null,
    replyBy: null,
    cost: null,
    lastSent: null,
    sentCount: 0,
    completedAt: null,
  };
}

/** The mutable working copy of one decision. The input snapshot is never modified. */
interface Work {
  snapshot: WorkflowSnapshot;
  readonly transitions: AppliedTransition[];
  readonly outputs: Output[];
  readonly context: DecisionContext;
}

function getTransaction(work: Work, rotaIndex: number | null): TransactionFacts | null {
  if (work.snapshot.kind === 'lending') return work.snapshot.transaction;
  if (rotaIndex === null) return null;
  return work.snapshot.rota[rotaIndex]?.transaction ?? null;
}

function patchTransaction(work: Work, rotaIndex: number | null, patch: Partial<TransactionFacts>): void {
  const snapshot = work.snapshot;
  if (snapshot.kind === 'lending') {
    work.snapshot = { ...snapshot, transaction: { ...snapshot.transaction, ...patch } };
    return;
  }
  if (rotaIndex === null) throw new Error('A transaction patch needs a rota position');
  const current = snapshot.rota[rotaIndex]?.transaction ?? null;
  if (current === null) throw new Error(`No transaction at rota position ${rotaIndex}`);
  const rota = snapshot.rota.map((item, index) =>
    index === rotaIndex ? { ...item, transaction: { ...current, ...patch } } : item,
  );
  work.snapshot = { ...snapshot, rota };
}

function outcomeOf(from: TransactionState, to: TransactionState): TransactionOutcome | null {
  const before = phaseOf('requester', from);
  const after = phaseOf('requester', to);
  if (before !== 'ended-without-supply' && after === 'ended-without-supply') return 'ended-without-supply';
  if (before === 'awaiting-supply' && (after === 'supplied' || after === 'closed')) return 'supplied';
  if (from === 'cancel_pending' && to === 'pending') return 'cancel-refused';
  return null;
}

function eventData(event: WorkflowEvent): EventData {
  return 'data' in event ? event.data : {};
}

function applyEvent(work: Work, target: Target, event: WorkflowEvent, depth: number): Refusal | null {
  if (depth > MAX_CASCADE_DEPTH) throw new Error('Workflow cascade too deep: the transition table loops');
  const match = matchEdge(work.snapshot, target, event);
  if ('refusal' in match) return match.refusal;
  const { edge, position } = match;

  if (event.trigger === 'action') {
    const problems = {
      ...validateActionData(event.action, event.data, position.transaction),
      ...customStatusProblems(event, work.context),
    };
    if (Object.keys(problems).length > 0) {
      return {
        code: 'invalid_fields',
        rule: `fields:${event.action}`,
        message: `Some fields of ${describe(event)} are missing or invalid.`,
        fields: problems,
      };
    }
  }

  const from = position.state;
  const to: AnyState = 'to' in edge ? edge.to : from;
  const rotaIndex = position.rotaIndex;
  if (position.machine === 'request') {
    work.snapshot = { ...(work.snapshot as BorrowingSnapshot), status: to as BorrowingSnapshot['status'] };
  } else {
    patchTransaction(work, rotaIndex, { state: to as TransactionState });
  }
  work.transitions.push({ machine: position.machine, rotaIndex, edgeId: edge.id, event, from, to });

  const data = eventData(event);
  const cascades: Cascade[] = [];
  for (const name of edge.effects ?? []) {
    const input: EffectInput = {
      snapshot: work.snapshot,
      machine: position.machine,
      rotaIndex,
      transaction: getTransaction(work, rotaIndex),
      event,
      data,
      now: work.context.now,
    };
    const result = EFFECTS[name].apply(input);
    if (result.transactionPatch) patchTransaction(work, rotaIndex, result.transactionPatch);
    if (result.customStatus !== undefined)
      work.snapshot = { ...work.snapshot, customStatus: result.customStatus };
    if (result.requestPatch)
      work.snapshot = { ...(work.snapshot as BorrowingSnapshot), ...result.requestPatch };
    work.outputs.push(...(result.outputs ?? []));
    cascades.push(...(result.cascades ?? []));
  }

  if (edge.sends !== undefined) {
    const tx = getTransaction(work, rotaIndex);
    if (tx === null) throw new Error(`Edge ${edge.id} sends a message but has no transaction`);
    if (tx.partner.protocol !== 'manual') {
      const sequence = tx.sentCount + 1;
      work.outputs.push({
        output: 'message',
        rotaIndex,
        partner: tx.partner,
        message: edge.sends,
        sequence,
        resend: false,
        data,
      });
      patchTransaction(work, rotaIndex, {
        sentCount: sequence,
        lastSent: { message: edge.sends, sequence, stateAfter: to as TransactionState, data },
      });
    }
  }

  if (position.machine === 'requester') {
    const outcome = outcomeOf(from as TransactionState, to as TransactionState);
    if (outcome !== null) {
      const refusal = applyEvent(work, null, { trigger: 'outcome', outcome }, depth + 1);
      // A request status without an edge for this outcome simply does not react to it.
      if (refusal !== null && refusal.code !== 'not_allowed_in_state' && refusal.code !== 'guard_failed') {
        throw new Error(`Outcome ${outcome} refused: ${refusal.message}`);
      }
    }
  }

  for (const cascade of cascades) {
    if (cascade.cascade === 'start-transaction') {
      const request = work.snapshot as BorrowingSnapshot;
      const entry = request.rota[cascade.rotaIndex];
      if (entry === undefined || entry.transaction !== null) continue;
      const rota = request.rota.map((item, index) =>
        index === cascade.rotaIndex
          ? { ...item, transaction: newRequesterTransaction(request, item.partner) }
          : item,
      );
      work.snapshot = { ...request, rota };
      const refusal = applyEvent(
        work,
        { rotaIndex: cascade.rotaIndex },
        {
          trigger: 'rota',
          command: 'send-to-supplier',
          data: cascade.data ?? {},
        },
        depth + 1,
      );
      if (refusal !== null) throw new Error(`Rota send refused: ${refusal.message}`);
    } else {
      const refusal = applyEvent(work, { rotaIndex: cascade.rotaIndex }, cascade.event, depth + 1);
      if (refusal !== null) throw new Error(`Cascade refused: ${refusal.message}`);
    }
  }
  return null;
}

/**
 * Decide what an event does. On success the decision holds the new snapshot, every edge applied (the
 * event's own and any it set off: rota advance, withdrawals) and the outputs to carry out. On refusal
 * nothing changes and the refusal names the rule.
 */
export function decide(
  snapshot: WorkflowSnapshot,
  target: Target,
  event: WorkflowEvent,
  context: DecisionContext,
): Decision {
  const work: Work = { snapshot, transitions: [], outputs: [], context };
  const refusal = applyEvent(work, target, event, 0);
  if (refusal !== null) return { ok: false, refusal };
  if (statusUnderCustomStatus(work.snapshot) !== statusUnderCustomStatus(snapshot)) {
    clearCustomStatus(work, event);
  }
  return { ok: true, snapshot: work.snapshot, transitions: work.transitions, outputs: work.outputs };
}

/** The engine's own effect after a system status change: the custom status shown over it goes. */
function clearCustomStatus(work: Work, event: WorkflowEvent): void {
  const result = EFFECTS.clearCustomStatus.apply({
    snapshot: work.snapshot,
    machine: work.snapshot.kind === 'lending' ? 'responder' : 'request',
    rotaIndex: null,
    transaction: null,
    event,
    data: eventData(event),
    now: work.context.now,
  });
  if (result.customStatus !== undefined)
    work.snapshot = { ...work.snapshot, customStatus: result.customStatus };
  work.outputs.push(...(result.outputs ?? []));
}
