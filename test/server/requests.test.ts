/**
 * The request endpoints over HTTP: staff, patrons and OPAC visitors, with permissions, library scoping,
 * validation, conflicts and idempotency.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildApp } from '../../src/server/app.ts';
import type { App } from '../../src/server/app.ts';
import { describeEachDatabase } from '../support/databases.ts';
import {
  createLibrary,
  createPatron,
  createStaffUser,
  loginPatron,
  loginStaff,
} from '../support/factories.ts';
import { insertPartner } from '../support/request-factories.ts';

const book = {
  type: 'book',
  serviceType: 'loan',
  title: 'Le Petit Prince',
  author: 'Antoine de Saint-Exupéry',
};

describeEachDatabase('the request endpoints', (database) => {
  let app: App;

  beforeAll(async () => {
    app = await buildApp({ db: database.db });
  });
  afterAll(async () => {
    await app.close();
  });

  async function library(options: { copyright?: string; unauthenticated?: boolean } = {}) {
    const row = await createLibrary(database.db);
    if (options.copyright !== undefined || options.unauthenticated !== undefined) {
      await database.db
        .updateTable('library')
        .set({
          ...(options.copyright !== undefined ? { copyright_clearance: options.copyright } : {}),
          ...(options.unauthenticated !== undefined
            ? { unauthenticated_requests: options.unauthenticated }
            : {}),
        })
        .where('id', '=', row.id)
        .execute();
    }
    const partner = await insertPartner(database.db, row.id, { name: 'Partner library' });
    const staffUser = await createStaffUser(database.db, { libraryId: row.id, permissions: ['ill'] });
    const staff = await loginStaff(app, staffUser.username, staffUser.password);
    const patronUser = await createPatron(database.db, { libraryId: row.id });
    const patron = await loginPatron(app, row.symbol, patronUser.cardNumber, patronUser.secret);
    return { library: row, partner, staff, patron, patronUser };
  }

  it('lets staff create a request for a patron and read it back with its actions', async () => {
    const { staff, patronUser, partner } = await library();
    const created = await app.inject({
      method: 'POST',
      url: '/api/requests',
      headers: staff.headers,
      payload: { details: { ...book, patronId: patronUser.id }, rota: [partner.id] },
    });
    expect(created.statusCode).toBe(201);
    const body = created.json();
    expect(body).toMatchObject({
      status: 'new',
      reference: expect.stringMatching(/^ILL-\d+$/),
      patron: { id: patronUser.id },
    });
    const read = await app.inject({ method: 'GET', url: `/api/requests/${body.id}`, headers: staff.headers });
    expect(read.statusCode).toBe(200);
    expect(read.json().actions.map((action: { id: string }) => action.id)).toEqual(
      expect.arrayContaining(['confirm', 'delete']),
    );
  });

  it('names the missing field of an invalid request and creates nothing', async () => {
    const { staff, library: lib } = await library();
    const response = await app.inject({
      method: 'POST',
      url: '/api/requests',
      headers: staff.headers,
      payload: { details: { type: 'article', serviceType: 'copy', title: 'Nature' } },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.details.issues).toEqual([
      expect.objectContaining({ field: 'body.details.articleTitle', rule: 'required' }),
    ]);
    const count = await database.db
      .selectFrom('request')
      .select('id')
      .where('library_id', '=', lib.id)
      .execute();
    expect(count).toEqual([]);
  });

  it('answers 401 to anonymous callers, 403 without the ill permission or CSRF token, and 404 across libraries', async () => {
    const { staff } = await library();
    const created = (
      await app.inject({
        method: 'POST',
        url: '/api/requests',
        headers: staff.headers,
        payload: { details: book },
      })
    ).json();
    expect((await app.inject({ method: 'GET', url: `/api/requests/${created.id}` })).statusCode).toBe(401);
    const other = await library();
    expect(
      (await app.inject({ method: 'GET', url: `/api/requests/${created.id}`, headers: other.staff.headers }))
        .statusCode,
    ).toBe(404);
    const noIll = await createStaffUser(database.db, {
      libraryId: created.rota[0]?.partner
        ? (
            await database.db
              .selectFrom('request')
              .select('library_id')
              .where('id', '=', created.id)
              .executeTakeFirstOrThrow()
          ).library_id
        : '',
      permissions: [],
    });
    const noIllSession = await loginStaff(app, noIll.username, noIll.password);
    expect(
      (await app.inject({ method: 'GET', url: `/api/requests/${created.id}`, headers: noIllSession.headers }))
        .statusCode,
    ).toBe(403);
    const withoutCsrf = await app.inject({
      method: 'POST',
      url: `/api/requests/${created.id}/actions`,
      headers: { cookie: staff.cookie },
      payload: { action: 'confirm' },
    });
    expect(withoutCsrf.statusCode).toBe(403);
  });

  it('takes an action, and answers a refused one with 409 and the current state', async () => {
    const { staff } = await library();
    const created = (
      await app.inject({
        method: 'POST',
        url: '/api/requests',
        headers: staff.headers,
        payload: { details: book },
      })
    ).json();
    const confirmed = await app.inject({
      method: 'POST',
      url: `/api/requests/${created.id}/actions`,
      headers: staff.headers,
      payload: { action: 'confirm' },
    });
    expect(confirmed.statusCode).toBe(200);
    expect(confirmed.json()).toMatchObject({
      status: 'requested',
      rota: [{ transaction: { state: 'pending' } }],
    });
    const again = await app.inject({
      method: 'POST',
      url: `/api/requests/${created.id}/actions`,
      headers: staff.headers,
      payload: { action: 'confirm' },
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().error).toMatchObject({
      code: 'transition_refused',
      details: { current: { status: 'requested' } },
    });
  });

  it('replays an action sent twice with the same Idempotency-Key', async () => {
    const { staff } = await library();
    const created = (
      await app.inject({
        method: 'POST',
        url: '/api/requests',
        headers: staff.headers,
        payload: { details: book },
      })
    ).json();
    const send = () =>
      app.inject({
        method: 'POST',
        url: `/api/requests/${created.id}/actions`,
        headers: { ...staff.headers, 'idempotency-key': 'note-1' },
        payload: { action: 'add-private-note', data: { note: 'Phoned the supplier' } },
      });
    const first = await send();
    const second = await send();
    expect(first.statusCode).toBe(200);
    expect(second.statusCode).toBe(200);
    expect(second.headers['idempotent-replayed']).toBe('true');
    expect(second.json()).toEqual(first.json());
    const notes = await database.db
      .selectFrom('note')
      .select('text')
      .where('request_id', '=', created.id)
      .execute();
    expect(notes).toEqual([{ text: 'Phoned the supplier' }]);
  });

  it('creates one request for a create sent twice with the same Idempotency-Key, and refuses the key for another body', async () => {
    const { staff, library: lib, patronUser } = await library();
    const payload = { details: { ...book, patronId: patronUser.id } };
    const send = (body: unknown) =>
      app.inject({
        method: 'POST',
        url: '/api/requests',
        headers: { ...staff.headers, 'idempotency-key': 'create-petit-prince' },
        payload: body as Record<string, unknown>,
      });
    const first = await send(payload);
    const second = await send(payload);
    expect(first.statusCode).toBe(201);
    expect(second.statusCode).toBe(201);
    expect(second.headers['idempotent-replayed']).toBe('true');
    expect(second.json()).toEqual(first.json());
    const other = await send({ details: { ...book, title: 'Vol de nuit' } });
    expect(other.statusCode).toBe(409);
    expect(other.json().error).toEqual({
      code: 'conflict',
      message: 'This Idempotency-Key was already used for a different request.',
      details: { field: 'headers.idempotency-key' },
    });
    const stored = await database.db
      .selectFrom('request')
      .select(['id', 'title'])
      .where('library_id', '=', lib.id)
      .execute();
    expect(stored).toEqual([{ id: first.json().id, title: book.title }]);
  });

  it('adds locations to the rota once for a call sent twice with the same Idempotency-Key', async () => {
    const { staff, library: lib, partner } = await library();
    const created = (
      await app.inject({
        method: 'POST',
        url: '/api/requests',
        headers: staff.headers,
        payload: { details: book, rota: [partner.id] },
      })
    ).json();
    const extra = await insertPartner(database.db, lib.id, { name: 'Zeta library' });
    const send = () =>
      app.inject({
        method: 'POST',
        url: `/api/requests/${created.id}/rota`,
        headers: { ...staff.headers, 'idempotency-key': 'add-zeta' },
        payload: { partnerIds: [extra.id] },
      });
    const first = await send();
    const second = await send();
    expect(first.statusCode).toBe(200);
    expect(second.statusCode).toBe(200);
    expect(second.headers['idempotent-replayed']).toBe('true');
    expect(second.json()).toEqual(first.json());
    const rota = await database.db
      .selectFrom('rota_entry')
      .select(['position', 'partner_id'])
      .where('request_id', '=', created.id)
      .orderBy('position')
      .execute();
    expect(rota).toEqual([
      { position: 0, partner_id: partner.id },
      { position: 1, partner_id: extra.id },
    ]);
  });

  it('answers a delete sent again with the same Idempotency-Key as the first time, keeping nothing of the request', async () => {
    const { staff } = await library();
    const created = (
      await app.inject({
        method: 'POST',
        url: '/api/requests',
        headers: { ...staff.headers, 'idempotency-key': 'create-then-delete' },
        payload: { details: book },
      })
    ).json();
    const send = () =>
      app.inject({
        method: 'DELETE',
        url: `/api/requests/${created.id}`,
        headers: { ...staff.headers, 'idempotency-key': 'delete-it' },
      });
    const first = await send();
    const second = await send();
    expect(first.statusCode).toBe(204);
    expect(second.statusCode).toBe(204);
    expect(second.headers['idempotent-replayed']).toBe('true');
    // Without the key, deleting it again finds nothing.
    expect(
      (await app.inject({ method: 'DELETE', url: `/api/requests/${created.id}`, headers: staff.headers }))
        .statusCode,
    ).toBe(404);
    // The create's stored response showed the request: it went with it. The delete's holds nothing.
    const keys = await database.db
      .selectFrom('idempotency_key')
      .select(['key', 'body', 'request_id'])
      .where('key', 'in', ['create-then-delete', 'delete-it'])
      .execute();
    expect(keys).toEqual([{ key: 'delete-it', body: null, request_id: null }]);
  });

  it('edits a request’s details and records who did it', async () => {
    const { staff } = await library();
    const created = (
      await app.inject({
        method: 'POST',
        url: '/api/requests',
        headers: staff.headers,
        payload: { details: book },
      })
    ).json();
    const edited = await app.inject({
      method: 'PATCH',
      url: `/api/requests/${created.id}`,
      headers: staff.headers,
      payload: { details: { edition: '2nd', year: '1999' }, expectedVersion: created.version },
    });
    expect(edited.statusCode).toBe(200);
    expect(edited.json().details).toMatchObject({ edition: '2nd', year: '1999' });
    expect(edited.json().history.at(-1)).toMatchObject({
      event: { name: 'local-change-request-details' },
      actor: { kind: 'staff' },
    });
    const stale = await app.inject({
      method: 'PATCH',
      url: `/api/requests/${created.id}`,
      headers: staff.headers,
      payload: { details: { edition: '3rd' }, expectedVersion: created.version },
    });
    expect(stale.statusCode).toBe(409);
  });

  it('deletes a New request entirely', async () => {
    const { staff } = await library();
    const created = (
      await app.inject({
        method: 'POST',
        url: '/api/requests',
        headers: staff.headers,
        payload: { details: book },
      })
    ).json();
    expect(
      (await app.inject({ method: 'DELETE', url: `/api/requests/${created.id}`, headers: staff.headers }))
        .statusCode,
    ).toBe(204);
    expect(
      (await app.inject({ method: 'GET', url: `/api/requests/${created.id}`, headers: staff.headers }))
        .statusCode,
    ).toBe(404);
  });

  it('adds locations to the end of the rota', async () => {
    const { staff, library: lib } = await library();
    const created = (
      await app.inject({
        method: 'POST',
        url: '/api/requests',
        headers: staff.headers,
        payload: { details: book },
      })
    ).json();
    const extra = await insertPartner(database.db, lib.id, { name: 'Zeta library' });
    const response = await app.inject({
      method: 'POST',
      url: `/api/requests/${created.id}/rota`,
      headers: staff.headers,
      payload: { partnerIds: [extra.id] },
    });
    expect(response.statusCode).toBe(200);
    expect(response.json().rota.at(-1).partner.id).toBe(extra.id);
  });

  it('lets a patron place a request, see it in their list, and ask to cancel it', async () => {
    const { patron } = await library({ copyright: 'I declare that this copy is for private study only.' });
    const refused = await app.inject({
      method: 'POST',
      url: '/api/patron/requests',
      headers: patron.headers,
      payload: { details: book },
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.details.issues[0].field).toBe('body.copyrightAccepted');
    const placed = await app.inject({
      method: 'POST',
      url: '/api/patron/requests',
      headers: patron.headers,
      payload: { details: book, copyrightAccepted: true },
    });
    expect(placed.statusCode).toBe(201);
    expect(placed.json()).toMatchObject({
      copyright: { accepted: true, text: 'I declare that this copy is for private study only.' },
    });
    const list = await app.inject({ method: 'GET', url: '/api/patron/requests', headers: patron.headers });
    expect(list.json().items).toEqual([expect.objectContaining({ id: placed.json().id, status: 'new' })]);
    const cancel = await app.inject({
      method: 'POST',
      url: `/api/patron/requests/${placed.json().id}/cancel`,
      headers: patron.headers,
      payload: {},
    });
    expect(cancel.statusCode).toBe(200);
    expect(cancel.json().status).toBe('cancellation_requested');
    expect(cancel.json().notes).toEqual([]);
  });

  it('shows a patron only their own requests and refuses them staff actions', async () => {
    const { staff, patron, patronUser, library: lib } = await library();
    const someoneElse = await createPatron(database.db, { libraryId: lib.id });
    const theirs = (
      await app.inject({
        method: 'POST',
        url: '/api/requests',
        headers: staff.headers,
        payload: { details: { ...book, patronId: someoneElse.id } },
      })
    ).json();
    expect(
      (await app.inject({ method: 'GET', url: `/api/patron/requests/${theirs.id}`, headers: patron.headers }))
        .statusCode,
    ).toBe(404);
    const mine = (
      await app.inject({
        method: 'POST',
        url: '/api/requests',
        headers: staff.headers,
        payload: { details: { ...book, patronId: patronUser.id } },
      })
    ).json();
    const read = await app.inject({
      method: 'GET',
      url: `/api/patron/requests/${mine.id}`,
      headers: patron.headers,
    });
    expect(read.statusCode).toBe(200);
    expect(
      read
        .json()
        .actions.map((action: { id: string }) => action.id)
        .sort(),
    ).toEqual(['local-change-request-details', 'request-cancellation']);
    expect(
      (await app.inject({ method: 'GET', url: `/api/requests/${mine.id}`, headers: patron.headers }))
        .statusCode,
    ).toBe(401);
    const forbiddenEdit = await app.inject({
      method: 'PATCH',
      url: `/api/patron/requests/${mine.id}`,
      headers: patron.headers,
      payload: { details: { patronId: someoneElse.id } },
    });
    expect(forbiddenEdit.statusCode).toBe(400);
  });

  it('lists the libraries patrons can ask through, leaving out those whose ILL module is off', async () => {
    const on = await library();
    const off = await library();
    await database.db
      .updateTable('library')
      .set({ ill_module_enabled: false })
      .where('id', '=', off.library.id)
      .execute();
    const response = await app.inject({ method: 'GET', url: '/api/opac/libraries' });
    expect(response.statusCode).toBe(200);
    const symbols = (response.json() as { symbol: string; name: string }[]).map((entry) => entry.symbol);
    expect(symbols).toContain(on.library.symbol);
    expect(symbols).not.toContain(off.library.symbol);
  });

  it('refuses new requests from staff, patrons and OPAC visitors while the ILL module is off, and keeps existing ones workable', async () => {
    const { library: lib, staff, patron, patronUser } = await library({ unauthenticated: true });
    const existing = (
      await app.inject({
        method: 'POST',
        url: '/api/requests',
        headers: staff.headers,
        payload: { details: { ...book, patronId: patronUser.id } },
      })
    ).json();
    await database.db
      .updateTable('library')
      .set({ ill_module_enabled: false })
      .where('id', '=', lib.id)
      .execute();

    const attempts = [
      { url: '/api/requests', headers: staff.headers, payload: { details: book } },
      { url: '/api/patron/requests', headers: patron.headers, payload: { details: book } },
      {
        url: `/api/opac/libraries/${lib.symbol}/requests`,
        headers: {},
        payload: { details: book, contact: { name: 'Visiting Scholar', email: 'scholar@uni.example' } },
      },
    ];
    for (const attempt of attempts) {
      const response = await app.inject({ method: 'POST', ...attempt });
      expect({ url: attempt.url, status: response.statusCode }).toEqual({ url: attempt.url, status: 403 });
      expect(response.json().error).toEqual({
        code: 'forbidden',
        message: 'Interlibrary loan is switched off for this library, so it takes no new requests.',
        details: { reason: 'ill_module_off' },
      });
    }
    const requests = await database.db
      .selectFrom('request')
      .select('id')
      .where('library_id', '=', lib.id)
      .execute();
    expect(requests.map((row) => row.id)).toEqual([existing.id]);

    const confirmed = await app.inject({
      method: 'POST',
      url: `/api/requests/${existing.id}/actions`,
      headers: staff.headers,
      payload: { action: 'confirm' },
    });
    expect(confirmed.statusCode).toBe(200);
    expect(confirmed.json().status).toBe('requested');
    const cancelling = await app.inject({
      method: 'POST',
      url: `/api/patron/requests/${existing.id}/cancel`,
      headers: patron.headers,
      payload: {},
    });
    expect(cancelling.statusCode).toBe(200);
    expect(cancelling.json().status).toBe('cancellation_requested');
  });

  it('takes OPAC requests without login only where the library allows it, and limits them per address', async () => {
    const closed = await library();
    const payload = { details: book, contact: { name: 'Visiting Scholar', email: 'scholar@uni.example' } };
    expect(
      (await app.inject({ method: 'GET', url: `/api/opac/libraries/${closed.library.symbol}` })).json(),
    ).toMatchObject({
      unauthenticatedRequests: false,
      requestTypes: expect.arrayContaining([{ type: 'article', requiredFields: ['title', 'articleTitle'] }]),
    });
    expect(
      (
        await app.inject({
          method: 'POST',
          url: `/api/opac/libraries/${closed.library.symbol}/requests`,
          payload,
        })
      ).statusCode,
    ).toBe(403);
    const open = await library({ unauthenticated: true });
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 12; attempt++) {
      statuses.push(
        (
          await app.inject({
            method: 'POST',
            url: `/api/opac/libraries/${open.library.symbol}/requests`,
            payload,
            remoteAddress: '203.0.113.9',
          })
        ).statusCode,
      );
    }
    expect(statuses.slice(0, 10).every((status) => status === 201)).toBe(true);
    expect(statuses.slice(10)).toEqual([429, 429]);
    const stored = await database.db
      .selectFrom('request')
      .select(['requester_name', 'requester_email'])
      .where('library_id', '=', open.library.id)
      .execute();
    expect(stored[0]).toEqual({ requester_name: 'Visiting Scholar', requester_email: 'scholar@uni.example' });
  });

  it('runs a locally-defined action for staff granted it, without changing the status', async () => {
    const { library: lib, staff } = await library();
    await database.db
      .insertInto('local_action')
      .values({
        library_id: lib.id,
        id: 'notify-liaison',
        name: 'Notify liaison',
        party: 'requester',
        statuses: [],
        user_alert_note: null,
      })
      .execute();
    const granted = await createStaffUser(database.db, {
      libraryId: lib.id,
      permissions: ['ill', 'local:notify-liaison'],
    });
    const session = await loginStaff(app, granted.username, granted.password);
    const created = (
      await app.inject({
        method: 'POST',
        url: '/api/requests',
        headers: staff.headers,
        payload: { details: book },
      })
    ).json();
    expect(created.actions.map((action: { id: string }) => action.id)).not.toContain('local:notify-liaison');
    const page = (
      await app.inject({ method: 'GET', url: `/api/requests/${created.id}`, headers: session.headers })
    ).json();
    expect(page.actions.map((action: { id: string }) => action.id)).toContain('local:notify-liaison');
    const done = await app.inject({
      method: 'POST',
      url: `/api/requests/${created.id}/actions`,
      headers: session.headers,
      payload: { action: 'local:notify-liaison', data: { note: 'Told Dr Ruiz' } },
    });
    expect(done.statusCode).toBe(200);
    expect(done.json()).toMatchObject({
      status: 'new',
      history: expect.arrayContaining([expect.objectContaining({ edgeId: 'local:notify-liaison' })]),
    });
    const refused = await app.inject({
      method: 'POST',
      url: `/api/requests/${created.id}/actions`,
      headers: staff.headers,
      payload: { action: 'local:notify-liaison' },
    });
    expect(refused.statusCode).toBe(409);
  });

  it('documents the request routes in the OpenAPI document', async () => {
    const paths = (await app.inject({ method: 'GET', url: '/openapi.json' })).json().paths;
    for (const path of [
      '/api/requests',
      '/api/requests/{id}',
      '/api/requests/{id}/actions',
      '/api/patron/requests',
      '/api/opac/libraries/{symbol}/requests',
    ]) {
      expect(paths).toHaveProperty([path]);
    }
  });
});
