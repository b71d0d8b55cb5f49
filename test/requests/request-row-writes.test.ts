/**
 * A change to a request writes its row once. Each write of a request row inserts into every one of
 * its indexes (three of them GIN), so the workflow writes the request's copy of its current
 * transaction and its lender-answered flag in its own UPDATE, and the deferred triggers that keep
 * them for any other change (migrations 0005 and 0014) find nothing left to write.
 */
import { sql } from 'kysely';
import { beforeAll, expect, it } from 'vitest';
import { ManualClock } from '../../src/clock.ts';
import { describeEachDatabase } from '../support/databases.ts';
import { requestScenarios } from '../queues/request-scenarios.ts';

describeEachDatabase('how often a change writes the request row', (database) => {
  const clock = new ManualClock('2026-12-01T09:00:00Z');
  let kit: ReturnType<typeof requestScenarios>;

  beforeAll(async () => {
    kit = requestScenarios(database.db, clock);
    // Counts every row version written for a request, by statement or by trigger, at commit or not.
    await sql`create table request_write (request_id uuid not null)`.execute(database.db);
    await sql`
      create function count_request_write() returns trigger language plpgsql as $$
      begin
        insert into request_write values (new.id);
        return null;
      end $$`.execute(database.db);
    await sql`create trigger count_request_write after insert or update on request
                for each row execute function count_request_write()`.execute(database.db);
  });

  async function writes(requestId: string): Promise<number> {
    const { rows } = await sql<{ count: string }>`
      select count(*) as count from request_write where request_id = ${requestId}`.execute(database.db);
    return Number(rows[0]?.count);
  }

  async function current(requestId: string) {
    return database.db
      .selectFrom('request')
      .select(['current_position', 'current_state', 'current_partner_id', 'lender_answered'])
      .where('id', '=', requestId)
      .executeTakeFirstOrThrow();
  }

  it('writes a borrowing request once per action, with its current transaction in that write', async () => {
    const lib = await kit.library();
    const id = await kit.borrowing(lib, 'new');
    expect(await current(id)).toMatchObject({ current_position: null, current_state: null });

    const before = await writes(id);
    await kit.act(lib, id, 'confirm');
    expect(await writes(id)).toBe(before + 1);
    expect(await current(id)).toMatchObject({
      current_position: 0,
      current_state: 'pending',
      current_partner_id: lib.partners[0]!.id,
    });

    // A partner's answer moves the rota on to the next supplier: still one write.
    const moved = await writes(id);
    await kit.message(lib, id, 0, 'answer-unfilled', { reason: 'NotHeld' });
    expect(await writes(id)).toBe(moved + 1);
    expect(await current(id)).toMatchObject({
      current_position: 1,
      current_state: 'pending',
      current_partner_id: lib.partners[1]!.id,
    });
  });

  it('records a partner’s request and the lender’s answer with one write each, the answer flagged', async () => {
    const lib = await kit.library();
    const id = await kit.lending(lib, 'new');
    // The insert, and the workflow's update as it takes the partner's Request.
    expect(await writes(id)).toBe(2);
    expect(await current(id)).toMatchObject({
      current_position: 0,
      current_state: 'in_process',
      lender_answered: false,
    });

    await kit.act(lib, id, 'answer-will-supply');
    expect(await writes(id)).toBe(3);
    expect(await current(id)).toMatchObject({ current_state: 'in_process', lender_answered: true });
  });

  it('still keeps the current transaction for a change made outside the workflow, at commit', async () => {
    const lib = await kit.library();
    const id = await kit.borrowing(lib, 'pending');
    await database.db
      .updateTable('transaction')
      .set({ state: 'shipped' })
      .where('request_id', '=', id)
      .where('rota_position', '=', 0)
      .execute();
    expect(await current(id)).toMatchObject({ current_position: 0, current_state: 'shipped' });
  });
});
