/**
 * Named effects: what an edge does besides changing a state. Each returns changes to facts, outputs
 * for the outside world (timers, notices, notes), and cascades (further events the same decision
 * applies, such as the rota sending a request to the next supplier). Pure functions.
 */
import type {
  BorrowingSnapshot,
  EventData,
  Output,
  PartnerTerms,
  RotaEntry,
  TransactionFacts,
  WorkflowEvent,
  WorkflowSnapshot,
} from './model.ts';
import type { AttentionReason } from './attention.ts';
import type { Machine, TimerName, TransactionState } from './vocabulary.ts';
import { CUSTOM_STATUS_DETAIL, customStatusOf } from './custom-status.ts';
import { firstUntriedRotaIndex } from './guards.ts';
import { phaseOf } from './states.ts';
import type { Phase } from './states.ts';

/** A further event the engine applies within the same decision. */
export type Cascade =
  | {
      readonly cascade: 'start-transaction';
      readonly rotaIndex: number;
      /** Sent with the request message to this supplier (e.g. the note of Place request with partners). */
      readonly data?: EventData;
    }
  | { readonly cascade: 'event'; readonly rotaIndex: number; readonly event: WorkflowEvent };

/** What an effect sees. `transaction` is the transaction after its state change, if the edge has one. */
export interface EffectInput {
  readonly snapshot: WorkflowSnapshot;
  readonly machine: Machine;
  readonly rotaIndex: number | null;
  readonly transaction: TransactionFacts | null;
  readonly event: WorkflowEvent;
  readonly data: EventData;
  readonly now: Date;
}

export interface EffectResult {
  readonly transactionPatch?: Partial<TransactionFacts>;
  /** The request's custom status from now on (`null` clears it); unchanged when absent. */
  readonly customStatus?: string | null;
  readonly requestPatch?: Partial<Pick<BorrowingSnapshot, 'rota' | 'completedAt' | 'placedWithPartners'>>;
  readonly outputs?: readonly Output[];
  readonly cascades?: readonly Cascade[];
}

interface EffectDefinition {
  readonly description: string;
  readonly apply: (input: EffectInput) => EffectResult;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** The start of the day after a calendar date (UTC): when something due "on" that date becomes late. */
export function dayAfter(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + DAY_MS).toISOString();
}

function startTimer(input: EffectInput, timer: TimerName, at: string | null): EffectResult {
  if (at === null) return {};
  return {
    outputs: [{ output: 'start-timer', machine: input.machine, rotaIndex: input.rotaIndex, timer, at }],
  };
}

function stopTimer(input: EffectInput, timer: TimerName): EffectResult {
  return { outputs: [{ output: 'stop-timer', machine: input.machine, rotaIndex: input.rotaIndex, timer }] };
}

function notice(audience: 'patron' | 'staff', name: Extract<Output, { output: 'notice' }>['notice']) {
  return (input: EffectInput): EffectResult => ({
    outputs: [{ output: 'notice', audience, notice: name, data: input.data }],
  });
}

/**
 * What a patron notice about the item says of the loan besides the event's own fields: the shipped
 * service type, and the due date of a loan. The event that sends the notice (Received, an Overdue or a
 * Recall message) rarely carries them, but the transaction knows them from the shipment.
 */
function loanFacts(transaction: TransactionFacts | null): EventData {
  if (transaction === null || transaction.shippedServiceType === null) return {};
  return {
    serviceType: transaction.shippedServiceType,
    ...(transaction.shippedServiceType === 'loan' && transaction.dueDate !== null
      ? { dueDate: transaction.dueDate }
      : {}),
  };
}

/** A patron notice about the item itself, with the loan's facts under the event's own fields. */
function loanNotice(name: Extract<Output, { output: 'notice' }>['notice']) {
  return (input: EffectInput): EffectResult => ({
    outputs: [
      {
        output: 'notice',
        audience: 'patron',
        notice: name,
        data: { ...loanFacts(input.transaction), ...input.data },
      },
    ],
  });
}

function attention(input: EffectInput, reason: AttentionReason): EffectResult {
  return { outputs: [{ output: 'attention', rotaIndex: input.rotaIndex, reason }] };
}

function requireTransaction(input: EffectInput): TransactionFacts {
  if (input.transaction === null) throw new Error('effect needs a transaction');
  return input.transaction;
}

function requireBorrowing(input: EffectInput): BorrowingSnapshot {
  if (input.snapshot.kind !== 'borrowing') throw new Error('effect needs a borrowing request');
  return input.snapshot;
}

/**
 * Whether a supplier's status report fits the borrower's state: the report is consistent with the
 * borrower's phase, or with a cancellation the borrower has asked for and is waiting to hear of.
 */
function reportAgrees(state: TransactionState, reported: readonly Phase[]): boolean {
  if (reported.includes(phaseOf('requester', state))) return true;
  return state === 'cancel_pending' && reported.includes('ended-without-supply');
}

/** The event that withdraws a live, not yet supplied transaction: Cancel, or Conditional-Reply No. */
function withdrawal(tx: TransactionFacts): WorkflowEvent | null {
  if (tx.state === 'pending') return { trigger: 'action', action: 'cancel', actor: 'system', data: {} };
  if (tx.state === 'conditional') {
    return { trigger: 'action', action: 'conditional-reply-no', actor: 'system', data: {} };
  }
  return null;
}

function withdrawTransactions(snapshot: BorrowingSnapshot, keep: number | null): Cascade[] {
  const cascades: Cascade[] = [];
  snapshot.rota.forEach((entry, rotaIndex) => {
    const tx = entry.transaction;
    if (tx === null || rotaIndex === keep) return;
    if (phaseOf('requester', tx.state) !== 'awaiting-supply') return;
    const event = withdrawal(tx);
    if (event !== null) cascades.push({ cascade: 'event', rotaIndex, event });
  });
  return cascades;
}

const definitions = {
  startNextTransaction: {
    description: 'Send the request to the next location on the rota (a new transaction).',
    apply: (input) => {
      const rotaIndex = firstUntriedRotaIndex(requireBorrowing(input));
      return rotaIndex < 0 ? {} : { cascades: [{ cascade: 'start-transaction', rotaIndex }] };
    },
  },
  sendToPartners: {
    description: 'Add the chosen partners to the rota and send the request to each of them at once.',
    apply: (input) => {
      const request = requireBorrowing(input);
      const partners: readonly PartnerTerms[] = input.data.partners ?? [];
      const added: RotaEntry[] = partners.map((partner) => ({ partner, transaction: null }));
      const first = request.rota.length;
      // Koha's "Place request with partners" lets staff write to the partners: the note travels with
      // each request message.
      const note = input.data.note;
      return {
        requestPatch: { rota: [...request.rota, ...added], placedWithPartners: true },
        cascades: added.map((_, offset) => ({
          cascade: 'start-transaction',
          rotaIndex: first + offset,
          ...(note === undefined ? {} : { data: { note } }),
        })),
      };
    },
  },
  withdrawCurrentTransaction: {
    description:
      'Withdraw every running transaction that has not shipped: Cancel it (Conditional-Reply No at Conditional).',
    apply: (input) => ({ cascades: withdrawTransactions(requireBorrowing(input), null) }),
  },
  withdrawOtherPartnerTransactions: {
    description: 'Once one partner has shipped, cancel the request with the partners still considering it.',
    apply: (input) => {
      const request = requireBorrowing(input);
      const supplied = request.rota.findIndex((entry) => {
        const tx = entry.transaction;
        return tx !== null && phaseOf('requester', tx.state) === 'supplied';
      });
      return { cascades: withdrawTransactions(request, supplied) };
    },
  },
  startExpiryTimer: {
    description: "Start the borrower's expiry timer: the partner's days-to-respond from now.",
    apply: (input) => {
      const tx = requireTransaction(input);
      return startTimer(
        input,
        'expiry',
        new Date(input.now.getTime() + tx.partner.daysToRespond * DAY_MS).toISOString(),
      );
    },
  },
  stopExpiryTimer: {
    description: "Stop the borrower's expiry timer.",
    apply: (input) => stopTimer(input, 'expiry'),
  },
  startConditionalReplyTimer: {
    description: 'Start the timer for answering the conditions: the reply-by date, or days-to-respond.',
    apply: (input) => {
      const tx = requireTransaction(input);
      const at =
        input.data.replyBy !== undefined
          ? dayAfter(input.data.replyBy)
          : new Date(input.now.getTime() + tx.partner.daysToRespond * DAY_MS).toISOString();
      return startTimer(input, 'conditional-reply', at);
    },
  },
  stopConditionalReplyTimer: {
    description: 'Stop the timer for answering the conditions.',
    apply: (input) => stopTimer(input, 'conditional-reply'),
  },
  startCancelReplyTimer: {
    description:
      "Start the timer for the supplier's answer to the cancellation: the partner's days-to-respond from now.",
    apply: (input) => {
      const tx = requireTransaction(input);
      return startTimer(
        input,
        'cancel-reply',
        new Date(input.now.getTime() + tx.partner.daysToRespond * DAY_MS).toISOString(),
      );
    },
  },
  stopCancelReplyTimer: {
    description: "Stop the timer for the supplier's answer to the cancellation.",
    apply: (input) => stopTimer(input, 'cancel-reply'),
  },
  flagCancellationGivenUp: {
    description:
      'Flag the request for staff attention: the supplier never answered the cancellation, so the transaction was given up.',
    apply: (input) =>
      attention(input, {
        code: 'cancellation_given_up',
        params: { days: requireTransaction(input).partner.daysToRespond },
      }),
  },
  flagCancelRefusedAfterEnd: {
    description:
      'Flag the request for staff attention: the supplier refused a cancellation after the transaction had ended as cancelled.',
    apply: (input) => attention(input, { code: 'cancel_refused_after_end', params: {} }),
  },
  checkStatusReport: {
    description:
      "Flag the transaction for staff attention when the partner's status report contradicts the borrower's own state.",
    apply: (input) => {
      const tx = requireTransaction(input);
      const reported = input.data.reportedPhases;
      if (reported === undefined || reported.length === 0) return {};
      if (reportAgrees(tx.state, reported)) return {};
      return attention(input, {
        code: 'status_disagreement',
        params: { reported: input.data.reportedStatus ?? reported.join(', '), state: tx.state },
      });
    },
  },
  startLenderNeedBeforeTimer: {
    description: "Start the lender's expiry timer at the request's need-before date, if it has one.",
    apply: (input) => {
      const needBefore = input.data.needBefore;
      return startTimer(input, 'need-before', needBefore === undefined ? null : dayAfter(needBefore));
    },
  },
  stopLenderNeedBeforeTimer: {
    description: "Stop the lender's expiry timer.",
    apply: (input) => stopTimer(input, 'need-before'),
  },
  startNeedBeforeTimer: {
    description: "Start the request's need-before timer, if the patron gave a need-before date.",
    apply: (input) => {
      const needBefore = requireBorrowing(input).needBefore;
      return startTimer(input, 'need-before', needBefore === null ? null : dayAfter(needBefore));
    },
  },
  stopNeedBeforeTimer: {
    description: "Stop the request's need-before timer.",
    apply: (input) => stopTimer(input, 'need-before'),
  },
  startDueDateTimer: {
    description: 'Start the due-date timer of a loan; when it fires the lender sends Overdue.',
    apply: (input) => {
      const tx = requireTransaction(input);
      return startTimer(
        input,
        'due-date',
        tx.shippedServiceType === 'loan' && tx.dueDate !== null ? dayAfter(tx.dueDate) : null,
      );
    },
  },
  stopDueDateTimer: {
    description: 'Stop the due-date timer.',
    apply: (input) => stopTimer(input, 'due-date'),
  },
  recordConditions: {
    description: "Keep the supplier's conditions and reply-by date.",
    apply: (input) => ({
      transactionPatch: {
        conditions: input.data.conditions ?? input.data.note ?? null,
        replyBy: input.data.replyBy ?? null,
        ...(input.data.cost !== undefined ? { cost: input.data.cost } : {}),
      },
    }),
  },
  clearConditions: {
    description: 'Forget the conditions once answered.',
    apply: () => ({ transactionPatch: { conditions: null, replyBy: null } }),
  },
  recordShipment: {
    description: 'Keep the shipped service type, due date and cost the supplier gave.',
    apply: (input) => {
      const tx = requireTransaction(input);
      return {
        transactionPatch: {
          shipmentRecorded: true,
          shippedServiceType: input.data.serviceType ?? tx.shippedServiceType ?? tx.currentServiceType,
          dueDate: input.data.dueDate ?? tx.dueDate,
          ...(input.data.cost !== undefined ? { cost: input.data.cost } : {}),
        },
      };
    },
  },
  recordReceiptBeforeShipment: {
    description: 'The item arrived before any shipment was announced: take its service type from the form.',
    apply: (input) => {
      const tx = requireTransaction(input);
      return { transactionPatch: { shippedServiceType: input.data.serviceType ?? tx.currentServiceType } };
    },
  },
  forgetReceipt: {
    description: 'Undo: the item was not received after all.',
    apply: (input) => {
      const tx = requireTransaction(input);
      return tx.shipmentRecorded ? {} : { transactionPatch: { shippedServiceType: null } };
    },
  },
  recordShipmentSent: {
    description: 'Keep the service type shipped, the due date and the cost.',
    apply: (input) => {
      const tx = requireTransaction(input);
      return {
        transactionPatch: {
          shippedServiceType: input.data.serviceType ?? tx.currentServiceType,
          dueDate: input.data.dueDate ?? tx.dueDate,
          ...(input.data.cost !== undefined ? { cost: input.data.cost } : {}),
        },
      };
    },
  },
  forgetShipment: {
    description: 'Undo: the item was not shipped after all.',
    apply: () => ({ transactionPatch: { shippedServiceType: null, dueDate: null } }),
  },
  recordReceipt: {
    description: "Record on the lender's transaction that the borrower received the item.",
    apply: () => ({ transactionPatch: { receiptRecorded: true } }),
  },
  recordReturn: {
    description: "Record on the lender's transaction that the borrower sent the item back.",
    apply: () => ({ transactionPatch: { returnRecorded: true } }),
  },
  recordRecall: {
    description: 'Record that the lender recalled the item.',
    apply: () => ({ transactionPatch: { recalled: true } }),
  },
  recordOverdueNotice: {
    description: 'Count an overdue notice sent to the borrower.',
    apply: (input) => ({
      transactionPatch: { overdueNotices: requireTransaction(input).overdueNotices + 1 },
    }),
  },
  updateDueDate: {
    description: 'Store the new due date of a renewed loan; a renewal lifts a recall.',
    apply: (input) => ({
      transactionPatch: { dueDate: input.data.dueDate ?? requireTransaction(input).dueDate, recalled: false },
    }),
  },
  changeServiceType: {
    description: 'Switch the current service type to the one chosen.',
    apply: (input) => ({
      transactionPatch: {
        currentServiceType: input.data.serviceType ?? requireTransaction(input).currentServiceType,
      },
    }),
  },
  adjustCost: {
    description: 'Set the cost-to-borrower of the transaction to the adjusted amount.',
    apply: (input) => (input.data.cost === undefined ? {} : { transactionPatch: { cost: input.data.cost } }),
  },
  setCompletedAt: {
    description: 'Set the date completed to now.',
    apply: (input) =>
      input.machine === 'request'
        ? { requestPatch: { completedAt: input.now.toISOString() } }
        : { transactionPatch: { completedAt: input.now.toISOString() } },
  },
  deleteRequest: {
    description: 'Delete the request and everything about it.',
    apply: () => ({ outputs: [{ output: 'delete-request' }] }),
  },
  changeDetails: {
    description: 'Apply the changed bibliographic or service details locally.',
    apply: (input) => {
      // The custom status is the request's own field, which setCustomStatus records with its history.
      const { [CUSTOM_STATUS_DETAIL]: _customStatus, ...details } = input.data.details ?? {};
      return Object.keys(details).length === 0 ? {} : { outputs: [{ output: 'details-changed', details }] };
    },
  },
  setCustomStatus: {
    description:
      'Set or clear the custom status, when the changed details name one (staff only, a code the library defines).',
    apply: (input) => {
      const to = customStatusOf(input.event);
      const from = input.snapshot.customStatus;
      if (to === undefined || to === from) return {};
      return { customStatus: to, outputs: [{ output: 'custom-status', from, to, cause: 'set' }] };
    },
  },
  clearCustomStatus: {
    description:
      'Clear the custom status because the system status it is shown over changed (applied by the engine after every such change, not by an edge).',
    apply: (input) => {
      const from = input.snapshot.customStatus;
      if (from === null) return {};
      return {
        customStatus: null,
        outputs: [{ output: 'custom-status', from, to: null, cause: 'status-changed' }],
      };
    },
  },
  addPrivateNote: {
    description: 'Store a private note for staff.',
    apply: (input) =>
      input.data.note === undefined
        ? {}
        : {
            outputs: [
              { output: 'note', visibility: 'private', rotaIndex: input.rotaIndex, text: input.data.note },
            ],
          },
  },
  addPublicNote: {
    description: 'Store a public note, shared with the partner.',
    apply: (input) =>
      input.data.note === undefined
        ? {}
        : {
            outputs: [
              { output: 'note', visibility: 'public', rotaIndex: input.rotaIndex, text: input.data.note },
            ],
          },
  },
  sendUserAlert: {
    description: 'Email the patron the patron note, and store the private note for staff.',
    apply: (input) => ({
      outputs: [
        { output: 'notice', audience: 'patron', notice: 'user-alert', data: input.data },
        ...(input.data.privateNote === undefined
          ? []
          : [
              {
                output: 'note',
                visibility: 'private',
                rotaIndex: null,
                text: input.data.privateNote,
              } as const,
            ]),
      ],
    }),
  },
  notifyPatronPickupReady: {
    description:
      'Tell the patron the item has arrived and is ready for pickup, with its due date if it is a loan.',
    apply: loanNotice('pickup-ready'),
  },
  notifyPatronUnavailable: {
    description: 'Tell the patron the request cannot be supplied.',
    apply: notice('patron', 'request-unavailable'),
  },
  notifyPatronUpdate: {
    description: 'Tell the patron their request has moved on.',
    apply: notice('patron', 'request-update'),
  },
  notifyPatronOverdue: {
    description: 'Tell the patron the loan is overdue, with its due date.',
    apply: loanNotice('overdue'),
  },
  notifyPatronRecalled: {
    description: 'Tell the patron the lender has recalled the item, with its due date.',
    apply: loanNotice('recalled'),
  },
  notifyStaffCancellationRequested: {
    description: 'Tell staff the patron asked to cancel.',
    apply: notice('staff', 'cancellation-requested'),
  },
  notifyStaffRequestModified: {
    description: 'Tell staff the patron edited the request (only when the patron did it).',
    apply: (input) =>
      input.event.trigger === 'action' && input.event.actor === 'patron'
        ? { outputs: [{ output: 'notice', audience: 'staff', notice: 'request-modified', data: input.data }] }
        : {},
  },
  notifyStaffPartnerNote: {
    description: 'Tell staff the partner sent a note.',
    apply: notice('staff', 'partner-note'),
  },
  resendLastMessage: {
    description: 'Send the last outgoing message again, unchanged but for a new note.',
    apply: (input) => {
      const tx = requireTransaction(input);
      if (tx.lastSent === null) return {};
      const data =
        input.data.note === undefined ? tx.lastSent.data : { ...tx.lastSent.data, note: input.data.note };
      return {
        outputs: [
          {
            output: 'message',
            rotaIndex: input.rotaIndex,
            partner: tx.partner,
            message: tx.lastSent.message,
            sequence: tx.lastSent.sequence,
            resend: true,
            data,
          },
        ],
      };
    },
  },
  recordLateMessage: {
    description: 'A message that crossed in flight or arrived late: recorded in the history, no change.',
    apply: () => ({}),
  },
} satisfies Record<string, EffectDefinition>;

export type EffectName = keyof typeof definitions;

/** Effects the engine applies itself, whatever the edge, rather than edges naming them. */
export const ENGINE_EFFECTS: readonly EffectName[] = ['clearCustomStatus'];

/** Every effect, by name. */
export const EFFECTS: Readonly<Record<EffectName, EffectDefinition>> = definitions;

export const EFFECT_NAMES = Object.keys(definitions) as EffectName[];
