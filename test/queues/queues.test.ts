/**
 * The VDX work queues over HTTP, against real PostgreSQL: a library with a request in every borrower
 * and lender state, made through the real request services; each queue's count is the length of
 * the list that opens it, and holds exactly the requests VDX staff expect there.
 */
import { Value } from 'typebox/value';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ManualClock } from '../../src/clock.ts';
import { QueuesResponse } from '../../src/queues/queue.schemas.ts';
import type { QueueView } from '../../src/queues/queue.schemas.ts';
import { RequestListResponse } from '../../src/requests/request-search.schemas.ts';
import { buildApp, type App } from '../../src/server/app.ts';
import { createServices } from '../../src/server/services.ts';
import { describeEachDatabase } from '../support/databases.ts';
import { createApiToken } from '../support/factories.ts';
import {
  BORROWING_SCENARIOS,
  LENDING_SCENARIOS,
  requestScenarios,
  type BorrowingScenario,
  type LendingScenario,
  type TestLibrary,
} from './request-scenarios.ts';

type Headers = Record<string, string>;

/** Which scenarios each queue holds; every other request of the library is in none of them. */
const EXPECTED: Readonly<Record<string, readonly string[]>> = {
  'borrowing.new': ['borrowing:new'],
  'borrowing.cancellation-requested': ['borrowing:cancellation_requested'],
  'borrowing.pending': ['borrowing:pending'],
  'borrowing.conditional': ['borrowing:conditional'],
  'borrowing.cancel-pending': ['borrowing:cancel_pending'],
  'borrowing.shipped': ['borrowing:shipped'],
  'borrowing.received': ['borrowing:received'],
  'borrowing.renew-pending': ['borrowing:renew_pending'],
  'borrowing.overdue': ['borrowing:overdue', 'borrowing:not_received_overdue', 'borrowing:renew_overdue'],
  'borrowing.recalled': ['borrowing:recall'],
  'borrowing.returned': ['borrowing:returned'],
  'borrowing.end-of-rota': ['borrowing:end_of_rota'],
  'borrowing.not-supplied': ['borrowing:not_supplied'],
  'borrowing.terminated': ['borrowing:terminated'],
  'borrowing.needs-attention': ['borrowing:pending'],
  'borrowing.undelivered-messages': ['borrowing:conditional'],
  'lending.new': ['lending:new'],
  'lending.will-supply': ['lending:will_supply', 'lending:hold_placed', 'lending:conditional_accepted'],
  'lending.conditional': ['lending:conditional'],
  'lending.cancel-requested': ['lending:cancel_requested'],
  'lending.shipped': ['lending:shipped', 'lending:overdue'],
  'lending.renewal-requested': ['lending:renewal_requested'],
  'lending.overdue': ['lending:overdue'],
  'lending.returned': ['lending:returned'],
  'lending.needs-attention': ['lending:shipped'],
  'lending.undelivered-messages': [],
};

describeEachDatabase('the work queues', (database) => {
  const clock = new ManualClock('2026-11-25T09:00:00Z');
  let app: App;
  let kit: ReturnType<typeof requestScenarios>;
  let lib: TestLibrary;
  let staff: Headers;
  /** Scenario name (`borrowing:pending`) of each request id of the library. */
  const scenarioOf = new Map<string, string>();

  beforeAll(async () => {
    app = await buildApp({ db: database.db, services: createServices(database.db, { clock }) });
    kit = requestScenarios(database.db, clock);
    // Without automatic advance, a supplier's non-supply leaves the request Not Supplied for staff.
    lib = await kit.library({ autoAdvance: false });
    const ids: Record<string, string> = {};
    for (const scenario of BORROWING_SCENARIOS) {
      ids[`borrowing:${scenario}`] = await kit.borrowing(lib, scenario as BorrowingScenario);
      clock.advance(60_000);
    }
    for (const scenario of LENDING_SCENARIOS) {
      ids[`lending:${scenario}`] = await kit.lending(lib, scenario as LendingScenario);
      clock.advance(60_000);
    }
    clock.set('2026-11-25T12:00:00Z');
    for (const [name, id] of Object.entries(ids)) scenarioOf.set(id, name);
    await kit.deliverAll(lib);
    await kit.failDelivery(ids['borrowing:conditional']!);
    await kit.needAttention(ids['borrowing:pending']!);
    await kit.needAttention(ids['lending:shipped']!);

    // Another library's requests are in none of this library's queues.
    const other = await kit.library();
    await kit.borrowing(other, 'pending');
    await kit.lending(other, 'new');

    staff = (await createApiToken(database.db, { libraryId: lib.id, permissions: ['ill'] })).headers;
  });
  afterAll(async () => {
    await app.close();
  });

  const get = (url: string, headers = staff) => app.inject({ method: 'GET', url, headers });

  async function queueList(id: string): Promise<string[]> {
    const found: string[] = [];
    let cursor: string | null = null;
    do {
      const response = await get(
        `/api/requests?queue=${id}&limit=2${cursor === null ? '' : `&cursor=${encodeURIComponent(cursor)}`}`,
      );
      expect(response.statusCode, response.body).toBe(200);
      const page = response.json();
      expect(Value.Check(RequestListResponse, page)).toBe(true);
      found.push(...page.items.map((item: { id: string }) => item.id));
      cursor = page.nextCursor;
    } while (cursor !== null);
    return found;
  }

  it('lists the VDX borrower and lender queues, in order, with their filters', async () => {
    const response = await get('/api/queues');
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(Value.Check(QueuesResponse, body)).toBe(true);
    expect([...body.borrowing, ...body.lending].map((queue: QueueView) => queue.id)).toEqual(
      Object.keys(EXPECTED),
    );
    expect(body.borrowing.find((queue: QueueView) => queue.id === 'borrowing.overdue')).toMatchObject({
      role: 'borrowing',
      filter: { role: 'borrowing', state: ['overdue', 'not_received_overdue', 'renew_overdue'] },
    });
    expect(body.lending.find((queue: QueueView) => queue.id === 'lending.overdue').filter).toEqual({
      role: 'lending',
      state: ['shipped', 'renew_pending'],
      returnRecorded: false,
      dueBefore: 'today',
    });
    expect(body.saved).toEqual([]);
  });

  it('counts in each queue exactly the requests of the list that opens it, and those VDX staff expect', async () => {
    const body = (await get('/api/queues')).json();
    for (const queue of [...body.borrowing, ...body.lending] as QueueView[]) {
      const listed = await queueList(queue.id);
      expect(queue.count, queue.id).toEqual({ value: listed.length, relation: 'eq' });
      expect(listed.map((id) => scenarioOf.get(id)).sort(), queue.id).toEqual(
        [...EXPECTED[queue.id]!].sort(),
      );
    }
  });

  it('opens a queue with the filter it returns', async () => {
    const body = (await get('/api/queues')).json();
    const willSupply = body.lending.find((queue: QueueView) => queue.id === 'lending.will-supply');
    const query = new URLSearchParams();
    for (const [key, value] of Object.entries(willSupply.filter as Record<string, unknown>)) {
      for (const one of Array.isArray(value) ? value : [value]) query.append(key, String(one));
    }
    const response = await get(`/api/requests?${query.toString()}&limit=200`);
    expect(response.statusCode, response.body).toBe(200);
    expect(
      response
        .json()
        .items.map((item: { id: string }) => scenarioOf.get(item.id))
        .sort(),
    ).toEqual([...EXPECTED['lending.will-supply']!].sort());
  });

  it('puts no completed request in any queue', async () => {
    const body = (await get('/api/queues')).json();
    const queued = new Set<string>();
    for (const queue of [...body.borrowing, ...body.lending] as QueueView[]) {
      for (const id of await queueList(queue.id)) queued.add(scenarioOf.get(id) ?? id);
    }
    expect(queued.has('borrowing:completed')).toBe(false);
    expect(queued.has('lending:completed')).toBe(false);
  });

  it('narrows a queue down with more filters', async () => {
    const response = await get('/api/requests?queue=borrowing.overdue&state=renew_overdue');
    expect(response.json().items.map((item: { id: string }) => scenarioOf.get(item.id))).toEqual([
      'borrowing:renew_overdue',
    ]);
  });

  it('moves a lending loan into the Overdue queue when its due date passes', async () => {
    const before = (await get('/api/queues')).json();
    const overdue = (queues: { lending: QueueView[] }) =>
      queues.lending.find((queue) => queue.id === 'lending.overdue')?.count.value;
    expect(overdue(before)).toBe(1);
    clock.set('2026-12-21T09:00:00Z');
    try {
      // The Shipped and Renewal Requested loans are due on 2026-12-20.
      expect(overdue((await get('/api/queues')).json())).toBe(3);
    } finally {
      clock.set('2026-11-25T12:00:00Z');
    }
  });

  it('needs the ill permission', async () => {
    const none = (await createApiToken(database.db, { libraryId: lib.id })).headers;
    expect((await get('/api/queues', none)).statusCode).toBe(403);
    expect((await get('/api/queues', {})).statusCode).toBe(401);
  });
});
