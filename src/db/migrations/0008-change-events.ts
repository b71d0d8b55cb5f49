import { sql, type Kysely } from 'kysely';

/**
 * Change notifications for live screens. Whatever writes a request, one of its transactions, notes
 * or outgoing messages (a staff action, a partner's message, a timer, a delivery failure, another
 * Interlend process), PostgreSQL announces `library:request:patron` on `interlend_changes` when that
 * transaction commits. Identical notifications of one transaction are delivered once, so an action
 * touching several rows still makes one event. The payload names only ids: listeners re-read what
 * they are allowed to see.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on the current schema
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create function interlend_announce_request(p_request_id uuid) returns void
    language plpgsql as $$
    declare
      r record;
    begin
      select library_id, patron_id into r from request where id = p_request_id;
      if found then
        perform pg_notify('interlend_changes',
          r.library_id::text || ':' || p_request_id::text || ':' || coalesce(r.patron_id::text, ''));
      end if;
    end
    $$`.execute(db);

  await sql`
    create function interlend_request_changed() returns trigger
    language plpgsql as $$
    declare
      row_ record;
    begin
      if tg_op = 'DELETE' then row_ := old; else row_ := new; end if;
      perform pg_notify('interlend_changes',
        row_.library_id::text || ':' || row_.id::text || ':' || coalesce(row_.patron_id::text, ''));
      return null;
    end
    $$`.execute(db);

  await sql`
    create function interlend_request_child_changed() returns trigger
    language plpgsql as $$
    begin
      if tg_op = 'DELETE' then
        perform interlend_announce_request(old.request_id);
      else
        perform interlend_announce_request(new.request_id);
      end if;
      return null;
    end
    $$`.execute(db);

  await sql`
    create trigger request_changes after insert or update or delete on request
    for each row execute function interlend_request_changed()`.execute(db);
  for (const table of ['transaction', 'note', 'rota_entry']) {
    await sql`
      create trigger ${sql.raw(`${table}_changes`)} after insert or update on ${sql.table(table)}
      for each row execute function interlend_request_child_changed()`.execute(db);
  }
  // A screen shows whether a message is delivered and, if not, why: status and last error.
  await sql`
    create trigger outbox_message_changes after insert or update of status, last_error on outbox_message
    for each row execute function interlend_request_child_changed()`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['request', 'transaction', 'note', 'rota_entry', 'outbox_message']) {
    await sql`drop trigger if exists ${sql.raw(`${table}_changes`)} on ${sql.table(table)}`.execute(db);
  }
  await sql`drop function if exists interlend_request_child_changed()`.execute(db);
  await sql`drop function if exists interlend_request_changed()`.execute(db);
  await sql`drop function if exists interlend_announce_request(uuid)`.execute(db);
}
