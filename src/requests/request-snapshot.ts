/**
 * Between stored rows and the engine's snapshots: a loaded request becomes a borrowing or lending
 * snapshot, and a transaction's facts become its columns again. Pure functions.
 */
import type { Partner, TransactionRow } from '../db/schema.ts';
import type {
  BorrowingSnapshot,
  LendingSnapshot,
  Money,
  PartnerTerms,
  SentMessage,
  TransactionFacts,
  WorkflowSnapshot,
} from '../workflow/model.ts';
import type { CanHold, RequestStatus, ServiceType, TransactionState } from '../workflow/vocabulary.ts';
import { requestedServiceTypes } from './request-fields.ts';
import type { LoadedRequest, TransactionFactsRow } from './request.repository.ts';

/** What the engine needs to know about a partner. */
export function partnerTerms(partner: Partner): PartnerTerms {
  return {
    partnerId: partner.id,
    protocol: partner.protocol,
    undoAllowed: partner.undo_allowed,
    daysToRespond: partner.days_to_respond,
  };
}

function money(amount: string | null, currency: string | null): Money | null {
  if (amount === null || currency === null) return null;
  // numeric(14,4) comes back as "12.5000": keep the amount as staff typed it.
  return { amount: amount.replace(/(\.\d*?)0+$/, '$1').replace(/\.$/, ''), currency };
}

/** The engine's facts of one stored transaction. */
export function transactionFacts(row: TransactionRow, partner: PartnerTerms): TransactionFacts {
  return {
    role: row.role,
    state: row.state as TransactionState,
    partner,
    requestedServiceTypes: row.requested_service_types as ServiceType[],
    currentServiceType: row.current_service_type as ServiceType,
    shippedServiceType: row.shipped_service_type as ServiceType | null,
    canHold: row.can_hold as CanHold,
    dueDate: row.due_date,
    shipmentRecorded: row.shipment_recorded,
    receiptRecorded: row.receipt_recorded,
    returnRecorded: row.return_recorded,
    recalled: row.recalled,
    overdueNotices: row.overdue_notices,
    conditions: row.conditions,
    replyBy: row.reply_by,
    cost: money(row.cost_amount, row.cost_currency),
    lastSent: (row.last_sent as SentMessage | null) ?? null,
    sentCount: row.sent_count,
    completedAt: row.completed_at === null ? null : row.completed_at.toISOString(),
  };
}

/** The columns of a transaction's facts. */
export function factsToRow(facts: TransactionFacts): TransactionFactsRow {
  return {
    state: facts.state,
    requested_service_types: [...facts.requestedServiceTypes],
    current_service_type: facts.currentServiceType,
    shipped_service_type: facts.shippedServiceType,
    can_hold: facts.canHold,
    due_date: facts.dueDate,
    shipment_recorded: facts.shipmentRecorded,
    receipt_recorded: facts.receiptRecorded,
    return_recorded: facts.returnRecorded,
    recalled: facts.recalled,
    overdue_notices: facts.overdueNotices,
    conditions: facts.conditions,
    reply_by: facts.replyBy,
    cost_amount: facts.cost?.amount ?? null,
    cost_currency: facts.cost?.currency ?? null,
    last_sent: facts.lastSent,
    sent_count: facts.sentCount,
    completed_at: facts.completedAt === null ? null : new Date(facts.completedAt),
  };
}

/** The engine's snapshot of a stored request. */
export function toSnapshot(loaded: LoadedRequest): WorkflowSnapshot {
  const { request } = loaded;
  if (request.role === 'lending') {
    const row = loaded.transactions[0];
    if (row === undefined || loaded.requesterPartner === null) {
      throw new Error(`Lending request ${request.id} has no transaction or no requesting partner`);
    }
    return {
      kind: 'lending',
      transaction: transactionFacts(row, partnerTerms(loaded.requesterPartner)),
      customStatus: request.custom_status,
    } satisfies LendingSnapshot;
  }
  const transactions = new Map(loaded.transactions.map((row) => [row.rota_position, row]));
  return {
    kind: 'borrowing',
    status: request.status as RequestStatus,
    requestedServiceTypes: requestedServiceTypes(request.type, request.service_type),
    canHold: request.can_hold,
    autoAdvance: request.auto_advance,
    needBefore: request.need_before,
    rota: loaded.rota.map(({ position, partner }) => {
      const terms = partnerTerms(partner);
      const row = transactions.get(position);
      return { partner: terms, transaction: row === undefined ? null : transactionFacts(row, terms) };
    }),
    completedAt: request.completed_at === null ? null : request.completed_at.toISOString(),
    placedWithPartners: request.placed_with_partners,
    customStatus: request.custom_status,
  } satisfies BorrowingSnapshot;
}
