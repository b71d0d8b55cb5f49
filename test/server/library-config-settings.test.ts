import { Value } from 'typebox/value';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Library } from '../../src/db/schema.ts';
import {
  LibrarySettingsSchema,
  PickupBranchSchema,
} from '../../src/library-config/library-settings.schemas.ts';
import { buildApp, type App } from '../../src/server/app.ts';
import { describeEachDatabase } from '../support/databases.ts';
import { createApiToken, createLibrary, staffSession } from '../support/factories.ts';

type Headers = Record<string, string>;

describeEachDatabase('library settings and pickup branches over HTTP', (database) => {
  let app: App;
  let library: Library;
  let otherLibrary: Library;
  let configurer: Headers;
  let illStaff: Headers;
  let nobody: Headers;
  let otherConfigurer: Headers;

  beforeAll(async () => {
    app = await buildApp({ db: database.db });
    library = await createLibrary(database.db);
    otherLibrary = await createLibrary(database.db);
    configurer = (await staffSession(app, database.db, { libraryId: library.id, permissions: ['configure'] }))
      .headers;
    illStaff = (await staffSession(app, database.db, { libraryId: library.id, permissions: ['ill'] }))
      .headers;
    nobody = (await staffSession(app, database.db, { libraryId: library.id, permissions: [] })).headers;
    otherConfigurer = (
      await staffSession(app, database.db, { libraryId: otherLibrary.id, permissions: ['configure'] })
    ).headers;
  });
  afterAll(async () => {
    await app.close();
  });

  const request = (
    method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
    url: string,
    headers: Headers,
    payload?: object,
  ) => app.inject({ method, url, headers, ...(payload !== undefined ? { payload } : {}) });

  it('shows the library’s settings to staff with ill or configure', async () => {
    for (const headers of [illStaff, configurer]) {
      const response = await request('GET', '/api/library/settings', headers);
      expect(response.statusCode).toBe(200);
      const body = response.json();
      expect(Value.Check(LibrarySettingsSchema, body)).toBe(true);
      expect(body).toMatchObject({
        id: library.id,
        symbol: library.symbol,
        name: library.name,
        timezone: 'UTC',
        illModuleEnabled: true,
        enabledBackends: ['iso18626', 'email', 'manual'],
      });
    }
  });

  it('answers 401 to anonymous callers and 403 to staff with neither ill nor configure', async () => {
    expect((await app.inject({ method: 'GET', url: '/api/library/settings' })).statusCode).toBe(401);
    const forbidden = await request('GET', '/api/library/settings', nobody);
    expect(forbidden.statusCode).toBe(403);
    expect(forbidden.json().error.code).toBe('forbidden');
  });

  it('changes the settings for staff with configure', async () => {
    const response = await request('PATCH', '/api/library/settings', configurer, {
      name: 'North Library',
      timezone: 'America/New_York',
      copyrightClearance: 'I declare that this copy is for private study.',
      unauthenticatedRequests: true,
      defaultDaysToRespond: 14,
      enabledBackends: ['iso18626', 'manual'],
      illModuleEnabled: false,
      autoAdvance: false,
      email: null,
      address: '1 Library Way',
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      symbol: library.symbol,
      name: 'North Library',
      timezone: 'America/New_York',
      copyrightClearance: 'I declare that this copy is for private study.',
      unauthenticatedRequests: true,
      defaultDaysToRespond: 14,
      enabledBackends: ['iso18626', 'manual'],
      illModuleEnabled: false,
      autoAdvance: false,
      email: null,
      address: '1 Library Way',
    });
    const reread = await request('GET', '/api/library/settings', illStaff);
    expect(reread.json()).toEqual(response.json());
    const other = await request('GET', '/api/library/settings', otherConfigurer);
    expect(other.json().name).toBe(otherLibrary.name);
  });

  it('clears the copyright clearance with an empty text', async () => {
    const response = await request('PATCH', '/api/library/settings', configurer, { copyrightClearance: '' });
    expect(response.json().copyrightClearance).toBeNull();
  });

  it('refuses changes from staff with only ill, and from anonymous callers before looking at the body', async () => {
    expect((await request('PATCH', '/api/library/settings', illStaff, { name: 'Mine now' })).statusCode).toBe(
      403,
    );
    const anonymous = await app.inject({
      method: 'PATCH',
      url: '/api/library/settings',
      payload: { defaultDaysToRespond: 'many' },
    });
    expect(anonymous.statusCode).toBe(401);
  });

  it.each([
    [{ timezone: 'Mars/Olympus_Mons' }, 'body.timezone', 'timezone'],
    [{ timezone: '+02:00' }, 'body.timezone', 'timezone'],
    [{ defaultDaysToRespond: 0 }, 'body.defaultDaysToRespond', 'minimum'],
    [{ defaultDaysToRespond: 366 }, 'body.defaultDaysToRespond', 'maximum'],
    [{ enabledBackends: [] }, 'body.enabledBackends', 'minItems'],
    [{ enabledBackends: ['email', 'email'] }, 'body.enabledBackends', 'uniqueItems'],
    [{ enabledBackends: ['carrier-pigeon'] }, 'body.enabledBackends.0', 'enum'],
    [{ email: 'not an address' }, 'body.email', 'format'],
    [{ name: '   ' }, 'body.name', 'pattern'],
  ])('refuses %j naming %s, and writes nothing', async (payload, field, rule) => {
    const before = (await request('GET', '/api/library/settings', configurer)).json();
    const response = await request('PATCH', '/api/library/settings', configurer, {
      ...payload,
      autoAdvance: true,
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe('validation_failed');
    // A nullable field also reports that the value is not null; the first issue is the one to fix.
    expect(response.json().error.details.issues[0]).toMatchObject({ field, rule });
    expect((await request('GET', '/api/library/settings', configurer)).json()).toEqual(before);
  });

  it('adds, lists, changes and deletes pickup branches', async () => {
    const created = await request('POST', '/api/library/pickup-branches', configurer, {
      code: 'MAIN',
      name: 'Main Library',
    });
    expect(created.statusCode).toBe(201);
    const branch = created.json();
    expect(Value.Check(PickupBranchSchema, branch)).toBe(true);
    expect(branch).toEqual({ id: expect.any(String), code: 'MAIN', name: 'Main Library' });

    const listed = await request('GET', '/api/library/pickup-branches', illStaff);
    expect(listed.json()).toEqual({ items: [branch] });

    const changed = await request('PATCH', `/api/library/pickup-branches/${branch.id}`, configurer, {
      name: 'Main Library, ground floor',
    });
    expect(changed.json()).toEqual({ ...branch, name: 'Main Library, ground floor' });

    const deleted = await request('DELETE', `/api/library/pickup-branches/${branch.id}`, configurer);
    expect(deleted.statusCode).toBe(204);
    expect((await request('GET', '/api/library/pickup-branches', illStaff)).json()).toEqual({ items: [] });
  });

  it('answers 409 naming the code when it is taken in the library', async () => {
    await request('POST', '/api/library/pickup-branches', configurer, { code: 'WEST', name: 'West' });
    const again = await request('POST', '/api/library/pickup-branches', configurer, {
      code: 'WEST',
      name: 'West 2',
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().error).toMatchObject({ code: 'conflict', details: { field: 'code' } });
  });

  it('refuses a pickup branch deletion while a request uses it', async () => {
    const branch = (
      await request('POST', '/api/library/pickup-branches', configurer, { code: 'USED', name: 'Used branch' })
    ).json();
    await database.db
      .insertInto('request')
      .values({
        library_id: library.id,
        role: 'borrowing',
        status: 'new',
        backend: 'manual',
        type: 'book',
        title: 'Middlemarch',
        service_type: 'loan',
        pickup_branch_id: branch.id,
      })
      .execute();
    const response = await request('DELETE', `/api/library/pickup-branches/${branch.id}`, configurer);
    expect(response.statusCode).toBe(409);
    expect(response.json().error.message).toContain('USED is the pickup location of 1 request');
  });

  it('answers 404 for another library’s pickup branch', async () => {
    const theirs = (
      await request('POST', '/api/library/pickup-branches', otherConfigurer, {
        code: 'THEIRS',
        name: 'Theirs',
      })
    ).json();
    const patched = await request('PATCH', `/api/library/pickup-branches/${theirs.id}`, configurer, {
      name: 'Ours now',
    });
    expect(patched.statusCode).toBe(404);
    expect(
      (await request('DELETE', `/api/library/pickup-branches/${theirs.id}`, configurer)).statusCode,
    ).toBe(404);
    const listed = (await request('GET', '/api/library/pickup-branches', otherConfigurer)).json();
    expect(listed.items).toEqual([theirs]);
  });

  it('names the field of a bad branch code or id', async () => {
    const badCode = await request('POST', '/api/library/pickup-branches', configurer, {
      code: 'NO SPACES',
      name: 'X',
    });
    expect(badCode.json().error.details.issues).toEqual([
      expect.objectContaining({ field: 'body.code', rule: 'pattern' }),
    ]);
    const badId = await request('PATCH', '/api/library/pickup-branches/42', configurer, { name: 'X' });
    expect(badId.statusCode).toBe(400);
    expect(badId.json().error.details.issues).toEqual([
      expect.objectContaining({ field: 'params.id', rule: 'format' }),
    ]);
  });

  it('lets an API token with configure change the settings', async () => {
    const token = await createApiToken(database.db, { libraryId: library.id, permissions: ['configure'] });
    const response = await request('PATCH', '/api/library/settings', token.headers, { autoAdvance: true });
    expect(response.statusCode).toBe(200);
    expect(response.json().autoAdvance).toBe(true);
  });
});
