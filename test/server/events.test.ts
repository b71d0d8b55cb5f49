/**
 * Live updates: `GET /api/events` streams a change to every open screen allowed to see it, whoever
 * made the change (this process, another connection to the database), and to no one else.
 */
import type { AddressInfo } from 'node:net';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Database } from '../../src/db/schema.ts';
import { buildApp, type App } from '../../src/server/app.ts';
import { describeEachDatabase } from '../support/databases.ts';
import {
  createLibrary,
  createPatron,
  createStaffUser,
  loginPatron,
  loginStaff,
} from '../support/factories.ts';
import { insertPartner } from '../support/request-factories.ts';

/** An open event stream read as it arrives, with a bounded wait for the next matching event. */
interface EventStream {
  readonly status: number;
  next(
    predicate: (event: { name: string; data: string }) => boolean,
    timeoutMs?: number,
  ): Promise<{
    name: string;
    data: string;
  }>;
  /** Every event received so far. */
  readonly events: { name: string; data: string }[];
  close(): void;
}

async function openStream(baseUrl: string, cookie?: string): Promise<EventStream> {
  const controller = new AbortController();
  const response = await fetch(`${baseUrl}/api/events`, {
    headers: cookie === undefined ? {} : { cookie },
    signal: controller.signal,
  });
  const events: { name: string; data: string }[] = [];
  const waiters = new Set<() => void>();
  if (response.body !== null && response.status === 200) {
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    void (async () => {
      try {
        for (;;) {
          const { value, done } = await reader.read();
          if (done) return;
          buffer += value;
          let end: number;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            const lines = block.split('\n');
            const name = lines.find((line) => line.startsWith('event: '))?.slice(7);
            const data = lines.find((line) => line.startsWith('data: '))?.slice(6);
            if (name !== undefined && data !== undefined) {
              events.push({ name, data });
              for (const wake of waiters) wake();
            }
          }
        }
      } catch {
        // aborted by close()
      }
    })();
  }
  return {
    status: response.status,
    events,
    next(predicate, timeoutMs = 5_000) {
      return new Promise((resolve, reject) => {
        const check = (): boolean => {
          const found = events.find(predicate);
          if (found === undefined) return false;
          clearTimeout(timer);
          waiters.delete(wake);
          resolve(found);
          return true;
        };
        const wake = (): void => void check();
        const timer = setTimeout(() => {
          waiters.delete(wake);
          reject(new Error(`no matching event within ${timeoutMs} ms; got ${JSON.stringify(events)}`));
        }, timeoutMs);
        waiters.add(wake);
        check();
      });
    },
    close: () => controller.abort(),
  };
}

const book = { type: 'book', serviceType: 'loan', title: 'The Name of the Rose', author: 'Umberto Eco' };

describeEachDatabase('live updates', (database) => {
  let app: App;
  let baseUrl: string;
  const streams: EventStream[] = [];

  beforeAll(async () => {
    app = await buildApp({ db: database.db, connectionString: database.connectionString });
    await app.listen({ host: '127.0.0.1', port: 0 });
    baseUrl = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    // Closing with streams still open must not hang: the server ends them itself.
    await app.close();
    for (const stream of streams) stream.close();
  });

  async function libraryWithPeople() {
    const library = await createLibrary(database.db);
    const partner = await insertPartner(database.db, library.id, { name: 'Partner library' });
    const staffUser = await createStaffUser(database.db, { libraryId: library.id, permissions: ['ill'] });
    const staff = await loginStaff(app, staffUser.username, staffUser.password);
    const patronUser = await createPatron(database.db, { libraryId: library.id });
    const patron = await loginPatron(app, library.symbol, patronUser.cardNumber, patronUser.secret);
    return { library, partner, staff, patron, patronUser };
  }

  async function stream(cookie?: string): Promise<EventStream> {
    const opened = await openStream(baseUrl, cookie);
    streams.push(opened);
    return opened;
  }

  it('refuses a visitor who is not logged in', async () => {
    const anonymous = await stream();
    expect(anonymous.status).toBe(401);
  });

  it("tells the library's staff and the patron of a request that it changed, and no other library", async () => {
    const a = await libraryWithPeople();
    const b = await libraryWithPeople();
    const staffA = await stream(a.staff.cookie);
    const patronA = await stream(a.patron.cookie);
    const staffB = await stream(b.staff.cookie);
    const otherPatron = await createPatron(database.db, { libraryId: a.library.id });
    const otherPatronSession = await loginPatron(
      app,
      a.library.symbol,
      otherPatron.cardNumber,
      otherPatron.secret,
    );
    const otherPatronStream = await stream(otherPatronSession.cookie);
    expect([staffA.status, patronA.status, staffB.status, otherPatronStream.status]).toEqual([
      200, 200, 200, 200,
    ]);

    const created = await app.inject({
      method: 'POST',
      url: '/api/requests',
      headers: a.staff.headers,
      payload: { details: { ...book, patronId: a.patronUser.id }, rota: [a.partner.id] },
    });
    expect(created.statusCode).toBe(201);
    const requestId = (created.json() as { id: string }).id;
    const isThis = (event: { name: string; data: string }) =>
      event.name === 'request' && (JSON.parse(event.data) as { requestId: string }).requestId === requestId;

    await staffA.next(isThis);
    await patronA.next(isThis);
    // Let any further announcement of the creation land before counting.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const before = staffA.events.filter(isThis).length;

    const acted = await app.inject({
      method: 'POST',
      url: `/api/requests/${requestId}/actions`,
      headers: a.staff.headers,
      payload: { action: 'add-private-note', data: { note: 'Checked the catalogue first.' } },
    });
    expect(acted.statusCode).toBe(200);
    await staffA.next((event) => isThis(event) && staffA.events.filter(isThis).length > before);

    // Give the other streams the time the matching ones needed, then check they heard nothing.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(staffB.events.filter(isThis)).toEqual([]);
    expect(otherPatronStream.events.filter(isThis)).toEqual([]);
  });

  it('announces a change committed through another connection, as another process would make it', async () => {
    const a = await libraryWithPeople();
    const created = await app.inject({
      method: 'POST',
      url: '/api/requests',
      headers: a.staff.headers,
      payload: { details: { ...book, patronId: a.patronUser.id }, rota: [a.partner.id] },
    });
    const requestId = (created.json() as { id: string }).id;
    const staffA = await stream(a.staff.cookie);

    const other = new Kysely<Database>({
      dialect: new PostgresDialect({
        pool: new pg.Pool({ connectionString: database.connectionString, max: 1 }),
      }),
    });
    try {
      await other
        .updateTable('request')
        .set({
          attention: JSON.stringify({ code: 'legacy_text', params: { text: 'Checked by a colleague' } }),
        })
        .where('id', '=', requestId)
        .execute();
    } finally {
      await other.destroy();
    }
    const event = await staffA.next((e) => e.name === 'request');
    expect(JSON.parse(event.data)).toEqual({ requestId });
  });

  it('announces nothing before the change commits', async () => {
    const a = await libraryWithPeople();
    const created = await app.inject({
      method: 'POST',
      url: '/api/requests',
      headers: a.staff.headers,
      payload: { details: { ...book, patronId: a.patronUser.id }, rota: [a.partner.id] },
    });
    const requestId = (created.json() as { id: string }).id;
    const staffA = await stream(a.staff.cookie);
    await database.db.transaction().execute(async (trx) => {
      await trx
        .updateTable('request')
        .set({ attention: JSON.stringify({ code: 'legacy_text', params: { text: 'Looking into it' } }) })
        .where('id', '=', requestId)
        .execute();
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(staffA.events).toEqual([]);
    });
    await staffA.next((e) => e.name === 'request');
  });
});
