/**
 * Clearing what made a request need attention (`POST /api/requests/:id/attention/clear`): the flag
 * leaves the request and its transactions, the history says who cleared which reason, a stale version
 * is refused, and only the library's ILL staff may do it.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildApp } from '../../src/server/app.ts';
import type { App } from '../../src/server/app.ts';
import { describeEachDatabase } from '../support/databases.ts';
import { createLibrary, createPatron, createStaffUser, loginStaff } from '../support/factories.ts';
import { insertPartner } from '../support/request-factories.ts';

const book = { type: 'book', serviceType: 'loan', title: 'The Name of the Rose', author: 'Umberto Eco' };

describeEachDatabase('clearing a request’s attention flag', (database) => {
  let app: App;

  beforeAll(async () => {
    app = await buildApp({ db: database.db });
  });
  afterAll(async () => {
    await app.close();
  });

  /** A confirmed request whose partner message could not be applied, as the ISO 18626 intake flags it. */
  async function flaggedRequest() {
    const library = await createLibrary(database.db);
    const partner = await insertPartner(database.db, library.id);
    const staffUser = await createStaffUser(database.db, { libraryId: library.id, permissions: ['ill'] });
    const staff = await loginStaff(app, staffUser.username, staffUser.password);
    const patron = await createPatron(database.db, { libraryId: library.id });
    const created = await app.inject({
      method: 'POST',
      url: '/api/requests',
      headers: staff.headers,
      payload: { details: { ...book, patronId: patron.id }, rota: [partner.id] },
    });
    const id = (created.json() as { id: string }).id;
    const confirmed = await app.inject({
      method: 'POST',
      url: `/api/requests/${id}/actions`,
      headers: staff.headers,
      payload: { action: 'confirm' },
    });
    expect(confirmed.statusCode).toBe(200);
    const reason = {
      code: 'partner_message_refused',
      params: {
        partner: partner.symbol,
        message: 'StatusChange Loaned',
        event: 'shipped',
        role: 'requester',
        state: 'cancelled',
        refusal: 'not_allowed_in_state',
        rule: 'G2 state-transition-prohibited',
      },
    };
    // As the intake flags it: the request and its transaction, with the same reason.
    await database.db
      .updateTable('request')
      .set({ attention: JSON.stringify(reason) })
      .where('id', '=', id)
      .execute();
    await database.db
      .updateTable('transaction')
      .set({ attention: JSON.stringify(reason) })
      .where('request_id', '=', id)
      .execute();
    const read = await app.inject({ method: 'GET', url: `/api/requests/${id}`, headers: staff.headers });
    const detail = read.json() as {
      version: number;
      attention: unknown;
      rota: { transaction: { attention: unknown } | null }[];
    };
    expect(detail.attention).toEqual(reason);
    expect(detail.rota[0]?.transaction?.attention).toEqual(reason);
    return { library, staff, staffUser, id, reason, version: detail.version };
  }

  it('clears the request’s and its transactions’ flags and records who cleared which reason', async () => {
    const { staff, staffUser, id, reason, version } = await flaggedRequest();
    const cleared = await app.inject({
      method: 'POST',
      url: `/api/requests/${id}/attention/clear`,
      headers: staff.headers,
      payload: { note: 'Asked the partner to send it again', expectedVersion: version },
    });
    expect(cleared.statusCode).toBe(200);
    const body = cleared.json() as {
      attention: unknown;
      version: number;
      rota: { transaction: { attention: unknown } | null }[];
      history: { actor: { name: string }; event: { kind: string; name: string }; note: string | null }[];
    };
    expect(body.attention).toBeNull();
    expect(body.rota[0]?.transaction?.attention).toBeNull();
    expect(body.version).toBe(version + 1);
    expect(body.history.at(-1)).toMatchObject({
      actor: { name: staffUser.name },
      event: { kind: 'attention', name: 'cleared' },
      note: 'Asked the partner to send it again',
    });
    const stored = await database.db
      .selectFrom('history')
      .select('data')
      .where('request_id', '=', id)
      .where('event_kind', '=', 'attention')
      .executeTakeFirstOrThrow();
    // The reason once, though the request and its transaction both carried it.
    expect(stored.data).toEqual({ reasons: [reason] });

    const queue = await app.inject({
      method: 'GET',
      url: '/api/requests?queue=borrowing.needs-attention',
      headers: staff.headers,
    });
    expect((queue.json() as { items: { id: string }[] }).items.map((item) => item.id)).not.toContain(id);

    // Nothing left to clear: the request is returned as it is.
    const again = await app.inject({
      method: 'POST',
      url: `/api/requests/${id}/attention/clear`,
      headers: staff.headers,
      payload: {},
    });
    expect(again.statusCode).toBe(200);
    expect((again.json() as { version: number }).version).toBe(version + 1);
  });

  it('answers a clear sent again with the same Idempotency-Key as the first time, not as a stale version', async () => {
    const { staff, id, version } = await flaggedRequest();
    const send = (note: string) =>
      app.inject({
        method: 'POST',
        url: `/api/requests/${id}/attention/clear`,
        headers: { ...staff.headers, 'idempotency-key': 'clear-after-phone-call' },
        payload: { note, expectedVersion: version },
      });
    const first = await send('Phoned the partner');
    // A retry after a lost answer: the version it names is no longer current, yet it gets the first answer.
    const second = await send('Phoned the partner');
    expect(first.statusCode).toBe(200);
    expect(second.statusCode).toBe(200);
    expect(second.headers['idempotent-replayed']).toBe('true');
    expect(second.json()).toEqual(first.json());
    const cleared = await database.db
      .selectFrom('history')
      .select('note')
      .where('request_id', '=', id)
      .where('event_kind', '=', 'attention')
      .execute();
    expect(cleared).toEqual([{ note: 'Phoned the partner' }]);
    const reused = await send('Something else');
    expect(reused.statusCode).toBe(409);
    expect(reused.json().error.details).toEqual({ field: 'headers.idempotency-key' });
  });

  it('refuses a stale version and leaves the flag', async () => {
    const { staff, id, reason, version } = await flaggedRequest();
    const stale = await app.inject({
      method: 'POST',
      url: `/api/requests/${id}/attention/clear`,
      headers: staff.headers,
      payload: { expectedVersion: version - 1 },
    });
    expect(stale.statusCode).toBe(409);
    const row = await database.db
      .selectFrom('request')
      .select('attention')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row.attention).toEqual(reason);
  });

  it('is for the library’s ILL staff only', async () => {
    const { id } = await flaggedRequest();
    const other = await createLibrary(database.db);
    const outsider = await createStaffUser(database.db, { libraryId: other.id, permissions: ['ill'] });
    const outsiderSession = await loginStaff(app, outsider.username, outsider.password);
    const elsewhere = await app.inject({
      method: 'POST',
      url: `/api/requests/${id}/attention/clear`,
      headers: outsiderSession.headers,
      payload: {},
    });
    expect(elsewhere.statusCode).toBe(404);

    const { library } = await flaggedRequest();
    const configurer = await createStaffUser(database.db, {
      libraryId: library.id,
      permissions: ['configure'],
    });
    const configurerSession = await loginStaff(app, configurer.username, configurer.password);
    const forbidden = await app.inject({
      method: 'POST',
      url: `/api/requests/${id}/attention/clear`,
      headers: configurerSession.headers,
      payload: {},
    });
    expect(forbidden.statusCode).toBe(403);
  });
});
