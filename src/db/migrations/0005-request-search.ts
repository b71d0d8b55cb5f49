import { sql, type Kysely } from 'kysely';

/**
 * Request lists, searches and work queues (`src/requests/request-search.*`, `src/queues/`).
 *
 * The list filters and sorts by the state, partner and due date of each request's current
 * transaction, and the work queues count by them. Joining the transactions and picking the current
 * one for every row cannot use an index, so these facts are copied onto the request row by triggers
 * on `transaction` (`current_*`) and on `history` (`lender_answered`). The write path
 * (`request-workflow.service.ts`) does not know about them: it writes transactions and history as
 * before, and PostgreSQL keeps the copies in step within the same database transaction.
 *
 * The current transaction of a request is the one at the highest rota position. A rota tries one
 * supplier after another, so that is the latest. Requests placed with several partners at once have
 * several transactions at the same time, though: once one partner ships, the others are withdrawn
 * (Cancel Pending, then Cancelled) at positions that may be higher, but the shipped one is what the
 * request is about. So a transaction that supplied the item comes first, then a live one, then one
 * that ended without supply; among equals the highest position. A lending request has one.
 *
 * Identifiers are matched normalised (no spaces or hyphens, lower case; OCLC numbers without prefix
 * and leading zeros) through expression indexes, so `978-0-15-144647-6` finds `9780151446476`.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on the current schema
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('request')
    .addColumn('current_position', 'integer')
    .addColumn('current_state', 'text')
    .addColumn('current_partner_id', 'uuid')
    .addColumn('current_due_date', 'date')
    .addColumn('current_return_recorded', 'boolean', (col) => col.notNull().defaultTo(false))
    .addColumn('lender_answered', 'boolean', (col) => col.notNull().defaultTo(false))
    .execute();

  // Which transaction is current: one that supplied the item (shipped and after) before one still
  // live (not started or awaiting supply), before one that ended without supply; then the highest.
  await sql`
    create function request_transaction_rank(state text) returns integer
      language sql immutable strict parallel safe
      as $$ select case
        when state in ('shipped', 'received', 'renew_pending', 'renew_overdue', 'overdue',
                       'not_received_overdue', 'recall', 'returned', 'checked_in', 'lost') then 0
        when state in ('not_supplied', 'cancelled') then 2
        else 1 end $$`.execute(db);
  await sql`
    create function request_refresh_current(target uuid) returns void language plpgsql as $$
    declare
      current record;
    begin
      select t.rota_position, t.state, t.partner_id, t.due_date, t.return_recorded
        into current
        from transaction t
       where t.request_id = target
       order by request_transaction_rank(t.state), t.rota_position desc
       limit 1;
      update request r
         set current_position = current.rota_position,
             current_state = current.state,
             current_partner_id = current.partner_id,
             current_due_date = current.due_date,
             current_return_recorded = coalesce(current.return_recorded, false)
       where r.id = target
         and (r.current_position, r.current_state, r.current_partner_id, r.current_due_date,
              r.current_return_recorded)
             is distinct from
             (current.rota_position, current.state, current.partner_id, current.due_date,
              coalesce(current.return_recorded, false));
    end $$`.execute(db);
  await sql`
    create function transaction_refresh_request_current() returns trigger language plpgsql as $$
    begin
      if tg_op = 'INSERT' then
        perform request_refresh_current(new.request_id);
      elsif tg_op = 'DELETE' then
        perform request_refresh_current(old.request_id);
      else
        perform request_refresh_current(new.request_id);
        if new.request_id <> old.request_id then
          perform request_refresh_current(old.request_id);
        end if;
      end if;
      return null;
    end $$`.execute(db);
  await sql`
    create trigger transaction_current_on_insert_delete after insert or delete on transaction
      for each row execute function transaction_refresh_request_current()`.execute(db);
  await sql`
    create trigger transaction_current_on_update after update on transaction
      for each row when (
        (old.request_id, old.rota_position, old.state, old.partner_id, old.due_date, old.return_recorded)
        is distinct from
        (new.request_id, new.rota_position, new.state, new.partner_id, new.due_date, new.return_recorded)
      ) execute function transaction_refresh_request_current()`.execute(db);

  // The lender has answered (Will Supply, Hold Placed, or Conditional accepted by the borrower): an
  // In Process lending request then belongs in VDX's Will Supply queue rather than New Requests.
  await sql`
    create function history_mark_lender_answered() returns trigger language plpgsql as $$
    begin
      update request set lender_answered = true where id = new.request_id and not lender_answered;
      return null;
    end $$`.execute(db);
  await sql`
    create trigger history_lender_answered after insert on history
      for each row when (
        new.machine = 'responder'
        and new.event_name in ('answer-will-supply', 'answer-hold', 'conditional-reply-yes')
      ) execute function history_mark_lender_answered()`.execute(db);

  await sql`
    update request r
       set current_position = c.rota_position,
           current_state = c.state,
           current_partner_id = c.partner_id,
           current_due_date = c.due_date,
           current_return_recorded = c.return_recorded
      from (
        select distinct on (request_id) request_id, rota_position, state, partner_id, due_date, return_recorded
          from transaction
         order by request_id, request_transaction_rank(state), rota_position desc
      ) c
     where c.request_id = r.id`.execute(db);
  await sql`
    update request r set lender_answered = true
     where exists (
       select 1 from history h
        where h.request_id = r.id and h.machine = 'responder'
          and h.event_name in ('answer-will-supply', 'answer-hold', 'conditional-reply-yes')
     )`.execute(db);

  await sql`
    create function request_identifier_key(value text) returns text
      language sql immutable strict parallel safe
      as $$ select nullif(lower(regexp_replace(value, '[[:space:]-]+', '', 'g')), '') $$`.execute(db);
  await sql`
    create function request_oclc_key(value text) returns text
      language sql immutable strict parallel safe
      as $$ select nullif(
        regexp_replace(lower(regexp_replace(value, '[[:space:]]+', '', 'g')), '^(\\(ocolc\\))?(ocm|ocn|on)?0*', ''),
        '') $$`.execute(db);
  for (const column of ['isbn', 'issn', 'doi']) {
    await sql`create index ${sql.id(`request_${column}_key`)} on request (library_id, request_identifier_key(${sql.ref(column)}))`.execute(
      db,
    );
  }
  await sql`create index request_oclc_key on request (library_id, request_oclc_key(oclc_number))`.execute(db);

  // Keyset pagination: (sort column, id) in one direction, open requests apart from all requests.
  for (const column of ['updated_at', 'created_at', 'number']) {
    await sql`create index ${sql.id(`request_open_${column}`)} on request (library_id, ${sql.ref(column)}, id) where completed_at is null`.execute(
      db,
    );
    await sql`create index ${sql.id(`request_all_${column}`)} on request (library_id, ${sql.ref(column)}, id)`.execute(
      db,
    );
  }
  // Work queues and state filters; the included columns let queue counts read the index alone.
  await sql`
    create index request_open_current on request (library_id, role, current_state, updated_at, id)
      include (status, lender_answered, current_return_recorded, current_due_date)
      where completed_at is null`.execute(db);
  await sql`create index request_open_attention on request (library_id, updated_at, id) where attention is not null and completed_at is null`.execute(
    db,
  );
  await sql`create index request_open_partner on request (library_id, current_partner_id) where completed_at is null`.execute(
    db,
  );
  await sql`create index outbox_undelivered on outbox_message (request_id) where status <> 'sent'`.execute(
    db,
  );
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists outbox_undelivered`.execute(db);
  for (const index of [
    'request_open_partner',
    'request_open_attention',
    'request_open_current',
    'request_open_updated_at',
    'request_all_updated_at',
    'request_open_created_at',
    'request_all_created_at',
    'request_open_number',
    'request_all_number',
    'request_isbn_key',
    'request_issn_key',
    'request_doi_key',
    'request_oclc_key',
  ]) {
    await sql`drop index if exists ${sql.id(index)}`.execute(db);
  }
  await sql`drop function if exists request_identifier_key(text)`.execute(db);
  await sql`drop function if exists request_oclc_key(text)`.execute(db);
  await sql`drop trigger if exists history_lender_answered on history`.execute(db);
  await sql`drop function if exists history_mark_lender_answered()`.execute(db);
  await sql`drop trigger if exists transaction_current_on_update on transaction`.execute(db);
  await sql`drop trigger if exists transaction_current_on_insert_delete on transaction`.execute(db);
  await sql`drop function if exists transaction_refresh_request_current()`.execute(db);
  await sql`drop function if exists request_refresh_current(uuid)`.execute(db);
  await sql`drop function if exists request_transaction_rank(text)`.execute(db);
  await db.schema
    .alterTable('request')
    .dropColumn('current_position')
    .dropColumn('current_state')
    .dropColumn('current_partner_id')
    .dropColumn('current_due_date')
    .dropColumn('current_return_recorded')
    .dropColumn('lender_answered')
    .execute();
}
