/**
 * SQL for the outbox: claim the next message of each transaction for delivery (in order, one at a time,
 * across processes), and record what happened.
 */
import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { Protocol } from '../workflow/vocabulary.ts';
import type { OutboxDelivery } from './outbox-transport.ts';

export class OutboxRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /**
   * Lease the next message due for delivery over one of `protocols`: the earliest not yet sent message of
   * its transaction (messages of one transaction go out in order), not leased by another sender. The
   * lease is committed at once, so no database transaction stays open during delivery; a sender that
   * dies leaves the message to be taken up again when its lease ends (the receiver recognises a repeat).
   */
  async lease(now: Date, protocols: readonly Protocol[], leaseMs: number): Promise<OutboxDelivery | null> {
    const until = new Date(now.getTime() + leaseMs);
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
      created_at: Date;
      attempts: number;
      first_created_at: Date;
    }>`
      update outbox_message as o
         set lease_until = ${until}, attempts = o.attempts + 1
       where o.id = (
         select c.id from outbox_message c
          where c.status in ('pending', 'failed')
            and c.next_attempt_at <= ${now}
            and (c.lease_until is null or c.lease_until < ${now})
            and c.protocol = any(${sql.val([...protocols])}::text[])
            and not exists (
              select 1 from outbox_message e
               where e.transaction_id = c.transaction_id and e.id < c.id and e.status in ('pending', 'failed'))
          order by c.next_attempt_at, c.id
          for update skip locked
          limit 1)
      returning o.id, o.request_id, o.transaction_id, o.partner_id, o.protocol, o.message, o.sequence, o.resend,
        o.payload, o.created_at, o.attempts,
        coalesce((select f.created_at from outbox_message f
                   where f.transaction_id = o.transaction_id and f.sequence = o.sequence and not f.resend
                   order by f.id limit 1), o.created_at) as first_created_at`.execute(this.db);
    const row = result.rows[0];
    if (row === undefined) return null;
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
      .set({ status: 'sent', sent_at: at, lease_until: null, last_error: null, confirmation })
      .where('id', '=', id)
      .execute();
  }

  async markRetry(id: string, nextAttemptAt: Date, error: string): Promise<void> {
    await this.db
      .updateTable('outbox_message')
      .set({ status: 'failed', next_attempt_at: nextAttemptAt, lease_until: null, last_error: error })
      .where('id', '=', id)
      .execute();
  }

  async markDead(id: string, error: string, confirmation: string | null): Promise<void> {
    await this.db
      .updateTable('outbox_message')
      .set({ status: 'dead', lease_until: null, last_error: error, confirmation })
      .where('id', '=', id)
      .execute();
  }

  /** Note on the request and its transaction why a message could not be delivered. */
  async markAttention(requestId: string, transactionId: string, reason: string, at: Date): Promise<void> {
    await this.db
      .updateTable('transaction')
      .set({ attention: reason, updated_at: at })
      .where('id', '=', transactionId)
      .execute();
    await this.db.updateTable('request').set({ attention: reason }).where('id', '=', requestId).execute();
  }

  async touchTransaction(transactionId: string, at: Date): Promise<void> {
    await this.db
      .updateTable('transaction')
      .set({ last_message_at: at })
      .where('id', '=', transactionId)
      .execute();
  }

  /** Put a failed or dead message back in line for delivery now (staff: "retry now"). */
  async retryNow(id: string, requestId: string, now: Date): Promise<boolean> {
    const result = await this.db
      .updateTable('outbox_message')
      .set({ status: 'pending', next_attempt_at: now, lease_until: null })
      .where('id', '=', id)
      .where('request_id', '=', requestId)
      .where('status', 'in', ['failed', 'dead'])
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
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
        'transaction.rota_position',
        'partner.symbol as partner_symbol',
      ])
      .where('outbox_message.request_id', '=', requestId)
      .orderBy('outbox_message.id', 'desc')
      .execute();
  }
}
