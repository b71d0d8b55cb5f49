/**
 * Two Interlend server processes, each with its own database, talking ISO 18626 over real HTTP on
 * loopback: full loan and copy lifecycles and the protocol's branches, driven through each server's
 * staff API; then a server is killed (SIGKILL) in the middle of exchanges and restarted, and nothing
 * acknowledged is lost, no message is lost or applied twice, and both sides agree.
 */
import { setTimeout as delay } from 'node:timers/promises';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createDatabase } from '../../src/db/database.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import type { Database } from '../../src/db/schema.ts';
import {
  createFreshDatabase,
  dropDatabase,
  killAllServers,
  startServerProcess,
} from '../support/databases.ts';
import type { ServerProcess } from '../support/databases.ts';
import { createStaffUser } from '../support/factories.ts';

interface Side {
  readonly name: string;
  readonly db: Kysely<Database>;
  readonly dbName: string;
  readonly connectionString: string;
  server: ServerProcess | null;
  session: { cookie: string; csrf: string } | null;
  readonly staff: { username: string; password: string };
  readonly libraryId: string;
  /** Partner ids in this side's directory, by the other library's symbol. */
  readonly partners: Map<string, string>;
}

const SYMBOLS = { one: 'ILN-ONE', two: 'ILN-TWO', three: 'ILN-THREE' };

describe('two Interlend servers with separate databases', () => {
  const adminUrl = inject('embeddedAdminUrl');
  let one: Side;
  let two: Side;
  let three: {
    libraryId: string;
    staff: { username: string; password: string };
    session: { cookie: string; csrf: string } | null;
  };

  async function prepare(name: string, libraries: { symbol: string; name: string }[]) {
    const created = await createFreshDatabase(adminUrl);
    const db = createDatabase(created.connectionString, { maxConnections: 3 });
    await migrateToLatest(db);
    const ids: string[] = [];
    for (const library of libraries) {
      const row = await db
        .insertInto('library')
        .values({ ...library, email: null })
        .returning('id')
        .executeTakeFirstOrThrow();
      ids.push(row.id);
    }
    return { db, dbName: created.name, connectionString: created.connectionString, ids, name };
  }

  async function addPartner(db: Kysely<Database>, libraryId: string, symbol: string): Promise<string> {
    const row = await db
      .insertInto('partner')
      .values({
        library_id: libraryId,
        symbol,
        name: symbol,
        protocol: 'iso18626',
        endpoint_url: 'http://127.0.0.1:9/iso18626',
        days_to_respond: 5,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }

  async function login(baseUrl: string, staff: { username: string; password: string }) {
    const response = await fetch(`${baseUrl}/api/auth/staff/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(staff),
    });
    expect(response.status).toBe(200);
    const cookie = (response.headers.get('set-cookie') ?? '').split(';')[0] as string;
    return { cookie, csrf: ((await response.json()) as { csrfToken: string }).csrfToken };
  }

  /** Point each side's partner entries at the other's current address. */
  async function wire(): Promise<void> {
    const url = (side: Side) => `${side.server?.baseUrl}/iso18626`;
    await one.db
      .updateTable('partner')
      .set({ endpoint_url: url(two) })
      .where('library_id', '=', one.libraryId)
      .execute();
    await two.db
      .updateTable('partner')
      .set({ endpoint_url: url(one) })
      .execute();
  }

  async function start(side: Side): Promise<void> {
    side.server = await startServerProcess({
      databaseUrl: side.connectionString,
      // Quick retries, so that a message to a server being restarted goes through soon after.
      env: { LOG_LEVEL: 'warn', OUTBOX_RETRY_BASE_MS: '200', OUTBOX_RETRY_MAX_MS: '1000' },
    });
    side.session = await login(side.server.baseUrl, side.staff);
  }

  beforeAll(async () => {
    const first = await prepare('one', [{ symbol: SYMBOLS.one, name: 'Library One' }]);
    const second = await prepare('two', [
      { symbol: SYMBOLS.two, name: 'Library Two' },
      { symbol: SYMBOLS.three, name: 'Library Three' },
    ]);
    const staffOne = await createStaffUser(first.db, {
      libraryId: first.ids[0] as string,
      permissions: ['ill'],
    });
    const staffTwo = await createStaffUser(second.db, {
      libraryId: second.ids[0] as string,
      permissions: ['ill'],
    });
    const staffThree = await createStaffUser(second.db, {
      libraryId: second.ids[1] as string,
      permissions: ['ill'],
    });
    one = {
      ...first,
      server: null,
      session: null,
      staff: { username: staffOne.username, password: staffOne.password },
      libraryId: first.ids[0] as string,
      partners: new Map([
        [SYMBOLS.two, await addPartner(first.db, first.ids[0] as string, SYMBOLS.two)],
        [SYMBOLS.three, await addPartner(first.db, first.ids[0] as string, SYMBOLS.three)],
      ]),
    };
    two = {
      ...second,
      server: null,
      session: null,
      staff: { username: staffTwo.username, password: staffTwo.password },
      libraryId: second.ids[0] as string,
      partners: new Map([[SYMBOLS.one, await addPartner(second.db, second.ids[0] as string, SYMBOLS.one)]]),
    };
    await addPartner(second.db, second.ids[1] as string, SYMBOLS.one);
    three = {
      libraryId: second.ids[1] as string,
      staff: { username: staffThree.username, password: staffThree.password },
      session: null,
    };
    await Promise.all([start(one), start(two)]);
    three.session = await login(two.server?.baseUrl as string, three.staff);
    await wire();
  }, 180_000);

  afterAll(async () => {
    for (const side of [one, two]) {
      if (side === undefined) continue;
      await side.server?.stop('SIGTERM').catch(() => undefined);
      await side.db.destroy();
      await dropDatabase(adminUrl, side.dbName);
    }
    killAllServers();
  });

  async function call(
    side: Side,
    session: { cookie: string; csrf: string },
    method: string,
    path: string,
    body?: unknown,
  ) {
    const response = await fetch(`${side.server?.baseUrl}${path}`, {
      method,
      headers: {
        cookie: session.cookie,
        'x-csrf-token': session.csrf,
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await response.text();
    if (response.status >= 300) throw new Error(`${method} ${path} answered ${response.status}: ${text}`);
    return text === '' ? undefined : JSON.parse(text);
  }

  const act = (side: Side, requestId: string, body: Record<string, unknown>, session = side.session) =>
    call(
      side,
      session as { cookie: string; csrf: string },
      'POST',
      `/api/requests/${requestId}/actions`,
      body,
    );

  async function borrow(details: Record<string, unknown>, rota: string[]): Promise<string> {
    const session = one.session as { cookie: string; csrf: string };
    const created = await call(one, session, 'POST', '/api/requests', {
      details,
      rota: rota.map((symbol) => one.partners.get(symbol)),
    });
    await act(one, created.id, { action: 'confirm' });
    return created.id;
  }

  /** Wait (bounded) until the borrower's current transaction and the lender's are in these states. */
  async function settled(
    requestId: string,
    borrower: string,
    lender: string | null,
    lenderLibrary = two.libraryId,
  ) {
    const deadline = Date.now() + 20_000;
    for (;;) {
      const tx = await one.db
        .selectFrom('transaction')
        .select(['state', 'local_reference'])
        .where('request_id', '=', requestId)
        .orderBy('rota_position', 'desc')
        .executeTakeFirst();
      const lending =
        tx?.local_reference === undefined || tx.local_reference === null
          ? undefined
          : await two.db
              .selectFrom('request')
              .innerJoin('transaction', 'transaction.request_id', 'request.id')
              .select(['request.id', 'transaction.state'])
              .where('request.library_id', '=', lenderLibrary)
              .where('request.partner_request_id', '=', tx.local_reference)
              .executeTakeFirst();
      if (tx?.state === borrower && (lender === null || lending?.state === lender))
        return lending?.id as string;
      if (Date.now() > deadline) {
        const outbox = await one.db
          .selectFrom('outbox_message')
          .select(['message', 'status', 'attempts', 'last_error'])
          .where('request_id', '=', requestId)
          .execute();
        throw new Error(
          `expected ${borrower}/${lender}, have ${tx?.state}/${lending?.state}; the borrower's outbox: ${JSON.stringify(outbox)}`,
        );
      }
      await delay(50);
    }
  }

  const book = { type: 'book', serviceType: 'loan', title: 'Two servers, one loan' };

  it('runs a loan through will supply, renewal, recall, return and check-in', async () => {
    const id = await borrow(book, [SYMBOLS.two]);
    const lending = await settled(id, 'pending', 'in_process');
    await act(two, lending, { action: 'answer-will-supply' });
    await act(two, lending, { action: 'shipped', data: { serviceType: 'loan', dueDate: '2027-01-31' } });
    await settled(id, 'shipped', 'shipped');
    await act(one, id, { action: 'received', rotaPosition: 0 });
    await act(one, id, { action: 'renew', rotaPosition: 0 });
    await settled(id, 'renew_pending', 'renew_pending');
    await act(two, lending, { action: 'renew-reply-yes', data: { dueDate: '2027-02-28' } });
    await settled(id, 'received', 'shipped');
    await act(two, lending, { action: 'recall' });
    await settled(id, 'recall', 'shipped');
    await act(one, id, { action: 'returned', rotaPosition: 0 });
    await delay(200);
    await act(two, lending, { action: 'checked-in' });
    await settled(id, 'checked_in', 'checked_in');
    const due = await one.db
      .selectFrom('transaction')
      .select('due_date')
      .where('request_id', '=', id)
      .executeTakeFirstOrThrow();
    expect(due.due_date).toBe('2027-02-28');
  });

  it('delivers a copy', async () => {
    const id = await borrow(
      { type: 'article', serviceType: 'copy', title: 'Journal', articleTitle: 'An article' },
      [SYMBOLS.two],
    );
    const lending = await settled(id, 'pending', 'in_process');
    await act(two, lending, { action: 'shipped', data: { serviceType: 'copy' } });
    await settled(id, 'shipped', 'shipped');
    await act(one, id, { action: 'received', rotaPosition: 0 });
    await settled(id, 'received', 'shipped');
  });

  it('accepts conditions, and rejects them so that the rota moves on', async () => {
    const accepted = await borrow(book, [SYMBOLS.two]);
    const lendingA = await settled(accepted, 'pending', 'in_process');
    await act(two, lendingA, { action: 'answer-conditional', data: { conditions: 'Reading room only' } });
    await settled(accepted, 'conditional', 'conditional');
    await act(one, accepted, { action: 'conditional-reply-yes', rotaPosition: 0 });
    await settled(accepted, 'pending', 'in_process');

    const rejected = await borrow(book, [SYMBOLS.two, SYMBOLS.three]);
    const lendingR = await settled(rejected, 'pending', 'in_process');
    await act(two, lendingR, { action: 'answer-conditional', data: { conditions: 'A fee of 30 EUR' } });
    await settled(rejected, 'conditional', 'conditional');
    await act(one, rejected, { action: 'conditional-reply-no', rotaPosition: 0 });
    await settled(rejected, 'pending', 'in_process', three.libraryId);
  });

  it('cancels when the lender agrees and goes on when it refuses', async () => {
    const agreed = await borrow(book, [SYMBOLS.two]);
    const lendingA = await settled(agreed, 'pending', 'in_process');
    await act(one, agreed, { action: 'cancel', rotaPosition: 0 });
    await settled(agreed, 'cancel_pending', 'cancel_pending');
    await act(two, lendingA, { action: 'cancel-reply-yes' });
    await settled(agreed, 'cancelled', 'cancelled');

    const refused = await borrow(book, [SYMBOLS.two]);
    const lendingR = await settled(refused, 'pending', 'in_process');
    await act(one, refused, { action: 'cancel', rotaPosition: 0 });
    await settled(refused, 'cancel_pending', 'cancel_pending');
    await act(two, lendingR, { action: 'cancel-reply-no' });
    await settled(refused, 'pending', 'in_process');
  });

  it('refuses a renewal, tells of an overdue loan, reports damage, and declares it lost on both sides', async () => {
    const id = await borrow(book, [SYMBOLS.two]);
    const lending = await settled(id, 'pending', 'in_process');
    await act(two, lending, { action: 'shipped', data: { serviceType: 'loan', dueDate: '2026-12-01' } });
    await settled(id, 'shipped', 'shipped');
    await act(one, id, { action: 'received', rotaPosition: 0 });
    await act(one, id, { action: 'renew', rotaPosition: 0 });
    await settled(id, 'renew_pending', 'renew_pending');
    await act(two, lending, { action: 'renew-reply-no' });
    await settled(id, 'received', 'shipped');
    await act(two, lending, { action: 'overdue' });
    await settled(id, 'overdue', 'shipped');
    await act(one, id, { action: 'damaged', rotaPosition: 0, data: { note: 'Cover torn' } });
    // Damage changes no state on either side: the lender gets it as a public note and in its history.
    const deadline = Date.now() + 20_000;
    let damage: { text: string; visibility: string; direction: string } | undefined;
    while (damage === undefined) {
      damage = await two.db
        .selectFrom('note')
        .select(['text', 'visibility', 'direction'])
        .where('request_id', '=', lending)
        .where('text', '=', 'Cover torn')
        .executeTakeFirst();
      if (damage === undefined && Date.now() > deadline) throw new Error('the damage report never arrived');
      await delay(50);
    }
    expect(damage).toEqual({ text: 'Cover torn', visibility: 'public', direction: 'incoming' });
    await settled(id, 'overdue', 'shipped');
    const reported = await two.db
      .selectFrom('history')
      .select(['event_kind', 'event_name', 'from_state', 'to_state', 'actor_kind'])
      .where('request_id', '=', lending)
      .where('event_name', '=', 'damaged')
      .executeTakeFirstOrThrow();
    expect(reported).toEqual({
      event_kind: 'message',
      event_name: 'damaged',
      from_state: 'shipped',
      to_state: 'shipped',
      actor_kind: 'partner',
    });
    await act(one, id, { action: 'lost', rotaPosition: 0 });
    await settled(id, 'lost', 'lost');
    const sent = await one.db
      .selectFrom('outbox_message')
      .select(['message', 'status'])
      .where('request_id', '=', id)
      .where('message', 'in', ['damaged', 'lost'])
      .orderBy('id')
      .execute();
    expect(sent).toEqual([
      { message: 'damaged', status: 'sent' },
      { message: 'lost', status: 'sent' },
    ]);
  });

  it('reaches End of Rota, and terminates a request', async () => {
    const id = await borrow(book, [SYMBOLS.two, SYMBOLS.three]);
    const atTwo = await settled(id, 'pending', 'in_process');
    await act(two, atTwo, { action: 'answer-nonsupply', data: { reason: 'NotHeld' } });
    const atThree = await settled(id, 'pending', 'in_process', three.libraryId);
    await act(two, atThree, { action: 'answer-nonsupply', data: { reason: 'NotHeld' } }, three.session);
    await settled(id, 'not_supplied', null);
    const status = await one.db
      .selectFrom('request')
      .select('status')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(status.status).toBe('end_of_rota');

    const terminated = await borrow(book, [SYMBOLS.two, SYMBOLS.three]);
    const lending = await settled(terminated, 'pending', 'in_process');
    await act(one, terminated, { action: 'terminate-request' });
    await settled(terminated, 'cancel_pending', 'cancel_pending');
    await act(two, lending, { action: 'cancel-reply-yes' });
    await settled(terminated, 'cancelled', 'cancelled');
    const after = await one.db
      .selectFrom('request')
      .select('status')
      .where('id', '=', terminated)
      .executeTakeFirstOrThrow();
    expect(after.status).toBe('terminated');
  });

  it('survives SIGKILL of either server mid-exchange: nothing acknowledged is lost, no message lost or applied twice', async () => {
    const ids: string[] = [];
    for (let round = 0; round < 3; round++) {
      const id = await borrow(book, [SYMBOLS.two]);
      ids.push(id);
      // Kill the lender while the request may be in flight, then bring it back.
      const victim = round % 2 === 0 ? two : one;
      victim.server?.child.kill('SIGKILL');
      await delay(100);
      await start(victim);
      if (victim === two) three.session = await login(two.server?.baseUrl as string, three.staff);
      await wire();
      const lending = await settled(id, 'pending', 'in_process');
      await act(two, lending, { action: 'shipped', data: { serviceType: 'loan', dueDate: '2027-03-01' } });
      // Kill the other one right after an acknowledged action, before its message may be delivered.
      const other = victim === two ? one : two;
      other.server?.child.kill('SIGKILL');
      await delay(100);
      await start(other);
      if (other === two) three.session = await login(two.server?.baseUrl as string, three.staff);
      await wire();
      await settled(id, 'shipped', 'shipped');
      await act(one, id, { action: 'received', rotaPosition: 0 });
      await act(one, id, { action: 'returned', rotaPosition: 0 });
      await settled(id, 'returned', 'shipped');
      await act(two, lending, { action: 'checked-in' });
      await settled(id, 'checked_in', 'checked_in');
    }
    // Every message gets through: one whose confirmation a kill cut off is retried (and recognised as
    // a duplicate by the partner), so wait, bounded, for both outboxes to drain.
    for (const side of [one, two]) {
      const deadline = Date.now() + 20_000;
      let pending: { id: string; status: string; message: string; last_error: string | null }[] = [];
      do {
        pending = await side.db
          .selectFrom('outbox_message')
          .select(['id', 'status', 'message', 'last_error'])
          .where('status', '<>', 'sent')
          .execute();
        if (pending.length === 0) break;
        await delay(200);
      } while (Date.now() < deadline);
      expect({ side: side.name, pending }).toEqual({ side: side.name, pending: [] });
    }
    // Each message was applied once: the lender's history has one entry per message the borrower sent.
    for (const id of ids) {
      const sent = await one.db
        .selectFrom('outbox_message')
        .select('sequence')
        .where('request_id', '=', id)
        .where('resend', '=', false)
        .execute();
      const reference = await one.db
        .selectFrom('transaction')
        .select('local_reference')
        .where('request_id', '=', id)
        .executeTakeFirstOrThrow();
      const lending = await two.db
        .selectFrom('request')
        .select('id')
        .where('partner_request_id', '=', reference.local_reference)
        .executeTakeFirstOrThrow();
      const applied = await two.db
        .selectFrom('history')
        .select('event_name')
        .where('request_id', '=', lending.id)
        .where('event_kind', '=', 'message')
        .execute();
      expect(applied.map((row) => row.event_name).sort()).toEqual(['received', 'request', 'returned']);
      expect(sent).toHaveLength(3);
    }
  }, 240_000);
});
