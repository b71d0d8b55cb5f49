import { sql, type Kysely } from 'kysely';

/**
 * Mail: the durable queue of every email Interlend sends (notices to patrons and staff, messages to
 * email partners), each library's notice templates, trigger switches and notice settings, its own SMTP
 * server, and what the notices module records on each notice (recipient, rendered text, why it was
 * skipped, its delivery status).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on the current schema
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('notice')
    .addColumn('recipient', 'text')
    .addColumn('language', 'text')
    .addColumn('subject', 'text')
    .addColumn('body', 'text')
    .addColumn('skip_reason', 'text')
    .addColumn('rendered_at', 'timestamptz')
    .addColumn('dedupe_key', 'text')
    .addColumn('updated_at', 'timestamptz')
    .execute();
  await sql`alter table notice add constraint notice_status_known check (status in ('queued', 'skipped', 'held', 'sent', 'failed'))`.execute(
    db,
  );
  await sql`create unique index notice_dedupe on notice (dedupe_key) where dedupe_key is not null`.execute(
    db,
  );
  await sql`create index notice_to_render on notice (id) where status = 'queued' and rendered_at is null`.execute(
    db,
  );
  await sql`create index notice_library_log on notice (library_id, id desc)`.execute(db);
  await sql`create index notice_request on notice (request_id, id)`.execute(db);

  await db.schema
    .createTable('mail')
    .addColumn('id', 'bigserial', (col) => col.primaryKey())
    .addColumn('library_id', 'uuid', (col) => col.notNull().references('library.id').onDelete('cascade'))
    .addColumn('request_id', 'uuid', (col) => col.references('request.id').onDelete('set null'))
    .addColumn('kind', 'text', (col) => col.notNull().check(sql`kind in ('notice', 'partner')`))
    .addColumn('notice_id', 'bigint', (col) => col.unique().references('notice.id').onDelete('set null'))
    // No foreign key: the outbox worker holds its message FOR UPDATE while the email transport writes
    // this row from another transaction, and the key check would wait for that lock forever.
    .addColumn('outbox_message_id', 'bigint', (col) => col.unique())
    .addColumn('partner_id', 'uuid', (col) => col.references('partner.id').onDelete('set null'))
    .addColumn('message', 'text')
    .addColumn('from_address', 'text')
    .addColumn('from_name', 'text')
    .addColumn('reply_to', 'text')
    .addColumn('to_address', 'text', (col) => col.notNull())
    .addColumn('subject', 'text', (col) => col.notNull())
    .addColumn('body', 'text', (col) => col.notNull())
    .addColumn('language', 'text')
    .addColumn('status', 'text', (col) =>
      col
        .notNull()
        .defaultTo('queued')
        .check(sql`status in ('queued', 'held', 'sent', 'failed')`),
    )
    .addColumn('attempts', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn('lease_until', 'timestamptz')
    .addColumn('claim_token', 'uuid')
    .addColumn('last_error', 'text')
    .addColumn('smtp_response', 'text')
    .addColumn('message_id', 'text')
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn('sent_at', 'timestamptz')
    .execute();
  await sql`create index mail_due on mail (next_attempt_at, id) where status = 'queued'`.execute(db);
  await sql`create index mail_library_status on mail (library_id, status, id desc)`.execute(db);
  await sql`create index mail_request on mail (request_id, id)`.execute(db);

  await db.schema
    .createTable('notice_template')
    .addColumn('library_id', 'uuid', (col) => col.notNull().references('library.id').onDelete('cascade'))
    .addColumn('kind', 'text', (col) => col.notNull().check(sql`kind in ('notice', 'partner')`))
    .addColumn('name', 'text', (col) => col.notNull())
    .addColumn('language', 'text', (col) => col.notNull())
    .addColumn('subject', 'text', (col) => col.notNull())
    .addColumn('body', 'text', (col) => col.notNull())
    .addColumn('updated_by', 'text')
    .addColumn('updated_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('notice_template_pk', ['library_id', 'kind', 'name', 'language'])
    .execute();

  await db.schema
    .createTable('library_notice_settings')
    .addColumn('library_id', 'uuid', (col) => col.primaryKey().references('library.id').onDelete('cascade'))
    .addColumn('default_language', 'text', (col) => col.notNull().defaultTo('en'))
    .addColumn('due_soon_days', 'integer', (col) =>
      col
        .notNull()
        .defaultTo(3)
        .check(sql`due_soon_days between 0 and 60`),
    )
    .addColumn('staff_email', 'text')
    .addColumn('updated_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('library_notice_trigger')
    .addColumn('library_id', 'uuid', (col) => col.notNull().references('library.id').onDelete('cascade'))
    .addColumn('notice', 'text', (col) => col.notNull())
    .addColumn('enabled', 'boolean', (col) => col.notNull())
    .addPrimaryKeyConstraint('library_notice_trigger_pk', ['library_id', 'notice'])
    .execute();

  await db.schema
    .createTable('library_smtp')
    .addColumn('library_id', 'uuid', (col) => col.primaryKey().references('library.id').onDelete('cascade'))
    .addColumn('host', 'text', (col) => col.notNull())
    .addColumn('port', 'integer', (col) => col.notNull().check(sql`port between 1 and 65535`))
    .addColumn('secure', 'boolean', (col) => col.notNull().defaultTo(false))
    .addColumn('username', 'text')
    .addColumn('password', 'text')
    .addColumn('from_address', 'text')
    .addColumn('updated_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'library_smtp',
    'library_notice_trigger',
    'library_notice_settings',
    'notice_template',
    'mail',
  ]) {
    await db.schema.dropTable(table).execute();
  }
  await sql`drop index if exists notice_dedupe`.execute(db);
  await sql`drop index if exists notice_to_render`.execute(db);
  await sql`drop index if exists notice_library_log`.execute(db);
  await sql`drop index if exists notice_request`.execute(db);
  await sql`alter table notice drop constraint notice_status_known`.execute(db);
  await db.schema
    .alterTable('notice')
    .dropColumn('recipient')
    .dropColumn('language')
    .dropColumn('subject')
    .dropColumn('body')
    .dropColumn('skip_reason')
    .dropColumn('rendered_at')
    .dropColumn('dedupe_key')
    .dropColumn('updated_at')
    .execute();
}
