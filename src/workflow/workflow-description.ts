/**
 * The whole workflow as plain JSON-serialisable data: the machines and their states, the action
 * catalogue, messages, timers, guards, effects and every edge of the transition table. Served by
 * `GET /api/workflow` to the staff client and partner libraries, and rendered as `docs/workflow.md`.
 * Everything here is derived from the table and the catalogues beside it; nothing is kept by hand.
 * Labels and icons are not part of it: they live in the UI's message catalogue.
 */
import { ACTION_IDS, ACTIONS } from './actions.ts';
import { DECLINED_ROWS } from './declined-rows.ts';
import type { DeclinedRowKind } from './declined-rows.ts';
import type { ActionId, FieldType, Party } from './actions.ts';
import { CUSTOM_STATUS_RULES } from './custom-status.ts';
import { EFFECT_NAMES, EFFECTS, ENGINE_EFFECTS } from './effects.ts';
import type { EffectInput, EffectName } from './effects.ts';
import { GUARD_NAMES, GUARDS } from './guards.ts';
import type { GuardName } from './guards.ts';
import type { BorrowingSnapshot, Output, PartnerTerms, TransactionFacts } from './model.ts';
import { REQUEST_STATUS_INFO, REQUESTER_STATE_INFO, RESPONDER_STATE_INFO } from './states.ts';
import type { Phase } from './states.ts';
import { INITIAL_STATE, TRANSITIONS } from './transitions.ts';
import type { Basis, Edge } from './transitions.ts';
import {
  ACTORS,
  MACHINES,
  MESSAGES,
  PROTOCOLS,
  REQUEST_STATUSES,
  REQUESTER_MESSAGES,
  REQUESTER_STATES,
  RESPONDER_MESSAGES,
  RESPONDER_STATES,
  ROTA_COMMANDS,
  SERVICE_TYPES,
  TIMERS,
  TRANSACTION_OUTCOMES,
} from './vocabulary.ts';
import type {
  Actor,
  AnyState,
  Machine,
  MessageType,
  Protocol,
  RotaCommand,
  ServiceType,
  TimerName,
  TransactionOutcome,
} from './vocabulary.ts';

/** One state of a machine. */
export interface StateDescription {
  id: AnyState;
  /** The state's name in the VDX, ISO 10161 or Koha text. */
  sourceName: string;
  /** No further event changes this state. */
  terminal: boolean;
  /** Where a transaction is in its life; `null` for the borrowing request's statuses. */
  phase: Phase | null;
}

export interface MachineDescription {
  id: Machine;
  initialState: AnyState;
  /** In the order of the vocabulary. */
  states: StateDescription[];
}

export interface ActionFieldDescription {
  name: string;
  type: FieldType;
  /** Always required. */
  required: boolean;
  /** Required only when the transaction's (or the chosen) service type is this one; `null` otherwise. */
  requiredForServiceType: ServiceType | null;
}

export interface ActionDescription {
  id: ActionId;
  /** The name in the VDX "ILL Actions" text, exactly as written there; `null` if it has none. */
  vdxName: string | null;
  /** The name in the Koha manual, exactly as written there; `null` if it has none. */
  kohaName: string | null;
  /** The ISO 10161 service's name, for an action neither text names; `null` otherwise. */
  isoName: string | null;
  source: 'vdx' | 'koha' | 'both' | 'iso10161';
  party: Party;
  /** Who may perform it; an edge may narrow this (see the edge's `actors`). */
  actors: Actor[];
  fields: ActionFieldDescription[];
  summary: string;
}

export interface MessageDescription {
  name: MessageType;
  /** Which party sends it: `both` for messages either party may send. */
  sender: Party;
}

export interface TimerDescription {
  name: TimerName;
  /** The machines with edges that react to its expiry. */
  machines: Machine[];
  /** Effects that start it. */
  startedBy: EffectName[];
  /** Effects that stop it. */
  stoppedBy: EffectName[];
}

export interface GuardDescription {
  name: GuardName;
  /** The rule in plain words. */
  rule: string;
}

export interface EffectDescription {
  name: EffectName;
  description: string;
  /** `edges` for the effects edges name; `engine` for those the engine applies itself. */
  appliedBy: 'edges' | 'engine';
}

/** How custom statuses (Koha's ILLSTATUS authorised values) are set, checked and cleared. */
export interface CustomStatusDescription {
  /** The action that sets or clears one, the detail it is named by, and who may. */
  action: ActionId;
  detail: string;
  actors: Actor[];
  setBy: EffectName;
  clearedBy: EffectName;
  /** Where the library defines its custom statuses (each library has its own). */
  definedAt: string;
  /** The rules in plain words. */
  rules: string[];
}

/** The event an edge reacts to. */
export type EdgeEventDescription =
  | { kind: 'action'; name: ActionId }
  | { kind: 'message'; name: MessageType }
  | { kind: 'timer'; name: TimerName }
  | { kind: 'outcome'; name: TransactionOutcome }
  | { kind: 'rota'; name: RotaCommand };

export type EdgeEventKind = EdgeEventDescription['kind'];

export interface BasisDescription {
  source: Basis['source'];
  ref: string;
  /** Why Interlend chose this, where the sources are silent, uncertain or disagree; `null` otherwise. */
  decision: string | null;
  /** The ISO 10161 rows marked L (low confidence) the edge takes, e.g. `§5 PENDING DUE.ind`. */
  rows: string[];
}

/** One edge of the transition table. */
export interface EdgeDescription {
  id: string;
  machine: Machine;
  from: AnyState[];
  event: EdgeEventDescription;
  guards: GuardName[];
  /** The partner protocols the edge applies to; `null` for every protocol. */
  protocols: Protocol[] | null;
  /** The shipped service types the edge applies to; `null` for any. */
  serviceTypes: ServiceType[] | null;
  /** For an action, who may take it on this edge; `null` for events that are not actions. */
  actors: Actor[] | null;
  /** The state the edge moves to; `null` when it `stays`. */
  to: AnyState | null;
  /** The edge leaves the state as it is. */
  stays: boolean;
  /** The message sent to the partner, if any. */
  sends: MessageType | null;
  effects: EffectName[];
  basis: BasisDescription;
}

/** The closed vocabularies edges draw on. */
export interface VocabularyDescription {
  protocols: Protocol[];
  serviceTypes: ServiceType[];
  actors: Actor[];
  outcomes: TransactionOutcome[];
  rotaCommands: RotaCommand[];
}

/** A row of the ISO 10161 reconstruction that is not an edge, and why. */
export interface DeclinedRowDescription {
  row: string;
  says: string;
  kind: DeclinedRowKind;
  reason: string;
}

export interface WorkflowDescription {
  machines: MachineDescription[];
  actions: ActionDescription[];
  messages: MessageDescription[];
  timers: TimerDescription[];
  guards: GuardDescription[];
  effects: EffectDescription[];
  vocabulary: VocabularyDescription;
  /** Every edge, in the order of the table. */
  edges: EdgeDescription[];
  /** The ISO 10161 rows Interlend does not take as edges, each with the reason. */
  declinedRows: DeclinedRowDescription[];
  customStatuses: CustomStatusDescription;
}

function describeStates(machine: Machine): StateDescription[] {
  switch (machine) {
    case 'request':
      return REQUEST_STATUSES.map((id) => {
        const info = REQUEST_STATUS_INFO[id];
        return { id, sourceName: info.sourceName, terminal: info.terminal, phase: null };
      });
    case 'requester':
      return REQUESTER_STATES.map((id) => {
        const info = REQUESTER_STATE_INFO[id];
        return { id, sourceName: info.sourceName, terminal: info.terminal, phase: info.phase };
      });
    case 'responder':
      return RESPONDER_STATES.map((id) => {
        const info = RESPONDER_STATE_INFO[id];
        return { id, sourceName: info.sourceName, terminal: info.terminal, phase: info.phase };
      });
  }
}

function describeAction(id: ActionId): ActionDescription {
  const action = ACTIONS[id];
  return {
    id,
    vdxName: action.vdxName ?? null,
    kohaName: action.kohaName ?? null,
    isoName: action.isoName ?? null,
    source: action.source,
    party: action.party,
    actors: [...action.actors],
    fields: action.fields.map((field) => ({
      name: field.name,
      type: field.type,
      required: field.required,
      requiredForServiceType: field.requiredForServiceType ?? null,
    })),
    summary: action.summary,
  };
}

function messageSender(message: MessageType): Party {
  if ((REQUESTER_MESSAGES as readonly string[]).includes(message)) return 'requester';
  if ((RESPONDER_MESSAGES as readonly string[]).includes(message)) return 'responder';
  return 'both';
}

/** The event an edge reacts to, as a kind and a name. */
export function edgeEvent(edge: Edge): EdgeEventDescription {
  const on = edge.on;
  if ('action' in on) return { kind: 'action', name: on.action };
  if ('message' in on) return { kind: 'message', name: on.message };
  if ('timer' in on) return { kind: 'timer', name: on.timer };
  if ('outcome' in on) return { kind: 'outcome', name: on.outcome };
  return { kind: 'rota', name: on.rota };
}

function describeEdge(edge: Edge): EdgeDescription {
  const event = edgeEvent(edge);
  return {
    id: edge.id,
    machine: edge.machine,
    from: [...edge.from],
    event,
    guards: [...(edge.guards ?? [])],
    protocols: edge.protocols ? [...edge.protocols] : null,
    serviceTypes: edge.serviceTypes ? [...edge.serviceTypes] : null,
    actors: event.kind === 'action' ? [...(edge.actors ?? ACTIONS[event.name].actors)] : null,
    to: 'to' in edge ? edge.to : null,
    stays: 'stays' in edge,
    sends: edge.sends ?? null,
    effects: [...(edge.effects ?? [])],
    basis: {
      source: edge.basis.source,
      ref: edge.basis.ref,
      decision: edge.basis.decision ?? null,
      rows: [...(edge.basis.rows ?? [])],
    },
  };
}

/**
 * A request on which every timer an effect may start has a date: a loan with a due date, a
 * need-before date, a reply-by date. Running each effect once on it shows which timers it starts and
 * stops, so the timer descriptions follow the effects as they change.
 */
function timerProbe(): EffectInput {
  const partner: PartnerTerms = {
    partnerId: 'probe',
    protocol: 'iso18626',
    undoAllowed: true,
    daysToRespond: 1,
  };
  const transaction: TransactionFacts = {
    role: 'requester',
    state: 'shipped',
    partner,
    requestedServiceTypes: ['loan', 'copy'],
    currentServiceType: 'loan',
    shippedServiceType: 'loan',
    canHold: 'yes',
    dueDate: '2000-01-10',
    shipmentRecorded: true,
    receiptRecorded: true,
    returnRecorded: true,
    recalled: false,
    overdueNotices: 0,
    conditions: null,
    replyBy: '2000-01-05',
    cost: null,
    lastSent: null,
    sentCount: 0,
    completedAt: null,
  };
  const snapshot: BorrowingSnapshot = {
    kind: 'borrowing',
    status: 'requested',
    requestedServiceTypes: ['loan', 'copy'],
    canHold: 'yes',
    autoAdvance: true,
    needBefore: '2000-01-20',
    rota: [{ partner, transaction }],
    completedAt: null,
    placedWithPartners: false,
    customStatus: null,
  };
  return {
    snapshot,
    machine: 'requester',
    rotaIndex: 0,
    transaction,
    event: { trigger: 'action', action: 'add-private-note', actor: 'staff', data: {} },
    data: { needBefore: '2000-01-20', replyBy: '2000-01-05', dueDate: '2000-01-10' },
    now: new Date('2000-01-01T00:00:00Z'),
  };
}

function probeOutputs(name: EffectName, probe: EffectInput): readonly Output[] {
  try {
    return EFFECTS[name].apply(probe).outputs ?? [];
  } catch {
    // An effect that cannot run on the probe (it needs another kind of request) starts no timer.
    return [];
  }
}

function describeTimers(): TimerDescription[] {
  const probe = timerProbe();
  const started = new Map<TimerName, EffectName[]>(TIMERS.map((timer) => [timer, []]));
  const stopped = new Map<TimerName, EffectName[]>(TIMERS.map((timer) => [timer, []]));
  for (const name of EFFECT_NAMES) {
    for (const output of probeOutputs(name, probe)) {
      if (output.output === 'start-timer') started.get(output.timer)?.push(name);
      if (output.output === 'stop-timer') stopped.get(output.timer)?.push(name);
    }
  }
  return TIMERS.map((timer) => {
    const firing = new Set(
      TRANSITIONS.filter((edge) => 'timer' in edge.on && edge.on.timer === timer).map((edge) => edge.machine),
    );
    return {
      name: timer,
      machines: MACHINES.filter((machine) => firing.has(machine)),
      startedBy: started.get(timer) ?? [],
      stoppedBy: stopped.get(timer) ?? [],
    };
  });
}

/** Describes the whole workflow. Builds a fresh object on every call; callers may cache it. */
export function describeWorkflow(): WorkflowDescription {
  return {
    machines: MACHINES.map((id) => ({ id, initialState: INITIAL_STATE[id], states: describeStates(id) })),
    actions: ACTION_IDS.map(describeAction),
    messages: MESSAGES.map((name) => ({ name, sender: messageSender(name) })),
    timers: describeTimers(),
    guards: GUARD_NAMES.map((name) => ({ name, rule: GUARDS[name].rule })),
    effects: EFFECT_NAMES.map((name) => ({
      name,
      description: EFFECTS[name].description,
      appliedBy: ENGINE_EFFECTS.includes(name) ? 'engine' : 'edges',
    })),
    vocabulary: {
      protocols: [...PROTOCOLS],
      serviceTypes: [...SERVICE_TYPES],
      actors: [...ACTORS],
      outcomes: [...TRANSACTION_OUTCOMES],
      rotaCommands: [...ROTA_COMMANDS],
    },
    edges: TRANSITIONS.map(describeEdge),
    declinedRows: DECLINED_ROWS.map(({ row, says, kind, reason }) => ({ row, says, kind, reason })),
    customStatuses: {
      action: CUSTOM_STATUS_RULES.action,
      detail: CUSTOM_STATUS_RULES.detail,
      actors: [...CUSTOM_STATUS_RULES.actors],
      setBy: CUSTOM_STATUS_RULES.setBy,
      clearedBy: CUSTOM_STATUS_RULES.clearedBy,
      definedAt: CUSTOM_STATUS_RULES.definedAt,
      rules: [...CUSTOM_STATUS_RULES.rules],
    },
  };
}
