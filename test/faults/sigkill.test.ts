/**
 * Fault test: two Interlend server processes, each with its own database, run many lifecycles against
 * each other over ISO 18626 on loopback while either of them is SIGKILLed again and again and
 * restarted on the same port. Staff calls that die with the server are repeated with the same
 * Idempotency-Key, as a client should. At the end: every acknowledged action is in its side's history
 * exactly once, every message each side sent was applied exactly once by the other, no message is
 * left undelivered, and both parties agree on the state of every transaction.
 */
import { randomInt, randomUUID } from 'node:crypto';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createDatabase } from '../../src/db/database.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import type { Database } from '../../src/db/schema.ts';
import type { ServerProcess } from '../support/databases.ts';
import {
  createFreshDatabase,
  describeEachDatabase,
  dropDatabase,
  killAllServers,
  startServerProcess,
} from '../support/databases.ts';
import { createApiToken, createLibrary } from '../support/factories.ts';
import { insertPartner } from '../support/request-factories.ts';
import { FAULT_BUDGET } from './support/budget.ts';
import { sendUntilAnswered } from './support/http.ts';

/** One library's server: its database, a fixed port it comes back on, and an API token of its staff. */
interface Side {
  readonly name: 'borrower' | 'lender';
  readonly db: Kysely<Database>;
  readonly connectionString: string;
  readonly port: number;
  readonly token: string;
  readonly libraryId: string;
  server: ServerProcess | null;
  /** Settles when the side is up again after a kill. */
  restarting: Promise<void> | null;
  kills: number;
}

/** One step of a lifecycle: who acts, with what, and the states both sides then settle in. */
interface Step {
  readonly side: 'borrower' | 'lender';
  readonly action: string;
  readonly data?: Record<string, unknown>;
  /** Borrower's transaction state and lender's transaction state after the step; null: no change to wait for. */
  readonly settles: { readonly borrower: string; readonly lender: string } | null;
}

interface Shape {
  readonly name: string;
  readonly details: Record<string, unknown>;
  readonly steps: readonly Step[];
  readonly ends: { readonly borrower: string; readonly lender: string };
}

const LOAN_WITH_RENEWAL: Shape = {
  name: 'loan renewed and returned',
  details: { type: 'book', serviceType: 'loan', title: 'A loan that survives kills' },
  steps: [
    { side: 'lender', action: 'answer-will-supply', settles: null },
    {
      side: 'lender',
      action: 'shipped',
      data: { serviceType: 'loan', dueDate: '2027-03-01' },
      settles: { borrower: 'shipped', lender: 'shipped' },
    },
    { side: 'borrower', action: 'received', settles: { borrower: 'received', lender: 'shipped' } },
    { side: 'borrower', action: 'renew', settles: { borrower: 'renew_pending', lender: 'renew_pending' } },
    {
      side: 'lender',
      action: 'renew-reply-yes',
      data: { dueDate: '2027-04-01' },
      settles: { borrower: 'received', lender: 'shipped' },
    },
    { side: 'borrower', action: 'returned', settles: { borrower: 'returned', lender: 'shipped' } },
    { side: 'lender', action: 'checked-in', settles: { borrower: 'checked_in', lender: 'checked_in' } },
  ],
  ends: { borrower: 'checked_in', lender: 'checked_in' },
};

const COPY: Shape = {
  name: 'copy delivered',
  details: { type: 'article', serviceType: 'copy', title: 'Journal of kills', articleTitle: 'Restarts' },
  steps: [
    {
      side: 'lender',
      action: 'shipped',
      data: { serviceType: 'copy' },
      settles: { borrower: 'shipped', lender: 'shipped' },
    },
    { side: 'borrower', action: 'received', settles: { borrower: 'received', lender: 'shipped' } },
  ],
  ends: { borrower: 'received', lender: 'shipped' },
};

const CONDITIONS_THEN_CANCEL: Shape = {
  name: 'conditions accepted, then cancelled',
  details: { type: 'book', serviceType: 'loan', title: 'A conditional loan, cancelled' },
  steps: [
    {
      side: 'lender',
      action: 'answer-conditional',
      data: { conditions: 'Reading room only' },
      settles: { borrower: 'conditional', lender: 'conditional' },
    },
    {
      side: 'borrower',
      action: 'conditional-reply-yes',
      settles: { borrower: 'pending', lender: 'in_process' },
    },
    { side: 'borrower', action: 'cancel', settles: { borrower: 'cancel_pending', lender: 'cancel_pending' } },
    { side: 'lender', action: 'cancel-reply-yes', settles: { borrower: 'cancelled', lender: 'cancelled' } },
  ],
  ends: { borrower: 'cancelled', lender: 'cancelled' },
};

const SHAPES: readonly Shape[] = [LOAN_WITH_RENEWAL, COPY, CONDITIONS_THEN_CANCEL];

/** What one lifecycle did: its requests on both sides and every action acknowledged (2xx) to it. */
interface Lifecycle {
  readonly shape: Shape;
  borrowingId: string;
  lendingId: string;
  readonly acknowledged: { side: 'borrower' | 'lender'; action: string }[];
}

const { lifecycles, concurrency, kills, deadlineMs } = FAULT_BUDGET.sigkill;

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describeEachDatabase('SIGKILL of either server during a two-node run of many lifecycles', (database) => {
  let borrower: Side;
  let lender: Side;
  let lenderDbName: string;
  let adminUrl: string;
  const deadline = () => started + deadlineMs;
  let started = 0;

  async function start(side: Side): Promise<void> {
    side.server = await startServerProcess({
      databaseUrl: side.connectionString,
      // Quick retries, so that a message to a server being restarted goes through soon after it is up.
      env: { PORT: String(side.port), OUTBOX_RETRY_BASE_MS: '100', OUTBOX_RETRY_MAX_MS: '500' },
      timeoutMs: 60_000,
    });
  }

  beforeAll(async () => {
    // The borrower uses the suite's database; the lender a second one on the same PostgreSQL server.
    const url = new URL(database.connectionString);
    url.pathname = '/postgres';
    adminUrl = url.toString();
    const second = await createFreshDatabase(adminUrl);
    lenderDbName = second.name;
    const lenderDb = createDatabase(second.connectionString, { maxConnections: 3 });
    await migrateToLatest(lenderDb);

    const borrowerLibrary = await createLibrary(database.db, { symbol: 'ILN-KILL-B' });
    const lenderLibrary = await createLibrary(lenderDb, { symbol: 'ILN-KILL-L' });
    const [borrowerPort, lenderPort] = [await freePort(), await freePort()];
    const borrowerPartner = await insertPartner(database.db, borrowerLibrary.id, { symbol: 'ILN-KILL-L' });
    await database.db
      .updateTable('partner')
      .set({ endpoint_url: `http://127.0.0.1:${lenderPort}/iso18626` })
      .where('id', '=', borrowerPartner.id)
      .execute();
    const lenderPartner = await insertPartner(lenderDb, lenderLibrary.id, { symbol: 'ILN-KILL-B' });
    await lenderDb
      .updateTable('partner')
      .set({ endpoint_url: `http://127.0.0.1:${borrowerPort}/iso18626` })
      .where('id', '=', lenderPartner.id)
      .execute();

    borrower = {
      name: 'borrower',
      db: database.db,
      connectionString: database.connectionString,
      port: borrowerPort,
      token: (await createApiToken(database.db, { libraryId: borrowerLibrary.id, permissions: ['ill'] }))
        .token,
      libraryId: borrowerLibrary.id,
      server: null,
      restarting: null,
      kills: 0,
    };
    lender = {
      name: 'lender',
      db: lenderDb,
      connectionString: second.connectionString,
      port: lenderPort,
      token: (await createApiToken(lenderDb, { libraryId: lenderLibrary.id, permissions: ['ill'] })).token,
      libraryId: lenderLibrary.id,
      server: null,
      restarting: null,
      kills: 0,
    };
    await Promise.all([start(borrower), start(lender)]);
  }, 180_000);

  afterAll(async () => {
    for (const side of [borrower, lender]) await side?.server?.stop('SIGTERM').catch(() => undefined);
    killAllServers();
    await lender?.db.destroy();
    if (lenderDbName !== undefined) await dropDatabase(adminUrl, lenderDbName);
  });

  const sideOf = (name: 'borrower' | 'lender') => (name === 'borrower' ? borrower : lender);

  /** A staff call, repeated with the same Idempotency-Key until the (possibly restarted) server answers. */
  async function call<T>(side: Side, path: string, json: unknown): Promise<T> {
    const answer = await sendUntilAnswered<T>(() => `http://127.0.0.1:${side.port}`, 'POST', path, {
      credentials: { token: side.token },
      json,
      deadline: deadline(),
      idempotencyKey: randomUUID(),
    });
    if (answer.status >= 300)
      throw new Error(
        `${side.name} POST ${path} answered ${answer.status}: ${answer.text.slice(0, 500)}\n` +
          `Server output (last 4000 characters):\n${side.server?.output().slice(-4000) ?? '(not running)'}`,
      );
    return answer.body;
  }

  /** The borrower's transaction and the lender's, read from the databases (the servers may be down). */
  async function states(lifecycle: Lifecycle): Promise<{ borrower?: string; lender?: string }> {
    const ours = await borrower.db
      .selectFrom('transaction')
      .select(['state', 'local_reference'])
      .where('request_id', '=', lifecycle.borrowingId)
      .executeTakeFirst();
    if (ours?.local_reference === null || ours?.local_reference === undefined)
      return { borrower: ours?.state };
    const theirs = await lender.db
      .selectFrom('request')
      .innerJoin('transaction', 'transaction.request_id', 'request.id')
      .select(['request.id', 'transaction.state'])
      .where('request.partner_request_id', '=', ours.local_reference)
      .executeTakeFirst();
    if (theirs !== undefined) lifecycle.lendingId = theirs.id;
    return { borrower: ours.state, lender: theirs?.state };
  }

  async function settle(lifecycle: Lifecycle, expected: { borrower: string; lender: string }): Promise<void> {
    let seen: { borrower?: string; lender?: string } = {};
    while (Date.now() < deadline()) {
      seen = await states(lifecycle);
      if (seen.borrower === expected.borrower && seen.lender === expected.lender) return;
      await delay(50);
    }
    throw new Error(
      `${lifecycle.shape.name} ${lifecycle.borrowingId}: expected ${JSON.stringify(expected)}, have ${JSON.stringify(seen)} at the deadline`,
    );
  }

  async function runLifecycle(shape: Shape): Promise<Lifecycle> {
    const created = await call<{ id: string }>(borrower, '/api/requests', {
      details: { ...shape.details, title: `${shape.details.title as string} ${randomUUID().slice(0, 8)}` },
      rota: [
        (
          await borrower.db
            .selectFrom('partner')
            .select('id')
            .where('library_id', '=', borrower.libraryId)
            .executeTakeFirstOrThrow()
        ).id,
      ],
    });
    const lifecycle: Lifecycle = { shape, borrowingId: created.id, lendingId: '', acknowledged: [] };
    await call(borrower, `/api/requests/${created.id}/actions`, { action: 'confirm' });
    lifecycle.acknowledged.push({ side: 'borrower', action: 'confirm' });
    await settle(lifecycle, { borrower: 'pending', lender: 'in_process' });
    for (const step of shape.steps) {
      const side = sideOf(step.side);
      const requestId = step.side === 'borrower' ? lifecycle.borrowingId : lifecycle.lendingId;
      await call(side, `/api/requests/${requestId}/actions`, {
        action: step.action,
        ...(step.side === 'borrower' ? { rotaPosition: 0 } : {}),
        ...(step.data !== undefined ? { data: step.data } : {}),
      });
      lifecycle.acknowledged.push({ side: step.side, action: step.action });
      if (step.settles !== null) await settle(lifecycle, step.settles);
    }
    return lifecycle;
  }

  /** SIGKILLs either side in turn now and then, and restarts it on its port, until told to stop or out of kills. */
  async function killer(stop: { done: boolean }): Promise<void> {
    const first = randomInt(2);
    while (!stop.done && borrower.kills + lender.kills < kills && Date.now() < deadline()) {
      await delay(randomInt(800, 2_500));
      if (stop.done) break;
      // Alternately, from a random first one, so that both sides are killed in every run.
      const victim = (borrower.kills + lender.kills + first) % 2 === 0 ? borrower : lender;
      victim.server?.child.kill('SIGKILL');
      victim.kills++;
      await new Promise<void>((resolve) => victim.server?.child.once('exit', () => resolve()));
      await delay(randomInt(0, 400));
      await start(victim);
    }
  }

  it(`runs ${lifecycles} lifecycles, ${concurrency} at a time, through up to ${kills} kills, and loses nothing`, async () => {
    started = Date.now();
    const stop = { done: false };
    const killing = killer(stop);
    const done: Lifecycle[] = [];
    let next = 0;
    const workers = Array.from({ length: concurrency }, async () => {
      while (next < lifecycles) {
        const shape = SHAPES[next % SHAPES.length] as Shape;
        next++;
        done.push(await runLifecycle(shape));
      }
    });
    try {
      await Promise.all(workers);
    } finally {
      stop.done = true;
      await killing;
    }
    expect(done).toHaveLength(lifecycles);
    expect(borrower.kills, 'borrower kills that landed during the run').toBeGreaterThan(0);
    expect(lender.kills, 'lender kills that landed during the run').toBeGreaterThan(0);

    // Every message gets through, one whose confirmation a kill cut off included (retried, and
    // recognised by the partner as a repeat).
    for (const side of [borrower, lender]) {
      let pending: unknown[] = [];
      const drainBy = Date.now() + 30_000;
      do {
        pending = await side.db
          .selectFrom('outbox_message')
          .select(['id', 'message', 'status', 'attempts', 'last_error'])
          .where('status', '<>', 'sent')
          .execute();
        if (pending.length === 0) break;
        await delay(200);
      } while (Date.now() < drainBy);
      expect({ side: side.name, pending }).toEqual({ side: side.name, pending: [] });
    }

    for (const lifecycle of done) {
      const label = `${lifecycle.shape.name} ${lifecycle.borrowingId}`;
      // Both parties agree, at the end the lifecycle reached.
      expect({ label, ...(await states(lifecycle)) }).toEqual({ label, ...lifecycle.shape.ends });

      // Every acknowledged action is in its side's history exactly once.
      for (const side of [borrower, lender]) {
        const requestId = side === borrower ? lifecycle.borrowingId : lifecycle.lendingId;
        const actions = await side.db
          .selectFrom('history')
          .select('event_name')
          .where('request_id', '=', requestId)
          .where('event_kind', '=', 'action')
          .execute();
        expect({ label, side: side.name, actions: actions.map((row) => row.event_name).sort() }).toEqual({
          label,
          side: side.name,
          actions: lifecycle.acknowledged
            .filter((entry) => entry.side === side.name)
            .map((entry) => entry.action)
            .sort(),
        });
      }

      // Each message one side sent was applied once by the other: as many message events on the
      // receiving transaction as first sendings (not resends) in the sender's outbox.
      for (const [from, to] of [
        [borrower, lender],
        [lender, borrower],
      ] as const) {
        const fromRequest = from === borrower ? lifecycle.borrowingId : lifecycle.lendingId;
        const toRequest = to === borrower ? lifecycle.borrowingId : lifecycle.lendingId;
        const sent = await from.db
          .selectFrom('outbox_message')
          .select('message')
          .where('request_id', '=', fromRequest)
          .where('resend', '=', false)
          .execute();
        const applied = await to.db
          .selectFrom('history')
          .select('event_name')
          .where('request_id', '=', toRequest)
          .where('event_kind', '=', 'message')
          .where('machine', '=', to === borrower ? 'requester' : 'responder')
          .execute();
        expect({ label, from: from.name, applied: applied.length }).toEqual({
          label,
          from: from.name,
          applied: sent.length,
        });
      }
    }
    console.log(
      `[faults] ${done.length} lifecycles on ${database.label} in ${Math.round((Date.now() - started) / 1000)} s ` +
        `through ${borrower.kills} borrower and ${lender.kills} lender kills`,
    );
  });
});
