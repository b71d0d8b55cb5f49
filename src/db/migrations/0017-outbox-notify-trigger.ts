import { sql, type Kysely } from 'kysely';

/**
 * Writing an outgoing partner message wakes the outbox workers of every process: a statement trigger
 * notifies `interlend_outbox` (`OUTBOX_CHANNEL`), delivered when the transaction commits and once per
 * transaction however many messages it wrote. The workflow used to send the notification itself, a
 * statement of its own in every action that sends a message; each statement is a round trip, the
 * largest part of an action's cost (docs/performance.md).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on the current schema
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create function outbox_message_notify() returns trigger language plpgsql as $$
    begin
      perform pg_notify('interlend_outbox', '');
      return null;
    end $$`.execute(db);
  await sql`create trigger outbox_message_notify after insert on outbox_message
              for each statement execute function outbox_message_notify()`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on the current schema
export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop trigger if exists outbox_message_notify on outbox_message`.execute(db);
  await sql`drop function if exists outbox_message_notify()`.execute(db);
}
