/**
 * Library rules the write path enforces over HTTP, whoever asks: an action the library hid at a status
 * is refused to staff and patrons as its missing button implies, while partner messages, timers and
 * the engine's own cascades go on; staff put the library's custom statuses on requests through Edit
 * request, the history says who changed which to which, and a status change clears them.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildApp } from '../../src/server/app.ts';
import type { App } from '../../src/server/app.ts';
import { describeEachDatabase } from '../support/databases.ts';
import { createLibrary, patronSession, staffSession } from '../support/factories.ts';
import { insertPartner } from '../support/request-factories.ts';

const book = { type: 'book', serviceType: 'loan', title: 'Les Misérables', author: 'Victor Hugo' };

describeEachDatabase('the library’s workflow rules over HTTP', (database) => {
  let app: App;

  beforeAll(async () => {
    app = await buildApp({ db: database.db });
  });
  afterAll(async () => {
    await app.close();
  });

  async function library() {
    const row = await createLibrary(database.db);
    const partner = await insertPartner(database.db, row.id, { name: 'An ISO 18626 supplier' });
    const staff = await staffSession(app, database.db, { libraryId: row.id, permissions: ['ill'] });
    const configurer = await staffSession(app, database.db, {
      libraryId: row.id,
      permissions: ['ill', 'configure'],
    });
    return { library: row, partner, staff, configurer };
  }

  async function newRequest(
    headers: Record<string, string>,
    rota: readonly string[],
    patronId?: string,
  ): Promise<{ id: string; version: number }> {
    const response = await app.inject({
      method: 'POST',
      url: '/api/requests',
      headers,
      payload: { details: { ...book, ...(patronId === undefined ? {} : { patronId }) }, rota },
    });
    expect(response.statusCode).toBe(201);
    return response.json();
  }

  async function act(headers: Record<string, string>, id: string, payload: Record<string, unknown>) {
    return app.inject({ method: 'POST', url: `/api/requests/${id}/actions`, headers, payload });
  }

  async function hide(headers: Record<string, string>, hidden: { action: string; status: string | null }[]) {
    const response = await app.inject({
      method: 'PUT',
      url: '/api/library/action-menu',
      headers,
      payload: { hidden, order: [] },
    });
    expect(response.statusCode).toBe(200);
  }

  it('refuses a protocol action the library hid at the transaction’s state, naming the rule, and changes nothing', async () => {
    const { partner, staff, configurer } = await library();
    const request = await newRequest(staff.headers, [partner.id]);
    expect((await act(staff.headers, request.id, { action: 'confirm' })).statusCode).toBe(200);
    await hide(configurer.headers, [{ action: 'cancel', status: 'requester:pending' }]);

    const page = (
      await app.inject({ method: 'GET', url: `/api/requests/${request.id}`, headers: staff.headers })
    ).json();
    expect(page.actions.map((action: { id: string }) => action.id)).not.toContain('cancel');

    const refused = await act(staff.headers, request.id, { action: 'cancel', rotaPosition: 0 });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error).toMatchObject({
      code: 'transition_refused',
      details: { refusal: { code: 'action_hidden', rule: 'hidden:cancel@requester:pending' } },
    });
    const after = (
      await app.inject({ method: 'GET', url: `/api/requests/${request.id}`, headers: staff.headers })
    ).json();
    expect(after.version).toBe(page.version);
    expect(after.rota[0].transaction.state).toBe('pending');
    const messages = await database.db
      .selectFrom('outbox_message')
      .select('message')
      .where('request_id', '=', request.id)
      .execute();
    expect(messages.map((row) => row.message)).toEqual(['request']);
  });

  it('refuses an action hidden at every status, yet lets the engine take it on its own behalf', async () => {
    const { partner, staff, configurer } = await library();
    const request = await newRequest(staff.headers, [partner.id]);
    expect((await act(staff.headers, request.id, { action: 'confirm' })).statusCode).toBe(200);
    await hide(configurer.headers, [{ action: 'cancel', status: null }]);

    const refused = await act(staff.headers, request.id, { action: 'cancel', rotaPosition: 0 });
    expect(refused.json().error.details.refusal).toEqual({ code: 'action_hidden', rule: 'hidden:cancel@*' });

    // Revert is not hidden: it withdraws the request from the supplier with a Cancel of the system's.
    const reverted = await act(staff.headers, request.id, { action: 'revert' });
    expect(reverted.statusCode).toBe(200);
    expect(reverted.json()).toMatchObject({
      status: 'reverted',
      rota: [{ transaction: { state: 'cancel_pending' } }],
    });
  });

  it('refuses a patron the cancellation the library hid, and still offers it where it is not hidden', async () => {
    const { library: row, partner, staff, configurer } = await library();
    const patron = await patronSession(app, database.db, row);
    const request = await newRequest(staff.headers, [partner.id], patron.patron.id);
    await hide(configurer.headers, [{ action: 'request-cancellation', status: 'request:new' }]);

    const refused = await app.inject({
      method: 'POST',
      url: `/api/patron/requests/${request.id}/cancel`,
      headers: patron.headers,
      payload: {},
    });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.details.refusal).toEqual({
      code: 'action_hidden',
      rule: 'hidden:request-cancellation@request:new',
    });

    await hide(configurer.headers, []);
    const asked = await app.inject({
      method: 'POST',
      url: `/api/patron/requests/${request.id}/cancel`,
      headers: patron.headers,
      payload: {},
    });
    expect(asked.statusCode).toBe(200);
    expect(asked.json().status).toBe('cancellation_requested');
  });

  async function customStatus(headers: Record<string, string>, code: string, label: string) {
    const response = await app.inject({
      method: 'POST',
      url: '/api/library/custom-statuses',
      headers,
      payload: { code, label, opacLabel: `${label} (OPAC)` },
    });
    expect(response.statusCode).toBe(201);
  }

  async function edit(
    headers: Record<string, string>,
    id: string,
    payload: Record<string, unknown>,
    url?: string,
  ) {
    return app.inject({ method: 'PATCH', url: url ?? `/api/requests/${id}`, headers, payload });
  }

  type HistoryEntry = {
    actor: { kind: string; name: string };
    event: { kind: string; name: string };
    from: string;
    to: string;
    data?: { customStatus?: { from: string | null; to: string | null } };
  };
  const customStatusHistory = (page: { history: HistoryEntry[] }) =>
    page.history.filter((entry) => entry.event.kind === 'custom-status');

  it('lets staff put one of the library’s custom statuses on a request and records who changed it from what to what', async () => {
    const { partner, staff, configurer } = await library();
    await customStatus(configurer.headers, 'AWAITING_INVOICE', 'Awaiting invoice');
    await customStatus(configurer.headers, 'WITH_CONSERVATION', 'With conservation');
    const request = await newRequest(staff.headers, [partner.id]);

    const set = await edit(staff.headers, request.id, { details: { customStatus: 'AWAITING_INVOICE' } });
    expect(set.statusCode).toBe(200);
    expect(set.json()).toMatchObject({
      status: 'new',
      customStatus: {
        code: 'AWAITING_INVOICE',
        label: 'Awaiting invoice',
        opacLabel: 'Awaiting invoice (OPAC)',
      },
      details: { title: book.title },
    });
    expect(set.json().version).toBeGreaterThan(request.version);

    const changed = await edit(staff.headers, request.id, { details: { customStatus: 'WITH_CONSERVATION' } });
    const cleared = await edit(staff.headers, request.id, { details: { customStatus: null } });
    expect(changed.json().customStatus.code).toBe('WITH_CONSERVATION');
    expect(cleared.json().customStatus).toBeNull();
    expect(customStatusHistory(cleared.json())).toEqual([
      expect.objectContaining({
        actor: { kind: 'staff', name: staff.staff.name },
        event: { kind: 'custom-status', name: 'set' },
        from: 'new',
        to: 'new',
        data: { customStatus: { from: null, to: 'AWAITING_INVOICE' } },
      }),
      expect.objectContaining({
        data: { customStatus: { from: 'AWAITING_INVOICE', to: 'WITH_CONSERVATION' } },
      }),
      expect.objectContaining({
        event: { kind: 'custom-status', name: 'cleared' },
        data: { customStatus: { from: 'WITH_CONSERVATION', to: null } },
      }),
    ]);
  });

  it('refuses a code the library does not define, naming the field, and changes nothing', async () => {
    const { partner, staff, configurer } = await library();
    await customStatus(configurer.headers, 'AWAITING_INVOICE', 'Awaiting invoice');
    const other = await library();
    await customStatus(other.configurer.headers, 'ONLY_ELSEWHERE', 'Another library’s');
    const request = await newRequest(staff.headers, [partner.id]);

    for (const code of ['NO_SUCH_STATUS', 'ONLY_ELSEWHERE']) {
      const refused = await edit(staff.headers, request.id, { details: { customStatus: code } });
      expect(refused.statusCode).toBe(400);
      expect(refused.json().error.details.issues).toEqual([
        expect.objectContaining({
          field: 'body.details.customStatus',
          message: expect.stringContaining(`${code} is not one of the library’s custom statuses`),
        }),
      ]);
    }
    const page = (
      await app.inject({ method: 'GET', url: `/api/requests/${request.id}`, headers: staff.headers })
    ).json();
    expect(page.customStatus).toBeNull();
    expect(page.version).toBe(request.version);
  });

  it('refuses a patron who tries to set a custom status on their own request', async () => {
    const { library: row, partner, staff, configurer } = await library();
    await customStatus(configurer.headers, 'AWAITING_INVOICE', 'Awaiting invoice');
    const patron = await patronSession(app, database.db, row);
    const request = await newRequest(staff.headers, [partner.id], patron.patron.id);
    const refused = await edit(
      patron.headers,
      request.id,
      { details: { customStatus: 'AWAITING_INVOICE' } },
      `/api/patron/requests/${request.id}`,
    );
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.details.issues).toEqual([
      expect.objectContaining({ field: 'body.details.customStatus', rule: 'forbidden' }),
    ]);
  });

  it('clears the custom status when the request’s status changes, recorded as Interlend’s doing', async () => {
    const { partner, staff, configurer } = await library();
    await customStatus(configurer.headers, 'AWAITING_INVOICE', 'Awaiting invoice');
    const request = await newRequest(staff.headers, [partner.id]);
    await edit(staff.headers, request.id, { details: { customStatus: 'AWAITING_INVOICE' } });

    const confirmed = await act(staff.headers, request.id, { action: 'confirm' });
    expect(confirmed.statusCode).toBe(200);
    expect(confirmed.json()).toMatchObject({ status: 'requested', customStatus: null });
    expect(customStatusHistory(confirmed.json()).at(-1)).toMatchObject({
      actor: { kind: 'system', name: 'Interlend' },
      event: { kind: 'custom-status', name: 'cleared' },
      from: 'requested',
      to: 'requested',
      data: { customStatus: { from: 'AWAITING_INVOICE', to: null } },
    });
    const stored = await database.db
      .selectFrom('request')
      .select('custom_status')
      .where('id', '=', request.id)
      .executeTakeFirstOrThrow();
    expect(stored.custom_status).toBeNull();

    // A note changes no status, so a custom status set afterwards stays.
    await edit(staff.headers, request.id, { details: { customStatus: 'AWAITING_INVOICE' } });
    const noted = await act(staff.headers, request.id, {
      action: 'add-private-note',
      data: { note: 'Phoned them' },
    });
    expect(noted.json().customStatus).toMatchObject({ code: 'AWAITING_INVOICE' });
  });
});
