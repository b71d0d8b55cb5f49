/**
 * SQL for requests and everything the workflow write path touches: the request row, its rota and
 * transactions, history, notes, the outbox, timers and notices. Pass a transaction as `db` to take
 * part in it.
 */
import type { AttentionReason } from '../workflow/attention.ts';
import { sql } from 'kysely';
import type { Kysely, Selectable } from 'kysely';
import type {
  Database,
  NewRequestRow,
  Partner,
  PartnerTable,
  RequestRow,
  TransactionRow,
  TransactionTable,
} from '../db/schema.ts';

/** A request with what the engine needs: its rota (with partners) and its transactions. */
export interface LoadedRequest {
  readonly request: RequestRow;
  readonly rota: readonly { position: number; partner: Partner }[];
  readonly transactions: readonly TransactionRow[];
  /** Lending requests: the borrowing library as an entry of the lender's partner directory. */
  readonly requesterPartner: Partner | null;
}

/** A history row to append. */
export interface NewHistoryEntry {
  readonly rotaPosition: number | null;
  readonly actorKind: 'staff' | 'patron' | 'partner' | 'system' | 'timer' | 'api';
  readonly actorId: string | null;
  readonly actorName: string;
  readonly machine: string;
  readonly edgeId: string;
  readonly eventKind: string;
  readonly eventName: string;
  readonly fromState: string;
  readonly toState: string;
  readonly note: string | null;
  readonly data: unknown;
  /** The partner message the step took in, and the one it sent out. */
  readonly messageReceived?: string | null;
  readonly messageSent?: string | null;
}

/** Transaction columns the workflow owns (facts), as written after a decision. */
export type TransactionFactsRow = Pick<
  TransactionRow,
  | 'state'
  | 'requested_service_types'
  | 'current_service_type'
  | 'shipped_service_type'
  | 'can_hold'
  | 'due_date'
  | 'shipment_recorded'
  | 'receipt_recorded'
  | 'return_recorded'
  | 'recalled'
  | 'overdue_notices'
  | 'conditions'
  | 'reply_by'
  | 'cost_amount'
  | 'cost_currency'
  | 'sent_count'
  | 'completed_at'
> & { last_sent: unknown };

export class RequestRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** Insert a request and return it. */
  async insertRequest(row: NewRequestRow): Promise<RequestRow> {
    return this.db.insertInto('request').values(row).returningAll().executeTakeFirstOrThrow();
  }

  /** Append partners to a request's rota, after its last position. */
  async appendRota(requestId: string, partnerIds: readonly string[], firstPosition: number): Promise<void> {
    if (partnerIds.length === 0) return;
    await this.db
      .insertInto('rota_entry')
      .values(
        partnerIds.map((partnerId, offset) => ({
          request_id: requestId,
          position: firstPosition + offset,
          partner_id: partnerId,
        })),
      )
      .execute();
  }

  /**
   * Load a request, its rota and transactions. With `forUpdate`, lock the request row until the end of
   * the surrounding transaction: every change to a request goes through this lock, so two changes to
   * one request never interleave. The lock is FOR NO KEY UPDATE (what the change's own UPDATE takes):
   * FOR UPDATE would also block the foreign-key checks (KEY SHARE) of other transactions writing rows
   * that refer to the request, such as the outbox worker recording a delivery, and make them queue
   * behind every staff action on the request.
   */
  async load(requestId: string, options: { forUpdate: boolean }): Promise<LoadedRequest | null> {
    let query = this.db.selectFrom('request').selectAll().where('id', '=', requestId);
    if (options.forUpdate) query = query.forNoKeyUpdate();
    const request = await query.executeTakeFirst();
    if (request === undefined) return null;
    // The rota's partners and the requesting partner (of a lending request) in one statement, told
    // apart by their rota position: each statement is a round trip, most of what an action costs.
    const [partners, transactions] = await Promise.all([
      this.db
        .selectFrom('rota_entry')
        .innerJoin('partner', 'partner.id', 'rota_entry.partner_id')
        .selectAll('partner')
        .select(sql<number | null>`rota_entry.position`.as('position'))
        .where('rota_entry.request_id', '=', requestId)
        .$if(request.partner_id !== null, (query) =>
          query.unionAll((eb) =>
            eb
              .selectFrom('partner')
              .selectAll('partner')
              .select(sql<number | null>`null::integer`.as('position'))
              .where('partner.id', '=', request.partner_id as string),
          ),
        )
        .orderBy('position')
        .execute(),
      this.db
        .selectFrom('transaction')
        .selectAll()
        .where('request_id', '=', requestId)
        .orderBy('rota_position')
        .execute(),
    ]);
    const rota: { position: number; partner: Selectable<PartnerTable> }[] = [];
    let requesterPartner: Selectable<PartnerTable> | null = null;
    for (const { position, ...partner } of partners) {
      if (position === null) requesterPartner = partner;
      else rota.push({ position, partner });
    }
    return { request, rota, transactions, requesterPartner };
  }

  /** Write the request-level fields a decision changed, and bump the version; returns the row written. */
  async updateRequestState(
    requestId: string,
    changes: {
      status?: string | null;
      completedAt?: Date | null;
      attention?: AttentionReason | null;
      placedWithPartners?: boolean;
      customStatus?: string | null;
      /** The lender has answered (VDX's Will Supply queue); once true it stays true. */
      lenderAnswered?: true;
    },
    now: Date,
  ): Promise<RequestRow> {
    // The request's copy of its current transaction, as request_refresh_current (migration 0005)
    // chooses it, written in this same UPDATE: the change's transactions are written before it, and
    // the deferred triggers that would otherwise write the row again then find nothing to do (0014).
    const current = <T>(column: 'rota_position' | 'state' | 'partner_id' | 'due_date' | 'return_recorded') =>
      sql<T>`(select ${sql.ref(`t.${column}`)} from transaction t where t.request_id = request.id
              order by request_transaction_rank(t.state), t.rota_position desc limit 1)`;
    const row = await this.db
      .updateTable('request')
      .set((eb) => ({
        current_position: current<number | null>('rota_position'),
        current_state: current<string | null>('state'),
        current_partner_id: current<string | null>('partner_id'),
        current_due_date: current<string | null>('due_date'),
        current_return_recorded: sql<boolean>`coalesce(${current<boolean | null>('return_recorded')}, false)`,
        ...(changes.lenderAnswered === true ? { lender_answered: true } : {}),
        ...(changes.status !== undefined ? { status: changes.status } : {}),
        ...(changes.customStatus !== undefined ? { custom_status: changes.customStatus } : {}),
        ...(changes.completedAt !== undefined ? { completed_at: changes.completedAt } : {}),
        ...(changes.attention !== undefined
          ? { attention: changes.attention === null ? null : JSON.stringify(changes.attention) }
          : {}),
        ...(changes.placedWithPartners !== undefined
          ? { placed_with_partners: changes.placedWithPartners }
          : {}),
        updated_at: now,
        version: eb('version', '+', 1),
      }))
      .where('id', '=', requestId)
      .returningAll()
      .executeTakeFirstOrThrow();
    return row;
  }

  /** Clear the attention flags of a request's transactions (the request's own is a request-level field). */
  async clearTransactionAttention(requestId: string, now: Date): Promise<void> {
    await this.db
      .updateTable('transaction')
      .set({ attention: null, updated_at: now })
      .where('request_id', '=', requestId)
      .where('attention', 'is not', null)
      .execute();
  }

  /** Change bibliographic or service columns of a request. */
  async updateRequestDetails(requestId: string, columns: Readonly<Record<string, unknown>>): Promise<void> {
    if (Object.keys(columns).length === 0) return;
    await this.db.updateTable('request').set(columns).where('id', '=', requestId).execute();
  }

  async insertTransaction(
    row: Pick<TransactionTable, 'request_id' | 'rota_position' | 'role' | 'partner_id'> &
      TransactionFactsRow & { partner_reference?: string | null; local_reference?: string | null },
  ): Promise<TransactionRow> {
    return this.db
      .insertInto('transaction')
      .values({ ...row, last_sent: row.last_sent === null ? null : JSON.stringify(row.last_sent) })
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  /** Write a transaction's facts; returns the row written. */
  async updateTransaction(id: string, facts: TransactionFactsRow, now: Date): Promise<TransactionRow> {
    return this.db
      .updateTable('transaction')
      .set({
        ...facts,
        last_sent: facts.last_sent === null ? null : JSON.stringify(facts.last_sent),
        updated_at: now,
      })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  /** The codes of the custom statuses a library defines. */
  async customStatusCodes(libraryId: string): Promise<ReadonlySet<string>> {
    const rows = await this.db
      .selectFrom('custom_status')
      .select('code')
      .where('library_id', '=', libraryId)
      .execute();
    return new Set(rows.map((row) => row.code));
  }

  /** Flag one transaction for staff attention, saying why (the request's own flag is a request-level field). */
  async flagTransactionAttention(id: string, reason: AttentionReason, now: Date): Promise<void> {
    await this.db
      .updateTable('transaction')
      .set({ attention: JSON.stringify(reason), updated_at: now })
      .where('id', '=', id)
      .execute();
  }

  async insertHistory(requestId: string, entries: readonly NewHistoryEntry[], at: Date): Promise<void> {
    if (entries.length === 0) return;
    await this.db
      .insertInto('history')
      .values(
        entries.map((entry) => ({
          request_id: requestId,
          rota_position: entry.rotaPosition,
          at,
          actor_kind: entry.actorKind,
          actor_id: entry.actorId,
          actor_name: entry.actorName,
          machine: entry.machine,
          edge_id: entry.edgeId,
          event_kind: entry.eventKind,
          event_name: entry.eventName,
          from_state: entry.fromState,
          to_state: entry.toState,
          note: entry.note,
          data: JSON.stringify(entry.data ?? {}),
          message_received: entry.messageReceived ?? null,
          message_sent: entry.messageSent ?? null,
        })),
      )
      .execute();
  }

  async insertNote(note: {
    requestId: string;
    rotaPosition: number | null;
    visibility: 'private' | 'public';
    direction: 'local' | 'outgoing' | 'incoming';
    text: string;
    authorKind: string;
    authorName: string;
    at: Date;
  }): Promise<void> {
    await this.db
      .insertInto('note')
      .values({
        request_id: note.requestId,
        rota_position: note.rotaPosition,
        visibility: note.visibility,
        direction: note.direction,
        text: note.text,
        author_kind: note.authorKind,
        author_name: note.authorName,
        created_at: note.at,
      })
      .execute();
  }

  async insertOutboxMessage(message: {
    requestId: string;
    transactionId: string;
    partnerId: string;
    protocol: string;
    message: string;
    sequence: number;
    resend: boolean;
    payload: unknown;
    at: Date;
  }): Promise<void> {
    // Its insert trigger wakes the outbox workers when this transaction commits (migration 0017).
    await this.db
      .insertInto('outbox_message')
      .values({
        request_id: message.requestId,
        transaction_id: message.transactionId,
        partner_id: message.partnerId,
        protocol: message.protocol,
        message: message.message,
        sequence: message.sequence,
        resend: message.resend,
        payload: JSON.stringify(message.payload ?? {}),
        created_at: message.at,
        next_attempt_at: message.at,
      })
      .execute();
  }

  /** Arm a timer, replacing any earlier one of the same name. */
  async startTimer(timer: {
    requestId: string;
    rotaPosition: number | null;
    machine: string;
    name: string;
    dueAt: Date;
  }): Promise<void> {
    await this.stopTimer(timer);
    await this.db
      .insertInto('timer')
      .values({
        request_id: timer.requestId,
        rota_position: timer.rotaPosition,
        machine: timer.machine,
        name: timer.name,
        due_at: timer.dueAt,
      })
      .execute();
  }

  async stopTimer(timer: {
    requestId: string;
    rotaPosition: number | null;
    machine: string;
    name: string;
  }): Promise<void> {
    await this.db
      .deleteFrom('timer')
      .where('request_id', '=', timer.requestId)
      .where('machine', '=', timer.machine)
      .where('name', '=', timer.name)
      .where(sql<number>`coalesce(rota_position, -1)`, '=', timer.rotaPosition ?? -1)
      .execute();
  }

  async insertNotice(notice: {
    libraryId: string;
    requestId: string;
    audience: 'patron' | 'staff';
    notice: string;
    data: unknown;
    at: Date;
  }): Promise<void> {
    await this.db
      .insertInto('notice')
      .values({
        library_id: notice.libraryId,
        request_id: notice.requestId,
        audience: notice.audience,
        notice: notice.notice,
        data: JSON.stringify(notice.data ?? {}),
        created_at: notice.at,
      })
      .execute();
  }

  /**
   * Delete a request and everything recorded about it (Koha keeps nothing of a deleted request): its
   * rota, transactions, history, notes, outgoing messages and timers through the foreign keys' cascade,
   * and here the rows that outlive a request's other deletions because their link is only cleared
   * (notices, mail, received ISO 18626 messages) and the stored idempotent responses that show it.
   *
   * Call it in the transaction that locked the request. The order avoids both a deadlock and a row
   * left behind: the notice renderer holds a notice while it writes its mail, whose foreign key needs
   * the request, so notices go first, while the request is locked only against other changes; then the
   * request is locked FOR UPDATE, which makes any insert still referring to it wait for this
   * transaction (and then fail), and what such inserts wrote before is deleted with the rest.
   */
  async deleteRequest(requestId: string): Promise<void> {
    await this.db.deleteFrom('notice').where('request_id', '=', requestId).execute();
    await this.db.selectFrom('request').select('id').where('id', '=', requestId).forUpdate().execute();
    await this.db
      .deleteFrom('mail')
      .where((eb) =>
        eb.or([
          eb('request_id', '=', requestId),
          eb(
            'outbox_message_id',
            'in',
            eb.selectFrom('outbox_message').select('id').where('request_id', '=', requestId),
          ),
        ]),
      )
      .execute();
    await this.db.deleteFrom('notice').where('request_id', '=', requestId).execute();
    await this.db.deleteFrom('inbound_message').where('request_id', '=', requestId).execute();
    await this.db.deleteFrom('idempotency_key').where('request_id', '=', requestId).execute();
    await this.db.deleteFrom('request').where('id', '=', requestId).execute();
  }

  async findPartners(libraryId: string, partnerIds: readonly string[]): Promise<Partner[]> {
    if (partnerIds.length === 0) return [];
    return this.db
      .selectFrom('partner')
      .selectAll()
      .where('library_id', '=', libraryId)
      .where('id', 'in', [...partnerIds])
      .execute();
  }

  /** The library's active partners of some protocols, by name: the default rota of a new request. */
  async activePartners(libraryId: string, protocols: readonly string[]): Promise<Partner[]> {
    return this.db
      .selectFrom('partner')
      .selectAll()
      .where('library_id', '=', libraryId)
      .where('active', '=', true)
      .where('protocol', 'in', [...protocols] as Partner['protocol'][])
      .orderBy('name')
      .execute();
  }
}
