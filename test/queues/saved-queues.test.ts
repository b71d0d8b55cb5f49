/**
 * Saved queues over HTTP: a library keeps filters of the request list under a name, opens them as
 * lists and sees their counts with the work queues; no other library sees or changes them.
 */
import { Value } from 'typebox/value';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ManualClock } from '../../src/clock.ts';
import { SavedQueueView } from '../../src/queues/queue.schemas.ts';
import { buildApp, type App } from '../../src/server/app.ts';
import { createServices } from '../../src/server/services.ts';
import { describeEachDatabase } from '../support/databases.ts';
import { staffSession } from '../support/factories.ts';
import { requestScenarios, type TestLibrary } from './request-scenarios.ts';

type Headers = Record<string, string>;

describeEachDatabase('saved queues', (database) => {
  const clock = new ManualClock('2026-11-25T09:00:00Z');
  let app: App;
  let kit: ReturnType<typeof requestScenarios>;
  let lib: TestLibrary;
  let staff: Headers;
  let otherStaff: Headers;
  let nobody: Headers;
  const made: Record<string, string> = {};

  beforeAll(async () => {
    app = await buildApp({ db: database.db, services: createServices(database.db, { clock }) });
    kit = requestScenarios(database.db, clock);
    lib = await kit.library();
    made.pendingNorth = await kit.borrowing(lib, 'pending', { title: 'Middlemarch', author: 'George Eliot' });
    clock.advance(60_000);
    made.pendingRose = await kit.borrowing(lib, 'pending');
    clock.advance(60_000);
    made.newEliot = await kit.borrowing(lib, 'new', { title: 'Silas Marner', author: 'George Eliot' });
    clock.advance(60_000);
    // The rota of this one moved on to the second supplier.
    made.pendingSouth = await kit.borrowing(lib, 'pending', { title: 'Adam Bede', author: 'George Eliot' });
    await kit.message(lib, made.pendingSouth, 0, 'answer-unfilled', { reason: 'NotHeld' });

    staff = (await staffSession(app, database.db, { libraryId: lib.id, permissions: ['ill'] })).headers;
    nobody = (await staffSession(app, database.db, { libraryId: lib.id })).headers;
    const other = await kit.library();
    otherStaff = (await staffSession(app, database.db, { libraryId: other.id, permissions: ['ill'] }))
      .headers;
  });
  afterAll(async () => {
    await app.close();
  });

  const call = (
    method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
    url: string,
    headers = staff,
    payload?: object,
  ) => app.inject({ method, url, headers, ...(payload !== undefined ? { payload } : {}) });
  const listIds = async (query: string, headers = staff) => {
    const response = await call('GET', `/api/requests?${query}`, headers);
    expect(response.statusCode, response.body).toBe(200);
    return response.json().items.map((item: { id: string }) => item.id);
  };

  it('saves, lists, renames, changes and deletes a queue', async () => {
    const created = await call('POST', '/api/saved-queues', staff, {
      name: '  George Eliot  ',
      filter: { q: 'eliot', sort: 'title', order: 'asc' },
    });
    expect(created.statusCode, created.body).toBe(201);
    const queue = created.json();
    expect(Value.Check(SavedQueueView, queue)).toBe(true);
    expect(queue).toEqual({
      id: expect.any(String),
      name: 'George Eliot',
      filter: { q: 'eliot', sort: 'title', order: 'asc' },
      createdAt: expect.any(String),
    });
    expect((await call('GET', '/api/saved-queues')).json()).toEqual([queue]);

    const renamed = await call('PATCH', `/api/saved-queues/${queue.id}`, staff, { name: 'Eliot novels' });
    expect(renamed.statusCode).toBe(200);
    expect(renamed.json()).toMatchObject({ name: 'Eliot novels', filter: queue.filter });
    const refiltered = await call('PATCH', `/api/saved-queues/${queue.id}`, staff, {
      filter: { q: 'eliot', status: ['new'] },
    });
    expect(refiltered.json()).toMatchObject({
      name: 'Eliot novels',
      filter: { q: 'eliot', status: ['new'] },
    });

    expect((await call('DELETE', `/api/saved-queues/${queue.id}`)).statusCode).toBe(204);
    expect((await call('GET', '/api/saved-queues')).json()).toEqual([]);
    expect((await call('DELETE', `/api/saved-queues/${queue.id}`)).statusCode).toBe(404);
  });

  it('opens a saved queue as a list, in its own sort order, and counts it with the work queues', async () => {
    const queue = (
      await call('POST', '/api/saved-queues', staff, {
        name: 'Eliot by title',
        filter: { q: 'eliot', sort: 'title', order: 'asc' },
      })
    ).json();
    expect(await listIds(`queue=${queue.id}`)).toEqual([made.pendingSouth, made.pendingNorth, made.newEliot]);
    // Parameters of the list narrow the saved queue down and override its sort order.
    expect(await listIds(`queue=${queue.id}&status=new`)).toEqual([made.newEliot]);
    expect(await listIds(`queue=${queue.id}&order=desc`)).toEqual([
      made.newEliot,
      made.pendingNorth,
      made.pendingSouth,
    ]);

    const queues = (await call('GET', '/api/queues')).json();
    expect(queues.saved).toEqual([
      { id: queue.id, name: 'Eliot by title', filter: queue.filter, count: { value: 3, relation: 'eq' } },
    ]);
    await call('DELETE', `/api/saved-queues/${queue.id}`);
  });

  it('saves a built-in queue narrowed down to one supplier', async () => {
    const south = lib.partners[1]!.id;
    const queue = (
      await call('POST', '/api/saved-queues', staff, {
        name: 'Pending with the southern supplier',
        filter: { queue: 'borrowing.pending', partnerId: south },
      })
    ).json();
    expect(await listIds(`queue=${queue.id}`)).toEqual([made.pendingSouth]);
    expect((await call('GET', '/api/queues')).json().saved[0].count).toEqual({ value: 1, relation: 'eq' });
    await call('DELETE', `/api/saved-queues/${queue.id}`);
  });

  it('refuses a second queue of the same name with 409', async () => {
    const first = await call('POST', '/api/saved-queues', staff, { name: 'Mine', filter: {} });
    expect(first.statusCode).toBe(201);
    const second = await call('POST', '/api/saved-queues', staff, {
      name: 'Mine',
      filter: { role: 'lending' },
    });
    expect(second.statusCode).toBe(409);
    const other = (await call('POST', '/api/saved-queues', staff, { name: 'Theirs', filter: {} })).json();
    expect((await call('PATCH', `/api/saved-queues/${other.id}`, staff, { name: 'Mine' })).statusCode).toBe(
      409,
    );
    // Another library may use the same name.
    expect(
      (await call('POST', '/api/saved-queues', otherStaff, { name: 'Mine', filter: {} })).statusCode,
    ).toBe(201);
    await call('DELETE', `/api/saved-queues/${first.json().id}`);
    await call('DELETE', `/api/saved-queues/${other.id}`);
  });

  it('keeps each library’s saved queues to itself: another library’s is not found', async () => {
    const theirs = (
      await call('POST', '/api/saved-queues', otherStaff, {
        name: 'Their pending',
        filter: { state: ['pending'] },
      })
    ).json();
    expect(
      (await call('GET', '/api/saved-queues')).json().map((queue: { id: string }) => queue.id),
    ).not.toContain(theirs.id);
    expect(
      (await call('PATCH', `/api/saved-queues/${theirs.id}`, staff, { name: 'Stolen' })).statusCode,
    ).toBe(404);
    expect((await call('DELETE', `/api/saved-queues/${theirs.id}`)).statusCode).toBe(404);
    const opened = await call('GET', `/api/requests?queue=${theirs.id}`);
    expect(opened.statusCode).toBe(400);
    expect(opened.json().error.details.issues[0].field).toBe('querystring.queue');
    expect(
      (await call('GET', '/api/queues')).json().saved.map((queue: { id: string }) => queue.id),
    ).not.toContain(theirs.id);
    // Still there for its own library.
    expect((await call('GET', '/api/saved-queues', otherStaff)).json()).toContainEqual(theirs);
  });

  it('validates names and filters, naming the bad field', async () => {
    const cases: [object, string][] = [
      [{ name: '', filter: {} }, 'body.name'],
      [{ name: 'x'.repeat(101), filter: {} }, 'body.name'],
      [{ filter: {} }, 'body.name'],
      [{ name: 'Bad state', filter: { state: ['flying'] } }, 'body.filter.state.0'],
      [{ name: 'Bad sort', filter: { sort: 'colour' } }, 'body.filter.sort'],
      [{ name: 'Paging', filter: { limit: 5 } }, 'body.filter.limit'],
      [
        { name: 'Saved in saved', filter: { queue: '00000000-0000-4000-8000-000000000000' } },
        'body.filter.queue',
      ],
    ];
    for (const [payload, field] of cases) {
      const response = await call('POST', '/api/saved-queues', staff, payload);
      expect(response.statusCode, JSON.stringify(payload)).toBe(400);
      const fields = response.json().error.details.issues.map((issue: { field: string }) => issue.field);
      expect(fields, JSON.stringify(payload)).toContain(field);
    }
    const empty = await call('PATCH', '/api/saved-queues/00000000-0000-4000-8000-000000000000', staff, {});
    expect(empty.statusCode).toBe(400);
    expect((await call('PATCH', '/api/saved-queues/not-a-uuid', staff, { name: 'x' })).statusCode).toBe(400);
  });

  it('needs the ill permission and a login', async () => {
    expect((await call('GET', '/api/saved-queues', nobody)).statusCode).toBe(403);
    expect((await call('POST', '/api/saved-queues', nobody, { name: 'x', filter: {} })).statusCode).toBe(403);
    expect((await call('GET', '/api/saved-queues', {})).statusCode).toBe(401);
  });
});
