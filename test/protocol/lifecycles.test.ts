/**
 * Libraries of one deployment talking ISO 18626 through the deployment's own /iso18626 endpoint over
 * real HTTP, the same path as remote partners: full loan and copy lifecycles and every branch the
 * protocol has, with both parties' states checked after each exchange and every message sent valid
 * against the v1.2 schema.
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

  async function borrow(details: typeof book | typeof article = book, rota = ['B']) {
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

  it('answers an exact repeat with the same confirmation and changes nothing', async () => {
    const requestId = await borrow();
    const lendingId = await lendingAt('B', requestId);
    await lenderDoes(lendingId, { action: 'shipped', data: { serviceType: 'loan', dueDate: '2027-01-15' } });
    const last = consortium.sent.at(-1);
    if (last === undefined) throw new Error('nothing was sent');
    const historyBefore = (await states(requestId, lendingId)).borrowing.history.length;
    const first = await fetch(last.url, {
      method: 'POST',
      headers: { 'content-type': 'application/xml' },
      body: last.body,
    });
    const second = await fetch(last.url, {
      method: 'POST',
      headers: { 'content-type': 'application/xml' },
      body: last.body,
    });
    const [firstText, secondText] = [await first.text(), await second.text()];
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
    const answer = await (
      await fetch(`${consortium.base}/iso18626`, {
        method: 'POST',
        headers: { 'content-type': 'application/xml' },
        body,
      })
    ).text();
    expect(answer).toContain('<messageStatus>ERROR</messageStatus>');
    expect(answer).toContain('UnrecognisedDataValue');
    const page = await consortium.services.requests.detail(consortium.member('A').staff, requestId);
    expect(page.attention).toMatch(/cannot be applied/);
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
    const answer = await (
      await fetch(`${consortium.base}/iso18626`, {
        method: 'POST',
        headers: { 'content-type': 'text/xml' },
        body,
      })
    ).text();
    expect(answer).toContain('<messageStatus>ERROR</messageStatus>');
    expect(answer).toContain('STRANGER is not an ISO 18626 partner');
  });

  describe.skipIf(!XMLLINT_AVAILABLE && !ON_CI)('the messages sent', () => {
    it('all validate against the ISO 18626 v1.2 schema', () => {
      expect(consortium.sent.length).toBeGreaterThan(30);
      const verdicts = validateWithXmllint(
        schemaV12Path(),
        new Map(consortium.sent.map((entry, index) => [`message ${index}`, entry.body])),
      );
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
