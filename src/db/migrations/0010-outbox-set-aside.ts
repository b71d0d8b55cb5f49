import type { Kysely } from 'kysely';

/**
 * Outgoing messages staff set aside: a message given up (dead) holds the later messages of its
 * transaction, so that a partner never receives them out of order, until staff send it again or set it
 * aside. A set-aside message is never sent and no longer holds the others; who set it aside and when is
 * kept on the row.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on the current schema
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('outbox_message')
    .addColumn('set_aside_at', 'timestamptz')
    .addColumn('set_aside_by', 'text')
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on the current schema
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('outbox_message')
    .dropColumn('set_aside_at')
    .dropColumn('set_aside_by')
    .execute();
}
