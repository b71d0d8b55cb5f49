/**
 * SQL for notices: claiming the ones to render, recording what became of each, queueing notices
 * (staff notices of failed deliveries, due-soon and overdue notices once per loan and due date), the
 * rows a notice is about, and the notice log. Pass a transaction as `db` to take part in it.
 */
import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { Database, RequestRow } from '../db/schema.ts';

export interface QueuedNotice {
  readonly id: string;
  readonly libraryId: string;
  readonly requestId: string | null;
  readonly audience: 'patron' | 'staff';
  readonly notice: string;
  readonly data: Readonly<Record<string, unknown>>;
}

export interface NoticeLibraryRow {
  readonly id: string;
  readonly name: string;
  readonly symbol: string;
  readonly email: string | null;
  readonly address: string | null;
}

export interface NoticePatronRow {
  readonly id: string;
  readonly name: string;
  readonly card_number: string;
  readonly email: string | null;
  readonly email_notices: boolean;
  readonly preferred_language: string;
}

export interface NoticeLogFilter {
  readonly status?: string;
  readonly audience?: 'patron' | 'staff';
  readonly notice?: string;
  readonly from?: Date;
  readonly to?: Date;
  readonly requestId?: string;
  /** Only notices with a smaller id (the next page). */
  readonly before?: string;
  readonly limit: number;
}

export interface NoticeLogRow {
  readonly id: string;
  readonly request_id: string | null;
  readonly request_number: string | null;
  readonly audience: 'patron' | 'staff';
  readonly notice: string;
  readonly status: string;
  readonly recipient: string | null;
  readonly language: string | null;
  readonly subject: string | null;
  readonly body: string | null;
  readonly skip_reason: string | null;
  readonly created_at: Date;
  readonly updated_at: Date | null;
  readonly mail_id: string | null;
  readonly attempts: number | null;
  readonly last_error: string | null;
  readonly smtp_response: string | null;
  readonly sent_at: Date | null;
  readonly next_attempt_at: Date | null;
}

function asRecord(value: unknown): Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

export class NoticeRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /**
   * The oldest notice waiting to be rendered, locked until the end of the caller's transaction;
   * SKIP LOCKED lets several workers render different notices side by side.
   */
  async claimToRender(): Promise<QueuedNotice | null> {
    const row = await this.db
      .selectFrom('notice')
      .select(['id', 'library_id', 'request_id', 'audience', 'notice', 'data'])
      .where('status', '=', 'queued')
      .where('rendered_at', 'is', null)
      .orderBy('id')
      .limit(1)
      .forUpdate()
      .skipLocked()
      .executeTakeFirst();
    if (row === undefined) return null;
    return {
      id: String(row.id),
      libraryId: row.library_id,
      requestId: row.request_id,
      audience: row.audience,
      notice: row.notice,
      data: asRecord(row.data),
    };
  }

  async markSkipped(
    id: string,
    outcome: { reason: string; recipient: string | null; language: string | null },
    at: Date,
  ): Promise<void> {
    await this.db
      .updateTable('notice')
      .set({
        status: 'skipped',
        skip_reason: outcome.reason,
        recipient: outcome.recipient,
        language: outcome.language,
        rendered_at: at,
        updated_at: at,
      })
      .where('id', '=', id)
      .execute();
  }

  /** Record that a notice could not be written (a defect, or data it cannot be rendered from). */
  async markFailed(id: string, reason: string, at: Date): Promise<void> {
    await this.db
      .updateTable('notice')
      .set({ status: 'failed', skip_reason: reason, rendered_at: at, updated_at: at })
      .where('id', '=', id)
      .execute();
  }

  /** Record the mail a notice became; it stays `queued` until the mail is sent, held or fails. */
  async markRendered(
    id: string,
    mail: { recipient: string; language: string; subject: string; body: string },
    at: Date,
  ): Promise<void> {
    await this.db
      .updateTable('notice')
      .set({ ...mail, rendered_at: at, updated_at: at })
      .where('id', '=', id)
      .execute();
  }

  /** Queue a notice; with a dedupe key, only if no notice has that key yet. True when inserted. */
  async insert(notice: {
    libraryId: string;
    requestId: string | null;
    audience: 'patron' | 'staff';
    notice: string;
    data: unknown;
    at: Date;
    dedupeKey?: string;
  }): Promise<boolean> {
    const result = await this.db
      .insertInto('notice')
      .values({
        library_id: notice.libraryId,
        request_id: notice.requestId,
        audience: notice.audience,
        notice: notice.notice,
        data: JSON.stringify(notice.data ?? {}),
        created_at: notice.at,
        dedupe_key: notice.dedupeKey ?? null,
      })
      .onConflict((oc) => oc.column('dedupe_key').where('dedupe_key', 'is not', null).doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
  }

  /**
   * Queue a due-soon notice for every loan a borrowing library has received and must return within its
   * `due_soon_days` (its own calendar, in its time zone), once per loan and due date. Several workers
   * may run this at once: the dedupe key makes each notice exist once. Returns how many were queued.
   */
  async queueDueSoon(now: Date, defaultDays: number): Promise<number> {
    const result = await sql`
      insert into notice (library_id, request_id, audience, notice, data, created_at, dedupe_key)
      select r.library_id, r.id, 'patron', 'due-soon',
             jsonb_build_object('dueDate', to_char(t.due_date, 'YYYY-MM-DD')),
             ${now}::timestamptz,
             'due-soon:' || t.id || ':' || to_char(t.due_date, 'YYYY-MM-DD')
        from transaction t
        join request r on r.id = t.request_id
        join library l on l.id = r.library_id
        left join library_notice_settings s on s.library_id = r.library_id
       where r.role = 'borrowing'
         and r.completed_at is null
         and t.role = 'requester'
         and t.state = 'received'
         and t.due_date is not null
         and coalesce(s.due_soon_days, ${defaultDays}) > 0
         and t.due_date >= (${now}::timestamptz at time zone l.timezone)::date
         and t.due_date <= (${now}::timestamptz at time zone l.timezone)::date + coalesce(s.due_soon_days, ${defaultDays})
      on conflict (dedupe_key) where dedupe_key is not null do nothing`.execute(this.db);
    return Number(result.numAffectedRows ?? 0);
  }

  /**
   * Queue the patron's overdue notice for every loan a borrowing library has received and not
   * returned once its due date has passed (in the library's time zone), once per loan and due date.
   * Partners with no ISO 18626 endpoint never send Overdue, so without this their borrowers would
   * never hear. Nothing is queued where the lender's own Overdue message (which moves the loan out
   * of Received) or an earlier overdue notice already told the patron since that due date.
   * Several workers may run this at once: the dedupe key makes each notice exist once. Returns how
   * many were queued.
   */
  async queueOverdue(now: Date): Promise<number> {
    const result = await sql`
      insert into notice (library_id, request_id, audience, notice, data, created_at, dedupe_key)
      select r.library_id, r.id, 'patron', 'overdue',
             jsonb_build_object('dueDate', to_char(t.due_date, 'YYYY-MM-DD')),
             ${now}::timestamptz,
             'overdue:' || t.id || ':' || to_char(t.due_date, 'YYYY-MM-DD')
        from transaction t
        join request r on r.id = t.request_id
        join library l on l.id = r.library_id
       where r.role = 'borrowing'
         and r.completed_at is null
         and t.role = 'requester'
         and t.state = 'received'
         and t.due_date is not null
         and t.due_date < (${now}::timestamptz at time zone l.timezone)::date
         and not exists (
               select 1
                 from notice n
                where n.request_id = r.id
                  and n.notice = 'overdue'
                  and n.created_at >= (t.due_date::timestamp at time zone l.timezone))
      on conflict (dedupe_key) where dedupe_key is not null do nothing`.execute(this.db);
    return Number(result.numAffectedRows ?? 0);
  }

  async library(libraryId: string): Promise<NoticeLibraryRow | undefined> {
    return this.db
      .selectFrom('library')
      .select(['id', 'name', 'symbol', 'email', 'address'])
      .where('id', '=', libraryId)
      .executeTakeFirst();
  }

  async request(requestId: string): Promise<RequestRow | undefined> {
    return this.db.selectFrom('request').selectAll().where('id', '=', requestId).executeTakeFirst();
  }

  async patron(patronId: string): Promise<NoticePatronRow | undefined> {
    return this.db
      .selectFrom('patron')
      .select(['id', 'name', 'card_number', 'email', 'email_notices', 'preferred_language'])
      .where('id', '=', patronId)
      .executeTakeFirst();
  }

  async pickupBranch(branchId: string): Promise<{ name: string } | undefined> {
    return this.db.selectFrom('pickup_branch').select('name').where('id', '=', branchId).executeTakeFirst();
  }

  /** A partner; with `libraryId`, only one of that library's directory. */
  async partner(
    partnerId: string,
    libraryId?: string,
  ): Promise<
    | { id: string; name: string; symbol: string; email: string | null; protocol: string; active: boolean }
    | undefined
  > {
    let query = this.db
      .selectFrom('partner')
      .select(['id', 'name', 'symbol', 'email', 'protocol', 'active'])
      .where('id', '=', partnerId);
    if (libraryId !== undefined) query = query.where('library_id', '=', libraryId);
    return query.executeTakeFirst();
  }

  /** The partner's own reference for a transaction of the request (borrowing: the current one). */
  async partnerReference(requestId: string, rotaPosition: number | null): Promise<string | null> {
    let query = this.db
      .selectFrom('transaction')
      .select('partner_reference')
      .where('request_id', '=', requestId)
      .orderBy('rota_position', 'desc')
      .limit(1);
    if (rotaPosition !== null) query = query.where('rota_position', '=', rotaPosition);
    const row = await query.executeTakeFirst();
    return row?.partner_reference ?? null;
  }

  /** The partner's own reference for one transaction, when known. */
  async partnerReferenceOfTransaction(transactionId: string): Promise<string | null> {
    const row = await this.db
      .selectFrom('transaction')
      .select('partner_reference')
      .where('id', '=', transactionId)
      .executeTakeFirst();
    return row?.partner_reference ?? null;
  }

  /** The notice log of a library, newest first, with each notice's mail. */
  async log(libraryId: string, filter: NoticeLogFilter): Promise<NoticeLogRow[]> {
    let query = this.db
      .selectFrom('notice')
      .leftJoin('mail', 'mail.notice_id', 'notice.id')
      .leftJoin('request', 'request.id', 'notice.request_id')
      .select([
        'notice.id',
        'notice.request_id',
        'request.number as request_number',
        'notice.audience',
        'notice.notice',
        'notice.status',
        'notice.recipient',
        'notice.language',
        'notice.subject',
        'notice.body',
        'notice.skip_reason',
        'notice.created_at',
        'notice.updated_at',
        'mail.id as mail_id',
        'mail.attempts',
        'mail.last_error',
        'mail.smtp_response',
        'mail.sent_at',
        'mail.next_attempt_at',
      ])
      .where('notice.library_id', '=', libraryId)
      .orderBy('notice.id', 'desc')
      .limit(filter.limit);
    if (filter.status !== undefined) query = query.where('notice.status', '=', filter.status);
    if (filter.audience !== undefined) query = query.where('notice.audience', '=', filter.audience);
    if (filter.notice !== undefined) query = query.where('notice.notice', '=', filter.notice);
    if (filter.from !== undefined) query = query.where('notice.created_at', '>=', filter.from);
    if (filter.to !== undefined) query = query.where('notice.created_at', '<', filter.to);
    if (filter.requestId !== undefined) query = query.where('notice.request_id', '=', filter.requestId);
    if (filter.before !== undefined) query = query.where('notice.id', '<', filter.before);
    const rows = await query.execute();
    return rows.map((row) => ({
      ...row,
      id: String(row.id),
      mail_id: row.mail_id === null ? null : String(row.mail_id),
    }));
  }

  /** The library a request belongs to, or undefined when there is no such request. */
  async requestLibrary(requestId: string): Promise<string | undefined> {
    const row = await this.db
      .selectFrom('request')
      .select('library_id')
      .where('id', '=', requestId)
      .executeTakeFirst();
    return row?.library_id;
  }
}
