/**
 * Random walks over the workflow engine, for property-based tests: fast-check arbitraries for borrowing
 * requests (a rota of two to four partners) and lending transactions, for the seeds of each step, and
 * walkers that turn those seeds into events against the snapshot reached so far and record every
 * decision.
 *
 * A step seed does not name an event: it says how to choose one from the snapshot of the moment. Most
 * steps pick among the events the table accepts there (`matchEdge` finds an edge), weighted towards
 * edges that change a state so that walks get deep; the rest pick any event at all, most of them refused.
 * Action data comes from the seed's field values: valid most of the time, sometimes missing or malformed.
 * Because seeds are plain numbers and records, fast-check shrinks a failing walk to a short one.
 */
import fc from 'fast-check';
import { ACTION_IDS, ACTIONS } from '../actions.ts';
import type { ActionField, ActionId } from '../actions.ts';
import { RETRY_REASONS } from '../action-data.ts';
import type { RetryReason } from '../action-data.ts';
import { decide, matchEdge, newResponderTransaction } from '../engine.ts';
import type {
  BorrowingSnapshot,
  Decision,
  EventData,
  LendingSnapshot,
  Money,
  PartnerTerms,
  Target,
  TransactionFacts,
  WorkflowEvent,
  WorkflowSnapshot,
} from '../model.ts';
import {
  ACTORS,
  CAN_HOLD_VALUES,
  MESSAGES,
  PROTOCOLS,
  REQUESTER_MESSAGES,
  RESPONDER_MESSAGES,
  SHARED_MESSAGES,
  TIMERS,
} from '../vocabulary.ts';
import type { Actor, CanHold, MessageType, Protocol, ServiceType, TimerName } from '../vocabulary.ts';

/** The clock of a walk: step `i` is decided one hour after step `i - 1`. */
export const WALK_START = new Date('2026-11-25T09:00:00Z');
const HOUR_MS = 60 * 60 * 1000;
const DAY_MS = 24 * HOUR_MS;

export function walkClock(stepIndex: number): Date {
  return new Date(WALK_START.getTime() + stepIndex * HOUR_MS);
}

// ---------------------------------------------------------------------------------------------
// Arbitraries for the parts of a snapshot and for form values
// ---------------------------------------------------------------------------------------------

/** A calendar date (YYYY-MM-DD) between early November 2026 and mid 2028. */
export const calendarDate: fc.Arbitrary<string> = fc
  .integer({ min: 0, max: 600 })
  .map((days) => new Date(Date.parse('2026-11-01T00:00:00Z') + days * DAY_MS).toISOString().slice(0, 10));

/** Service types a borrower may ask for, in order of preference. */
export const requestedServiceTypes: fc.Arbitrary<readonly ServiceType[]> = fc.constantFrom<
  readonly ServiceType[]
>(['loan'], ['copy'], ['loan', 'copy'], ['copy', 'loan']);

export const canHold: fc.Arbitrary<CanHold> = fc.constantFrom(...CAN_HOLD_VALUES);

/** A partner's terms; the id is given so that the partners of one rota are told apart. */
export function partnerTerms(partnerId: string, protocol?: Protocol): fc.Arbitrary<PartnerTerms> {
  return fc.record({
    partnerId: fc.constant(partnerId),
    protocol: protocol === undefined ? fc.constantFrom(...PROTOCOLS) : fc.constant(protocol),
    undoAllowed: fc.boolean(),
    daysToRespond: fc.integer({ min: 1, max: 30 }),
  });
}

/** A rota of two to four partners mixing ISO 18626, email and manual partners. */
export const rota: fc.Arbitrary<readonly PartnerTerms[]> = fc
  .integer({ min: 2, max: 4 })
  .chain((size) =>
    fc.tuple(...Array.from({ length: size }, (_, index) => partnerTerms(`ROTA-${index + 1}`))),
  );

const note: fc.Arbitrary<string> = fc
  .string({ unit: 'grapheme-ascii', minLength: 0, maxLength: 12 })
  .map((text) => `Note ${text}`.trim());

const money: fc.Arbitrary<Money> = fc.record({
  amount: fc
    .integer({ min: 0, max: 99_999 })
    .map((cents) => `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`),
  currency: fc.constantFrom('EUR', 'USD', 'GBP'),
});

/** The values a step's forms and messages are filled in with. */
export interface FieldSeed {
  readonly date: string;
  readonly laterDate: string;
  readonly serviceType: ServiceType;
  readonly text: string;
  readonly money: Money;
  readonly reason: string;
  /** A reason the lender gives with Answer Retry. */
  readonly retryReason: RetryReason;
  /** Email partners for Place request with partners (1 to 3). */
  readonly partners: readonly PartnerTerms[];
  /** Fill in the optional fields too. */
  readonly withOptional: boolean;
}

export const fieldSeed: fc.Arbitrary<FieldSeed> = fc.record({
  date: calendarDate,
  laterDate: calendarDate,
  serviceType: fc.constantFrom<ServiceType>('loan', 'copy'),
  text: note,
  money,
  reason: fc.constantFrom('NotHeld', 'NotOnShelf', 'NotAvailableForILL', 'PolicyProblem'),
  retryReason: fc.constantFrom(...RETRY_REASONS),
  partners: fc
    .integer({ min: 1, max: 3 })
    .chain((size) =>
      fc.tuple(...Array.from({ length: size }, (_, index) => partnerTerms(`EMAIL-${index + 1}`, 'email'))),
    ),
  withOptional: fc.boolean(),
});

/** How a step's data is spoiled, when it is. */
export const CORRUPTIONS = ['missing', 'malformed', 'unrequested-service-type'] as const;
export type Corruption = (typeof CORRUPTIONS)[number];

/** How to choose one step's event. */
export interface StepSeed {
  /** `enabled`: among the events the table accepts now; `any`: among all events, most of them refused. */
  readonly mode: 'enabled' | 'any';
  readonly pick: number;
  readonly fields: FieldSeed;
  /** Spoil the data (about one step in ten). */
  readonly corruption: Corruption | null;
}

export const stepSeed: fc.Arbitrary<StepSeed> = fc.record({
  mode: fc.oneof(
    { weight: 17, arbitrary: fc.constant<'enabled'>('enabled') },
    { weight: 3, arbitrary: fc.constant<'any'>('any') },
  ),
  pick: fc.nat(),
  fields: fieldSeed,
  corruption: fc.oneof(
    { weight: 9, arbitrary: fc.constant(null) },
    { weight: 1, arbitrary: fc.constantFrom(...CORRUPTIONS) },
  ),
});

export function stepSeeds(maxLength = 40): fc.Arbitrary<readonly StepSeed[]> {
  return fc.array(stepSeed, { minLength: 1, maxLength, size: 'max' });
}

/** A new borrowing request with its rota, nothing sent yet. */
export const newBorrowingRequest: fc.Arbitrary<BorrowingSnapshot> = fc.record({
  kind: fc.constant<'borrowing'>('borrowing'),
  status: fc.constant<'new'>('new'),
  requestedServiceTypes,
  canHold,
  autoAdvance: fc.boolean(),
  needBefore: fc.option(calendarDate, { nil: null }),
  rota: rota.map((partners) => partners.map((partner) => ({ partner, transaction: null }))),
  completedAt: fc.constant(null),
  placedWithPartners: fc.constant(false),
  // Some requests start with a custom status, so that the walks see it cleared.
  customStatus: fc.option(fc.constant('AWAITING_INVOICE'), { nil: null }),
});

export interface BorrowingScenario {
  readonly initial: BorrowingSnapshot;
  readonly steps: readonly StepSeed[];
}

export function borrowingScenario(maxSteps = 40): fc.Arbitrary<BorrowingScenario> {
  return fc.record({ initial: newBorrowingRequest, steps: stepSeeds(maxSteps) });
}

/** The incoming request a lender receives: who sent it and on what terms. */
export interface IncomingRequest {
  readonly borrower: PartnerTerms;
  readonly requestedServiceTypes: readonly ServiceType[];
  readonly canHold: CanHold;
  readonly needBefore: string | null;
}

export interface LendingScenario {
  readonly incoming: IncomingRequest;
  readonly steps: readonly StepSeed[];
}

export function lendingScenario(maxSteps = 40): fc.Arbitrary<LendingScenario> {
  return fc.record({
    incoming: fc.record({
      borrower: partnerTerms('BORROWER'),
      requestedServiceTypes,
      canHold,
      needBefore: fc.option(calendarDate, { nil: null }),
    }),
    steps: stepSeeds(maxSteps),
  });
}

// ---------------------------------------------------------------------------------------------
// Events and their data
// ---------------------------------------------------------------------------------------------

/** An event without its data: what a step chooses before filling in the form. */
export type EventChoice =
  | { readonly trigger: 'action'; readonly action: ActionId; readonly actor: Actor }
  | { readonly trigger: 'message'; readonly message: MessageType }
  | { readonly trigger: 'timer'; readonly timer: TimerName };

interface Candidate {
  readonly target: Target;
  readonly choice: EventChoice;
}

function bare(choice: EventChoice): WorkflowEvent {
  switch (choice.trigger) {
    case 'action':
      return { trigger: 'action', action: choice.action, actor: choice.actor, data: {} };
    case 'message':
      return { trigger: 'message', message: choice.message, data: {} };
    case 'timer':
      return { trigger: 'timer', timer: choice.timer };
  }
}

function serviceTypeAmong(requested: readonly ServiceType[], preferred: ServiceType): ServiceType {
  return requested.includes(preferred) ? preferred : (requested[0] ?? preferred);
}

function unrequestedServiceType(requested: readonly ServiceType[], current: ServiceType | null): ServiceType {
  const other = (['loan', 'copy'] as const).find((type) => !requested.includes(type));
  return other ?? current ?? 'loan';
}

function validValue(
  action: ActionId,
  field: ActionField,
  seed: FieldSeed,
  tx: TransactionFacts | null,
  requested: readonly ServiceType[],
): unknown {
  switch (field.type) {
    case 'text':
      return field.name === 'conditions' ? `Conditions: ${seed.text}` : seed.text;
    case 'reason-unfilled':
      return seed.reason;
    case 'reason-retry':
      return seed.retryReason;
    case 'date':
      return field.name === 'dueDate' || field.name === 'desiredDueDate' ? seed.laterDate : seed.date;
    case 'money':
      return seed.money;
    case 'service-type':
      if (action === 'change-current-service-type') {
        return requested.find((type) => type !== tx?.currentServiceType) ?? seed.serviceType;
      }
      return serviceTypeAmong(requested, seed.serviceType);
    case 'partner-list':
      return seed.partners;
    case 'request-details':
      return { title: `Title ${seed.text}` };
  }
}

function malformedValue(field: ActionField, seed: FieldSeed): unknown {
  switch (field.type) {
    case 'text':
    case 'reason-unfilled':
      return '   ';
    case 'reason-retry':
      // A condition, which is Answer Conditional's to offer.
      return seed.withOptional ? 'LoanCondition' : '   ';
    case 'date':
      return seed.withOptional ? '2027-02-30' : '25/11/2027';
    case 'money':
      return { amount: seed.money.amount.replace('.', ','), currency: seed.money.currency.toLowerCase() };
    case 'service-type':
      return 'book';
    case 'partner-list':
      return seed.withOptional ? [] : seed.partners.map((partner) => ({ ...partner, protocol: 'iso18626' }));
    case 'request-details':
      return {};
  }
}

/** Form data for an action, valid unless the step spoils it. */
export function actionData(
  action: ActionId,
  seed: FieldSeed,
  corruption: Corruption | null,
  tx: TransactionFacts | null,
  requested: readonly ServiceType[],
): EventData {
  if (corruption === 'missing') return {};
  const data: Record<string, unknown> = {};
  for (const field of ACTIONS[action].fields) {
    const wanted = field.required || field.requiredForServiceType !== undefined || seed.withOptional;
    if (!wanted) continue;
    data[field.name] =
      corruption === 'malformed'
        ? malformedValue(field, seed)
        : validValue(action, field, seed, tx, requested);
  }
  if (corruption === 'unrequested-service-type' && 'serviceType' in data) {
    data['serviceType'] = unrequestedServiceType(requested, tx?.currentServiceType ?? null);
  }
  return data as EventData;
}

/** What a partner's message carries. Partner messages are parsed before the engine; only `missing` spoils them. */
export function messageData(
  message: MessageType,
  seed: FieldSeed,
  corruption: Corruption | null,
  requested: readonly ServiceType[],
  needBefore: string | null,
): EventData {
  if (corruption === 'missing') return {};
  const withNote = seed.withOptional ? { note: seed.text } : {};
  switch (message) {
    case 'request':
      return { ...withNote, ...(needBefore === null ? {} : { needBefore }) };
    case 'shipped': {
      const serviceType = serviceTypeAmong(requested, seed.serviceType);
      return { ...withNote, serviceType, ...(serviceType === 'loan' ? { dueDate: seed.laterDate } : {}) };
    }
    case 'renew-reply-yes':
      return { ...withNote, dueDate: seed.laterDate };
    case 'renew':
      return { ...withNote, desiredDueDate: seed.laterDate };
    case 'answer-conditional':
      return { conditions: `Conditions: ${seed.text}`, ...(seed.withOptional ? { replyBy: seed.date } : {}) };
    case 'answer-unfilled':
      return { ...withNote, reason: seed.reason };
    case 'answer-retry':
      return { ...withNote, reason: seed.retryReason, estimatedDateAvailable: seed.date };
    case 'answer-locations-provided':
      return { ...withNote, locations: 'ILN-WEST' };
    case 'answer-estimate':
    case 'answer-hold-placed':
      return { ...withNote, estimatedDateAvailable: seed.date };
    case 'note':
    case 'damaged':
      return { note: seed.text };
    default:
      return withNote;
  }
}

function materialise(choice: EventChoice, data: EventData): WorkflowEvent {
  switch (choice.trigger) {
    case 'action':
      return { trigger: 'action', action: choice.action, actor: choice.actor, data };
    case 'message':
      return { trigger: 'message', message: choice.message, data };
    case 'timer':
      return { trigger: 'timer', timer: choice.timer };
  }
}

/** Edges that end a request early get a low weight, edges that move a state a high one. */
const ENDING_ACTIONS: ReadonlySet<ActionId> = new Set(['complete', 'delete', 'terminate-request', 'revert']);

function weightOf(snapshot: WorkflowSnapshot, candidate: Candidate): number {
  const match = matchEdge(snapshot, candidate.target, bare(candidate.choice));
  if ('refusal' in match) return 0;
  if (candidate.choice.trigger === 'action' && ENDING_ACTIONS.has(candidate.choice.action)) return 1;
  const { edge, position } = match;
  return 'to' in edge && edge.to !== position.state ? 4 : 1;
}

function choose(
  snapshot: WorkflowSnapshot,
  step: StepSeed,
  enabled: () => Candidate[],
  any: () => Candidate[],
) {
  if (step.mode === 'enabled') {
    const candidates = enabled();
    const weights = candidates.map((candidate) => weightOf(snapshot, candidate));
    const total = weights.reduce((sum, weight) => sum + weight, 0);
    if (total > 0) {
      let ticket = step.pick % total;
      for (const [index, candidate] of candidates.entries()) {
        const weight = weights[index] ?? 0;
        if (ticket < weight) return candidate;
        ticket -= weight;
      }
    }
  }
  const all = any();
  return all[step.pick % all.length] as Candidate;
}

function actionChoices(party: 'requester' | 'responder'): EventChoice[] {
  return ACTION_IDS.filter(
    (action) => ACTIONS[action].party === party || ACTIONS[action].party === 'both',
  ).flatMap((action) =>
    ACTIONS[action].actors.map((actor): EventChoice => ({ trigger: 'action', action, actor })),
  );
}

const REQUESTER_ACTION_CHOICES = actionChoices('requester');
const RESPONDER_ACTION_CHOICES = actionChoices('responder');
const ANY_ACTION_CHOICES: readonly EventChoice[] = ACTION_IDS.flatMap((action) =>
  ACTORS.map((actor): EventChoice => ({ trigger: 'action', action, actor })),
);
const ANY_MESSAGE_CHOICES: readonly EventChoice[] = MESSAGES.map((message) => ({
  trigger: 'message',
  message,
}));
const ANY_TIMER_CHOICES: readonly EventChoice[] = TIMERS.map((timer) => ({ trigger: 'timer', timer }));
const ANY_CHOICES: readonly EventChoice[] = [
  ...ANY_ACTION_CHOICES,
  ...ANY_MESSAGE_CHOICES,
  ...ANY_TIMER_CHOICES,
];
const TO_REQUESTER_MESSAGES: readonly EventChoice[] = [...RESPONDER_MESSAGES, ...SHARED_MESSAGES].map(
  (message) => ({
    trigger: 'message',
    message,
  }),
);
const TO_RESPONDER_MESSAGES: readonly EventChoice[] = [...REQUESTER_MESSAGES, ...SHARED_MESSAGES].map(
  (message) => ({
    trigger: 'message',
    message,
  }),
);

function borrowingCandidates(snapshot: BorrowingSnapshot): Candidate[] {
  const candidates: Candidate[] = REQUESTER_ACTION_CHOICES.map((choice) => ({ target: null, choice }));
  candidates.push({ target: null, choice: { trigger: 'timer', timer: 'need-before' } });
  snapshot.rota.forEach((entry, rotaIndex) => {
    if (entry.transaction === null) return;
    const target = { rotaIndex };
    for (const choice of REQUESTER_ACTION_CHOICES) candidates.push({ target, choice });
    for (const choice of TO_REQUESTER_MESSAGES) candidates.push({ target, choice });
    candidates.push({ target, choice: { trigger: 'timer', timer: 'expiry' } });
    candidates.push({ target, choice: { trigger: 'timer', timer: 'conditional-reply' } });
    candidates.push({ target, choice: { trigger: 'timer', timer: 'cancel-reply' } });
  });
  return candidates;
}

function anyBorrowingCandidates(snapshot: BorrowingSnapshot): Candidate[] {
  // Every rota position and one past the end, whether or not it has a transaction.
  const targets: Target[] = [
    null,
    ...Array.from({ length: snapshot.rota.length + 1 }, (_, rotaIndex) => ({ rotaIndex })),
  ];
  return targets.flatMap((target) => ANY_CHOICES.map((choice) => ({ target, choice })));
}

function lendingCandidates(): Candidate[] {
  return [
    ...RESPONDER_ACTION_CHOICES,
    ...TO_RESPONDER_MESSAGES,
    { trigger: 'timer', timer: 'need-before' },
    { trigger: 'timer', timer: 'due-date' },
  ].map((choice): Candidate => ({ target: null, choice: choice as EventChoice }));
}

const LENDING_CANDIDATES = lendingCandidates();
const ANY_LENDING_CANDIDATES: readonly Candidate[] = ANY_CHOICES.map((choice) => ({ target: null, choice }));

// ---------------------------------------------------------------------------------------------
// Walkers
// ---------------------------------------------------------------------------------------------

/** Freeze a value and everything it holds, so that any write to it throws. */
export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object') {
    Object.freeze(value);
    for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key]);
  }
  return value;
}

/** One step of a walk: the event, the snapshot it met (frozen) and what the engine decided. */
export interface WalkStep<S extends WorkflowSnapshot> {
  readonly index: number;
  readonly before: S;
  readonly target: Target;
  readonly event: WorkflowEvent;
  readonly now: Date;
  readonly decision: Decision;
  /** The snapshot after the step: the decision's, or `before` when the event was refused. */
  readonly after: S;
}

/** A short, readable line for an event, for failure reports. */
export function describeEvent(target: Target, event: WorkflowEvent): string {
  const where = target === null ? 'request' : `rota[${target.rotaIndex}]`;
  const data = 'data' in event && Object.keys(event.data).length > 0 ? ` ${JSON.stringify(event.data)}` : '';
  switch (event.trigger) {
    case 'action':
      return `${where}: action ${event.action} by ${event.actor}${data}`;
    case 'message':
      return `${where}: message ${event.message}${data}`;
    case 'timer':
      return `${where}: timer ${event.timer}`;
    default:
      return `${where}: ${event.trigger}`;
  }
}

function stateLine(snapshot: WorkflowSnapshot): string {
  if (snapshot.kind === 'lending') return snapshot.transaction.state;
  return `${snapshot.status} [${snapshot.rota.map((entry) => `${entry.partner.protocol}:${entry.transaction?.state ?? '-'}`).join(', ')}]`;
}

/** The walk so far, one line per step, for failure reports. */
export function describeWalk(steps: readonly WalkStep<WorkflowSnapshot>[]): string {
  return steps
    .map((step) => {
      const outcome = step.decision.ok
        ? `→ ${stateLine(step.after)}`
        : `refused ${step.decision.refusal.code} (${step.decision.refusal.rule})`;
      return `  #${step.index} ${describeEvent(step.target, step.event)}  ${outcome}`;
    })
    .join('\n');
}

/** An engine error during a walk, with the walk that led to it. */
export class WalkError extends Error {
  constructor(message: string, steps: readonly WalkStep<WorkflowSnapshot>[], options?: ErrorOptions) {
    super(`${message}\nWalk:\n${describeWalk(steps)}`, options);
    this.name = 'WalkError';
  }
}

function apply<S extends WorkflowSnapshot>(
  steps: WalkStep<S>[],
  before: S,
  target: Target,
  event: WorkflowEvent,
): S {
  const index = steps.length;
  const now = walkClock(index);
  deepFreeze(before);
  deepFreeze(event);
  let decision: Decision;
  try {
    decision = decide(before, target, event, { now });
  } catch (error) {
    throw new WalkError(
      `decide threw on ${describeEvent(target, event)} at ${stateLine(before)}: ${String(error)}`,
      steps,
      { cause: error },
    );
  }
  const after = decision.ok ? (decision.snapshot as S) : before;
  steps.push({ index, before, target, event, now, decision, after });
  return after;
}

/** Walk a borrowing request through the scenario's steps. Every input snapshot is deep-frozen first. */
export function walkBorrowing(scenario: BorrowingScenario): WalkStep<BorrowingSnapshot>[] {
  const steps: WalkStep<BorrowingSnapshot>[] = [];
  let snapshot = scenario.initial;
  for (const seed of scenario.steps) {
    const current = snapshot;
    const { target, choice } = choose(
      current,
      seed,
      () => borrowingCandidates(current),
      () => anyBorrowingCandidates(current),
    );
    const tx = target === null ? null : (current.rota[target.rotaIndex]?.transaction ?? null);
    const requested = tx?.requestedServiceTypes ?? current.requestedServiceTypes;
    const data =
      choice.trigger === 'action'
        ? actionData(choice.action, seed.fields, seed.corruption, tx, requested)
        : choice.trigger === 'message'
          ? messageData(choice.message, seed.fields, seed.corruption, requested, current.needBefore)
          : {};
    snapshot = apply(steps, current, target, materialise(choice, data));
  }
  return steps;
}

/** The lender's record of the scenario's incoming request, before the request message is applied. */
export function idleLending(incoming: IncomingRequest): LendingSnapshot {
  return {
    kind: 'lending',
    transaction: newResponderTransaction(incoming.borrower, {
      requestedServiceTypes: incoming.requestedServiceTypes,
      canHold: incoming.canHold,
    }),
    customStatus: 'WAITING_FOR_STAFF',
  };
}

/**
 * Walk a lending transaction: step 0 is the incoming request message applied to a fresh transaction,
 * then the scenario's steps (lender actions, the borrower's messages, the lender's timers).
 */
export function walkLending(scenario: LendingScenario): WalkStep<LendingSnapshot>[] {
  const steps: WalkStep<LendingSnapshot>[] = [];
  const { incoming } = scenario;
  let snapshot = apply(steps, idleLending(incoming), null, {
    trigger: 'message',
    message: 'request',
    data: incoming.needBefore === null ? {} : { needBefore: incoming.needBefore },
  });
  for (const seed of scenario.steps) {
    const current = snapshot;
    const { target, choice } = choose(
      current,
      seed,
      () => LENDING_CANDIDATES,
      () => [...ANY_LENDING_CANDIDATES],
    );
    const tx = current.transaction;
    const data =
      choice.trigger === 'action'
        ? actionData(choice.action, seed.fields, seed.corruption, tx, tx.requestedServiceTypes)
        : choice.trigger === 'message'
          ? messageData(
              choice.message,
              seed.fields,
              seed.corruption,
              tx.requestedServiceTypes,
              incoming.needBefore,
            )
          : {};
    snapshot = apply(steps, current, target, materialise(choice, data));
  }
  return steps;
}
