/** The request page as the API returns it, built from stored rows and the action menu. Pure. */
import { readAttention } from '../workflow/attention.ts';
import type { Partner, TransactionRow } from '../db/schema.ts';
import type { MenuItem } from '../workflow/action-menu.ts';
import { menuStatus } from '../workflow/action-menu.ts';
import type { WorkflowSnapshot } from '../workflow/model.ts';
import { BIBLIOGRAPHIC_FIELDS, BIBLIOGRAPHIC_FIELD_NAMES } from './request-fields.ts';
import type { RequestPageRows } from './request-read.repository.ts';
import type { LoadedRequest } from './request.repository.ts';
import type { HistoryEntryData, RequestDetailView } from './request.schemas.ts';

/** The reference staff and patrons quote for a request. */
export function requestReference(number: string | number): string {
  return `ILL-${number}`;
}

function trimAmount(amount: string): string {
  return amount.replace(/(\.\d*?)0+$/, '$1').replace(/\.$/, '');
}

function partnerSummary(partner: Partner) {
  return { id: partner.id, symbol: partner.symbol, name: partner.name, protocol: partner.protocol };
}

function transactionView(row: TransactionRow, undelivered: ReadonlyMap<string, number>) {
  return {
    id: row.id,
    role: row.role,
    state: row.state,
    requestedServiceTypes: row.requested_service_types,
    currentServiceType: row.current_service_type,
    shippedServiceType: row.shipped_service_type,
    dueDate: row.due_date,
    conditions: row.conditions,
    replyBy: row.reply_by,
    cost:
      row.cost_amount === null || row.cost_currency === null
        ? null
        : { amount: trimAmount(row.cost_amount), currency: row.cost_currency },
    recalled: row.recalled,
    shipmentRecorded: row.shipment_recorded,
    receiptRecorded: row.receipt_recorded,
    returnRecorded: row.return_recorded,
    overdueNotices: row.overdue_notices,
    localReference: row.local_reference,
    partnerReference: row.partner_reference,
    lastMessageAt: row.last_message_at?.toISOString() ?? null,
    attention: readAttention(row.attention),
    completedAt: row.completed_at?.toISOString() ?? null,
    undeliveredMessages: undelivered.get(row.id) ?? 0,
  };
}

/** The text fields of event data a history entry shows staff (the note is the entry's own). */
const RECORDED_TEXT_FIELDS = [
  'serviceType',
  'dueDate',
  'desiredDueDate',
  'dateShipped',
  'dateReceived',
  'dateReturned',
  'dateCheckedIn',
  'expectedDeliveryDate',
  'estimatedDateAvailable',
  'needBefore',
  'returnedVia',
  'itemId',
  'reason',
  'locations',
  'conditions',
  'replyBy',
  'patronNote',
  'privateNote',
  'reportedStatus',
] as const satisfies readonly (keyof HistoryEntryData)[];

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * What a history entry recorded, from its stored event data: the action's or message's fields, and
 * nothing of the engine's own bookkeeping (the partners' terms of Place request with partners).
 */
export function recordedData(data: unknown): HistoryEntryData {
  if (!isRecord(data)) return {};
  const recorded: Record<string, unknown> = {};
  for (const field of RECORDED_TEXT_FIELDS) {
    if (typeof data[field] === 'string') recorded[field] = data[field];
  }
  const cost = data['cost'];
  if (isRecord(cost) && typeof cost['amount'] === 'string' && typeof cost['currency'] === 'string') {
    recorded['cost'] = { amount: cost['amount'], currency: cost['currency'] };
  }
  if (isRecord(data['details'])) recorded['details'] = data['details'];
  const customStatus = data['customStatus'];
  if (isRecord(customStatus)) {
    const code = (value: unknown): string | null => (typeof value === 'string' ? value : null);
    recorded['customStatus'] = { from: code(customStatus['from']), to: code(customStatus['to']) };
  }
  return recorded as HistoryEntryData;
}

/** The actions of the menu, as the API lists them. */
export function actionViews(menu: readonly MenuItem[]): RequestDetailView['actions'] {
  return menu.map((item) => ({
    id: item.id,
    kind: item.kind,
    rotaPosition: item.target === null ? null : item.target.rotaIndex,
    ...(item.vdxName !== undefined ? { vdxName: item.vdxName } : {}),
    ...(item.kohaName !== undefined ? { kohaName: item.kohaName } : {}),
    ...(item.isoName !== undefined ? { isoName: item.isoName } : {}),
    ...(item.localName !== undefined ? { localName: item.localName } : {}),
    fields: item.fields.map((field) => ({
      name: field.name,
      type: field.type,
      required: field.required,
      ...(field.requiredForServiceType !== undefined
        ? { requiredForServiceType: field.requiredForServiceType }
        : {}),
    })),
  }));
}

/**
 * Build the request page. Private notes are left out unless `includePrivate`: the private notes
 * themselves, and the notes of history entries, which carry what staff, partners and the system
 * wrote with an action (a private note, a reason, a partner's conditions); only the notes the
 * patron wrote stay in the history then. What each history entry recorded (its `data`) is shown
 * only with `includePrivate`, for the same reason.
 */
export function requestDetailView(
  loaded: LoadedRequest,
  snapshot: WorkflowSnapshot,
  page: RequestPageRows,
  menu: readonly MenuItem[],
  options: { includePrivate: boolean },
): RequestDetailView {
  const { request } = loaded;
  const transactions = new Map(loaded.transactions.map((row) => [row.rota_position, row]));
  const bibliographic = Object.fromEntries(
    BIBLIOGRAPHIC_FIELD_NAMES.map((name) => [name, request[BIBLIOGRAPHIC_FIELDS[name]] as string | null]),
  );
  const rota =
    request.role === 'lending'
      ? loaded.requesterPartner === null
        ? []
        : [
            {
              position: 0,
              partner: partnerSummary(loaded.requesterPartner),
              transaction: transactions.has(0)
                ? transactionView(transactions.get(0) as TransactionRow, page.undelivered)
                : null,
            },
          ]
      : loaded.rota.map(({ position, partner }) => {
          const row = transactions.get(position);
          return {
            position,
            partner: partnerSummary(partner),
            transaction: row === undefined ? null : transactionView(row, page.undelivered),
          };
        });
  return {
    id: request.id,
    number: Number(request.number),
    reference: requestReference(request.number),
    role: request.role,
    backend: request.backend,
    backendVersion: request.backend_version,
    status: request.status,
    customStatus:
      page.customStatus === null
        ? null
        : {
            code: page.customStatus.code,
            label: page.customStatus.label,
            opacLabel: page.customStatus.opac_label,
          },
    menuStatus: menuStatus(snapshot),
    details: {
      type: request.type,
      serviceType: request.service_type,
      ...bibliographic,
      needBefore: request.need_before,
      maxCost:
        request.max_cost_amount === null || request.max_cost_currency === null
          ? null
          : { amount: trimAmount(request.max_cost_amount), currency: request.max_cost_currency },
      canHold: request.can_hold,
      pickupBranch: page.pickupBranch,
      patronNotes: request.patron_notes,
      customFields: request.custom_fields,
    },
    patron:
      page.patron === null
        ? null
        : {
            id: page.patron.id,
            cardNumber: page.patron.card_number,
            name: page.patron.name,
            email: page.patron.email,
          },
    requesterContact:
      request.requester_name === null || request.requester_email === null
        ? null
        : { name: request.requester_name, email: request.requester_email },
    copyright: { accepted: request.copyright_accepted, text: request.copyright_text },
    partner: loaded.requesterPartner === null ? null : partnerSummary(loaded.requesterPartner),
    partnerRequestId: request.partner_request_id,
    rota,
    history: page.history.map((row) => ({
      id: String(row.id),
      at: row.at.toISOString(),
      actor: { kind: row.actor_kind, name: row.actor_name },
      machine: row.machine,
      rotaPosition: row.rota_position,
      edgeId: row.edge_id,
      event: { kind: row.event_kind, name: row.event_name },
      from: row.from_state,
      to: row.to_state,
      note: options.includePrivate || row.actor_kind === 'patron' ? row.note : null,
      ...(options.includePrivate ? { data: recordedData(row.data) } : {}),
      message: { received: row.message_received, sent: row.message_sent },
    })),
    notes: page.notes
      .filter((note) => options.includePrivate || note.visibility === 'public')
      .map((note) => ({
        id: String(note.id),
        at: note.created_at.toISOString(),
        visibility: note.visibility,
        direction: note.direction,
        text: note.text,
        author: note.author_name,
        rotaPosition: note.rota_position,
      })),
    actions: actionViews(menu),
    attention: readAttention(request.attention),
    completedAt: request.completed_at?.toISOString() ?? null,
    createdAt: request.created_at.toISOString(),
    updatedAt: request.updated_at.toISOString(),
    version: request.version,
  };
}
