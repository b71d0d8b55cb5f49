import { sql, type Kysely } from 'kysely';

/**
 * Each history row names the partner message its step took in and the one it sent out, if any (the
 * ISO 18626 or email message type, e.g. `request`, `shipped`), so that the history alone says what
 * passed between the parties. Rows written before stay without them.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on the current schema
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table history add column message_received text, add column message_sent text`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on the current schema
export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table history drop column message_received, drop column message_sent`.execute(db);
}
