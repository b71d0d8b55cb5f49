/**
 * Libraries of one deployment talking ISO 18626 through the deployment's own /iso18626 endpoint over
 * real HTTP, the same path as remote partners: full loan and copy lifecycles and every branch the
 * protocol has (holds, status queries, notes, losses on either side, the timers that end a transaction),
 * with both parties' states checked after each exchange, and every message sent and every confirmation
 * returned valid against the v1.2 schema.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schemaV12Path, ON_CI } from '../../src/iso18626/testing/reference.ts';
import { validateWithXmllint, XMLLINT_AVAILABLE } from '../../src/iso18626/testing/xmllint.ts';
import type { ActionBody } from '../../src/requests/request.schemas.ts';
import { startConsortium } from '../support/consortium.ts';
import type { Consortium } from '../support/consortium.ts';
import { describeEachDatabase } from '../support/databases.ts';

const book = {
  type: 'book',
  serviceType: 'loan',
  title: 'Gödel, Escher, Bach',
  author: 'Douglas Hofstadter',
  isbn: '978-0465026562',
} as const;
const article = {
  type: 'article',
  serviceType: 'copy',
  title: 'Nature',
  articleTitle: 'Molecular structure of nucleic acids',
  volume: '171',
  pages: '737-738',
  year: '1953',
} as const;

describeEachDatabase('ISO 18626 between libraries of one deployment', (database) => {
  let consortium: Consortium;

  beforeAll(async () => {
    consortium = await startConsortium(database.db, ['A', 'B', 'C']);
  });
  afterAll(async () => {
    await consortium?.close();
  });

  async function act(symbol: string, requestId: string, body: ActionBody) {
    return (await consortium.services.requests.act(consortium.member(symbol).staff, requestId, body, null))
      .body;
  }

  async function borrow(
    details: typeof book | typeof article | (typeof book & { needBefore: string }) = book,
    rota = ['B'],
  ) {
    const borrower = consortium.member('A');
    const { body } = await consortium.services.requests.create(
      borrower.staff,
      { details, rota: rota.map((symbol) => borrower.partners.get(symbol)?.id ?? '') },
      null,
    );
    await act('A', body.id, { action: 'confirm' });
    await consortium.deliver();
    return body.id;
  }

  async function lendingAt(symbol: string, borrowingId: string): Promise<string> {
    const reference = await database.db
      .selectFrom('transaction')
      .select('local_reference')
      .where('request_id', '=', borrowingId)
      .orderBy('rota_position', 'desc')
      .executeTakeFirstOrThrow();
    const row = await database.db
      .selectFrom('request')
      .select('id')
      .where('library_id', '=', consortium.member(symbol).library.id)
      .where('partner_request_id', '=', reference.local_reference)
      .executeTakeFirstOrThrow();
    return row.id;
  }

  async function states(borrowingId: string, lendingId: string) {
    const borrowing = await consortium.services.requests.detail(consortium.member('A').staff, borrowingId);
    const current = borrowing.rota.filter((entry) => entry.transaction !== null).at(-1)?.transaction;
    const lender =
      lendingId === ''
        ? null
        : await consortium.services.requests.detail(consortium.member('B').staff, lendingId);
    return {
      status: borrowing.status,
      borrower: current?.state,
      lender: lender?.rota[0]?.transaction?.state,
      borrowing,
      lending: lender,
    };
  }

  async function lenderDoes(lendingId: string, body: ActionBody) {
    await act('B', lendingId, body);
    await consortium.deliver();
  }

  async function borrowerDoes(borrowingId: string, body: ActionBody) {
    await act('A', borrowingId, { rotaPosition: 0, ...body });
    await consortium.deliver();
  }

  it('runs a loan from request to check-in, with a renewal, and both parties agree at every step', async () => {
    const requestId = await borrow();
    const lendingId = await lendingAt('B', requestId);
    expect(await states(requestId, lendingId)).toMatchObject({
      status: 'requested',
      borrower: 'pending',
      lender: 'in_process',
    });
    await lenderDoes(lendingId, { action: 'answer-will-supply' });
    expect(await states(requestId, lendingId)).toMatchObject({ borrower: 'pending', lender: 'in_process' });
    await lenderDoes(lendingId, {
      action: 'shipped',
      data: { serviceType: 'loan', dueDate: '2027-01-15', itemId: 'B-000123' },
    });
    let now = await states(requestId, lendingId);
    expect(now).toMatchObject({ borrower: 'shipped', lender: 'shipped' });
    expect(now.borrowing.rota[0]?.transaction?.dueDate).toBe('2027-01-15');
    await borrowerDoes(requestId, { action: 'received' });
    now = await states(requestId, lendingId);
    expect(now).toMatchObject({ borrower: 'received', lender: 'shipped' });
    expect(now.lending?.rota[0]?.transaction?.receiptRecorded).toBe(true);
    await borrowerDoes(requestId, { action: 'renew', data: { desiredDueDate: '2027-02-15' } });
    expect(await states(requestId, lendingId)).toMatchObject({
      borrower: 'renew_pending',
      lender: 'renew_pending',
    });
    await lenderDoes(lendingId, { action: 'renew-reply-yes', data: { dueDate: '2027-02-15' } });
    now = await states(requestId, lendingId);
    expect(now).toMatchObject({ borrower: 'received', lender: 'shipped' });
    expect(now.borrowing.rota[0]?.transaction?.dueDate).toBe('2027-02-15');
    await borrowerDoes(requestId, { action: 'returned' });
    now = await states(requestId, lendingId);
    expect(now).toMatchObject({ borrower: 'returned', lender: 'shipped' });
    expect(now.lending?.rota[0]?.transaction?.returnRecorded).toBe(true);
    await lenderDoes(lendingId, { action: 'checked-in' });
    expect(await states(requestId, lendingId)).toMatchObject({
      borrower: 'checked_in',
      lender: 'checked_in',
    });
  });

  it('delivers a copy: the lender’s transaction ends at Shipped, the borrower’s at Received', async () => {
    const requestId = await borrow(article);
    const lendingId = await lendingAt('B', requestId);
    await lenderDoes(lendingId, { action: 'shipped', data: { serviceType: 'copy' } });
    await borrowerDoes(requestId, { action: 'received' });
    const now = await states(requestId, lendingId);
    expect(now).toMatchObject({ borrower: 'received', lender: 'shipped' });
    expect(now.borrowing.rota[0]?.transaction?.shippedServiceType).toBe('copy');
  });

  it('names in each side’s history the message each step sent and the one it took in', async () => {
    const requestId = await borrow(article);
    const lendingId = await lendingAt('B', requestId);
    await lenderDoes(lendingId, { action: 'shipped', data: { serviceType: 'copy' } });
    const now = await states(requestId, lendingId);
    const steps = (history: typeof now.borrowing.history) =>
      history.map((entry) => [entry.machine, entry.event.name, entry.message.received, entry.message.sent]);
    expect(steps(now.borrowing.history)).toEqual(
      expect.arrayContaining([
        ['requester', 'send-to-supplier', null, 'request'],
        ['requester', 'shipped', 'shipped', null],
      ]),
    );
    expect(steps(now.lending?.history ?? [])).toEqual([
      ['responder', 'request', 'request', null],
      ['responder', 'shipped', null, 'shipped'],
    ]);
  });

  it('accepts a lender’s conditions with a Retry request, and the loan goes on', async () => {
    const requestId = await borrow();
    const lendingId = await lendingAt('B', requestId);
    await lenderDoes(lendingId, {
      action: 'answer-conditional',
      data: { conditions: 'Library use only', replyBy: '2026-12-05' },
    });
    let now = await states(requestId, lendingId);
    expect(now).toMatchObject({ borrower: 'conditional', lender: 'conditional' });
    expect(now.borrowing.rota[0]?.transaction?.conditions).toContain('Library use only');
    await borrowerDoes(requestId, { action: 'conditional-reply-yes' });
    now = await states(requestId, lendingId);
    expect(now).toMatchObject({ borrower: 'pending', lender: 'in_process' });
  });

  it('rejects a lender’s conditions: both end Not Supplied and the rota moves on', async () => {
    const requestId = await borrow(book, ['B', 'C']);
    const lendingId = await lendingAt('B', requestId);
    await lenderDoes(lendingId, {
      action: 'answer-conditional',
      data: { conditions: 'Fee of 20 EUR', cost: { amount: '20.00', currency: 'EUR' } },
    });
    await borrowerDoes(requestId, { action: 'conditional-reply-no' });
    const now = await states(requestId, lendingId);
    expect(now.lender).toBe('not_supplied');
    expect(now.borrowing.rota.map((entry) => entry.transaction?.state)).toEqual(['not_supplied', 'pending']);
    expect(await lendingAt('C', requestId)).toBeTruthy();
  });

  it('cancels when the lender agrees, and keeps going when the lender refuses', async () => {
    const agreed = await borrow();
    const agreedLending = await lendingAt('B', agreed);
    await borrowerDoes(agreed, { action: 'cancel' });
    expect(await states(agreed, agreedLending)).toMatchObject({
      borrower: 'cancel_pending',
      lender: 'cancel_pending',
    });
    await lenderDoes(agreedLending, { action: 'cancel-reply-yes' });
    expect(await states(agreed, agreedLending)).toMatchObject({
      status: 'end_of_rota',
      borrower: 'cancelled',
      lender: 'cancelled',
    });

    const refused = await borrow();
    const refusedLending = await lendingAt('B', refused);
    await borrowerDoes(refused, { action: 'cancel' });
    await lenderDoes(refusedLending, { action: 'cancel-reply-no', data: { note: 'Already packed' } });
    expect(await states(refused, refusedLending)).toMatchObject({
      status: 'requested',
      borrower: 'pending',
      lender: 'in_process',
    });
  });

  it('refuses a renewal, recalls a loan, and sends Overdue when the due date passes', async () => {
    const requestId = await borrow();
    const lendingId = await lendingAt('B', requestId);
    await lenderDoes(lendingId, { action: 'shipped', data: { serviceType: 'loan', dueDate: '2026-12-20' } });
    await borrowerDoes(requestId, { action: 'received' });
    await borrowerDoes(requestId, { action: 'renew' });
    await lenderDoes(lendingId, { action: 'renew-reply-no' });
    expect(await states(requestId, lendingId)).toMatchObject({ borrower: 'received', lender: 'shipped' });
    consortium.clock.set('2026-12-21T08:00:00Z');
    await consortium.workers.timers.runDue();
    await consortium.deliver();
    expect(await states(requestId, lendingId)).toMatchObject({ borrower: 'overdue', lender: 'shipped' });
    await lenderDoes(lendingId, { action: 'recall', data: { note: 'Needed for a course reserve' } });
    expect(await states(requestId, lendingId)).toMatchObject({ borrower: 'recall', lender: 'shipped' });
    await borrowerDoes(requestId, { action: 'returned' });
    await lenderDoes(lendingId, { action: 'checked-in' });
    expect(await states(requestId, lendingId)).toMatchObject({
      borrower: 'checked_in',
      lender: 'checked_in',
    });
    consortium.clock.set('2026-11-25T09:00:00Z');
  });

  it('declares a loan lost on both sides, and reports damage without a change of state', async () => {
    const requestId = await borrow();
    const lendingId = await lendingAt('B', requestId);
    await lenderDoes(lendingId, { action: 'shipped', data: { serviceType: 'loan', dueDate: '2027-01-15' } });
    await borrowerDoes(requestId, { action: 'received' });
    await borrowerDoes(requestId, { action: 'damaged', data: { note: 'Spine cracked on arrival' } });
    let now = await states(requestId, lendingId);
    expect(now).toMatchObject({ borrower: 'received', lender: 'shipped' });
    expect(now.lending?.notes.map((note) => note.text).join(' ')).toContain('Spine cracked on arrival');
    await borrowerDoes(requestId, { action: 'lost', data: { note: 'Left on a train' } });
    now = await states(requestId, lendingId);
    expect(now).toMatchObject({ borrower: 'lost', lender: 'lost' });
  });

  it('goes along the rota to the end when no supplier can supply', async () => {
    const requestId = await borrow(book, ['B', 'C']);
    const atB = await lendingAt('B', requestId);
    await lenderDoes(atB, { action: 'answer-nonsupply', data: { reason: 'NotHeld' } });
    const atC = await lendingAt('C', requestId);
    await act('C', atC, {
      action: 'answer-locations-provided',
      data: { locations: 'Try the national library' },
    });
    await consortium.deliver();
    const page = await consortium.services.requests.detail(consortium.member('A').staff, requestId);
    expect(page.status).toBe('end_of_rota');
    expect(page.rota.map((entry) => entry.transaction?.state)).toEqual(['not_supplied', 'not_supplied']);
  });

  it('answers Retry: RetryPossible with the reason, the date to ask after and the item, and the rota moves on', async () => {
    const requestId = await borrow({ ...book, needBefore: '2027-03-01' }, ['B', 'C']);
    const lendingId = await lendingAt('B', requestId);
    const lenderTimers = () =>
      database.db.selectFrom('timer').select('name').where('request_id', '=', lendingId).execute();
    expect(await lenderTimers()).toEqual([{ name: 'need-before' }]);
    await lenderDoes(lendingId, {
      action: 'answer-retry',
      data: {
        reason: 'OnLoan',
        estimatedDateAvailable: '2026-12-15',
        itemId: 'B-000456',
        cost: { amount: '5.00', currency: 'EUR' },
        note: 'Back from a local reader in December',
      },
    });
    const now = await states(requestId, lendingId);
    expect(now.lender).toBe('not_supplied');
    expect(await lenderTimers()).toEqual([]);
    expect(now.borrowing.rota.map((entry) => entry.transaction?.state)).toEqual(['not_supplied', 'pending']);
    expect(await lendingAt('C', requestId)).toBeTruthy();
    // The borrower keeps what a retry would need.
    expect(now.borrowing.history).toContainEqual(
      expect.objectContaining({
        actor: expect.objectContaining({ kind: 'partner' }),
        rotaPosition: 0,
        event: { kind: 'message', name: 'answer-retry' },
        from: 'pending',
        to: 'not_supplied',
        note: 'Back from a local reader in December',
        data: {
          reason: 'OnLoan',
          estimatedDateAvailable: '2026-12-15',
          itemId: 'B-000456',
          cost: { amount: '5.00', currency: 'EUR' },
        },
      }),
    );
    expect(now.lending?.history.at(-1)).toMatchObject({
      event: { kind: 'action', name: 'answer-retry' },
      from: 'in_process',
      to: 'not_supplied',
    });
    const sent = lastSent('<status>RetryPossible</status>');
    expect(sent).toContain('<reasonRetry>OnLoan</reasonRetry>');
    expect(sent).toContain('<retryAfter>2026-12-15T00:00:00Z</retryAfter>');
    expect(sent).toContain('<itemId>B-000456</itemId>');
    expect(sent).toMatch(
      /<offeredCosts>\s*<currencyCode>EUR<\/currencyCode>\s*<monetaryValue>5.00<\/monetaryValue>/,
    );
  });

  it('terminates a request: the current supplier is asked to cancel and nothing more is sent along the rota', async () => {
    const requestId = await borrow(book, ['B', 'C']);
    const lendingId = await lendingAt('B', requestId);
    await act('A', requestId, { action: 'terminate-request' });
    await consortium.deliver();
    await lenderDoes(lendingId, { action: 'cancel-reply-yes' });
    const now = await states(requestId, lendingId);
    expect(now).toMatchObject({ status: 'terminated', borrower: 'cancelled', lender: 'cancelled' });
    expect(now.borrowing.rota[1]?.transaction).toBeNull();
  });

  /** Messages posted to the endpoint by hand, as a partner would, with Interlend's confirmations. */
  const postedByHand: { body: string; confirmation: string }[] = [];

  async function postByHand(body: string, contentType = 'application/xml'): Promise<string> {
    const response = await fetch(`${consortium.base}/iso18626`, {
      method: 'POST',
      headers: { 'content-type': contentType },
      body,
    });
    const confirmation = await response.text();
    postedByHand.push({ body, confirmation });
    return confirmation;
  }

  /** The last message Interlend sent whose body contains `text`. */
  function lastSent(text: string): string {
    const entry = consortium.sent.filter((sent) => sent.body.includes(text)).at(-1);
    if (entry === undefined) throw new Error(`no message sent with ${text}`);
    return entry.body;
  }

  it('tells the borrower of a hold placed with ExpectToSupply, and both wait as they were', async () => {
    const requestId = await borrow();
    const lendingId = await lendingAt('B', requestId);
    await lenderDoes(lendingId, {
      action: 'answer-hold',
      data: { estimatedDateAvailable: '2026-12-10', note: 'On loan to a local reader' },
    });
    const now = await states(requestId, lendingId);
    expect(now).toMatchObject({ borrower: 'pending', lender: 'in_process' });
    expect(now.borrowing.history.at(-1)).toMatchObject({
      actor: { kind: 'partner' },
      event: { kind: 'message', name: 'answer-hold-placed' },
      data: { estimatedDateAvailable: '2026-12-10' },
    });
    expect(lastSent('<status>ExpectToSupply</status>')).toContain(
      '<expectedDeliveryDate>2026-12-10T00:00:00Z</expectedDeliveryDate>',
    );
    // The lender can still supply, and the loan goes on.
    await lenderDoes(lendingId, { action: 'shipped', data: { serviceType: 'loan', dueDate: '2027-01-15' } });
    expect(await states(requestId, lendingId)).toMatchObject({ borrower: 'shipped', lender: 'shipped' });
  });

  it('asks the lender with Status Query: its StatusRequestResponse is recorded by the borrower, and nothing changes', async () => {
    const requestId = await borrow();
    const lendingId = await lendingAt('B', requestId);
    await lenderDoes(lendingId, { action: 'shipped', data: { serviceType: 'loan', dueDate: '2027-01-15' } });
    const before = await states(requestId, lendingId);
    expect(before.borrowing.actions.map((action) => action.id)).toContain('status-query');
    await borrowerDoes(requestId, { action: 'status-query', data: { note: 'Has it left?' } });
    const after = await states(requestId, lendingId);
    expect(after).toMatchObject({ borrower: 'shipped', lender: 'shipped' });
    expect(after.lending?.history.at(-1)).toMatchObject({
      actor: { kind: 'partner' },
      event: { kind: 'message', name: 'status-query' },
      from: 'shipped',
      to: 'shipped',
      note: 'Has it left?',
    });
    expect(after.borrowing.history.slice(-2)).toMatchObject([
      {
        event: { kind: 'action', name: 'status-query' },
        from: 'shipped',
        to: 'shipped',
      },
      {
        actor: { kind: 'partner' },
        event: { kind: 'message', name: 'status-report' },
        from: 'shipped',
        to: 'shipped',
        data: { reportedStatus: 'Loaned', dueDate: '2027-01-15' },
      },
    ]);
    expect(after.borrowing.history).toHaveLength(before.borrowing.history.length + 2);
    // The report agrees with the borrower's record: nothing to look at.
    expect(after.borrowing.attention).toBeNull();
    expect(lastSent('<action>StatusRequest</action>')).toContain('<note>Has it left?</note>');
    const report = lastSent('<reasonForMessage>StatusRequestResponse</reasonForMessage>');
    expect(report).toContain('<status>Loaned</status>');
    expect(report).toContain('<dueDate>2027-01-15T23:59:59Z</dueDate>');
  });

  it('flags a status report that contradicts the borrower’s record, as after an answer that never arrived', async () => {
    const requestId = await borrow();
    const lendingId = await lendingAt('B', requestId);
    await act('B', lendingId, { action: 'answer-nonsupply', data: { reason: 'NotHeld' } });
    // The Unfilled is lost on its way: the lender's outbox thinks it went, the borrower never saw it.
    await database.db
      .updateTable('outbox_message')
      .set({ status: 'sent', sent_at: new Date() })
      .where('request_id', '=', lendingId)
      .where('message', '=', 'answer-unfilled')
      .execute();
    await consortium.deliver();
    expect(await states(requestId, lendingId)).toMatchObject({ borrower: 'pending', lender: 'not_supplied' });
    await borrowerDoes(requestId, { action: 'status-query' });
    const now = await states(requestId, lendingId);
    // Flagged, not moved: staff decide what the missing answer meant.
    expect(now).toMatchObject({ status: 'requested', borrower: 'pending', lender: 'not_supplied' });
    const reason = { code: 'status_disagreement', params: { reported: 'Unfilled', state: 'pending' } };
    expect(now.borrowing.attention).toEqual(reason);
    expect(now.borrowing.rota[0]?.transaction?.attention).toEqual(reason);
    expect(now.borrowing.history.at(-1)).toMatchObject({
      event: { name: 'status-report' },
      data: { reportedStatus: 'Unfilled' },
    });
  });

  it('carries a public note each way as a Notification, kept as an incoming note', async () => {
    const requestId = await borrow();
    const lendingId = await lendingAt('B', requestId);
    await lenderDoes(lendingId, {
      action: 'send-public-note',
      data: { note: 'The parcel goes out on Monday' },
    });
    await borrowerDoes(requestId, { action: 'send-public-note', data: { note: 'Thank you & see you' } });
    const now = await states(requestId, lendingId);
    expect(now).toMatchObject({ borrower: 'pending', lender: 'in_process' });
    expect(now.borrowing.notes).toContainEqual(
      expect.objectContaining({
        text: 'The parcel goes out on Monday',
        visibility: 'public',
        direction: 'incoming',
      }),
    );
    expect(now.lending?.notes).toContainEqual(
      expect.objectContaining({ text: 'Thank you & see you', visibility: 'public', direction: 'incoming' }),
    );
    expect(lastSent('<reasonForMessage>Notification</reasonForMessage>')).toContain(
      '<note>The parcel goes out on Monday</note>',
    );
    expect(lastSent('<action>Notification</action>')).toContain('<note>Thank you &amp; see you</note>');
  });

  it('lets the lender declare a loan lost: CompletedWithoutReturn, and both end Lost', async () => {
    const requestId = await borrow();
    const lendingId = await lendingAt('B', requestId);
    await lenderDoes(lendingId, { action: 'shipped', data: { serviceType: 'loan', dueDate: '2027-01-15' } });
    await borrowerDoes(requestId, { action: 'received' });
    await lenderDoes(lendingId, { action: 'lost', data: { note: 'Not returned after three reminders' } });
    const now = await states(requestId, lendingId);
    expect(now).toMatchObject({ borrower: 'lost', lender: 'lost' });
    expect(now.borrowing.history.at(-1)).toMatchObject({
      actor: { kind: 'partner' },
      event: { name: 'lost' },
      from: 'received',
      to: 'lost',
    });
    const sent = lastSent('<status>CompletedWithoutReturn</status>');
    expect(sent).toContain('#Lost#');
    expect(sent).toContain('Not returned after three reminders');
  });

  it('declines conditions left unanswered by their reply-by date, and the rota moves on', async () => {
    const requestId = await borrow(book, ['B', 'C']);
    const lendingId = await lendingAt('B', requestId);
    await lenderDoes(lendingId, {
      action: 'answer-conditional',
      data: { conditions: 'Reading room only', replyBy: '2026-11-26' },
    });
    expect(await states(requestId, lendingId)).toMatchObject({
      borrower: 'conditional',
      lender: 'conditional',
    });
    try {
      consortium.clock.set('2026-11-26T23:00:00Z');
      await consortium.workers.timers.runDue();
      await consortium.deliver();
      expect((await states(requestId, lendingId)).borrower).toBe('conditional');
      consortium.clock.set('2026-11-27T01:00:00Z');
      await consortium.workers.timers.runDue();
      await consortium.deliver();
      const now = await states(requestId, lendingId);
      expect(now.lender).toBe('not_supplied');
      expect(now.borrowing.rota.map((entry) => entry.transaction?.state)).toEqual([
        'not_supplied',
        'pending',
      ]);
      expect(now.borrowing.history).toContainEqual(
        expect.objectContaining({
          actor: expect.objectContaining({ kind: 'timer' }),
          event: { kind: 'timer', name: 'conditional-reply' },
          from: 'conditional',
          to: 'not_supplied',
        }),
      );
      expect(now.lending?.history.at(-1)).toMatchObject({
        event: { name: 'conditional-reply-no' },
        to: 'not_supplied',
      });
      expect(await lendingAt('C', requestId)).toBeTruthy();
    } finally {
      consortium.clock.set('2026-11-25T09:00:00Z');
    }
  });

  it('ends the transaction when the lender’s need-before timer fires: Unfilled, marked expired', async () => {
    const requestId = await borrow({ ...book, needBefore: '2026-11-26' });
    const lendingId = await lendingAt('B', requestId);
    const lenderTimer = await database.db
      .selectFrom('timer')
      .select(['due_at'])
      .where('request_id', '=', lendingId)
      .where('name', '=', 'need-before')
      .executeTakeFirstOrThrow();
    expect(lenderTimer.due_at).toEqual(new Date('2026-11-27T00:00:00Z'));
    // The borrower's own need-before timer would end the request at the same moment; take it away, as
    // for a borrowing system that keeps none, so that the lender's expiry is what ends the transaction.
    await database.db
      .deleteFrom('timer')
      .where('request_id', '=', requestId)
      .where('name', '=', 'need-before')
      .execute();
    try {
      consortium.clock.set('2026-11-27T01:00:00Z');
      await consortium.workers.timers.runDue();
      await consortium.deliver();
      const now = await states(requestId, lendingId);
      expect(now).toMatchObject({ status: 'end_of_rota', borrower: 'not_supplied', lender: 'not_supplied' });
      expect(now.lending?.history.at(-1)).toMatchObject({
        event: { kind: 'timer', name: 'need-before' },
        from: 'in_process',
        to: 'not_supplied',
      });
      expect(now.borrowing.history).toContainEqual(
        expect.objectContaining({ event: { kind: 'message', name: 'expired' }, to: 'not_supplied' }),
      );
      const sent = lastSent('#Expired#');
      expect(sent).toContain('<status>Unfilled</status>');
    } finally {
      consortium.clock.set('2026-11-25T09:00:00Z');
    }
  });

  it('answers an exact repeat with the same confirmation and changes nothing', async () => {
    const requestId = await borrow();
    const lendingId = await lendingAt('B', requestId);
    await lenderDoes(lendingId, { action: 'shipped', data: { serviceType: 'loan', dueDate: '2027-01-15' } });
    const last = consortium.sent.at(-1);
    if (last === undefined) throw new Error('nothing was sent');
    const historyBefore = (await states(requestId, lendingId)).borrowing.history.length;
    const firstText = await postByHand(last.body);
    const secondText = await postByHand(last.body);
    expect(firstText).toContain('<messageStatus>OK</messageStatus>');
    expect(secondText).toBe(firstText);
    expect((await states(requestId, lendingId)).borrowing.history.length).toBe(historyBefore);
  });

  it('refuses a message the transaction cannot take with an error confirmation and flags the request', async () => {
    const requestId = await borrow();
    const lendingId = await lendingAt('B', requestId);
    const request = consortium.sent.find(
      (entry) => entry.body.includes('<request>') || entry.body.includes(':request>'),
    );
    expect(request).toBeDefined();
    // A renewal answer for a loan never shipped cannot be applied: say so, and show staff why.
    const reference =
      (await states(requestId, lendingId)).borrowing.rota[0]?.transaction?.partnerReference ?? '';
    const a = consortium.member('A').library.symbol;
    const b = consortium.member('B').library.symbol;
    const local = await database.db
      .selectFrom('transaction')
      .select('local_reference')
      .where('request_id', '=', requestId)
      .executeTakeFirstOrThrow();
    const body = `<?xml version="1.0" encoding="UTF-8"?>
<ISO18626Message xmlns="http://illtransactions.org/2013/iso18626" version="1.2">
  <supplyingAgencyMessage>
    <header>
      <supplyingAgencyId><agencyIdType>ISIL</agencyIdType><agencyIdValue>${b}</agencyIdValue></supplyingAgencyId>
      <requestingAgencyId><agencyIdType>ISIL</agencyIdType><agencyIdValue>${a}</agencyIdValue></requestingAgencyId>
      <timestamp>2026-11-25T10:00:00Z</timestamp>
      <requestingAgencyRequestId>${local.local_reference}</requestingAgencyRequestId>
      <supplyingAgencyRequestId>${reference}</supplyingAgencyRequestId>
    </header>
    <messageInfo><reasonForMessage>RenewResponse</reasonForMessage><answerYesNo>Y</answerYesNo></messageInfo>
    <statusInfo><status>Loaned</status><dueDate>2027-03-01T00:00:00Z</dueDate><lastChange>2026-11-25T10:00:00Z</lastChange></statusInfo>
  </supplyingAgencyMessage>
</ISO18626Message>`;
    const answer = await postByHand(body);
    expect(answer).toContain('<messageStatus>ERROR</messageStatus>');
    expect(answer).toContain('UnrecognisedDataValue');
    const page = await consortium.services.requests.detail(consortium.member('A').staff, requestId);
    expect(page.attention).toEqual({
      code: 'partner_message_refused',
      params: {
        partner: b,
        message: 'RenewResponse Loaned',
        event: 'renew-reply-yes',
        role: 'requester',
        state: 'pending',
        refusal: 'not_allowed_in_state',
        rule: 'G2 state-transition-prohibited',
      },
    });
    expect(page.rota[0]?.transaction?.attention).toEqual(page.attention);
    expect(page.rota[0]?.transaction?.state).toBe('pending');
  });

  it('refuses a message from a library that is not a partner', async () => {
    const a = consortium.member('A').library.symbol;
    const body = `<?xml version="1.0"?>
<ISO18626Message xmlns="http://illtransactions.org/2013/iso18626" version="1.2"><requestingAgencyMessage><header>
<supplyingAgencyId><agencyIdType>ISIL</agencyIdType><agencyIdValue>${a}</agencyIdValue></supplyingAgencyId>
<requestingAgencyId><agencyIdType>ISIL</agencyIdType><agencyIdValue>STRANGER</agencyIdValue></requestingAgencyId>
<timestamp>2026-11-25T10:00:00Z</timestamp><requestingAgencyRequestId>X-1</requestingAgencyRequestId>
</header><action>Cancel</action></requestingAgencyMessage></ISO18626Message>`;
    const answer = await postByHand(body, 'text/xml');
    expect(answer).toContain('<messageStatus>ERROR</messageStatus>');
    expect(answer).toContain('STRANGER is not an ISO 18626 partner');
  });

  it('had every message it sent between its libraries confirmed OK', () => {
    const refused = consortium.sent.filter(
      (entry) =>
        entry.status !== 200 || !(entry.confirmation ?? '').includes('<messageStatus>OK</messageStatus>'),
    );
    expect(refused.map((entry) => `${entry.status}: ${entry.confirmation}`)).toEqual([]);
  });

  describe.skipIf(!XMLLINT_AVAILABLE && !ON_CI)('the messages sent and the confirmations returned', () => {
    it('all messages validate against the ISO 18626 v1.2 schema', () => {
      expect(consortium.sent.length).toBeGreaterThan(30);
      const verdicts = validateWithXmllint(
        schemaV12Path(),
        new Map(consortium.sent.map((entry, index) => [`message ${index}`, entry.body])),
      );
      expect(verdicts.filter((verdict) => !verdict.valid)).toEqual([]);
    });

    it('every confirmation Interlend returned, to its libraries and to messages posted by hand, validates too', () => {
      const confirmations = new Map([
        ...consortium.sent.map((entry, index): [string, string] => [
          `confirmation of message ${index}`,
          entry.confirmation ?? '',
        ]),
        ...postedByHand.map((entry, index): [string, string] => [
          `confirmation of hand-posted message ${index}`,
          entry.confirmation,
        ]),
      ]);
      expect(confirmations.size).toBeGreaterThan(30);
      const verdicts = validateWithXmllint(schemaV12Path(), confirmations);
      expect(verdicts.filter((verdict) => !verdict.valid)).toEqual([]);
    });
  });
});

describeEachDatabase('ISO 18626 partners with credentials', (database) => {
  it('authenticates each partner with its own credential and refuses a wrong one', async () => {
    const consortium = await startConsortium(database.db, ['A', 'B'], { credentials: true });
    try {
      const borrower = consortium.member('A');
      const { body } = await consortium.services.requests.create(
        borrower.staff,
        { details: book, rota: [borrower.partners.get('B')?.id ?? ''] },
        null,
      );
      await consortium.services.requests.act(borrower.staff, body.id, { action: 'confirm' }, null);
      await consortium.deliver();
      const page = await consortium.services.requests.detail(borrower.staff, body.id);
      expect(page.rota[0]?.transaction?.state).toBe('pending');
      const lending = await database.db
        .selectFrom('request')
        .select('id')
        .where('library_id', '=', consortium.member('B').library.id)
        .execute();
      expect(lending).toHaveLength(1);

      const forged = consortium.sent[0]?.body ?? '';
      const response = await fetch(`${consortium.base}/iso18626`, {
        method: 'POST',
        headers: { 'content-type': 'application/xml', authorization: 'Bearer wrong' },
        body: forged.replace(
          /<ill:securityCode>[^<]*<\/ill:securityCode>|<securityCode>[^<]*<\/securityCode>/,
          '',
        ),
      });
      expect(response.status).toBe(401);
      expect(await response.text()).toContain('credential is missing or wrong');
    } finally {
      await consortium.close();
    }
  });
});
