/**
 * Backends over HTTP: the list of a library's enabled backends, a manual request driven through its
 * whole life by staff recording each step (Koha's FreeForm), what Confirm does on each backend, and
 * an action a backend removes refused on its requests.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { BACKENDS } from '../../src/backends/index.ts';
import type { Partner } from '../../src/db/schema.ts';
import type { RequestDetailView } from '../../src/requests/request.schemas.ts';
import { buildApp } from '../../src/server/app.ts';
import type { App } from '../../src/server/app.ts';
import { describeEachDatabase } from '../support/databases.ts';
import { createApiToken, createLibrary, createPatron, staffSession } from '../support/factories.ts';
import { insertPartner } from '../support/request-factories.ts';

const book = { type: 'book', serviceType: 'loan', title: 'Hortus Eystettensis', author: 'Basilius Besler' };

describeEachDatabase('backends over HTTP', (database) => {
  let app: App;

  beforeAll(async () => {
    app = await buildApp({ db: database.db });
  });
  afterAll(async () => {
    await app.close();
  });

  async function library(enabledBackends = ['iso18626', 'email', 'manual']) {
    const row = await createLibrary(database.db);
    await database.db
      .updateTable('library')
      .set({ enabled_backends: enabledBackends })
      .where('id', '=', row.id)
      .execute();
    const staff = await staffSession(app, database.db, { libraryId: row.id, permissions: ['ill'] });
    const partners: Record<Partner['protocol'], Partner> = {
      iso18626: await insertPartner(database.db, row.id, { protocol: 'iso18626', name: 'ISO supplier' }),
      email: await insertPartner(database.db, row.id, { protocol: 'email', name: 'Email supplier' }),
      manual: await insertPartner(database.db, row.id, { protocol: 'manual', name: 'Antiquarian dealer' }),
    };
    return { library: row, staff, partners };
  }

  type Lib = Awaited<ReturnType<typeof library>>;

  async function create(lib: Lib, backend: Partner['protocol'], patronId?: string) {
    const response = await app.inject({
      method: 'POST',
      url: '/api/requests',
      headers: lib.staff.headers,
      payload: {
        details: { ...book, ...(patronId !== undefined ? { patronId } : {}) },
        backend,
        rota: [lib.partners[backend].id],
      },
    });
    expect(response.statusCode, response.body).toBe(201);
    return response.json();
  }

  async function act(
    lib: Lib,
    id: string,
    payload: Record<string, unknown>,
  ): Promise<LightMyRequestResponse> {
    return app.inject({
      method: 'POST',
      url: `/api/requests/${id}/actions`,
      headers: lib.staff.headers,
      payload,
    });
  }

  const actionIds = (page: { actions: { id: string }[] }) => page.actions.map((action) => action.id);

  const outboxOf = (requestId: string) =>
    database.db
      .selectFrom('outbox_message')
      .select(['protocol', 'message'])
      .where('request_id', '=', requestId)
      .orderBy('id')
      .execute();

  it('lists the library’s enabled backends, in its order, each as it declares itself', async () => {
    const lib = await library(['manual', 'iso18626']);
    const response = await app.inject({ method: 'GET', url: '/api/backends', headers: lib.staff.headers });
    expect(response.statusCode).toBe(200);
    const { items } = response.json();
    expect(items.map((item: { id: string }) => item.id)).toEqual(['manual', 'iso18626']);
    const [manual, iso] = items;
    expect(manual).toMatchObject({
      id: 'manual',
      version: BACKENDS.manual.version,
      name: 'Manual',
      partnerProtocols: ['manual'],
      confirm: { behaviour: 'record-placed', description: expect.stringContaining('nothing is sent') },
      removesActions: [
        { id: 'place-request-with-partners', name: 'Place request with partners' },
        { id: 'resend-last-message', name: 'Resend Last Message' },
      ],
    });
    expect(manual.addsActions).toContainEqual({ id: 'informed-shipped', name: 'Informed Shipped' });
    expect(manual.requestTypes).toContainEqual({
      type: 'article',
      requiredFields: ['title', 'articleTitle'],
    });
    expect(manual.fields).toEqual(expect.arrayContaining(['title', 'isbn', 'doi', 'oclcNumber']));
    expect(iso).toMatchObject({ id: 'iso18626', confirm: { behaviour: 'send-along-rota' }, addsActions: [] });
    expect(iso.removesActions).toContainEqual({ id: 'informed-shipped', name: 'Informed Shipped' });
  });

  it('needs a staff login with ill or configure', async () => {
    const lib = await library();
    expect((await app.inject({ method: 'GET', url: '/api/backends' })).statusCode).toBe(401);
    const users = await createApiToken(database.db, {
      libraryId: lib.library.id,
      permissions: ['manage-users'],
    });
    expect(
      (await app.inject({ method: 'GET', url: '/api/backends', headers: users.headers })).statusCode,
    ).toBe(403);
    const configurer = await createApiToken(database.db, {
      libraryId: lib.library.id,
      permissions: ['configure'],
    });
    expect(
      (await app.inject({ method: 'GET', url: '/api/backends', headers: configurer.headers })).statusCode,
    ).toBe(200);
  });

  it('drives a manual request through its whole life, staff recording each of the supplier’s steps', async () => {
    const lib = await library();
    const patron = await createPatron(database.db, { libraryId: lib.library.id });
    const created = await create(lib, 'manual', patron.id);
    expect(created).toMatchObject({
      backend: 'manual',
      backendVersion: BACKENDS.manual.version,
      status: 'new',
    });
    const stored = await database.db
      .selectFrom('request')
      .select('backend_version')
      .where('id', '=', created.id)
      .executeTakeFirstOrThrow();
    expect(stored.backend_version).toBe(BACKENDS.manual.version);
    expect(actionIds(created)).not.toContain('place-request-with-partners');

    const steps: [Record<string, unknown>, (page: RequestDetailView) => void][] = [
      [
        { action: 'confirm' },
        (page) => {
          expect(page.status).toBe('requested');
          expect(page.rota[0]?.transaction?.state).toBe('pending');
          expect(actionIds(page)).toEqual(
            expect.arrayContaining(['informed-shipped', 'informed-not-supplied']),
          );
          expect(actionIds(page)).not.toContain('resend-last-message');
        },
      ],
      [
        {
          action: 'informed-shipped',
          rotaPosition: 0,
          data: { serviceType: 'loan', dueDate: '2027-01-15', itemId: 'BEL-0001' },
        },
        (page) => {
          expect(page.rota[0]?.transaction).toMatchObject({ state: 'shipped', dueDate: '2027-01-15' });
        },
      ],
      [
        { action: 'received', rotaPosition: 0 },
        (page) => expect(page.rota[0]?.transaction?.state).toBe('received'),
      ],
      [
        { action: 'informed-renewed', rotaPosition: 0, data: { dueDate: '2027-02-15' } },
        (page) => {
          expect(page.rota[0]?.transaction).toMatchObject({ state: 'received', dueDate: '2027-02-15' });
        },
      ],
      [
        { action: 'returned', rotaPosition: 0 },
        (page) => expect(page.rota[0]?.transaction?.state).toBe('returned'),
      ],
      [
        { action: 'complete' },
        (page) => {
          expect(page.status).toBe('completed');
          expect(page.completedAt).not.toBeNull();
        },
      ],
    ];
    for (const [payload, check] of steps) {
      const response = await act(lib, created.id, payload);
      expect({ action: payload.action, status: response.statusCode }).toEqual({
        action: payload.action,
        status: 200,
      });
      check(response.json());
    }

    // Nothing was ever sent to the supplier; the history says who recorded each step.
    expect(await outboxOf(created.id)).toEqual([]);
    const page = (
      await app.inject({ method: 'GET', url: `/api/requests/${created.id}`, headers: lib.staff.headers })
    ).json();
    const staffSteps = page.history
      .filter((entry: { actor: { kind: string } }) => entry.actor.kind === 'staff')
      .map((entry: { event: { name: string } }) => entry.event.name);
    expect(staffSteps).toEqual(
      expect.arrayContaining([
        'confirm',
        'informed-shipped',
        'received',
        'informed-renewed',
        'returned',
        'complete',
      ]),
    );
  });

  it('confirms by ISO 18626 message, by email or by sending nothing, as each backend declares', async () => {
    const lib = await library();
    const sent: Record<string, { protocol: string; message: string }[]> = {};
    for (const backend of ['iso18626', 'email', 'manual'] as const) {
      const created = await create(lib, backend);
      const confirmed = await act(lib, created.id, { action: 'confirm' });
      expect(confirmed.statusCode).toBe(200);
      expect(confirmed.json().rota[0].transaction.state).toBe('pending');
      sent[backend] = await outboxOf(created.id);
    }
    expect(sent).toEqual({
      iso18626: [{ protocol: 'iso18626', message: 'request' }],
      email: [{ protocol: 'email', message: 'request' }],
      manual: [],
    });
  });

  it('refuses an action the request’s backend removes, with the current state, and changes nothing', async () => {
    const lib = await library();
    const manual = await create(lib, 'manual');
    const placed = await act(lib, manual.id, {
      action: 'place-request-with-partners',
      data: { partnerIds: [lib.partners.email.id] },
    });
    expect(placed.statusCode).toBe(409);
    expect(placed.json().error).toMatchObject({
      code: 'transition_refused',
      details: { refusal: { code: 'backend', rule: 'backend:manual' }, current: { status: 'new' } },
    });

    const iso = await create(lib, 'iso18626');
    await act(lib, iso.id, { action: 'confirm' });
    const informed = await act(lib, iso.id, {
      action: 'informed-shipped',
      rotaPosition: 0,
      data: { serviceType: 'loan', dueDate: '2027-01-15' },
    });
    expect(informed.statusCode).toBe(409);
    expect(informed.json().error.details.refusal).toEqual({ code: 'backend', rule: 'backend:iso18626' });
    const page = (
      await app.inject({ method: 'GET', url: `/api/requests/${iso.id}`, headers: lib.staff.headers })
    ).json();
    expect(page.rota[0]?.transaction?.state).toBe('pending');
    expect(actionIds(page)).not.toContain('informed-shipped');
  });
});
