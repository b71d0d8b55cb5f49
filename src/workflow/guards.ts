/**
 * Named guards: conditions an edge needs besides its from-state, event, partner protocol and service
 * type. Edges refer to them by name; each is a pure predicate over the snapshot.
 */
import type { BorrowingSnapshot, TransactionFacts, WorkflowSnapshot } from './model.ts';
import { phaseOf } from './states.ts';

/** What a guard looks at. */
export interface GuardInput {
  readonly snapshot: WorkflowSnapshot;
  /** The transaction the event is for; `null` for request-level events. */
  readonly transaction: TransactionFacts | null;
}

interface GuardDefinition {
  /** The rule in plain words, shown in refusals and in the generated documentation. */
  readonly rule: string;
  readonly test: (input: GuardInput) => boolean;
}

function borrowing(input: GuardInput): BorrowingSnapshot | null {
  return input.snapshot.kind === 'borrowing' ? input.snapshot : null;
}

/** Transactions of a borrowing request that are still running with their supplier. */
export function liveTransactions(snapshot: BorrowingSnapshot): TransactionFacts[] {
  return snapshot.rota.flatMap((entry) => {
    const tx = entry.transaction;
    if (tx === null) return [];
    const phase = phaseOf('requester', tx.state);
    return phase === 'awaiting-supply' || phase === 'supplied' ? [tx] : [];
  });
}

/** Index of the first rota entry with no transaction yet, or -1. */
export function firstUntriedRotaIndex(snapshot: BorrowingSnapshot): number {
  return snapshot.rota.findIndex((entry) => entry.transaction === null);
}

/** Index of the latest transaction on the rota (the current one), or -1. */
export function currentRotaIndex(snapshot: BorrowingSnapshot): number {
  for (let index = snapshot.rota.length - 1; index >= 0; index--) {
    if (snapshot.rota[index]?.transaction !== null) return index;
  }
  return -1;
}

const hasUntried = (input: GuardInput): boolean => {
  const request = borrowing(input);
  return request !== null && firstUntriedRotaIndex(request) >= 0;
};
const hasLive = (input: GuardInput): boolean => {
  const request = borrowing(input);
  return request !== null && liveTransactions(request).length > 0;
};
const anySupplied = (input: GuardInput): boolean => {
  const request = borrowing(input);
  if (request === null) return false;
  return request.rota.some((entry) => {
    const tx = entry.transaction;
    if (tx === null) return false;
    const phase = phaseOf('requester', tx.state);
    return phase === 'supplied' || phase === 'closed';
  });
};

const definitions = {
  rotaHasUntriedEntry: {
    rule: 'The rota has a location the request has not been sent to yet.',
    test: hasUntried,
  },
  rotaExhausted: {
    rule: 'Every location on the rota has been tried.',
    test: (input) => borrowing(input) !== null && !hasUntried(input),
  },
  hasLiveTransaction: {
    rule: 'A transaction with a supplier is still running.',
    test: hasLive,
  },
  noLiveTransaction: {
    rule: 'No transaction with a supplier is running.',
    test: (input) => borrowing(input) !== null && !hasLive(input),
  },
  autoAdvanceOn: {
    rule: 'The library sends requests on along the rota automatically.',
    test: (input) => borrowing(input)?.autoAdvance === true,
  },
  autoAdvanceOff: {
    rule: 'The library sends requests on along the rota by hand (the Request action).',
    test: (input) => borrowing(input)?.autoAdvance === false,
  },
  notYetSupplied: {
    rule: 'No supplier has shipped the item yet.',
    test: (input) => borrowing(input) !== null && !anySupplied(input),
  },
  currentTransactionWithdrawable: {
    rule: 'The current supplier has not shipped the item, so the request can still be withdrawn.',
    test: (input) => {
      const request = borrowing(input);
      if (request === null) return false;
      return liveTransactions(request).every((tx) => phaseOf('requester', tx.state) === 'awaiting-supply');
    },
  },
  placedWithPartners: {
    rule: 'The request was placed with partners (Koha), several at once.',
    test: (input) => borrowing(input)?.placedWithPartners === true,
  },
  notPlacedWithPartners: {
    rule: 'The request goes along its rota one supplier at a time.',
    test: (input) => borrowing(input)?.placedWithPartners === false,
  },
  loanInProcess: {
    rule: 'The lender is working on a loan (a copy is never returned).',
    test: (input) => input.transaction?.currentServiceType === 'loan',
  },
  canHoldNotRefused: {
    rule: 'Answer Hold is refused when the request says Can-Hold = No.',
    test: (input) => input.transaction !== null && input.transaction.canHold !== 'no',
  },
  anotherRequestedServiceType: {
    rule: 'The borrower asked for another service type than the current one.',
    test: (input) => {
      const tx = input.transaction;
      return tx !== null && tx.requestedServiceTypes.some((type) => type !== tx.currentServiceType);
    },
  },
  shipmentRecorded: {
    rule: 'The shipment was announced (Shipped message or Informed Shipped) before the item was received.',
    test: (input) => input.transaction?.shipmentRecorded === true,
  },
  shipmentNotRecorded: {
    rule: 'The item was received before any shipment was announced.',
    test: (input) => input.transaction !== null && !input.transaction.shipmentRecorded,
  },
  recalled: {
    rule: 'The lender has recalled the item.',
    test: (input) => input.transaction?.recalled === true,
  },
  notRecalled: {
    rule: 'The lender has not recalled the item.',
    test: (input) => input.transaction !== null && !input.transaction.recalled,
  },
  partnerAllowsUndo: {
    rule: 'Unreceive and Unshipped are allowed only where the partner allows undo.',
    test: (input) => input.transaction?.partner.undoAllowed === true,
  },
  lastMessageStillValid: {
    rule: 'The last outgoing message can be resent only while it is still valid for the current status.',
    test: (input) => {
      const tx = input.transaction;
      return tx !== null && tx.lastSent !== null && tx.lastSent.stateAfter === tx.state;
    },
  },
  notCompleted: {
    rule: 'The request has not been completed yet.',
    test: (input) =>
      input.snapshot.kind === 'lending'
        ? input.snapshot.transaction.completedAt === null
        : input.snapshot.completedAt === null,
  },
  itemBackWithLender: {
    rule: 'The lender can report damage once the item is back (Returned reported, or Checked In).',
    test: (input) => input.transaction?.returnRecorded === true,
  },
} satisfies Record<string, GuardDefinition>;

export type GuardName = keyof typeof definitions;

/** Every guard, by name. */
export const GUARDS: Readonly<Record<GuardName, GuardDefinition>> = definitions;

export const GUARD_NAMES = Object.keys(definitions) as GuardName[];
