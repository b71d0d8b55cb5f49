import { sql, type Kysely } from 'kysely';

/**
 * Request management, completed:
 *
 * - Each request records the version of its backend's contract it was made under, so that a later
 *   version never changes what an older request means. Requests made before this migration were made
 *   under version 1, the only one there was.
 * - A stored idempotent response names the request it shows, so that deleting the request deletes it
 *   too (Koha: nothing about a deleted request is retained).
 * - History rows cannot be deleted, except by deleting their request: a row may go only once its
 *   request is gone (the foreign key's cascade runs after the request row is deleted, so the trigger
 *   no longer finds it). TRUNCATE is refused outright.
 * - Indexes for the request list's pickup-branch and completed-date filters, and for a patron's own
 *   list paged newest first.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on the current schema
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('request')
    .addColumn('backend_version', 'integer', (col) =>
      col
        .notNull()
        .defaultTo(1)
        .check(sql`backend_version >= 1`),
    )
    .execute();

  await db.schema
    .alterTable('idempotency_key')
    .addColumn('request_id', 'uuid', (col) => col.references('request.id').onDelete('cascade'))
    .execute();
  await sql`create index idempotency_key_request on idempotency_key (request_id) where request_id is not null`.execute(
    db,
  );

  await sql`
    create function history_deleted_only_with_request() returns trigger language plpgsql as $$
    begin
      if tg_op = 'TRUNCATE' then
        raise exception 'history rows are kept until their request is deleted';
      end if;
      if exists (select 1 from request where id = old.request_id) then
        raise exception 'history rows are kept until their request is deleted';
      end if;
      return old;
    end $$`.execute(db);
  await sql`
    create trigger history_no_delete before delete on history
    for each row execute function history_deleted_only_with_request()`.execute(db);
  await sql`
    create trigger history_no_truncate before truncate on history
    for each statement execute function history_deleted_only_with_request()`.execute(db);

  await sql`create index request_pickup_branch on request (library_id, pickup_branch_id) where pickup_branch_id is not null`.execute(
    db,
  );
  await sql`create index request_completed_at on request (library_id, completed_at, id) where completed_at is not null`.execute(
    db,
  );
  await sql`create index request_patron_page on request (patron_id, created_at, id) where role = 'borrowing'`.execute(
    db,
  );
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists request_patron_page`.execute(db);
  await sql`drop index if exists request_completed_at`.execute(db);
  await sql`drop index if exists request_pickup_branch`.execute(db);
  await sql`drop trigger if exists history_no_truncate on history`.execute(db);
  await sql`drop trigger if exists history_no_delete on history`.execute(db);
  await sql`drop function if exists history_deleted_only_with_request()`.execute(db);
  await sql`drop index if exists idempotency_key_request`.execute(db);
  await db.schema.alterTable('idempotency_key').dropColumn('request_id').execute();
  await db.schema.alterTable('request').dropColumn('backend_version').execute();
}
