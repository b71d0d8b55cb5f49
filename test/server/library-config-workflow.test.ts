import { Value } from 'typebox/value';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Library } from '../../src/db/schema.ts';
import { ActionMenuSchema, LocalActionSchema } from '../../src/library-config/workflow-config.schemas.ts';
import { buildApp, type App } from '../../src/server/app.ts';
import { createServices, type Services } from '../../src/server/services.ts';
import { describeEachDatabase } from '../support/databases.ts';
import { createLibrary, staffSession } from '../support/factories.ts';

type Headers = Record<string, string>;

describeEachDatabase('custom statuses, local actions and the action menu over HTTP', (database) => {
  let app: App;
  let services: Services;
  let library: Library;
  let configurer: Headers;
  let illStaff: Headers;
  let nobody: Headers;
  let otherConfigurer: Headers;

  beforeAll(async () => {
    services = createServices(database.db);
    app = await buildApp({ db: database.db, services });
    library = await createLibrary(database.db);
    const otherLibrary = await createLibrary(database.db);
    configurer = (await staffSession(app, database.db, { libraryId: library.id, permissions: ['configure'] }))
      .headers;
    illStaff = (await staffSession(app, database.db, { libraryId: library.id, permissions: ['ill'] }))
      .headers;
    nobody = (await staffSession(app, database.db, { libraryId: library.id })).headers;
    otherConfigurer = (
      await staffSession(app, database.db, { libraryId: otherLibrary.id, permissions: ['configure'] })
    ).headers;
  });
  afterAll(async () => {
    await app.close();
  });

  const request = (
    method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE',
    url: string,
    headers: Headers,
    payload?: object,
  ) => app.inject({ method, url, headers, ...(payload !== undefined ? { payload } : {}) });

  it('adds, lists, relabels and deletes custom statuses, storing codes in upper case', async () => {
    const created = await request('POST', '/api/library/custom-statuses', configurer, {
      code: 'awaiting_invoice',
      label: 'Awaiting invoice',
      opacLabel: 'Being processed',
    });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toEqual({
      code: 'AWAITING_INVOICE',
      label: 'Awaiting invoice',
      opacLabel: 'Being processed',
    });

    expect((await request('GET', '/api/library/custom-statuses', illStaff)).json()).toEqual({
      items: [created.json()],
    });

    const relabelled = await request('PATCH', '/api/library/custom-statuses/AWAITING_INVOICE', configurer, {
      label: 'Invoice expected',
      opacLabel: null,
    });
    expect(relabelled.json()).toEqual({
      code: 'AWAITING_INVOICE',
      label: 'Invoice expected',
      opacLabel: null,
    });

    expect(
      (await request('DELETE', '/api/library/custom-statuses/awaiting_invoice', configurer)).statusCode,
    ).toBe(204);
    expect((await request('GET', '/api/library/custom-statuses', illStaff)).json()).toEqual({ items: [] });
  });

  it('answers 409 for a taken code and for deleting a status requests carry', async () => {
    await request('POST', '/api/library/custom-statuses', configurer, { code: 'CHASED', label: 'Chased' });
    const again = await request('POST', '/api/library/custom-statuses', configurer, {
      code: 'chased',
      label: 'Again',
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.details).toEqual({ field: 'code' });

    await database.db
      .insertInto('request')
      .values({
        library_id: library.id,
        role: 'borrowing',
        status: 'requested',
        custom_status: 'CHASED',
        backend: 'email',
        type: 'journal',
        title: 'Nature',
        service_type: 'copy',
      })
      .execute();
    const refused = await request('DELETE', '/api/library/custom-statuses/CHASED', configurer);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.message).toContain('CHASED is the status of 1 request');
  });

  it('answers 404 for another library’s custom status and 400 for a malformed code', async () => {
    await request('POST', '/api/library/custom-statuses', otherConfigurer, {
      code: 'THEIRS',
      label: 'Theirs',
    });
    expect(
      (await request('PATCH', '/api/library/custom-statuses/THEIRS', configurer, { label: 'x' })).statusCode,
    ).toBe(404);
    expect((await request('DELETE', '/api/library/custom-statuses/THEIRS', configurer)).statusCode).toBe(404);
    const malformed = await request('POST', '/api/library/custom-statuses', configurer, {
      code: 'NO-DASH',
      label: 'x',
    });
    expect(malformed.json().error.details.issues[0]).toMatchObject({ field: 'body.code', rule: 'pattern' });
    const blank = await request('POST', '/api/library/custom-statuses', configurer, {
      code: 'BLANK',
      label: ' ',
    });
    expect(blank.json().error.details.issues[0]).toMatchObject({ field: 'body.label', rule: 'pattern' });
  });

  it('guards custom statuses: ill reads, configure writes, anonymous gets 401', async () => {
    expect(
      (await request('POST', '/api/library/custom-statuses', illStaff, { code: 'X', label: 'X' })).statusCode,
    ).toBe(403);
    expect((await request('GET', '/api/library/custom-statuses', nobody)).statusCode).toBe(403);
    expect((await app.inject({ method: 'GET', url: '/api/library/custom-statuses' })).statusCode).toBe(401);
  });

  it('adds a local action whose permission is local:<id>, changes and deletes it', async () => {
    const created = await request('POST', '/api/library/local-actions', configurer, {
      id: 'notify-faculty',
      name: 'Notify faculty liaison',
      party: 'requester',
      statuses: ['requester:shipped', 'request:requested'],
      userAlertNote: 'Your item is on its way.',
    });
    expect(created.statusCode).toBe(201);
    expect(Value.Check(LocalActionSchema, created.json())).toBe(true);
    expect(created.json()).toEqual({
      id: 'notify-faculty',
      name: 'Notify faculty liaison',
      party: 'requester',
      statuses: ['requester:shipped', 'request:requested'],
      userAlertNote: 'Your item is on its way.',
      permission: 'local:notify-faculty',
    });

    const changed = await request('PATCH', '/api/library/local-actions/notify-faculty', configurer, {
      statuses: [],
      userAlertNote: '',
    });
    expect(changed.json()).toMatchObject({ statuses: [], userAlertNote: null });
    expect((await request('GET', '/api/library/local-actions', illStaff)).json().items).toEqual([
      changed.json(),
    ]);

    expect(
      (await request('DELETE', '/api/library/local-actions/notify-faculty', configurer)).statusCode,
    ).toBe(204);
    expect((await request('GET', '/api/library/local-actions', illStaff)).json().items).toEqual([]);
  });

  it.each([
    [{ id: 'Bad Id', name: 'X', party: 'requester' }, 'body.id', 'pattern'],
    [{ id: 'x', name: 'X', party: 'both' }, 'body.party', 'enum'],
    [{ id: 'x', name: 'X', party: 'requester', statuses: ['requester:flying'] }, 'body.statuses.0', 'enum'],
    [{ id: 'x', name: 'X', party: 'responder', statuses: ['request:new'] }, 'body.statuses.0', 'party'],
    [
      { id: 'x', name: 'X', party: 'requester', statuses: ['request:new', 'request:new'] },
      'body.statuses',
      'uniqueItems',
    ],
  ])('refuses the local action %j naming %s', async (payload, field, rule) => {
    const response = await request('POST', '/api/library/local-actions', configurer, payload);
    expect(response.statusCode).toBe(400);
    expect(response.json().error.details.issues[0]).toMatchObject({ field, rule });
  });

  it('answers 409 for a taken local action id and 404 for another library’s', async () => {
    const action = { id: 'recheck', name: 'Recheck', party: 'responder' };
    expect((await request('POST', '/api/library/local-actions', configurer, action)).statusCode).toBe(201);
    const again = await request('POST', '/api/library/local-actions', configurer, action);
    expect(again.statusCode).toBe(409);
    expect(again.json().error.details).toEqual({ field: 'id' });

    await request('POST', '/api/library/local-actions', otherConfigurer, {
      id: 'theirs',
      name: 'T',
      party: 'requester',
    });
    expect(
      (await request('PATCH', '/api/library/local-actions/theirs', configurer, { name: 'x' })).statusCode,
    ).toBe(404);
    expect((await request('DELETE', '/api/library/local-actions/theirs', configurer)).statusCode).toBe(404);
  });

  it('replaces the action menu and hands it to the workflow through loadActionMenuConfig', async () => {
    await request('POST', '/api/library/local-actions', configurer, {
      id: 'phone-patron',
      name: 'Phone the patron',
      party: 'requester',
      statuses: ['requester:shipped'],
      userAlertNote: null,
    });
    expect((await request('GET', '/api/library/action-menu', illStaff)).json()).toEqual({
      hidden: [],
      order: [],
    });

    const menu = {
      hidden: [
        { action: 'damaged', status: null },
        { action: 'send-public-note', status: 'requester:pending' },
      ],
      order: [{ status: 'requester:shipped', actions: ['local:phone-patron', 'received', 'lost'] }],
    };
    const replaced = await request('PUT', '/api/library/action-menu', configurer, menu);
    expect(replaced.statusCode).toBe(200);
    expect(Value.Check(ActionMenuSchema, replaced.json())).toBe(true);
    expect(replaced.json()).toEqual(menu);
    expect((await request('GET', '/api/library/action-menu', illStaff)).json()).toEqual(menu);

    const config = await services.libraryConfig.loadActionMenuConfig(library.id);
    expect(config.hidden).toEqual(menu.hidden);
    expect(config.order).toEqual(menu.order);
    expect(config.localActions).toContainEqual({
      id: 'phone-patron',
      name: 'Phone the patron',
      party: 'requester',
      statuses: ['requester:shipped'],
      permission: 'local:phone-patron',
      userAlert: null,
    });

    const emptied = await request('PUT', '/api/library/action-menu', configurer, { hidden: [], order: [] });
    expect(emptied.json()).toEqual({ hidden: [], order: [] });
  });

  it.each([
    [
      { hidden: [{ action: 'local:nowhere', status: null }], order: [] },
      'body.hidden.0.action',
      'known-action',
    ],
    [{ hidden: [{ action: 'teleport', status: null }], order: [] }, 'body.hidden.0.action', 'known-action'],
    [
      { hidden: [{ action: 'lost', status: 'requester:flying' }], order: [] },
      'body.hidden.0.status',
      'anyOf',
    ],
    [
      {
        hidden: [
          { action: 'lost', status: null },
          { action: 'lost', status: null },
        ],
        order: [],
      },
      'body.hidden.1',
      'unique',
    ],
    [{ hidden: [], order: [{ status: 'request:new', actions: [] }] }, 'body.order.0.actions', 'minItems'],
    [
      { hidden: [], order: [{ status: 'request:new', actions: ['confirm', 'confirm'] }] },
      'body.order.0.actions.1',
      'unique',
    ],
    [
      {
        hidden: [],
        order: [
          { status: 'request:new', actions: ['confirm'] },
          { status: 'request:new', actions: ['delete'] },
        ],
      },
      'body.order.1.status',
      'unique',
    ],
    [{ hidden: [] }, 'body.order', 'required'],
  ])('refuses the action menu %j naming %s and keeps the one before', async (payload, field, rule) => {
    const before = (await request('GET', '/api/library/action-menu', configurer)).json();
    const response = await request('PUT', '/api/library/action-menu', configurer, payload);
    expect(response.statusCode).toBe(400);
    const issues = response.json().error.details.issues;
    expect(
      issues.some((issue: { field: string; rule: string }) => issue.field === field && issue.rule === rule),
    ).toBe(true);
    expect((await request('GET', '/api/library/action-menu', configurer)).json()).toEqual(before);
  });

  it('refuses the action menu to staff without configure and to anonymous callers', async () => {
    expect(
      (await request('PUT', '/api/library/action-menu', illStaff, { hidden: [], order: [] })).statusCode,
    ).toBe(403);
    expect((await request('GET', '/api/library/action-menu', nobody)).statusCode).toBe(403);
    expect(
      (
        await app.inject({
          method: 'PUT',
          url: '/api/library/action-menu',
          payload: { hidden: [], order: [] },
        })
      ).statusCode,
    ).toBe(401);
  });

  it('describes every configuration route in the OpenAPI document with its schemas', async () => {
    const document = (await app.inject({ method: 'GET', url: '/openapi.json' })).json();
    const expected: Record<string, string[]> = {
      '/api/library/settings': ['get', 'patch'],
      '/api/library/pickup-branches': ['get', 'post'],
      '/api/library/pickup-branches/{id}': ['patch', 'delete'],
      '/api/partners': ['get', 'post'],
      '/api/partners/import': ['post'],
      '/api/partners/{id}': ['get', 'patch', 'delete'],
      '/api/library/custom-statuses': ['get', 'post'],
      '/api/library/custom-statuses/{code}': ['patch', 'delete'],
      '/api/library/local-actions': ['get', 'post'],
      '/api/library/local-actions/{id}': ['patch', 'delete'],
      '/api/library/action-menu': ['get', 'put'],
    };
    for (const [path, methods] of Object.entries(expected)) {
      for (const method of methods) {
        const operation = document.paths[path]?.[method];
        expect(operation, `${method} ${path}`).toBeDefined();
        expect(Object.keys(operation.responses)).toEqual(expect.arrayContaining(['401', '403']));
        if (method === 'post' || method === 'patch' || method === 'put') {
          expect(operation.requestBody, `${method} ${path} body`).toBeDefined();
        }
      }
    }
  });
});
