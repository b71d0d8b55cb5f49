/**
 * The outbox worker against PostgreSQL, with a fake transport and simulated time: retries with
 * backoff, giving up (dead, flagged, staff told), per-transaction order (a later message waits for an
 * earlier one, failing or given up, until it is delivered, sent again or set aside), two workers on one
 * database, and a worker whose database transaction dies mid-delivery. Then, over HTTP between two
 * libraries, staff sending a given-up message again, Resend Last Message recognised as a repeat, and
 * the lending queue of undelivered messages.
 */
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { hashSecret } from '../../src/auth/passwords.ts';
import { ManualClock } from '../../src/clock.ts';
import type { Database } from '../../src/db/schema.ts';
import { unitOfWork } from '../../src/db/unit-of-work.ts';
import { ConflictError } from '../../src/errors.ts';
import { NoticeRepository } from '../../src/notices/notice.repository.ts';
import { MessageLogService } from '../../src/protocol/message-log.service.ts';
import { ProtocolRepository } from '../../src/protocol/protocol.repository.ts';
import { createRequestServices } from '../../src/requests/request-services.ts';
import type { RequestCaller } from '../../src/requests/request.service.ts';
import { DEFAULT_MENU_CONFIG } from '../../src/workflow/action-menu.ts';
import { OutboxRepository } from '../../src/workers/outbox.repository.ts';
import type { DeliveryResult, MessageTransport, OutboxDelivery } from '../../src/workers/outbox-transport.ts';
import { OutboxWorker } from '../../src/workers/outbox-worker.ts';
import type { OutboxWorkerOptions } from '../../src/workers/outbox-worker.ts';
import { startConsortium } from '../support/consortium.ts';
import type { Consortium } from '../support/consortium.ts';
import { describeEachDatabase } from '../support/databases.ts';
import { createApiToken } from '../support/factories.ts';
import { insertLibrary, insertPartner, staffPrincipal } from '../support/request-factories.ts';

const book = { type: 'book', serviceType: 'loan', title: 'The Name of the Rose' } as const;

/** Counts calls across every fake transport, to tell which of two workers' calls came first. */
let calls = 0;

/** One call of the fake transport. */
interface Attempt {
  /** Over all transports of the test run. */
  readonly order: number;
  readonly id: string;
  readonly transactionId: string;
  readonly message: string;
  readonly sequence: number;
  readonly attempt: number;
  readonly createdAt: string;
  /** The simulated time of the attempt. */
  readonly at: string;
}

/** A transport that records every call and answers as the test says (delivered unless told otherwise). */
class FakeTransport implements MessageTransport {
  readonly protocol = 'iso18626' as const;
  readonly attempts: Attempt[] = [];

  constructor(
    private readonly clock: ManualClock,
    private readonly answer: (delivery: OutboxDelivery) => DeliveryResult | Promise<DeliveryResult> = () => ({
      outcome: 'delivered',
      confirmation: '<ok/>',
    }),
  ) {}

  async deliver(delivery: OutboxDelivery): Promise<DeliveryResult> {
    this.attempts.push({
      order: ++calls,
      id: delivery.id,
      transactionId: delivery.transactionId,
      message: delivery.message,
      sequence: delivery.sequence,
      attempt: delivery.attempt,
      createdAt: delivery.createdAt.toISOString(),
      at: this.clock.now().toISOString(),
    });
    return this.answer(delivery);
  }

  /** The ids delivered, in the order they were attempted. */
  ids(): string[] {
    return this.attempts.map((attempt) => attempt.id);
  }
}

describeEachDatabase('the outbox worker', (database) => {
  const clock = new ManualClock('2026-11-25T09:00:00Z');
  let services: ReturnType<typeof createRequestServices>;
  let messageLog: MessageLogService;

  beforeAll(() => {
    services = createRequestServices(database.db, {
      clock,
      menuConfigs: () => ({ load: async () => DEFAULT_MENU_CONFIG }),
    });
    messageLog = new MessageLogService(
      new OutboxRepository(database.db),
      new ProtocolRepository(database.db),
      clock,
    );
  });

  function workerOn(
    db: Kysely<Database>,
    transport: MessageTransport,
    options: OutboxWorkerOptions = { baseBackoffMs: 1_000, maxBackoffMs: 4_000, maxAttempts: 5 },
  ): OutboxWorker {
    return new OutboxWorker(
      unitOfWork(db, (trx) => ({ outbox: new OutboxRepository(trx), notices: new NoticeRepository(trx) })),
      [transport],
      clock,
      options,
    );
  }

  /** A confirmed borrowing request to an ISO 18626 partner: its Request message is in the outbox. */
  async function confirmedRequest() {
    const library = await insertLibrary(database.db);
    const partner = await insertPartner(database.db, library.id, { name: 'Lending Library' });
    const caller: RequestCaller = { kind: 'staff', principal: staffPrincipal(library.id) };
    const { body } = await services.requests.create(caller, { details: book, rota: [partner.id] }, null);
    await services.requests.act(caller, body.id, { action: 'confirm' }, null);
    const transaction = await database.db
      .selectFrom('transaction')
      .select('id')
      .where('request_id', '=', body.id)
      .executeTakeFirstOrThrow();
    const first = await outboxOf(body.id);
    return {
      libraryId: library.id,
      partnerId: partner.id,
      caller,
      requestId: body.id,
      transactionId: transaction.id,
      firstId: first[0]?.id as string,
    };
  }

  /** Messages written after the request, as later state changes would write them. */
  async function queueMore(
    request: { requestId: string; transactionId: string; partnerId: string },
    messages: readonly string[],
  ): Promise<string[]> {
    const ids: string[] = [];
    const existing = await outboxOf(request.requestId);
    let sequence = Math.max(0, ...existing.map((row) => row.sequence));
    for (const message of messages) {
      const row = await database.db
        .insertInto('outbox_message')
        .values({
          request_id: request.requestId,
          transaction_id: request.transactionId,
          partner_id: request.partnerId,
          protocol: 'iso18626',
          message,
          sequence: ++sequence,
          payload: JSON.stringify({ note: `${message} ${sequence}` }),
          created_at: clock.now(),
          next_attempt_at: clock.now(),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      ids.push(String(row.id));
    }
    return ids;
  }

  function outboxOf(requestId: string) {
    return database.db
      .selectFrom('outbox_message')
      .selectAll()
      .where('request_id', '=', requestId)
      .orderBy('id')
      .execute()
      .then((rows) => rows.map((row) => ({ ...row, id: String(row.id) })));
  }

  async function statusOf(id: string) {
    const row = await database.db
      .selectFrom('outbox_message')
      .select(['status', 'attempts', 'last_error', 'sent_at', 'confirmation'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    return row;
  }

  async function attentionOf(requestId: string) {
    const request = await database.db
      .selectFrom('request')
      .select('attention')
      .where('id', '=', requestId)
      .executeTakeFirstOrThrow();
    const transaction = await database.db
      .selectFrom('transaction')
      .select('attention')
      .where('request_id', '=', requestId)
      .executeTakeFirstOrThrow();
    return { request: request.attention, transaction: transaction.attention };
  }

  /** Run the worker in simulated time, a second at a time, until nothing is left to do. */
  async function drain(worker: OutboxWorker, seconds = 60): Promise<void> {
    for (let second = 0; second < seconds; second++) {
      await worker.runDue();
      clock.advance(1_000);
    }
  }

  afterEach(async () => {
    // Each test starts with an empty outbox, so that one test's messages are not another's.
    await database.db.deleteFrom('outbox_message').execute();
  });

  it('retries a failing message with doubling backoff, capped, and delivers it with its first time', async () => {
    const { firstId } = await confirmedRequest();
    const start = clock.now().getTime();
    let failures = 4;
    const transport = new FakeTransport(clock, () =>
      failures-- > 0 ? { outcome: 'retry', error: 'connection refused' } : { outcome: 'delivered' },
    );
    const worker = workerOn(database.db, transport, {
      baseBackoffMs: 1_000,
      maxBackoffMs: 4_000,
      maxAttempts: 6,
    });
    const at = (ms: number) => clock.set(new Date(start + ms));

    expect(await worker.runDue()).toBe(1);
    expect(await statusOf(firstId)).toMatchObject({
      status: 'failed',
      attempts: 1,
      last_error: 'connection refused',
    });
    // Not before the backoff: 1 s, then 2 s, then 4 s, then 4 s again (the cap).
    for (const [before, due] of [
      [999, 1_000],
      [2_999, 3_000],
      [6_999, 7_000],
      [10_999, 11_000],
    ] as const) {
      at(before);
      expect(await worker.runDue(), `nothing is due at +${before} ms`).toBe(0);
      at(due);
      expect(await worker.runDue(), `the retry is due at +${due} ms`).toBe(1);
    }
    expect(transport.attempts.map((attempt) => [attempt.attempt, Date.parse(attempt.at) - start])).toEqual([
      [1, 0],
      [2, 1_000],
      [3, 3_000],
      [4, 7_000],
      [5, 11_000],
    ]);
    // Every attempt carries the time the message was first written, so a receiver sees repeats.
    expect(new Set(transport.attempts.map((attempt) => attempt.createdAt)).size).toBe(1);
    expect(await statusOf(firstId)).toMatchObject({
      status: 'sent',
      attempts: 5,
      last_error: null,
      sent_at: new Date(start + 11_000),
    });
  });

  it('gives a message up after its last attempt: dead, the request and transaction flagged, staff sent the delivery-failed notice', async () => {
    const { firstId, requestId, libraryId } = await confirmedRequest();
    const transport = new FakeTransport(clock, () => ({ outcome: 'retry', error: 'HTTP 503' }));
    const worker = workerOn(database.db, transport, { baseBackoffMs: 10, maxBackoffMs: 10, maxAttempts: 3 });
    await drain(worker, 5);
    expect(transport.attempts).toHaveLength(3);
    expect(await statusOf(firstId)).toMatchObject({ status: 'dead', attempts: 3, last_error: 'HTTP 503' });
    const attention = await attentionOf(requestId);
    expect(attention.request).toEqual({
      code: 'message_undeliverable',
      params: {
        partner: expect.stringContaining('Lending Library'),
        message: 'request',
        attempts: 3,
        error: 'HTTP 503',
      },
    });
    expect(attention.transaction).toEqual(attention.request);
    const notices = await database.db
      .selectFrom('notice')
      .select(['library_id', 'audience', 'notice', 'data'])
      .where('request_id', '=', requestId)
      .execute();
    expect(notices).toEqual([
      {
        library_id: libraryId,
        audience: 'staff',
        notice: 'delivery-failed',
        data: {
          failure: expect.objectContaining({
            what: 'the request message',
            recipient: expect.stringContaining('Lending Library'),
            error: 'HTTP 503',
            subject: 'ISO 18626 request message, attempt 3',
          }),
        },
      },
    ]);
  });

  it('gives a refused message up at once and keeps the partner’s error confirmation', async () => {
    const { firstId, requestId } = await confirmedRequest();
    const transport = new FakeTransport(clock, () => ({
      outcome: 'refused',
      error: 'LEND refused the message: UnrecognisedDataValue',
      confirmation: '<error/>',
    }));
    await drain(workerOn(database.db, transport), 3);
    expect(transport.attempts).toHaveLength(1);
    expect(await statusOf(firstId)).toMatchObject({ status: 'dead', attempts: 1, confirmation: '<error/>' });
    expect((await attentionOf(requestId)).request).toEqual({
      code: 'message_refused',
      params: {
        partner: expect.stringContaining('Lending Library'),
        message: 'request',
        error: 'LEND refused the message: UnrecognisedDataValue',
      },
    });
  });

  it('sends a transaction’s messages in order: a later one waits while an earlier one is failing, another transaction’s does not', async () => {
    const one = await confirmedRequest();
    const [cancel] = await queueMore(one, ['cancel']);
    const other = await confirmedRequest();
    let failures = 2;
    const transport = new FakeTransport(clock, (delivery) =>
      delivery.id === one.firstId && failures-- > 0
        ? { outcome: 'retry', error: 'timeout' }
        : { outcome: 'delivered' },
    );
    const worker = workerOn(database.db, transport);
    await worker.runDue();
    // The first transaction's request failed; its cancel waits, the other transaction went ahead.
    expect(transport.ids()).toEqual([one.firstId, other.firstId]);
    expect((await statusOf(cancel as string)).status).toBe('pending');
    const log = await messageLog.list(one.libraryId, one.requestId);
    expect(log.find((entry) => entry.id === cancel)).toMatchObject({
      status: 'pending',
      heldBy: one.firstId,
    });
    await drain(worker, 10);
    expect(transport.ids()).toEqual([one.firstId, other.firstId, one.firstId, one.firstId, cancel]);
    expect((await statusOf(cancel as string)).status).toBe('sent');
  });

  it('holds the later messages behind a message given up until staff send it again, which then goes first', async () => {
    const request = await confirmedRequest();
    const later = await queueMore(request, ['cancel', 'note']);
    let refuse = true;
    const transport = new FakeTransport(clock, (delivery) =>
      refuse && delivery.id === request.firstId
        ? { outcome: 'refused', error: 'unknown agency' }
        : { outcome: 'delivered' },
    );
    const worker = workerOn(database.db, transport);
    await drain(worker, 10);
    expect(transport.ids()).toEqual([request.firstId]);
    expect((await statusOf(request.firstId)).status).toBe('dead');
    const log = await messageLog.list(request.libraryId, request.requestId);
    expect(log.map((entry) => [entry.message, entry.status, entry.heldBy])).toEqual([
      ['note', 'pending', request.firstId],
      ['cancel', 'pending', request.firstId],
      ['request', 'dead', null],
    ]);
    expect((await attentionOf(request.requestId)).request).toMatchObject({
      code: 'message_refused',
      params: { message: 'request', error: 'unknown agency' },
    });

    refuse = false;
    await messageLog.retry(request.libraryId, request.requestId, request.firstId);
    await drain(worker, 5);
    expect(transport.ids()).toEqual([request.firstId, request.firstId, ...later]);
    expect((await outboxOf(request.requestId)).map((row) => row.status)).toEqual(['sent', 'sent', 'sent']);
  });

  it('lets the held messages go once staff set the given-up one aside, and never sends that one', async () => {
    const request = await confirmedRequest();
    const [cancel] = await queueMore(request, ['cancel']);
    const transport = new FakeTransport(clock, (delivery) =>
      delivery.id === request.firstId ? { outcome: 'refused', error: 'refused' } : { outcome: 'delivered' },
    );
    const worker = workerOn(database.db, transport);
    await drain(worker, 3);
    expect(transport.ids()).toEqual([request.firstId]);

    await expect(
      messageLog.setAside(request.libraryId, request.requestId, cancel as string, 'Ann Staff'),
    ).rejects.toBeInstanceOf(ConflictError);
    const log = await messageLog.setAside(request.libraryId, request.requestId, request.firstId, 'Ann Staff');
    expect(log.find((entry) => entry.id === request.firstId)).toMatchObject({
      status: 'dead',
      setAside: { at: clock.now().toISOString(), by: 'Ann Staff' },
    });
    await drain(worker, 3);
    expect(transport.ids()).toEqual([request.firstId, cancel]);
    await expect(messageLog.retry(request.libraryId, request.requestId, request.firstId)).rejects.toThrow(
      'set aside',
    );
    // Nothing of the request is left undelivered in staff's eyes.
    const page = await services.requests.detail(request.caller, request.requestId);
    expect(page.rota[0]?.transaction?.undeliveredMessages).toBe(0);
  });

  it('refuses to send again a given-up message that a later one has already overtaken', async () => {
    const request = await confirmedRequest();
    const [cancel] = await queueMore(request, ['cancel']);
    // As a message given up before later ones were held behind it would have left things.
    await database.db
      .updateTable('outbox_message')
      .set({ status: 'dead' })
      .where('id', '=', request.firstId)
      .execute();
    await database.db
      .updateTable('outbox_message')
      .set({ status: 'sent' })
      .where('id', '=', cancel as string)
      .execute();
    await expect(messageLog.retry(request.libraryId, request.requestId, request.firstId)).rejects.toThrow(
      'out of order',
    );
    expect((await statusOf(request.firstId)).status).toBe('dead');
  });

  it('shares the work between two workers on one database: each message delivered once, in order per transaction', async () => {
    const requests = [];
    for (let index = 0; index < 5; index++) {
      const request = await confirmedRequest();
      await queueMore(request, ['note', 'note', 'note', 'note', 'note', 'note', 'note']);
      requests.push(request);
    }
    const second = new Kysely<Database>({
      dialect: new PostgresDialect({
        pool: new pg.Pool({ connectionString: database.connectionString, max: 3 }),
      }),
    });
    try {
      const slow = async () => {
        await new Promise((resolve) => setTimeout(resolve, Math.floor(Math.random() * 4)));
        return { outcome: 'delivered' } as const;
      };
      const transports = [new FakeTransport(clock, slow), new FakeTransport(clock, slow)];
      const workers = [workerOn(database.db, transports[0]!), workerOn(second, transports[1]!)];
      // Both loop until every message is sent, as two processes' worker runners would.
      const pending = async () =>
        Number(
          (
            await database.db
              .selectFrom('outbox_message')
              .select((eb) => eb.fn.countAll<string>().as('count'))
              .where('status', '<>', 'sent')
              .executeTakeFirstOrThrow()
          ).count,
        );
      await Promise.all(
        workers.map(async (worker) => {
          while ((await pending()) > 0) await worker.runDue(3);
        }),
      );
      const all = [...transports[0]!.attempts, ...transports[1]!.attempts].sort((a, b) => a.order - b.order);
      expect(all).toHaveLength(40);
      expect(new Set(all.map((attempt) => attempt.id)).size).toBe(40);
      expect(transports[0]!.attempts.length).toBeGreaterThan(0);
      expect(transports[1]!.attempts.length).toBeGreaterThan(0);
      // Order per transaction: by the time each was sent.
      for (const request of requests) {
        const rows = await outboxOf(request.requestId);
        expect(rows.every((row) => row.status === 'sent')).toBe(true);
        const sentAt = rows.map((row) => row.sent_at?.getTime() ?? 0);
        const attempted = all
          .filter((attempt) => attempt.transactionId === request.transactionId)
          .map((attempt) => attempt.sequence);
        expect(attempted.slice().sort((a, b) => a - b)).toEqual(attempted);
        expect([...sentAt].sort((a, b) => a - b)).toEqual(sentAt);
      }
    } finally {
      await second.destroy();
    }
  });

  it('hands a message to another worker when the database transaction of the worker delivering it dies', async () => {
    const request = await confirmedRequest();
    const pool = new pg.Pool({
      connectionString: database.connectionString,
      max: 2,
      application_name: 'outbox-worker-that-dies',
    });
    // The server ends the connection under the worker while it is checked out of the pool, where pg
    // emits the error on the client itself: listen there, as for idle ones, so it is not a crash.
    const connectionErrors: Error[] = [];
    pool.on('error', (error) => connectionErrors.push(error));
    pool.on('connect', (client) => client.on('error', (error) => connectionErrors.push(error)));
    const dying = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    try {
      let reached!: () => void;
      const inFlight = new Promise<void>((resolve) => (reached = resolve));
      let release!: () => void;
      const gate = new Promise<void>((resolve) => (release = resolve));
      const first = new FakeTransport(clock, async () => {
        reached();
        await gate;
        return { outcome: 'delivered' };
      });
      const run = workerOn(dying, first).runDue();
      await inFlight;
      // The message is claimed: another worker cannot take it meanwhile.
      const second = new FakeTransport(clock);
      expect(await workerOn(database.db, second).runDue()).toBe(0);
      await sql`select pg_terminate_backend(pid) from pg_stat_activity
                 where application_name = 'outbox-worker-that-dies' and state like 'idle in transaction%'`.execute(
        database.db,
      );
      release();
      await expect(run).rejects.toThrow();
      expect(await workerOn(database.db, second).runDue()).toBe(1);
      expect(second.attempts).toEqual([
        expect.objectContaining({ id: request.firstId, attempt: 1, createdAt: first.attempts[0]?.createdAt }),
      ]);
      expect(await statusOf(request.firstId)).toMatchObject({ status: 'sent', attempts: 1 });
      // How the end shows depends on when the client reads it: the server's goodbye, or a reset.
      expect(connectionErrors.length).toBeGreaterThan(0);
      for (const error of connectionErrors)
        expect(error.message).toMatch(/Connection terminated unexpectedly|ECONNRESET|terminating connection/);
    } finally {
      await dying.destroy();
    }
  });
});

describeEachDatabase('staff and undelivered messages between two libraries over HTTP', (database) => {
  let consortium: Consortium;
  const tokens = new Map<string, Record<string, string>>();

  beforeAll(async () => {
    consortium = await startConsortium(database.db, ['A', 'B']);
    for (const symbol of ['A', 'B']) {
      const { headers } = await createApiToken(database.db, {
        libraryId: consortium.member(symbol).library.id,
        permissions: ['ill'],
      });
      tokens.set(symbol, headers);
    }
  });
  afterAll(async () => {
    await consortium?.close();
  });

  async function call(symbol: string, method: 'GET' | 'POST', url: string, payload?: unknown) {
    const response = await consortium.app.inject({
      method,
      url,
      headers: tokens.get(symbol) ?? {},
      ...(payload !== undefined ? { payload: payload as Record<string, unknown> } : {}),
    });
    return { status: response.statusCode, body: response.json() };
  }

  async function borrow(): Promise<{ requestId: string; lendingId: string }> {
    const borrower = consortium.member('A');
    const created = await call('A', 'POST', '/api/requests', {
      details: book,
      rota: [borrower.partners.get('B')?.id],
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    await call('A', 'POST', `/api/requests/${created.body.id}/actions`, { action: 'confirm' });
    await consortium.deliver();
    const reference = await database.db
      .selectFrom('transaction')
      .select('local_reference')
      .where('request_id', '=', created.body.id)
      .executeTakeFirstOrThrow();
    const lending = await database.db
      .selectFrom('request')
      .select('id')
      .where('partner_request_id', '=', reference.local_reference)
      .executeTakeFirstOrThrow();
    return { requestId: created.body.id, lendingId: lending.id };
  }

  /** `at` (a member) refuses what `from` sends: it expects a credential `from` does not have. */
  async function lockOut(at: string, from: string, locked: boolean): Promise<void> {
    await database.db
      .updateTable('partner')
      .set({ inbound_credential_hash: locked ? await hashSecret('a secret nobody sends') : null })
      .where('id', '=', consortium.member(at).partners.get(from)?.id ?? '')
      .execute();
  }

  const historyOf = async (requestId: string) =>
    (
      await database.db
        .selectFrom('history')
        .select(['event_name'])
        .where('request_id', '=', requestId)
        .orderBy('id')
        .execute()
    ).map((row) => row.event_name);

  it('sends a given-up message again from the message log, ahead of the message it held', async () => {
    const { requestId, lendingId } = await borrow();
    await lockOut('B', 'A', true);
    await call('A', 'POST', `/api/requests/${requestId}/actions`, { action: 'cancel', rotaPosition: 0 });
    await consortium.deliver();
    await call('A', 'POST', `/api/requests/${requestId}/actions`, {
      action: 'send-public-note',
      rotaPosition: 0,
      data: { note: 'Sorry, the reader left' },
    });
    await consortium.deliver();
    const log = await call('A', 'GET', `/api/requests/${requestId}/messages`);
    expect(log.status).toBe(200);
    const [note, cancel] = log.body.items;
    expect(cancel).toMatchObject({ message: 'cancel', status: 'dead', heldBy: null });
    expect(cancel.lastError).toMatch(/credential is missing or wrong/);
    expect(note).toMatchObject({ message: 'note', status: 'pending', heldBy: cancel.id });
    const page = await call('A', 'GET', `/api/requests/${requestId}`);
    expect(page.body.attention).toMatchObject({
      code: 'message_refused',
      params: { message: 'cancel', error: expect.stringMatching(/credential is missing or wrong/) },
    });

    await lockOut('B', 'A', false);
    const retried = await call('A', 'POST', `/api/requests/${requestId}/messages/${cancel.id}/retry`);
    expect(retried.status).toBe(200);
    expect(retried.body.items[1]).toMatchObject({ id: cancel.id, status: 'pending' });
    await consortium.deliver();
    const after = await call('A', 'GET', `/api/requests/${requestId}/messages`);
    expect(after.body.items.map((item: { status: string }) => item.status)).toEqual(['sent', 'sent', 'sent']);
    // The lender got the cancel before the note that followed it.
    const lender = await historyOf(lendingId);
    expect(lender.slice(-2)).toEqual(['cancel', 'note']);
    const lending = await call('B', 'GET', `/api/requests/${lendingId}`);
    expect(lending.body.rota[0].transaction.state).toBe('cancel_pending');

    const again = await call('A', 'POST', `/api/requests/${requestId}/messages/${cancel.id}/retry`);
    expect(again.status).toBe(404);
  });

  it('resends the last message with Resend Last Message, and the partner recognises it as a repeat', async () => {
    const { requestId, lendingId } = await borrow();
    await call('B', 'POST', `/api/requests/${lendingId}/actions`, {
      action: 'shipped',
      data: { serviceType: 'loan', dueDate: '2027-01-15' },
    });
    await consortium.deliver();
    await call('A', 'POST', `/api/requests/${requestId}/actions`, { action: 'received', rotaPosition: 0 });
    await consortium.deliver();
    const lenderHistory = await historyOf(lendingId);
    const received = await database.db
      .selectFrom('inbound_message')
      .select(['id', 'confirmation'])
      .where('library_id', '=', consortium.member('B').library.id)
      .execute();

    const resent = await call('A', 'POST', `/api/requests/${requestId}/actions`, {
      action: 'resend-last-message',
      rotaPosition: 0,
    });
    expect(resent.status, JSON.stringify(resent.body)).toBe(200);
    const bodiesBefore = consortium.sent.length;
    await consortium.deliver();
    expect(consortium.sent.length).toBe(bodiesBefore + 1);

    const log = (await call('A', 'GET', `/api/requests/${requestId}/messages`)).body.items;
    expect(log[0]).toMatchObject({ message: 'received', resend: true, status: 'sent' });
    expect(log[1]).toMatchObject({ message: 'received', resend: false, status: 'sent' });
    // Same message, same time: the lender answers as before and nothing changes there.
    const [first, again] = await database.db
      .selectFrom('outbox_message')
      .select('confirmation')
      .where('request_id', '=', requestId)
      .where('message', '=', 'received')
      .orderBy('id')
      .execute();
    expect(again?.confirmation).toBe(first?.confirmation);
    expect(consortium.sent.at(-1)?.body).toBe(
      consortium.sent.filter((entry) => entry.body.includes('<action>Received</action>')).at(0)?.body,
    );
    expect(await historyOf(lendingId)).toEqual(lenderHistory);
    const receivedAfter = await database.db
      .selectFrom('inbound_message')
      .select(['id', 'confirmation'])
      .where('library_id', '=', consortium.member('B').library.id)
      .execute();
    expect(receivedAfter).toEqual(received);
  });

  it('lists a lending request with a message not delivered in the lending undelivered-messages queue', async () => {
    const { lendingId } = await borrow();
    const queue = async () =>
      (await call('B', 'GET', '/api/requests?queue=lending.undelivered-messages')).body.items.map(
        (item: { id: string }) => item.id,
      );
    const count = async () =>
      (await call('B', 'GET', '/api/queues')).body.lending.find(
        (entry: { id: string }) => entry.id === 'lending.undelivered-messages',
      )?.count.value;
    expect(await queue()).not.toContain(lendingId);
    const before = await count();

    await lockOut('A', 'B', true);
    await call('B', 'POST', `/api/requests/${lendingId}/actions`, { action: 'answer-will-supply' });
    await consortium.deliver();
    expect(await queue()).toContain(lendingId);
    expect(await count()).toBe(before + 1);
    // Not a borrowing request: the borrowing queue does not list it.
    const borrowing = await call('B', 'GET', '/api/requests?queue=borrowing.undelivered-messages');
    expect(borrowing.body.items.map((item: { id: string }) => item.id)).not.toContain(lendingId);

    const [message] = (await call('B', 'GET', `/api/requests/${lendingId}/messages`)).body.items;
    const setAside = await call('B', 'POST', `/api/requests/${lendingId}/messages/${message.id}/set-aside`);
    expect(setAside.status).toBe(200);
    expect(setAside.body.items[0].setAside).toMatchObject({ by: expect.any(String) });
    expect(await queue()).not.toContain(lendingId);
    await lockOut('A', 'B', false);
  });
});
