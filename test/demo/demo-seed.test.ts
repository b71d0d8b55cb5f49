/**
 * The demo consortium seeded through the real services and the real ISO 18626 path: libraries,
 * logins, and requests on both sides in the states the scenarios promise.
 */
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { systemClock } from '../../src/clock.ts';
import { DEMO_CUSTOM_STATUS, DEMO_LIBRARIES, DEMO_SCENARIOS } from '../../src/demo/demo-data.ts';
import { LISTED_STATUSES } from '../../src/requests/request-search.schemas.ts';
import { formatDemoSummary, seedDemoConsortium } from '../../src/demo/demo-seed.ts';
import type { DemoSummary } from '../../src/demo/demo-seed.ts';
import { buildApp } from '../../src/server/app.ts';
import type { App } from '../../src/server/app.ts';
import { createServices } from '../../src/server/services.ts';
import { createWorkers } from '../../src/workers/workers.ts';
import { describeEachDatabase } from '../support/databases.ts';

describeEachDatabase('the demo consortium', (database) => {
  let app: App;
  let summary: DemoSummary;
  let seed: () => Promise<DemoSummary>;

  beforeAll(async () => {
    const services = createServices(database.db, { clock: systemClock });
    app = await buildApp({ db: database.db, services });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const endpointUrl = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}/iso18626`;
    const workers = createWorkers(database.db, {
      clock: systemClock,
      requestWorkflow: services.requestWorkflow,
    });
    seed = () =>
      seedDemoConsortium({
        db: database.db,
        requests: services.requests,
        clock: systemClock,
        endpointUrl,
        settle: async () => {
          while ((await workers.outbox.runDue()) + (await workers.timers.runDue()) > 0) {
            // deliver until nothing is left
          }
        },
      });
    summary = await seed();
  }, 120_000);
  afterAll(async () => {
    await app?.close();
  });

  it('creates four libraries with their staff and patrons, and says how to log in', async () => {
    expect(summary).toMatchObject({ seeded: true, requests: DEMO_LIBRARIES.length * DEMO_SCENARIOS.length });
    const lines = formatDemoSummary(summary).join('\n');
    expect(lines).toContain('interlend-demo');
    for (const library of DEMO_LIBRARIES) expect(lines).toContain(library.symbol);
    const login = await app.inject({
      method: 'POST',
      url: '/api/auth/staff/login',
      payload: { username: 'north-admin', password: summary.staffPassword },
    });
    expect(login.statusCode).toBe(200);
    expect(login.json().user.permissions).toEqual(
      expect.arrayContaining(['ill', 'configure', 'manage-users']),
    );
    const patron = await app.inject({
      method: 'POST',
      url: '/api/auth/patron/login',
      payload: { library: 'ILN-SOUTH', cardNumber: '200001', secret: summary.patronPin },
    });
    expect(patron.statusCode).toBe(200);
  });

  it('spreads the requests over the states, each borrowing request with its lending side', async () => {
    const statuses = await database.db
      .selectFrom('request')
      .select(['status', (eb) => eb.fn.countAll<string>().as('count')])
      .where('role', '=', 'borrowing')
      .groupBy('status')
      .execute();
    const byStatus = Object.fromEntries(statuses.map((row) => [row.status, Number(row.count)]));
    // Every status a stored request can have, in each of the four libraries.
    for (const status of LISTED_STATUSES) {
      expect({ status, atLeastOneEach: (byStatus[status] ?? 0) >= DEMO_LIBRARIES.length }).toEqual({
        status,
        atLeastOneEach: true,
      });
    }
    expect(byStatus).toMatchObject({
      new: 8,
      cancellation_requested: 4,
      reverted: 4,
      end_of_rota: 4,
      terminated: 4,
      completed: 4,
      requested_from_partners: 4,
    });
    const states = await database.db
      .selectFrom('transaction')
      .select('state')
      .where('role', '=', 'requester')
      .execute();
    const reached = new Set(states.map((row) => row.state));
    for (const state of [
      'pending',
      'conditional',
      'shipped',
      'received',
      'renew_pending',
      'overdue',
      'returned',
      'checked_in',
      'not_supplied',
    ]) {
      expect({ state, reached: reached.has(state) }).toEqual({ state, reached: true });
    }
    const iso = await database.db
      .selectFrom('transaction')
      .innerJoin('partner', 'partner.id', 'transaction.partner_id')
      .select(['transaction.local_reference'])
      .where('transaction.role', '=', 'requester')
      .where('partner.protocol', '=', 'iso18626')
      .execute();
    const lending = await database.db
      .selectFrom('request')
      .select('partner_request_id')
      .where('role', '=', 'lending')
      .execute();
    expect(new Set(lending.map((row) => row.partner_request_id))).toEqual(
      new Set(iso.map((row) => row.local_reference)),
    );
    const undelivered = await database.db
      .selectFrom('outbox_message')
      .select('id')
      .where('protocol', '=', 'iso18626')
      .where('status', '<>', 'sent')
      .execute();
    expect(undelivered).toEqual([]);
  });

  it('shows a request of each backend, manual ones with their steps recorded by staff, and a custom status', async () => {
    const backends = await database.db
      .selectFrom('request')
      .select(['backend', (eb) => eb.fn.countAll<string>().as('count')])
      .where('role', '=', 'borrowing')
      .groupBy('backend')
      .execute();
    expect(Object.fromEntries(backends.map((row) => [row.backend, Number(row.count)]))).toMatchObject({
      email: 4,
      manual: 8,
    });
    const manual = await database.db
      .selectFrom('transaction')
      .innerJoin('request', 'request.id', 'transaction.request_id')
      .innerJoin('partner', 'partner.id', 'transaction.partner_id')
      .select(['transaction.state', 'partner.symbol', 'request.status'])
      .where('request.backend', '=', 'manual')
      .execute();
    expect(new Set(manual.map((row) => `${row.symbol} ${row.status} ${row.state}`))).toEqual(
      new Set(['ANTIQUARIAN requested pending', 'ANTIQUARIAN requested received']),
    );
    const recorded = await database.db
      .selectFrom('history')
      .innerJoin('request', 'request.id', 'history.request_id')
      .select(['history.actor_kind'])
      .where('request.backend', '=', 'manual')
      .where('history.event_name', '=', 'informed-shipped')
      .execute();
    expect(recorded.map((row) => row.actor_kind)).toEqual(['staff', 'staff', 'staff', 'staff']);
    const outbox = await database.db
      .selectFrom('outbox_message')
      .innerJoin('request', 'request.id', 'outbox_message.request_id')
      .select('outbox_message.id')
      .where('request.backend', '=', 'manual')
      .execute();
    expect(outbox).toEqual([]);

    const custom = await database.db
      .selectFrom('request')
      .select(['status', 'library_id'])
      .where('custom_status', '=', DEMO_CUSTOM_STATUS.code)
      .execute();
    expect(custom).toHaveLength(DEMO_LIBRARIES.length);
    expect(new Set(custom.map((row) => row.status))).toEqual(new Set(['new']));
    expect(new Set(custom.map((row) => row.library_id)).size).toBe(DEMO_LIBRARIES.length);
  });

  it('creates nothing on a later start, and says again how to log in as those still there', async () => {
    const north = DEMO_LIBRARIES[0]!;
    await database.db
      .updateTable('staff_user')
      .set({ active: false })
      .where('username', '=', 'north-admin')
      .execute();
    const later = await seed();
    expect(later).toMatchObject({ seeded: false, requests: 0 });
    const lines = formatDemoSummary(later).join('\n');
    expect(lines).toContain('Demo consortium (created on an earlier start): 4 libraries.');
    expect(lines).toContain('(unless changed since)');
    expect(lines).toContain('north-ill (ILL desk)');
    // A deactivated user is no longer offered.
    expect(lines).not.toContain('north-admin');
    expect(lines).toContain(north.patrons[0]!.card);
    expect(await database.db.selectFrom('library').select('id').execute()).toHaveLength(
      DEMO_LIBRARIES.length,
    );
  });
});
