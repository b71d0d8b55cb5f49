/**
 * `GET /api/requests` over HTTP: who may list, scoping to the caller's library, repeated parameters,
 * and a 400 naming the parameter for every bad value.
 */
import { Value } from 'typebox/value';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ManualClock } from '../../src/clock.ts';
import { RequestListResponse } from '../../src/requests/request-search.schemas.ts';
import { buildApp, type App } from '../../src/server/app.ts';
import { createServices } from '../../src/server/services.ts';
import { requestScenarios, type TestLibrary } from '../queues/request-scenarios.ts';
import { describeEachDatabase } from '../support/databases.ts';
import { createApiToken, staffSession } from '../support/factories.ts';

type Headers = Record<string, string>;

describeEachDatabase('the request list over HTTP', (database) => {
  const clock = new ManualClock('2026-11-25T09:00:00Z');
  let app: App;
  let lib: TestLibrary;
  let staff: Headers;
  const made: Record<string, string> = {};

  beforeAll(async () => {
    app = await buildApp({ db: database.db, services: createServices(database.db, { clock }) });
    const kit = requestScenarios(database.db, clock);
    lib = await kit.library();
    made.pending = await kit.borrowing(lib, 'pending');
    clock.advance(60_000);
    made.shipped = await kit.borrowing(lib, 'shipped');
    clock.advance(60_000);
    made.lending = await kit.lending(lib, 'new');
    const other = await kit.library();
    await kit.borrowing(other, 'pending');
    staff = (await staffSession(app, database.db, { libraryId: lib.id, permissions: ['ill'] })).headers;
  });
  afterAll(async () => {
    await app.close();
  });

  const get = (query: string, headers = staff) =>
    app.inject({ method: 'GET', url: `/api/requests${query}`, headers });

  it('lists the caller’s library’s requests in the documented shape', async () => {
    const response = await get('?count=exact');
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(Value.Check(RequestListResponse, body)).toBe(true);
    expect(body.items.map((item: { id: string }) => item.id)).toEqual([
      made.lending,
      made.shipped,
      made.pending,
    ]);
    expect(body.total).toEqual({ value: 3, relation: 'eq' });
  });

  it('takes a repeated parameter as several values', async () => {
    const body = (await get('?state=pending&state=shipped&sort=createdAt&order=asc')).json();
    expect(body.items.map((item: { id: string }) => item.id)).toEqual([made.pending, made.shipped]);
    expect((await get('?state=in_process')).json().items.map((item: { id: string }) => item.id)).toEqual([
      made.lending,
    ]);
  });

  it('pages with the cursor it returns', async () => {
    const first = (await get('?limit=2')).json();
    expect(first.items).toHaveLength(2);
    const second = (await get(`?limit=2&cursor=${encodeURIComponent(first.nextCursor)}`)).json();
    expect(second.items.map((item: { id: string }) => item.id)).toEqual([made.pending]);
    expect(second.nextCursor).toBeNull();
  });

  it.each([
    ['?sort=colour', 'querystring.sort'],
    ['?order=sideways', 'querystring.order'],
    ['?limit=0', 'querystring.limit'],
    ['?limit=201', 'querystring.limit'],
    ['?limit=many', 'querystring.limit'],
    ['?role=both', 'querystring.role'],
    ['?status=lost', 'querystring.status.0'],
    ['?state=pending&state=flying', 'querystring.state.1'],
    ['?type=map', 'querystring.type.0'],
    ['?backend=fax', 'querystring.backend.0'],
    ['?customStatus=lower_case', 'querystring.customStatus.0'],
    ['?patronId=42', 'querystring.patronId'],
    ['?partnerId=north', 'querystring.partnerId'],
    ['?pickupBranchId=main', 'querystring.pickupBranchId.0'],
    ['?sort=pickup', 'querystring.sort'],
    ['?completedFrom=2026-02-30', 'querystring.completedFrom'],
    ['?completedTo=last-week', 'querystring.completedTo'],
    ['?needBeforeFrom=soon', 'querystring.needBeforeFrom'],
    ['?createdFrom=2026-02-30', 'querystring.createdFrom'],
    ['?createdTo=yesterday', 'querystring.createdTo'],
    ['?updatedFrom=25/11/2026', 'querystring.updatedFrom'],
    ['?needBeforeTo=2026-13-01', 'querystring.needBeforeTo'],
    ['?dueBefore=tomorrow', 'querystring.dueBefore'],
    ['?attention=maybe', 'querystring.attention'],
    ['?includeCompleted=sometimes', 'querystring.includeCompleted'],
    ['?q=', 'querystring.q'],
    ['?q=%20%20', 'querystring.q'],
    ['?count=some', 'querystring.count'],
    ['?queue=borrowing.lost', 'querystring.queue'],
    ['?queue=00000000-0000-4000-8000-000000000000', 'querystring.queue'],
    ['?cursor=not-a-cursor', 'querystring.cursor'],
    ['?colour=red', 'querystring.colour'],
  ])('answers %s with 400 naming %s', async (query, field) => {
    const response = await get(query);
    expect(response.statusCode, response.body).toBe(400);
    const issues = response.json().error.details.issues.map((issue: { field: string }) => issue.field);
    expect(issues).toContain(field);
  });

  it('needs a login and the ill permission', async () => {
    expect((await get('', {})).statusCode).toBe(401);
    const noIll = (await createApiToken(database.db, { libraryId: lib.id, permissions: ['configure'] }))
      .headers;
    expect((await get('', noIll)).statusCode).toBe(403);
  });
});
