import { sql, type Kysely } from 'kysely';

/**
 * Authentication support: the fixed-window counters of the rate limiter (login attempts, anonymous
 * OPAC requests), shared by every Interlend process on the database, and indexes for finding a
 * user's sessions, a library's API tokens and patrons by name.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on the current schema
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('rate_limit_bucket')
    .addColumn('key', 'text', (col) => col.primaryKey().check(sql`length(key) between 1 and 512`))
    .addColumn('count', 'integer', (col) => col.notNull().check(sql`count >= 0`))
    .addColumn('window_start', 'timestamptz', (col) => col.notNull())
    .addColumn('expires_at', 'timestamptz', (col) => col.notNull())
    .execute();
  await db.schema
    .createIndex('rate_limit_bucket_expires')
    .on('rate_limit_bucket')
    .column('expires_at')
    .execute();

  await sql`create index session_staff_user on session (staff_user_id) where staff_user_id is not null`.execute(
    db,
  );
  await sql`create index session_patron on session (patron_id) where patron_id is not null`.execute(db);
  await db.schema
    .createIndex('api_token_library')
    .on('api_token')
    .columns(['library_id', 'created_at'])
    .execute();
  await db.schema
    .createIndex('staff_user_library')
    .on('staff_user')
    .columns(['library_id', 'username'])
    .execute();
  await sql`create index patron_name_trgm on patron using gin (name gin_trgm_ops)`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
export async function down(db: Kysely<any>): Promise<void> {
  for (const index of [
    'patron_name_trgm',
    'staff_user_library',
    'api_token_library',
    'session_patron',
    'session_staff_user',
  ]) {
    await db.schema.dropIndex(index).execute();
  }
  await db.schema.dropTable('rate_limit_bucket').execute();
}
