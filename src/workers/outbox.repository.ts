/**
 * SQL for the outbox: claim the next message of each transaction for delivery (in order, one at a time,
 * across processes), and record what happened.
 */
import type { AttentionReason } from '../workflow/attention.ts';
import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { Protocol } from '../workflow/vocabulary.ts';
import type { OutboxDelivery } from './outbox-transport.ts';

export class OutboxRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /**
   * Claim the next message due for delivery over one of `protocols`: the earliest undelivered message of
   * its transaction (messages of one transaction go out in order: a message waits while an earlier one is
   * pending, failing, or given up and not set aside by staff), locked FOR NO KEY UPDATE SKIP LOCKED
   * until the end of the caller's transaction. The caller delivers it and records the outcome in that
   * same transaction. If the process dies meanwhile, PostgreSQL ends the transaction and releases the
   * lock at once, so another process (or this one restarted) takes the message up again; the receiver
   * recognises the repeat. NO KEY UPDATE, not UPDATE: a transport writes rows that refer to the message
   * (the email transport's `mail.outbox_message_id`) on its own connection while the claim is held, and
   * their foreign-key check (KEY SHARE) would wait for this transaction, which waits for the transport.
   */
  async claim(now: Date, protocols: readonly Protocol[]): Promise<OutboxDelivery | null> {
    const result = await sql<{
      id: string;
      request_id: string;
      transaction_id: string;
      partner_id: string;
      protocol: Protocol;
      message: string;
      sequence: number;
      resend: boolean;
      payload: Record<string, unknown>;
      attempts: number;
      first_created_at: Date;
    }>`
      select c.id, c.request_id, c.transaction_id, c.partner_id, c.protocol, c.message, c.sequence, c.resend,
             c.payload, c.attempts + 1 as attempts,
             coalesce((select f.created_at from outbox_message f
                        where f.transaction_id = c.transaction_id and f.sequence = c.sequence and not f.resend
                        order by f.id limit 1), c.created_at) as first_created_at
        from outbox_message c
       where c.status in ('pending', 'failed')
         and c.next_attempt_at <= ${now}
         and c.protocol = any(${sql.val([...protocols])}::text[])
         and not exists (
           select 1 from outbox_message e
            where e.transaction_id = c.transaction_id and e.id < c.id
              and e.status <> 'sent' and e.set_aside_at is null)
       order by c.next_attempt_at, c.id
       for no key update of c skip locked
       limit 1`.execute(this.db);
    const row = result.rows[0];
    if (row === undefined) return null;
    await this.db
      .updateTable('outbox_message')
      .set({ attempts: row.attempts })
      .where('id', '=', String(row.id))
      .execute();
    return {
      id: String(row.id),
      requestId: row.request_id,
      transactionId: row.transaction_id,
      partnerId: row.partner_id,
      protocol: row.protocol,
      message: row.message,
      sequence: row.sequence,
      resend: row.resend,
      payload: row.payload,
      createdAt: row.first_created_at,
      attempt: row.attempts,
    };
  }

  async markSent(id: string, at: Date, confirmation: string | null): Promise<void> {
    await this.db
      .updateTable('outbox_message')
      .set({ status: 'sent', sent_at: at, last_error: null, confirmation })
      .where('id', '=', id)
      .execute();
  }

  async markRetry(id: string, nextAttemptAt: Date, error: string): Promise<void> {
    await this.db
      .updateTable('outbox_message')
      .set({ status: 'failed', next_attempt_at: nextAttemptAt, last_error: error })
      .where('id', '=', id)
      .execute();
  }

  async markDead(id: string, error: string, confirmation: string | null): Promise<void> {
    await this.db
      .updateTable('outbox_message')
      .set({ status: 'dead', last_error: error, confirmation })
      .where('id', '=', id)
      .execute();
  }

  /** Note on the request and its transaction why a message could not be delivered. */
  async markAttention(
    requestId: string,
    transactionId: string,
    reason: AttentionReason,
    at: Date,
  ): Promise<void> {
    const stored = JSON.stringify(reason);
    // The request row first, then its transaction, in the order every change to a request takes them.
    await this.db.updateTable('request').set({ attention: stored }).where('id', '=', requestId).execute();
    await this.db
      .updateTable('transaction')
      .set({ attention: stored, updated_at: at })
      .where('id', '=', transactionId)
      .execute();
  }

  /** Whose message it was and to whom, for telling the sending library's staff it failed. */
  async deliveryParties(requestId: string, partnerId: string) {
    return this.db
      .selectFrom('request')
      .innerJoin('partner', (join) => join.on('partner.id', '=', partnerId))
      .select([
        'request.library_id as libraryId',
        'partner.name as partnerName',
        'partner.symbol as partnerSymbol',
      ])
      .where('request.id', '=', requestId)
      .executeTakeFirst();
  }

  async touchTransaction(transactionId: string, at: Date): Promise<void> {
    await this.db
      .updateTable('transaction')
      .set({ last_message_at: at })
      .where('id', '=', transactionId)
      .execute();
  }

  /**
   * Put a failed or dead message back in line for delivery now (staff: "send again"). Refused for a
   * message set aside, and for one a later message of its transaction has overtaken (delivered before
   * the rule that holds later messages behind a dead one): sending it now would reach the partner out of
   * order. The check and the update are one statement, so a delivery cannot slip in between.
   */
  async retryNow(
    id: string,
    requestId: string,
    now: Date,
  ): Promise<'queued' | 'missing' | 'not-failed' | 'set-aside' | 'overtaken'> {
    const result = await sql`
      update outbox_message m set status = 'pending', next_attempt_at = ${now}
       where m.id = ${id} and m.request_id = ${requestId}
         and m.status in ('failed', 'dead') and m.set_aside_at is null
         and not exists (select 1 from outbox_message l
                          where l.transaction_id = m.transaction_id and l.id > m.id and l.status = 'sent')`.execute(
      this.db,
    );
    if (Number(result.numAffectedRows ?? 0) > 0) return 'queued';
    const row = await this.message(id, requestId);
    if (row === undefined) return 'missing';
    if (row.set_aside_at !== null) return 'set-aside';
    if (row.status !== 'failed' && row.status !== 'dead') return 'not-failed';
    return 'overtaken';
  }

  /**
   * Set a failed or dead message aside (staff settled it another way): it is never sent, and the later
   * messages of its transaction it was holding go out. A message being delivered right now is waited
   * for: if that delivery succeeds, there is nothing to set aside.
   */
  async setAside(
    id: string,
    requestId: string,
    by: string,
    now: Date,
  ): Promise<'set-aside' | 'missing' | 'not-failed'> {
    const result = await this.db
      .updateTable('outbox_message')
      .set({ status: 'dead', set_aside_at: now, set_aside_by: by })
      .where('id', '=', id)
      .where('request_id', '=', requestId)
      .where('status', 'in', ['failed', 'dead'])
      .where('set_aside_at', 'is', null)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) > 0) return 'set-aside';
    return (await this.message(id, requestId)) === undefined ? 'missing' : 'not-failed';
  }

  private async message(id: string, requestId: string) {
    return this.db
      .selectFrom('outbox_message')
      .select(['status', 'set_aside_at'])
      .where('id', '=', id)
      .where('request_id', '=', requestId)
      .executeTakeFirst();
  }

  /** The messages of a request, newest first, for staff. */
  async forRequest(requestId: string) {
    return this.db
      .selectFrom('outbox_message')
      .innerJoin('partner', 'partner.id', 'outbox_message.partner_id')
      .innerJoin('transaction', 'transaction.id', 'outbox_message.transaction_id')
      .select([
        'outbox_message.id',
        'outbox_message.message',
        'outbox_message.sequence',
        'outbox_message.resend',
        'outbox_message.protocol',
        'outbox_message.status',
        'outbox_message.attempts',
        'outbox_message.next_attempt_at',
        'outbox_message.last_error',
        'outbox_message.created_at',
        'outbox_message.sent_at',
        'outbox_message.set_aside_at',
        'outbox_message.set_aside_by',
        'transaction.rota_position',
        'partner.symbol as partner_symbol',
        // The earlier message of the transaction this one waits for, if it is not sent yet.
        sql<string | null>`(select min(e.id) from outbox_message e
                             where e.transaction_id = outbox_message.transaction_id
                               and e.id < outbox_message.id and e.status <> 'sent'
                               and e.set_aside_at is null
                               and outbox_message.status in ('pending', 'failed'))`.as('held_by'),
      ])
      .where('outbox_message.request_id', '=', requestId)
      .orderBy('outbox_message.id', 'desc')
      .execute();
  }
}
