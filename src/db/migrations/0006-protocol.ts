import { sql, type Kysely } from 'kysely';

/**
 * ISO 18626 delivery and receipt: the partner's confirmation of each outgoing message, each
 * transaction's own reference in messages, how its conditions were
 * offered, and the record of every message received, so that an exact repeat gets the same answer.
 * Also whether a borrowing request was placed with several email partners at once.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on the current schema
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('request')
    .addColumn('placed_with_partners', 'boolean', (col) => col.notNull().defaultTo(false))
    .execute();
  await db.schema.alterTable('outbox_message').addColumn('confirmation', 'text').execute();

  await db.schema
    .alterTable('transaction')
    .addColumn('local_reference', 'text')
    .addColumn('conditions_convention', 'text', (col) =>
      col.check(sql`conditions_convention in ('retry-possible', 'loan-condition')`),
    )
    .execute();
  await sql`create unique index transaction_local_reference on transaction (local_reference) where local_reference is not null`.execute(
    db,
  );

  await db.schema
    .createTable('inbound_message')
    .addColumn('id', 'bigserial', (col) => col.primaryKey())
    .addColumn('library_id', 'uuid', (col) => col.notNull().references('library.id').onDelete('cascade'))
    .addColumn('sender', 'text', (col) => col.notNull())
    .addColumn('fingerprint', 'text', (col) => col.notNull())
    .addColumn('request_id', 'uuid', (col) => col.references('request.id').onDelete('set null'))
    .addColumn('kind', 'text', (col) => col.notNull())
    .addColumn('body', 'text', (col) => col.notNull())
    .addColumn('confirmation', 'text', (col) => col.notNull())
    .addColumn('outcome', 'text', (col) =>
      col.notNull().check(sql`outcome in ('applied', 'refused', 'error')`),
    )
    .addColumn('received_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('inbound_message_fingerprint', ['library_id', 'sender', 'fingerprint'])
    .execute();
  await sql`create index inbound_message_request on inbound_message (request_id, id)`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('inbound_message').execute();
  await db.schema.alterTable('request').dropColumn('placed_with_partners').execute();
  await db.schema
    .alterTable('transaction')
    .dropColumn('local_reference')
    .dropColumn('conditions_convention')
    .execute();
  await db.schema.alterTable('outbox_message').dropColumn('confirmation').execute();
}
