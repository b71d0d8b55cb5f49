/**
 * Factories for workflow tests: partners, transactions, borrowing and lending snapshots, valid action
 * data, and a snapshot that satisfies any edge of the table (its from-state, protocols, service types
 * and guards).
 */
import type { ActionId } from '../actions.ts';
import { newRequesterTransaction, newResponderTransaction } from '../engine.ts';
import type { GuardName } from '../guards.ts';
import type {
  BorrowingSnapshot,
  EventData,
  LendingSnapshot,
  PartnerTerms,
  RotaEntry,
  Target,
  TransactionFacts,
  WorkflowEvent,
  WorkflowSnapshot,
} from '../model.ts';
import { phaseOf } from '../states.ts';
import type { Edge } from '../transitions.ts';
import type { Protocol, RequestStatus, RequesterState, ResponderState, ServiceType } from '../vocabulary.ts';

export const NOW = new Date('2026-11-25T09:00:00Z');

let partnerCounter = 0;

/** A partner with the given protocol; each call gives a new partner id. */
export function partner(
  protocol: Protocol = 'iso18626',
  overrides: Partial<PartnerTerms> = {},
): PartnerTerms {
  partnerCounter += 1;
  return {
    partnerId: `PARTNER-${partnerCounter}`,
    protocol,
    undoAllowed: false,
    daysToRespond: 5,
    ...overrides,
  };
}

/** A borrowing request, by default New with one ISO 18626 partner not yet tried. */
export function borrowing(overrides: Partial<BorrowingSnapshot> = {}): BorrowingSnapshot {
  return {
    kind: 'borrowing',
    status: 'new',
    requestedServiceTypes: ['loan', 'copy'],
    canHold: 'yes',
    autoAdvance: true,
    needBefore: null,
    rota: [{ partner: partner(), transaction: null }],
    completedAt: null,
    placedWithPartners: false,
    customStatus: null,
    ...overrides,
  };
}

function isSupplyState(state: RequesterState | ResponderState, role: 'requester' | 'responder'): boolean {
  const phase = phaseOf(role, state);
  return phase === 'supplied' || phase === 'closed';
}

/** A borrower's transaction in a given state with a partner. */
export function requesterTx(
  state: RequesterState,
  terms: PartnerTerms = partner(),
  overrides: Partial<TransactionFacts> = {},
): TransactionFacts {
  const base = newRequesterTransaction(borrowing(), terms);
  const supplied = isSupplyState(state, 'requester');
  return {
    ...base,
    state,
    shippedServiceType: supplied ? 'loan' : null,
    shipmentRecorded: supplied,
    dueDate: supplied ? '2027-01-31' : null,
    ...overrides,
  };
}

/** A lender's transaction in a given state with a borrowing partner. */
export function responderTx(
  state: ResponderState,
  terms: PartnerTerms = partner(),
  overrides: Partial<TransactionFacts> = {},
): TransactionFacts {
  const base = newResponderTransaction(terms, { requestedServiceTypes: ['loan', 'copy'], canHold: 'yes' });
  const supplied = isSupplyState(state, 'responder');
  return {
    ...base,
    state,
    shippedServiceType: supplied ? 'loan' : null,
    dueDate: supplied ? '2027-01-31' : null,
    ...overrides,
  };
}

export function lending(
  transaction: TransactionFacts = responderTx('in_process'),
  customStatus: string | null = null,
): LendingSnapshot {
  return { kind: 'lending', transaction, customStatus };
}

/** The custom statuses the fixtures' library defines (`validActionData` sets the first). */
export const CUSTOM_STATUSES: ReadonlySet<string> = new Set(['AWAITING_INVOICE', 'WITH_CONSERVATION']);

/** A rota entry with a transaction in the given state, or none. */
export function entry(state: RequesterState | null, terms: PartnerTerms = partner()): RotaEntry {
  return { partner: terms, transaction: state === null ? null : requesterTx(state, terms) };
}

/** Valid form data for each action, as staff would fill it in. */
export function validActionData(action: ActionId, tx: TransactionFacts | null = null): EventData {
  switch (action) {
    case 'place-request-with-partners':
      return { partners: [partner('email'), partner('email')] };
    case 'cost-adjustment':
      return { cost: { amount: '12.50', currency: 'EUR' } };
    case 'informed-shipped':
      return { serviceType: 'loan', dueDate: '2027-01-31', dateShipped: '2026-11-24' };
    case 'informed-renewed':
    case 'renew-reply-yes':
      return { dueDate: '2027-02-28' };
    case 'send-user-alert':
      return {
        patronNote: 'Your book has been delayed by the supplier.',
        privateNote: 'Phoned the patron too.',
      };
    case 'local-change-request-details':
      return { details: { title: 'A corrected title', customStatus: 'AWAITING_INVOICE' } };
    case 'add-private-note':
    case 'send-public-note':
    case 'damaged':
      return { note: 'A note' };
    case 'answer-conditional':
      return { conditions: 'Library use only', replyBy: '2026-12-05' };
    case 'answer-nonsupply':
      return { reason: 'NotHeld' };
    case 'answer-retry':
      return { reason: 'OnLoan', estimatedDateAvailable: '2026-12-15', itemId: 'B-000123' };
    case 'answer-locations-provided':
      return { locations: 'ILN-WEST' };
    case 'change-current-service-type':
      return { serviceType: tx?.currentServiceType === 'copy' ? 'loan' : 'copy' };
    case 'shipped':
      return { serviceType: 'loan', dueDate: '2027-01-31' };
    case 'received':
      return tx !== null && tx.shippedServiceType === null ? { serviceType: 'loan' } : {};
    default:
      return {};
  }
}

/** The event an edge reacts to, with valid data. */
export function eventForEdge(edge: Edge, tx: TransactionFacts | null): WorkflowEvent {
  const on = edge.on;
  if ('action' in on) {
    const actor = edge.actors?.[0] ?? (on.action === 'request-cancellation' ? 'patron' : 'staff');
    return { trigger: 'action', action: on.action, actor, data: validActionData(on.action, tx) };
  }
  if ('message' in on) {
    const data: EventData =
      on.message === 'shipped'
        ? { serviceType: 'loan', dueDate: '2027-01-31' }
        : on.message === 'renew-reply-yes'
          ? { dueDate: '2027-02-28' }
          : on.message === 'answer-conditional'
            ? { conditions: 'Library use only' }
            : on.message === 'request'
              ? { needBefore: '2027-03-01' }
              : on.message === 'status-report'
                ? { reportedStatus: 'Unfilled', reportedPhases: ['ended-without-supply'] }
                : {};
    return { trigger: 'message', message: on.message, data };
  }
  if ('timer' in on) return { trigger: 'timer', timer: on.timer };
  if ('outcome' in on) return { trigger: 'outcome', outcome: on.outcome };
  return { trigger: 'rota', command: on.rota, data: {} };
}

/** Rota entries for a request-level status, before guards adjust them. */
function baseRota(status: RequestStatus, edge: Edge): RotaEntry[] {
  const on = edge.on;
  if (status === 'requested_from_partners' || (edge.guards ?? []).includes('placedWithPartners')) {
    if ('outcome' in on && on.outcome === 'supplied')
      return [entry('shipped', partner('email')), entry('pending', partner('email'))];
    if ('outcome' in on && on.outcome === 'ended-without-supply')
      return [entry('not_supplied', partner('email'))];
    return [entry('pending', partner('email'))];
  }
  if ('outcome' in on) {
    if (on.outcome === 'ended-without-supply') return [entry('not_supplied')];
    if (on.outcome === 'supplied') return [entry('shipped')];
    return [entry('pending')];
  }
  switch (status) {
    case 'new':
    case 'reverted':
      return [entry(null)];
    case 'requested':
    case 'cancellation_requested':
      return [entry('pending')];
    case 'end_of_rota':
      return [entry('not_supplied')];
    case 'terminated':
    case 'completed':
      return [entry('returned')];
    case 'deleted':
      return [];
  }
}

function withoutLive(rota: RotaEntry[]): RotaEntry[] {
  return rota.map((item) => {
    const tx = item.transaction;
    if (tx === null) return item;
    const phase = phaseOf('requester', tx.state);
    return phase === 'awaiting-supply' || phase === 'supplied'
      ? { ...item, transaction: { ...tx, state: 'not_supplied' } }
      : item;
  });
}

/** A borrowing request at a status, arranged so that every guard of the edge holds. */
function requestFor(status: RequestStatus, edge: Edge): BorrowingSnapshot {
  let rota = baseRota(status, edge);
  let autoAdvance = true;
  const placedWithPartners =
    (edge.guards ?? []).includes('placedWithPartners') || status === 'requested_from_partners';
  const guards: readonly GuardName[] = edge.guards ?? [];
  for (const guard of guards) {
    if (guard === 'noLiveTransaction') rota = withoutLive(rota);
    if (guard === 'hasLiveTransaction' && !rota.some((item) => item.transaction?.state === 'pending')) {
      rota = [...rota, entry('pending')];
    }
    if (guard === 'autoAdvanceOff') autoAdvance = false;
  }
  if (guards.includes('rotaHasUntriedEntry')) rota = [...rota, entry(null)];
  return borrowing({
    status,
    rota,
    autoAdvance,
    needBefore: '2027-03-01',
    completedAt: status === 'completed' ? NOW.toISOString() : null,
    placedWithPartners,
  });
}

function txGuards(tx: TransactionFacts, guards: readonly GuardName[]): TransactionFacts {
  let result = tx;
  for (const guard of guards) {
    switch (guard) {
      case 'shipmentRecorded':
        result = {
          ...result,
          shipmentRecorded: true,
          shippedServiceType: result.shippedServiceType ?? 'loan',
        };
        break;
      case 'shipmentNotRecorded':
        result = { ...result, shipmentRecorded: false };
        break;
      case 'recalled':
        result = { ...result, recalled: true };
        break;
      case 'notRecalled':
        result = { ...result, recalled: false };
        break;
      case 'partnerAllowsUndo':
        result = { ...result, partner: { ...result.partner, undoAllowed: true } };
        break;
      case 'lastMessageStillValid':
        result = {
          ...result,
          sentCount: 3,
          lastSent: {
            message: 'note',
            sequence: 3,
            stateAfter: result.state,
            data: { note: 'Earlier note' },
          },
        };
        break;
      case 'canHoldNotRefused':
        result = { ...result, canHold: 'yes' };
        break;
      case 'anotherRequestedServiceType':
        result = { ...result, requestedServiceTypes: ['loan', 'copy'], currentServiceType: 'loan' };
        break;
      case 'itemBackWithLender':
        result = { ...result, returnRecorded: true };
        break;
      default:
        break;
    }
  }
  return result;
}

/**
 * A snapshot (and the target to address) in which the edge applies from the given state: the partner
 * speaks one of its protocols, the shipped service type is one it allows, and all its guards hold.
 */
export function arrangeEdge(edge: Edge, from: string): { snapshot: WorkflowSnapshot; target: Target } {
  const protocol: Protocol = edge.protocols?.[0] ?? 'iso18626';
  const serviceType: ServiceType | undefined = edge.serviceTypes?.[0];
  const guards = edge.guards ?? [];
  if (edge.machine === 'request') return { snapshot: requestFor(from as RequestStatus, edge), target: null };
  if (edge.machine === 'requester') {
    let tx = requesterTx(from as RequesterState, partner(protocol));
    if (serviceType !== undefined) tx = { ...tx, shippedServiceType: serviceType };
    tx = txGuards(tx, guards);
    const snapshot = borrowing({
      status: 'requested',
      rota: [{ partner: tx.partner, transaction: tx }, entry(null)],
    });
    return { snapshot, target: { rotaIndex: 0 } };
  }
  let tx = responderTx(from as ResponderState, partner(protocol));
  if (serviceType !== undefined) tx = { ...tx, shippedServiceType: serviceType };
  tx = txGuards(tx, guards);
  return { snapshot: lending(tx), target: null };
}
