/**
 * SQL for the mail queue: queue a mail, claim a due one under a lease (several workers share the
 * queue through row locks, never through memory), record each attempt's outcome together with the
 * status of the notice the mail delivers, and read the outbox. Pass a transaction as `db` to take
 * part in it.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';

export type MailStatus = 'queued' | 'held' | 'sent' | 'failed';

export interface NewMail {
  readonly libraryId: string;
  readonly requestId: string | null;
  readonly kind: 'notice' | 'partner';
  readonly noticeId?: string;
  readonly outboxMessageId?: string;
  readonly partnerId?: string;
  readonly message?: string;
  readonly to: string;
  readonly replyTo: string | null;
  readonly subject: string;
  readonly body: string;
  readonly language: string | null;
  readonly at: Date;
}

/** A mail a worker holds the lease of. */
export interface ClaimedMail {
  readonly id: string;
  readonly libraryId: string;
  readonly requestId: string | null;
  readonly kind: 'notice' | 'partner';
  readonly noticeId: string | null;
  readonly message: string | null;
  readonly to: string;
  readonly replyTo: string | null;
  readonly subject: string;
  readonly body: string;
  /** This attempt, from 1. */
  readonly attempt: number;
  readonly createdAt: Date;
  readonly claimToken: string;
}

export interface MailRow {
  readonly id: string;
  readonly library_id: string;
  readonly request_id: string | null;
  readonly request_number: string | null;
  readonly kind: 'notice' | 'partner';
  readonly notice_id: string | null;
  readonly notice: string | null;
  readonly partner_id: string | null;
  readonly partner_symbol: string | null;
  readonly message: string | null;
  readonly from_address: string | null;
  readonly from_name: string | null;
  readonly reply_to: string | null;
  readonly to_address: string;
  readonly subject: string;
  readonly body: string;
  readonly language: string | null;
  readonly status: MailStatus;
  readonly attempts: number;
  readonly next_attempt_at: Date;
  readonly last_error: string | null;
  readonly smtp_response: string | null;
  readonly created_at: Date;
  readonly sent_at: Date | null;
}

export class MailRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async insert(mail: NewMail): Promise<string> {
    const row = await this.db
      .insertInto('mail')
      .values({
        library_id: mail.libraryId,
        request_id: mail.requestId,
        kind: mail.kind,
        notice_id: mail.noticeId ?? null,
        outbox_message_id: mail.outboxMessageId ?? null,
        partner_id: mail.partnerId ?? null,
        message: mail.message ?? null,
        to_address: mail.to,
        reply_to: mail.replyTo,
        subject: mail.subject,
        body: mail.body,
        language: mail.language,
        created_at: mail.at,
        updated_at: mail.at,
        next_attempt_at: mail.at,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return String(row.id);
  }

  /**
   * Queue the mail of an outgoing partner message, once: when the message has its mail already (a
   * repeated delivery), nothing is written. Returns the message's mail and whether it is new.
   */
  async insertForOutboxMessage(
    mail: NewMail & { outboxMessageId: string },
  ): Promise<{ id: string; created: boolean }> {
    const row = await this.db
      .insertInto('mail')
      .values({
        library_id: mail.libraryId,
        request_id: mail.requestId,
        kind: 'partner',
        outbox_message_id: mail.outboxMessageId,
        partner_id: mail.partnerId ?? null,
        message: mail.message ?? null,
        to_address: mail.to,
        reply_to: mail.replyTo,
        subject: mail.subject,
        body: mail.body,
        language: mail.language,
        created_at: mail.at,
        updated_at: mail.at,
        next_attempt_at: mail.at,
      })
      .onConflict((oc) => oc.column('outbox_message_id').doNothing())
      .returning('id')
      .executeTakeFirst();
    if (row !== undefined) return { id: String(row.id), created: true };
    const existing = await this.findByOutboxMessage(mail.outboxMessageId);
    if (existing === undefined)
      throw new Error(`The mail of outbox message ${mail.outboxMessageId} vanished`);
    return { id: existing.id, created: false };
  }

  /** The mail made of an outgoing partner message, if one was made already. */
  async findByOutboxMessage(outboxMessageId: string): Promise<{ id: string; to: string } | undefined> {
    const row = await this.db
      .selectFrom('mail')
      .select(['id', 'to_address'])
      .where('outbox_message_id', '=', outboxMessageId)
      .executeTakeFirst();
    return row === undefined ? undefined : { id: String(row.id), to: row.to_address };
  }

  /**
   * Take the next due mail: queued, its time come, and no live lease on it. The lease, a fresh claim
   * token and the attempt count are written and committed before the mail is sent, so a worker that
   * dies mid-send leaves the mail to be taken up again when the lease ends, and a worker whose lease
   * ran out cannot overwrite what the next one recorded.
   */
  async claimDue(now: Date, leaseMs: number): Promise<ClaimedMail | null> {
    const token = randomUUID();
    const leaseUntil = new Date(now.getTime() + leaseMs);
    const row = await this.db
      .updateTable('mail')
      .set((eb) => ({
        lease_until: leaseUntil,
        claim_token: token,
        attempts: eb('attempts', '+', 1),
        updated_at: now,
      }))
      .where(
        'id',
        '=',
        this.db
          .selectFrom('mail')
          .select('id')
          .where('status', '=', 'queued')
          .where('next_attempt_at', '<=', now)
          .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<=', now)]))
          .orderBy('next_attempt_at')
          .orderBy('id')
          .limit(1)
          .forUpdate()
          .skipLocked(),
      )
      .returning([
        'id',
        'library_id',
        'request_id',
        'kind',
        'notice_id',
        'message',
        'to_address',
        'reply_to',
        'subject',
        'body',
        'attempts',
        'created_at',
      ])
      .executeTakeFirst();
    if (row === undefined) return null;
    return {
      id: String(row.id),
      libraryId: row.library_id,
      requestId: row.request_id,
      kind: row.kind,
      noticeId: row.notice_id === null ? null : String(row.notice_id),
      message: row.message,
      to: row.to_address,
      replyTo: row.reply_to,
      subject: row.subject,
      body: row.body,
      attempt: row.attempts,
      createdAt: row.created_at,
      claimToken: token,
    };
  }

  /**
   * Record an attempt's outcome, if the caller still holds the lease. Returns false when the lease
   * was lost (another worker took the mail over): the caller's outcome is then not recorded.
   */
  async recordOutcome(
    mail: Pick<ClaimedMail, 'id' | 'claimToken' | 'noticeId'>,
    outcome:
      | { status: 'sent'; smtpResponse: string; from: string; fromName: string | null; messageId: string }
      | { status: 'held'; from: string | null; fromName: string | null }
      | { status: 'retry'; error: string; nextAttemptAt: Date }
      | { status: 'failed'; error: string; from: string | null; fromName: string | null },
    at: Date,
  ): Promise<boolean> {
    const changes =
      outcome.status === 'sent'
        ? {
            status: 'sent' as const,
            sent_at: at,
            smtp_response: outcome.smtpResponse,
            from_address: outcome.from,
            from_name: outcome.fromName,
            message_id: outcome.messageId,
            last_error: null,
          }
        : outcome.status === 'held'
          ? { status: 'held' as const, from_address: outcome.from, from_name: outcome.fromName }
          : outcome.status === 'retry'
            ? { last_error: outcome.error, next_attempt_at: outcome.nextAttemptAt }
            : {
                status: 'failed' as const,
                last_error: outcome.error,
                ...(outcome.from !== null ? { from_address: outcome.from, from_name: outcome.fromName } : {}),
              };
    const result = await this.db
      .updateTable('mail')
      .set({ ...changes, lease_until: null, claim_token: null, updated_at: at })
      .where('id', '=', mail.id)
      .where('claim_token', '=', mail.claimToken)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0) return false;
    if (mail.noticeId !== null && outcome.status !== 'retry') {
      await this.db
        .updateTable('notice')
        .set({ status: outcome.status, updated_at: at })
        .where('id', '=', mail.noticeId)
        .execute();
    }
    return true;
  }

  /** The notice name a mail delivers, if it delivers one. */
  async noticeNameOf(noticeId: string): Promise<string | undefined> {
    const row = await this.db
      .selectFrom('notice')
      .select('notice')
      .where('id', '=', noticeId)
      .executeTakeFirst();
    return row?.notice;
  }

  /** A library's mail, newest first. */
  async list(
    libraryId: string,
    filter: {
      id?: string;
      status?: MailStatus;
      kind?: 'notice' | 'partner';
      requestId?: string;
      before?: string;
      limit: number;
    },
  ): Promise<MailRow[]> {
    let query = this.db
      .selectFrom('mail')
      .leftJoin('request', 'request.id', 'mail.request_id')
      .leftJoin('notice', 'notice.id', 'mail.notice_id')
      .leftJoin('partner', 'partner.id', 'mail.partner_id')
      .select([
        'mail.id',
        'mail.library_id',
        'mail.request_id',
        'request.number as request_number',
        'mail.kind',
        'mail.notice_id',
        'notice.notice',
        'mail.partner_id',
        'partner.symbol as partner_symbol',
        'mail.message',
        'mail.from_address',
        'mail.from_name',
        'mail.reply_to',
        'mail.to_address',
        'mail.subject',
        'mail.body',
        'mail.language',
        'mail.status',
        'mail.attempts',
        'mail.next_attempt_at',
        'mail.last_error',
        'mail.smtp_response',
        'mail.created_at',
        'mail.sent_at',
      ])
      .where('mail.library_id', '=', libraryId)
      .orderBy('mail.id', 'desc')
      .limit(filter.limit);
    if (filter.id !== undefined) query = query.where('mail.id', '=', filter.id);
    if (filter.status !== undefined) query = query.where('mail.status', '=', filter.status);
    if (filter.kind !== undefined) query = query.where('mail.kind', '=', filter.kind);
    if (filter.requestId !== undefined) query = query.where('mail.request_id', '=', filter.requestId);
    if (filter.before !== undefined) query = query.where('mail.id', '<', filter.before);
    const rows = await query.execute();
    return rows.map((row) => ({
      ...row,
      id: String(row.id),
      notice_id: row.notice_id === null ? null : String(row.notice_id),
    }));
  }

  /**
   * Put a held or failed mail back in the queue, due now; its notice shows as queued again. Returns
   * false when the library has no such mail, or it is queued or sent already.
   */
  async requeue(libraryId: string, mailId: string, at: Date): Promise<boolean> {
    const row = await this.db
      .updateTable('mail')
      .set({
        status: 'queued',
        next_attempt_at: at,
        attempts: 0,
        lease_until: null,
        claim_token: null,
        updated_at: at,
      })
      .where('id', '=', mailId)
      .where('library_id', '=', libraryId)
      .where('status', 'in', ['held', 'failed'])
      .returning('notice_id')
      .executeTakeFirst();
    if (row === undefined) return false;
    if (row.notice_id !== null) {
      await this.db
        .updateTable('notice')
        .set({ status: 'queued', updated_at: at })
        .where('id', '=', row.notice_id)
        .execute();
    }
    return true;
  }

  /** Whether the library has the mail, and its status. */
  async statusOf(libraryId: string, mailId: string): Promise<MailStatus | undefined> {
    const row = await this.db
      .selectFrom('mail')
      .select('status')
      .where('id', '=', mailId)
      .where('library_id', '=', libraryId)
      .executeTakeFirst();
    return row?.status;
  }

  /** Who a library's mail comes from: its name and ILL email. */
  async sender(libraryId: string): Promise<{ name: string; email: string | null } | undefined> {
    return this.db
      .selectFrom('library')
      .select(['name', 'email'])
      .where('id', '=', libraryId)
      .executeTakeFirst();
  }

  /** When the next queued mail falls due, so that a worker can sleep until then. */
  async nextDueAt(): Promise<Date | null> {
    const row = await this.db
      .selectFrom('mail')
      .select(
        sql<Date | null>`min(greatest(next_attempt_at, coalesce(lease_until, next_attempt_at)))`.as('next'),
      )
      .where('status', '=', 'queued')
      .executeTakeFirst();
    return row?.next ?? null;
  }
}
