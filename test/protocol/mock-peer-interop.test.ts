/**
 * Interlend against the mock peer, an independent process playing Index Data illmock's scenarios:
 * every supplier scenario with Interlend as the borrowing library, and the requester tokens with
 * Interlend as the lender. Each runs to its expected end.
 */
import type { AddressInfo } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ManualClock } from '../../src/clock.ts';
import { emitIso18626 } from '../../src/iso18626/index.ts';
import {
  freePort,
  runningMockPeers,
  spawnMockPeer,
  stopMockPeer,
} from '../../src/mock-peer/testing/process.ts';
import type { MockProcess } from '../../src/mock-peer/testing/process.ts';
import type { RequestCaller } from '../../src/requests/request.service.ts';
import type { ActionBody, RequestDetailView } from '../../src/requests/request.schemas.ts';
import { buildApp } from '../../src/server/app.ts';
import type { App } from '../../src/server/app.ts';
import { createServices } from '../../src/server/services.ts';
import type { Services } from '../../src/server/services.ts';
import { createWorkers } from '../../src/workers/workers.ts';
import type { Workers } from '../../src/workers/workers.ts';
import { describeEachDatabase } from '../support/databases.ts';
import { insertLibrary, staffPrincipal } from '../support/request-factories.ts';

const MOCK_SYMBOL = 'US-MOCK';

describeEachDatabase('Interlend and the illmock-style mock peer', (database) => {
  let app: App;
  let mock: MockProcess;
  let services: Services;
  let workers: Workers;
  let staff: Extract<RequestCaller, { kind: 'staff' }>;
  let librarySymbol: string;
  let partnerId: string;
  const clock = new ManualClock('2026-11-25T09:00:00Z');

  beforeAll(async () => {
    services = createServices(database.db, { clock });
    app = await buildApp({ db: database.db, services });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    mock = await spawnMockPeer([
      ...['--port', String(await freePort()), '--peer-url', `${base}/iso18626`],
      ...['--symbol', `ISIL:${MOCK_SYMBOL}`, '--delay-ms', '20', '--quiet'],
    ]);
    librarySymbol = `ILN-MOCKTEST-${Math.random().toString(36).slice(2, 6).toUpperCase()}`;
    const library = await insertLibrary(database.db, { symbol: librarySymbol, name: 'Interlend under test' });
    const partner = await database.db
      .insertInto('partner')
      .values({
        library_id: library.id,
        symbol: MOCK_SYMBOL,
        name: 'Mock peer',
        protocol: 'iso18626',
        endpoint_url: `${mock.url}/iso18626`,
        days_to_respond: 5,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    partnerId = partner.id;
    staff = { kind: 'staff', principal: staffPrincipal(library.id, ['ill']) };
    workers = createWorkers(database.db, {
      clock,
      requestWorkflow: services.requestWorkflow,
      outbox: { baseBackoffMs: 1, maxBackoffMs: 5, maxAttempts: 3 },
    });
  });

  afterAll(async () => {
    try {
      if (mock !== undefined) expect((await stopMockPeer(mock)).code).toBe(0);
    } finally {
      for (const child of runningMockPeers) child.kill('SIGKILL');
      await app?.close();
    }
  });

  /** Deliver what is due and wait for the mock's answers until `done` holds (bounded). */
  async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, what: string): Promise<T> {
    const deadline = Date.now() + 15_000;
    for (;;) {
      // Simulated time moves on, so that retries after a failure fall due.
      clock.advance(1_000);
      await workers.outbox.runDue();
      const value = await read();
      if (done(value)) return value;
      if (Date.now() > deadline)
        throw new Error(`timed out waiting for ${what}: ${JSON.stringify(value).slice(0, 400)}`);
      await delay(40);
    }
  }

  async function act(requestId: string, body: ActionBody): Promise<RequestDetailView> {
    return (await services.requests.act(staff, requestId, body, null)).body;
  }

  const borrowing = (requestId: string) => services.requests.detail(staff, requestId);
  const borrowerState = (page: RequestDetailView) => page.rota[0]?.transaction?.state;

  /** A borrowing request to the mock, playing `scenario`. */
  async function borrow(scenario: string, serviceType: 'loan' | 'copy' = 'loan'): Promise<string> {
    const { body } = await services.requests.create(
      staff,
      {
        details: {
          type: 'book',
          serviceType,
          title: `Mock scenario ${scenario}`,
          patronNotes: `MOCK:${MOCK_SYMBOL}:${scenario}`,
        },
        rota: [partnerId],
      },
      null,
    );
    await act(body.id, { action: 'confirm' });
    return body.id;
  }

  async function waitState(requestId: string, state: string): Promise<RequestDetailView> {
    return until(
      () => borrowing(requestId),
      (page) => borrowerState(page) === state,
      `${requestId} to reach ${state}`,
    );
  }

  it('LOANED: the loan arrives, goes back, and is completed', async () => {
    const id = await borrow('LOANED');
    await waitState(id, 'shipped');
    await act(id, { action: 'received', rotaPosition: 0 });
    await act(id, { action: 'returned', rotaPosition: 0 });
    await waitState(id, 'checked_in');
  });

  it('LOANED_RECALLED: the supplier recalls the item once it is received', async () => {
    const id = await borrow('LOANED_RECALLED');
    await waitState(id, 'shipped');
    await act(id, { action: 'received', rotaPosition: 0 });
    await waitState(id, 'recall');
    await act(id, { action: 'returned', rotaPosition: 0 });
    await waitState(id, 'checked_in');
  });

  it('LOANED_OVERDUE: the supplier says overdue, Interlend renews, and the supplier agrees', async () => {
    const id = await borrow('LOANED_OVERDUE');
    await waitState(id, 'shipped');
    await act(id, { action: 'received', rotaPosition: 0 });
    await waitState(id, 'overdue');
    await act(id, { action: 'renew', rotaPosition: 0 });
    const renewed = await waitState(id, 'received');
    expect(renewed.history.map((entry) => entry.event.name)).toContain('renew-reply-yes');
  });

  it('WILLSUPPLY_LOANED_RECALLED: promised, loaned, recalled once received, and returned', async () => {
    const id = await borrow('WILLSUPPLY_LOANED_RECALLED');
    const shipped = await waitState(id, 'shipped');
    expect(shipped.history.map((entry) => entry.event.name)).toEqual(
      expect.arrayContaining(['answer-will-supply', 'shipped']),
    );
    await act(id, { action: 'received', rotaPosition: 0 });
    const recalled = await waitState(id, 'recall');
    expect(recalled.history.at(-1)).toMatchObject({ event: { name: 'recall' }, from: 'received' });
    await act(id, { action: 'returned', rotaPosition: 0 });
    await waitState(id, 'checked_in');
  });

  it('WILLSUPPLY_LOANED_OVERDUE: promised, loaned, overdue once received, renewed on request', async () => {
    const id = await borrow('WILLSUPPLY_LOANED_OVERDUE');
    const shipped = await waitState(id, 'shipped');
    expect(shipped.history.map((entry) => entry.event.name)).toContain('answer-will-supply');
    await act(id, { action: 'received', rotaPosition: 0 });
    await waitState(id, 'overdue');
    await act(id, { action: 'renew', rotaPosition: 0 });
    const renewed = await waitState(id, 'received');
    expect(renewed.history.at(-1)).toMatchObject({ event: { name: 'renew-reply-yes' }, to: 'received' });
    expect(renewed.rota[0]?.transaction?.dueDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('UNFILLED: nobody can supply, the request is at End of Rota', async () => {
    const id = await borrow('UNFILLED');
    const page = await waitState(id, 'not_supplied');
    expect(page.status).toBe('end_of_rota');
  });

  it('WILLSUPPLY: the supplier promises, and the request waits', async () => {
    const id = await borrow('WILLSUPPLY');
    const page = await until(
      () => borrowing(id),
      (current) => current.history.some((entry) => entry.event.name === 'answer-will-supply'),
      'Will Supply',
    );
    expect(borrowerState(page)).toBe('pending');
  });

  it('WILLSUPPLY_LOANED and WILLSUPPLY_UNFILLED end shipped and not supplied', async () => {
    const loaned = await borrow('WILLSUPPLY_LOANED');
    const unfilled = await borrow('WILLSUPPLY_UNFILLED');
    await waitState(loaned, 'shipped');
    await waitState(unfilled, 'not_supplied');
  });

  it('COMPLETED: a copy is delivered, and a loan is reported completed at once', async () => {
    const copy = await borrow('COMPLETED', 'copy');
    const page = await waitState(copy, 'shipped');
    expect(page.rota[0]?.transaction?.shippedServiceType).toBe('copy');
    const loan = await borrow('COMPLETED');
    await waitState(loan, 'checked_in');
  });

  it('ERROR, HTTP-ERROR-400 and HTTP-ERROR-500: the request is flagged with the reason and the message kept', async () => {
    for (const scenario of ['ERROR', 'HTTP-ERROR-400', 'HTTP-ERROR-500']) {
      const id = await borrow(scenario);
      const page = await until(
        () => borrowing(id),
        (current) => current.attention !== null,
        `${scenario} to be flagged`,
      );
      expect(page.attention).toMatchObject(
        scenario === 'HTTP-ERROR-500'
          ? { code: 'message_undeliverable', params: { message: 'request', attempts: 3 } }
          : { code: 'message_refused', params: { message: 'request' } },
      );
      const messages = await services.messageLog.list(staff.principal.libraryId, id);
      expect(messages[0]).toMatchObject({ message: 'request', status: 'dead' });
      // Staff are told by a notice too, naming the partner and the partner's or the network's answer.
      const notices = await database.db
        .selectFrom('notice')
        .select(['audience', 'notice', 'data'])
        .where('request_id', '=', id)
        .where('notice', '=', 'delivery-failed')
        .execute();
      expect(notices).toEqual([
        expect.objectContaining({
          audience: 'staff',
          data: expect.objectContaining({
            failure: expect.objectContaining({
              what: 'the request message',
              recipient: expect.stringContaining(MOCK_SYMBOL),
              error: expect.any(String),
            }),
          }),
        }),
      ]);
    }
  });

  it('RETRY:COST and RETRY:COND: conditions are accepted with a Retry and the loan follows', async () => {
    for (const scenario of ['RETRY:COST_LOANED', 'RETRY:COND_LOANED']) {
      const id = await borrow(scenario);
      const offered = await waitState(id, 'conditional');
      expect(offered.rota[0]?.transaction?.conditions).toBeTruthy();
      await act(id, { action: 'conditional-reply-yes', rotaPosition: 0 });
      await waitState(id, 'shipped');
    }
  });

  // RetryPossible without conditions (OnLoan, NotFoundAsCited) says "not now", not "on these terms":
  // Interlend ends the transaction as for Unfilled and the rota moves on at once (the next supplier may
  // lend today, where OnLoan's retry date may be weeks away, and a corrected citation is staff's to
  // check). It sends no Retry, so the mock's `_LOANED` never plays; what a retry would need (the date,
  // the corrected id) is kept in the history for staff, who can add the supplier to the rota again.
  it('RETRY:ONLOAN and RETRY:NOTFOUNDASCITED: not supplied now, no Retry sent, the retry details kept', async () => {
    const onLoan = await borrow('RETRY:ONLOAN_LOANED');
    const notNow = await waitState(onLoan, 'not_supplied');
    expect(notNow.status).toBe('end_of_rota');
    expect(notNow.history.find((entry) => entry.event.name === 'answer-retry')).toMatchObject({
      actor: { kind: 'partner' },
      data: { reason: 'OnLoan', estimatedDateAvailable: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) },
    });
    const notFound = await borrow('RETRY:NOTFOUNDASCITED');
    const corrected = await waitState(notFound, 'not_supplied');
    expect(corrected.history.find((entry) => entry.event.name === 'answer-retry')?.data).toMatchObject({
      reason: 'NotFoundAsCited',
      itemId: '123456789',
    });
    // The mock saw one request each and no retry.
    for (const id of [onLoan, notFound]) {
      const reference = await database.db
        .selectFrom('transaction')
        .select('local_reference')
        .where('request_id', '=', id)
        .executeTakeFirstOrThrow();
      const flows = (await (
        await fetch(`${mock.url}/api/flows?id=${reference.local_reference}&role=supplier`)
      ).json()) as { flows: { messages: { direction: string; kind: string; requestType?: string }[] }[] };
      const requests = flows.flows
        .flatMap((flow) => flow.messages)
        .filter((message) => message.direction === 'in' && message.kind === 'request');
      expect(requests.map((message) => message.requestType)).toEqual(['New']);
    }
  });

  /** Start a flow with the mock as the borrowing library, asking Interlend to supply. */
  async function lendTo(note: string, serviceType: 'Loan' | 'Copy' = 'Loan'): Promise<string> {
    const id = `mock-${Math.random().toString(36).slice(2, 10)}`;
    const patronRequest = emitIso18626({
      kind: 'request',
      header: {
        supplyingAgencyId: { agencyIdType: { value: 'ISIL' }, agencyIdValue: librarySymbol },
        requestingAgencyId: { agencyIdType: { value: 'ISIL' }, agencyIdValue: MOCK_SYMBOL },
        multipleItemRequestId: '',
        timestamp: new Date().toISOString(),
        requestingAgencyRequestId: id,
      },
      bibliographicInfo: { title: `Lent to the mock (${note || 'plain'})` },
      serviceInfo: {
        requestType: 'New',
        requestSubType: ['PatronRequest'],
        serviceType,
        ...(note ? { note } : {}),
      },
    });
    const answer = await fetch(`${mock.url}/iso18626`, {
      method: 'POST',
      headers: { 'content-type': 'application/xml' },
      body: patronRequest,
    });
    expect(await answer.text()).toContain('OK');
    return until(
      () =>
        database.db
          .selectFrom('request')
          .select('id')
          .where('partner_request_id', 'like', `${id}%`)
          .executeTakeFirst(),
      (row) => row !== undefined,
      'the mock’s request to arrive',
    ).then((row) => (row as { id: string }).id);
  }

  const lending = (id: string) => services.requests.detail(staff, id);

  it('lends to the mock: ship, it receives and returns, Interlend checks the item in', async () => {
    const id = await lendTo('');
    await act(id, { action: 'shipped', data: { serviceType: 'loan', dueDate: '2027-01-31' } });
    await until(
      () => lending(id),
      (page) => page.rota[0]?.transaction?.returnRecorded === true,
      'the return',
    );
    const done = await act(id, { action: 'checked-in' });
    expect(done.rota[0]?.transaction?.state).toBe('checked_in');
  });

  it('#CANCEL#: the mock cancels after the first answer, and Interlend agrees', async () => {
    const id = await lendTo('#CANCEL#');
    await act(id, { action: 'answer-will-supply' });
    await until(
      () => lending(id),
      (page) => page.rota[0]?.transaction?.state === 'cancel_pending',
      'the Cancel',
    );
    const done = await act(id, { action: 'cancel-reply-yes' });
    expect(done.rota[0]?.transaction?.state).toBe('cancelled');
    await workers.outbox.runDue();
  });

  it('#RENEW#: told the loan is overdue, the mock asks to renew, and Interlend agrees', async () => {
    const id = await lendTo('#RENEW#');
    await act(id, { action: 'shipped', data: { serviceType: 'loan', dueDate: '2026-12-01' } });
    await until(
      () => lending(id),
      (page) => page.rota[0]?.transaction?.receiptRecorded === true,
      'the receipt',
    );
    await act(id, { action: 'overdue' });
    await until(
      () => lending(id),
      (page) => page.rota[0]?.transaction?.state === 'renew_pending',
      'the Renew',
    );
    await act(id, { action: 'renew-reply-yes', data: { dueDate: '2027-01-15' } });
    await until(
      () => lending(id),
      (page) => page.rota[0]?.transaction?.returnRecorded === true,
      'the return',
    );
  });

  it('#RECALL: the mock keeps the item until Interlend recalls it', async () => {
    const id = await lendTo('#RECALL');
    await act(id, { action: 'shipped', data: { serviceType: 'loan', dueDate: '2027-01-31' } });
    await until(
      () => lending(id),
      (page) => page.rota[0]?.transaction?.receiptRecorded === true,
      'the receipt',
    );
    await act(id, { action: 'recall' });
    await until(
      () => lending(id),
      (page) => page.rota[0]?.transaction?.returnRecorded === true,
      'the return',
    );
    expect((await act(id, { action: 'checked-in' })).rota[0]?.transaction?.state).toBe('checked_in');
  });
});
