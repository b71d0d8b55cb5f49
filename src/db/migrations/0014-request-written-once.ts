import { sql, type Kysely } from 'kysely';

/**
 * A change to a request writes its row once. The request's copy of its current transaction (0005)
 * and its lender-answered flag (0005) were kept by row triggers on `transaction` and `history` that
 * each wrote the request row again, and every write of that row inserts into its 34 indexes (three of
 * them GIN). The workflow now writes those columns itself in its one UPDATE of the request, last in the
 * change; the triggers become constraint triggers deferred to commit, where they write only what
 * anything else left out of date (nothing, after the workflow's own changes).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on the current schema
export async function up(db: Kysely<any>): Promise<void> {
  await sql`drop trigger transaction_current_on_insert_delete on transaction`.execute(db);
  await sql`drop trigger transaction_current_on_update on transaction`.execute(db);
  await sql`drop trigger history_lender_answered on history`.execute(db);
  await sql`
    create constraint trigger transaction_current_on_insert_delete after insert or delete on transaction
      deferrable initially deferred
      for each row execute function transaction_refresh_request_current()`.execute(db);
  await sql`
    create constraint trigger transaction_current_on_update after update on transaction
      deferrable initially deferred
      for each row when (
        (old.request_id, old.rota_position, old.state, old.partner_id, old.due_date, old.return_recorded)
        is distinct from
        (new.request_id, new.rota_position, new.state, new.partner_id, new.due_date, new.return_recorded)
      ) execute function transaction_refresh_request_current()`.execute(db);
  await sql`
    create constraint trigger history_lender_answered after insert on history
      deferrable initially deferred
      for each row when (
        new.machine = 'responder'
        and new.event_name in ('answer-will-supply', 'answer-hold', 'conditional-reply-yes')
      ) execute function history_mark_lender_answered()`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on the current schema
export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop trigger transaction_current_on_insert_delete on transaction`.execute(db);
  await sql`drop trigger transaction_current_on_update on transaction`.execute(db);
  await sql`drop trigger history_lender_answered on history`.execute(db);
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
  await sql`
    create trigger history_lender_answered after insert on history
      for each row when (
        new.machine = 'responder'
        and new.event_name in ('answer-will-supply', 'answer-hold', 'conditional-reply-yes')
      ) execute function history_mark_lender_answered()`.execute(db);
}
