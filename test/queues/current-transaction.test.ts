/**
 * The current transaction that migration 0005's triggers copy onto each request, which lists, state
 * filters and work queues read. Transaction rows are written directly here, as the write path would
 * for a request placed with several partners at once, to pin down the choice between them.
 */
import { sql } from 'kysely';
import { beforeAll, expect, it } from 'vitest';
import { ManualClock } from '../../src/clock.ts';
import { describeEachDatabase } from '../support/databases.ts';
import { requestScenarios, type TestLibrary } from './request-scenarios.ts';

describeEachDatabase('the current transaction of a request', (database) => {
  const clock = new ManualClock('2026-11-25T09:00:00Z');
  let kit: ReturnType<typeof requestScenarios>;
  let lib: TestLibrary;

  beforeAll(async () => {
    kit = requestScenarios(database.db, clock);
    lib = await kit.library();
  });

  const current = (id: string) =>
    database.db
      .selectFrom('request')
      .select([
        'current_position',
        'current_state',
        'current_partner_id',
        'current_due_date',
        'current_return_recorded',
      ])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();

  async function addTransaction(requestId: string, position: number, state: string) {
    await database.db
      .insertInto('transaction')
      .values({
        request_id: requestId,
        rota_position: position,
        role: 'requester',
        partner_id: lib.partners[position % 2]!.id,
        state,
        requested_service_types: ['loan'],
        current_service_type: 'loan',
        can_hold: 'policy',
        last_sent: null,
      })
      .execute();
  }
  const setState = (requestId: string, position: number, state: string) =>
    sql`update transaction set state = ${state} where request_id = ${requestId} and rota_position = ${position}`.execute(
      database.db,
    );

  it('is the transaction at the highest rota position while a rota is tried one supplier after another', async () => {
    const id = await kit.borrowing(lib, 'new');
    expect(await current(id)).toMatchObject({ current_position: null, current_state: null });
    await addTransaction(id, 0, 'pending');
    expect(await current(id)).toMatchObject({ current_position: 0, current_state: 'pending' });
    await setState(id, 0, 'not_supplied');
    expect(await current(id)).toMatchObject({ current_position: 0, current_state: 'not_supplied' });
    await addTransaction(id, 1, 'pending');
    expect(await current(id)).toMatchObject({
      current_position: 1,
      current_state: 'pending',
      current_partner_id: lib.partners[1]!.id,
    });
    await setState(id, 1, 'cancelled');
    expect(await current(id)).toMatchObject({ current_position: 1, current_state: 'cancelled' });
  });

  it('is the one that supplied the item, then a live one, when several partners were asked at once', async () => {
    const id = await kit.borrowing(lib, 'new');
    for (const position of [0, 1, 2]) await addTransaction(id, position, 'pending');
    expect(await current(id)).toMatchObject({ current_position: 2, current_state: 'pending' });
    await setState(id, 2, 'not_supplied');
    expect(await current(id)).toMatchObject({ current_position: 1, current_state: 'pending' });
    // The first partner ships; the one still considering it is withdrawn.
    await setState(id, 0, 'shipped');
    await setState(id, 1, 'cancel_pending');
    expect(await current(id)).toMatchObject({ current_position: 0, current_state: 'shipped' });
    await setState(id, 1, 'cancelled');
    await setState(id, 0, 'checked_in');
    expect(await current(id)).toMatchObject({ current_position: 0, current_state: 'checked_in' });
  });

  it('follows the due date and the return of the current transaction, and forgets a deleted one', async () => {
    const id = await kit.borrowing(lib, 'new');
    await addTransaction(id, 0, 'shipped');
    await sql`update transaction set due_date = '2026-12-31', return_recorded = true where request_id = ${id}`.execute(
      database.db,
    );
    expect(await current(id)).toMatchObject({
      current_due_date: '2026-12-31',
      current_return_recorded: true,
    });
    await sql`delete from transaction where request_id = ${id}`.execute(database.db);
    expect(await current(id)).toEqual({
      current_position: null,
      current_state: null,
      current_partner_id: null,
      current_due_date: null,
      current_return_recorded: false,
    });
  });

  it('leaves the request row alone when a transaction changes nothing the list reads', async () => {
    const id = await kit.borrowing(lib, 'pending');
    const before = await database.db
      .selectFrom('request')
      .select(sql<string>`xmin::text`.as('xmin'))
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    await sql`update transaction set sent_count = sent_count + 1 where request_id = ${id}`.execute(
      database.db,
    );
    const after = await database.db
      .selectFrom('request')
      .select(sql<string>`xmin::text`.as('xmin'))
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(after.xmin).toBe(before.xmin);
  });
});
