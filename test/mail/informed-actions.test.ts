/**
 * The Informed actions end to end, over HTTP, real PostgreSQL and a real SMTP server on loopback:
 * what staff record of an email partner's answers is kept and shown to staff (never to patrons), Not
 * Supplied by every supplier ends the rota and tells the patron, a renewal is recorded, and on the
 * lending side the borrower's Cancelled, Received and Returned are recorded. Then what mail does
 * around them: a request change commits while the SMTP server refuses everything, a library's own
 * SMTP server is used instead of SMTP_URL's, and notices not yet written survive a restart.
 */
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { ManualClock } from '../../src/clock.ts';
import { createDatabase } from '../../src/db/database.ts';
import type { Library, Partner } from '../../src/db/schema.ts';
import { createMailWorker } from '../../src/mail/mail-worker.ts';
import type { MailWorker } from '../../src/mail/mail-worker.ts';
import type { App } from '../../src/server/app.ts';
import type { Workers } from '../../src/workers/workers.ts';
import { describeEachDatabase } from '../support/databases.ts';
import { openEmailPartnerDesk, type EmailPartnerDesk } from './email-partner-desk.ts';
import { patronSession } from '../support/factories.ts';
import type { TestPatron, TestSession } from '../support/factories.ts';
import { startTestSmtpServer } from '../support/smtp-server.ts';
import type { TestSmtpServer } from '../support/smtp-server.ts';

type Headers = Record<string, string>;

interface HistoryEntry {
  event: { kind: string; name: string };
  rotaPosition: number | null;
  note: string | null;
  data?: Record<string, unknown>;
}

interface Page {
  id: string;
  reference: string;
  status: string | null;
  history: HistoryEntry[];
  rota: {
    transaction: {
      state: string;
      dueDate: string | null;
      receiptRecorded: boolean;
      returnRecorded: boolean;
    } | null;
  }[];
}

const MINUTE = 60_000;
const book = {
  type: 'book',
  serviceType: 'loan',
  title: 'Le Ventre de Paris',
  author: 'Émile Zola',
} as const;

describeEachDatabase('the Informed actions and the mail around them', (database) => {
  const clock = new ManualClock('2026-11-25T09:00:00Z');
  let smtp: TestSmtpServer;
  let app: App;
  let mailWorker: MailWorker;
  let workers: Workers;
  let library: Library;
  let staff: Headers;
  let partners: Partner[];

  let desk: EmailPartnerDesk;

  beforeAll(async () => {
    desk = await openEmailPartnerDesk(database.db, clock);
    ({ smtp, app, mailWorker, workers, library, staff } = desk);
    partners = [...desk.partners];
  });
  afterAll(async () => {
    await desk.close();
  });
  beforeEach(() => {
    smtp.received.length = 0;
    smtp.refuseNext(0, 250, '');
  });

  /** Deliver every outgoing message and send every mail due now. */
  async function settle(worker: MailWorker = mailWorker): Promise<void> {
    for (let round = 0; round < 10; round++) {
      const delivered = await workers.outbox.runDue();
      const mail = await worker.runOnce();
      if (delivered === 0 && mail.sent + mail.noticesRendered + mail.retried === 0) return;
    }
  }

  async function act(requestId: string, body: object, headers: Headers = staff): Promise<Page> {
    const response = await app.inject({
      method: 'POST',
      url: `/api/requests/${requestId}/actions`,
      headers,
      payload: body,
    });
    expect(response.statusCode, response.body).toBe(200);
    return response.json();
  }

  async function page(requestId: string, headers: Headers = staff, url = `/api/requests/${requestId}`) {
    const response = await app.inject({ method: 'GET', url, headers });
    expect(response.statusCode, response.body).toBe(200);
    return response.json() as Page;
  }

  /** The history entry an action wrote. */
  function entryOf(detail: Page, action: string): HistoryEntry | undefined {
    return detail.history.find((entry) => entry.event.kind === 'action' && entry.event.name === action);
  }

  type PatronLogin = TestSession<unknown> & { patron: TestPatron };

  /** An email request for a new patron, with the partners of `rota` to ask in turn. */
  async function newRequest(rota: readonly Partner[]): Promise<{ request: Page; patron: PatronLogin }> {
    const patron = await patronSession(app, database.db, library, { name: 'Ada Reader' });
    const created = await app.inject({
      method: 'POST',
      url: '/api/requests',
      headers: staff,
      payload: {
        details: { ...book, patronId: patron.patron.id },
        backend: 'email',
        rota: rota.map((partner) => partner.id),
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    return { request: created.json(), patron };
  }

  /** As {@link newRequest}, confirmed, so that the rota's first partner is emailed the request. */
  async function confirmedRequest(rota: readonly Partner[]): Promise<{ request: Page; patron: PatronLogin }> {
    const { request, patron } = await newRequest(rota);
    return { request: await act(request.id, { action: 'confirm' }), patron };
  }

  async function recordEmailedRequest(partnerRequestId: string): Promise<Page> {
    const response = await app.inject({
      method: 'POST',
      url: '/api/lending/requests',
      headers: staff,
      payload: { partnerId: partners[1]?.id, partnerRequestId, details: book },
    });
    expect(response.statusCode, response.body).toBe(201);
    return response.json();
  }

  it('keeps what staff record with Informed Shipped and Informed Renewed, returns it to staff only, and tells the patron the due date', async () => {
    const { request, patron } = await confirmedRequest([partners[0] as Partner]);
    await settle();
    smtp.received.length = 0;
    await act(request.id, {
      action: 'informed-shipped',
      rotaPosition: 0,
      data: {
        serviceType: 'loan',
        dateShipped: '2026-12-01',
        dueDate: '2027-01-15',
        itemId: '39015012345678',
        cost: { amount: '12.50', currency: 'EUR' },
        note: 'Sent by courier.',
      },
    });
    await act(request.id, { action: 'received', rotaPosition: 0, data: { dateReceived: '2026-12-04' } });
    await act(request.id, { action: 'renew', rotaPosition: 0, data: { desiredDueDate: '2027-02-15' } });
    await settle();
    // Received and Renew go to the partner by email; Informed Shipped, what the partner said, does not.
    expect(
      smtp.received
        .filter((mail) => mail.envelope.to[0] === partners[0]?.email)
        .map((mail) => mail.parsed.subject),
    ).toEqual([
      `Item received: ${request.reference} Le Ventre de Paris`,
      `Renewal request: ${request.reference} Le Ventre de Paris`,
    ]);
    const renewal = smtp.received.find((mail) => mail.parsed.subject?.startsWith('Renewal request'));
    expect(renewal?.parsed.text).toContain('Could you renew this loan until 2027-02-15?');
    // Received carries no due date, but the patron's pickup notice gives the one Informed Shipped recorded.
    const pickup = smtp.received.find((mail) => mail.parsed.subject?.startsWith('Ready for pickup'));
    expect(pickup?.envelope.to).toEqual([patron.patron.email]);
    expect(pickup?.parsed.text).toContain('It is due back on 2027-01-15.');
    const renewed = await act(request.id, {
      action: 'informed-renewed',
      rotaPosition: 0,
      data: { dueDate: '2027-02-10', note: 'Renewed until 10 February, by phone.' },
    });
    expect(renewed.rota[0]?.transaction).toMatchObject({ state: 'received', dueDate: '2027-02-10' });

    const asStaff = await page(request.id);
    expect(entryOf(asStaff, 'informed-shipped')).toMatchObject({
      rotaPosition: 0,
      note: 'Sent by courier.',
      data: {
        serviceType: 'loan',
        dateShipped: '2026-12-01',
        dueDate: '2027-01-15',
        itemId: '39015012345678',
        cost: { amount: '12.50', currency: 'EUR' },
      },
    });
    expect(entryOf(asStaff, 'received')?.data).toEqual({ dateReceived: '2026-12-04' });
    expect(entryOf(asStaff, 'renew')?.data).toEqual({ desiredDueDate: '2027-02-15' });
    expect(entryOf(asStaff, 'informed-renewed')).toMatchObject({
      note: 'Renewed until 10 February, by phone.',
      data: { dueDate: '2027-02-10' },
    });

    // Patrons see what happened, never what staff recorded with it.
    const asPatron = await page(request.id, patron.headers, `/api/patron/requests/${request.id}`);
    expect(asPatron.history.length).toBe(asStaff.history.length);
    expect(asPatron.history.every((entry) => entry.data === undefined)).toBe(true);
    const seen = JSON.stringify(asPatron);
    for (const hidden of ['39015012345678', '12.50', 'Sent by courier', 'by phone']) {
      expect(seen).not.toContain(hidden);
    }
  });

  it('ends the rota when every supplier is Informed Not Supplied, and tells the patron', async () => {
    const { request, patron } = await confirmedRequest(partners);
    await settle();
    const first = await act(request.id, {
      action: 'informed-not-supplied',
      rotaPosition: 0,
      data: { reason: 'unavailable', note: 'On loan until March.' },
    });
    expect(first.status).toBe('requested');
    expect(first.rota.map((entry) => entry.transaction?.state)).toEqual(['not_supplied', 'pending']);
    await settle();
    // The rota moved on: the second partner was emailed the request.
    expect(smtp.received.map((mail) => mail.envelope.to[0])).toContain(partners[1]?.email);
    smtp.received.length = 0;

    const last = await act(request.id, {
      action: 'informed-not-supplied',
      rotaPosition: 1,
      data: { reason: 'missing' },
    });
    expect(last.status).toBe('end_of_rota');
    await settle();
    const toPatron = smtp.received.filter((mail) => mail.envelope.to[0] === patron.patron.email);
    expect(toPatron.map((mail) => mail.parsed.subject)).toEqual([
      `We could not obtain Le Ventre de Paris (${request.reference})`,
    ]);
    expect(toPatron[0]?.parsed.text).toContain('none of the libraries we asked could supply');
    // Informed actions record what partners said: nothing more goes to them.
    expect(smtp.received.map((mail) => mail.envelope.to[0])).not.toContain(partners[0]?.email);

    const reasons = (await page(request.id)).history
      .filter((entry) => entry.event.name === 'informed-not-supplied')
      .map((entry) => [entry.rotaPosition, entry.data?.reason, entry.note]);
    expect(reasons).toEqual([
      [0, 'unavailable', 'On loan until March.'],
      [1, 'missing', null],
    ]);
  });

  it('records the borrower’s Informed Cancelled, Received and Returned on the lending side', async () => {
    const borrower = partners[1] as Partner;
    const cancelled = await recordEmailedRequest('EF-2026-901');
    const afterCancel = await act(cancelled.id, {
      action: 'informed-cancelled',
      data: { note: 'They found a copy elsewhere.' },
    });
    expect(afterCancel.rota[0]?.transaction?.state).toBe('not_supplied');
    expect(entryOf(afterCancel, 'informed-cancelled')).toMatchObject({
      note: 'They found a copy elsewhere.',
      data: {},
    });

    const lent = await recordEmailedRequest('EF-2026-902');
    await act(lent.id, { action: 'shipped', data: { serviceType: 'loan', dueDate: '2027-01-20' } });
    await settle();
    const shipped = smtp.received.filter((mail) => mail.envelope.to[0] === borrower.email);
    expect(shipped.map((mail) => mail.parsed.subject)).toEqual([
      expect.stringContaining(`${lent.reference} (your ref. EF-2026-902)`),
    ]);
    smtp.received.length = 0;

    const received = await act(lent.id, {
      action: 'informed-received',
      data: { dateReceived: '2026-12-03' },
    });
    expect(received.rota[0]?.transaction).toMatchObject({ state: 'shipped', receiptRecorded: true });
    const returned = await act(lent.id, {
      action: 'informed-returned',
      data: { dateReturned: '2027-01-12', note: 'Posted back second class.' },
    });
    expect(returned.rota[0]?.transaction).toMatchObject({ state: 'shipped', returnRecorded: true });
    const checkedIn = await act(lent.id, { action: 'checked-in', data: { dateCheckedIn: '2027-01-15' } });
    expect(checkedIn.rota[0]?.transaction?.state).toBe('checked_in');
    await settle();
    // Only Checked In goes to the borrower: the Informed actions recorded what they told us.
    expect(smtp.received.map((mail) => mail.parsed.subject)).toEqual([
      expect.stringMatching(new RegExp(`^Checked in: ${lent.reference} `)),
    ]);

    const history = await page(lent.id);
    expect(entryOf(history, 'shipped')?.data).toEqual({ serviceType: 'loan', dueDate: '2027-01-20' });
    expect(entryOf(history, 'informed-received')?.data).toEqual({ dateReceived: '2026-12-03' });
    expect(entryOf(history, 'informed-returned')).toMatchObject({
      note: 'Posted back second class.',
      data: { dateReturned: '2027-01-12' },
    });
    expect(entryOf(history, 'checked-in')?.data).toEqual({ dateCheckedIn: '2027-01-15' });
  });

  it('commits a request change while the SMTP server refuses everything, and sends the notice once it accepts', async () => {
    smtp.refuseNext(1000, 421, '4.3.2 Service not available, closing channel');
    const { request, patron } = await confirmedRequest([partners[0] as Partner]);
    await settle();
    const shipped = await act(request.id, {
      action: 'informed-shipped',
      rotaPosition: 0,
      data: { serviceType: 'loan', dateShipped: '2026-12-01', dueDate: '2027-01-15' },
    });
    expect(shipped.rota[0]?.transaction?.state).toBe('shipped');
    await settle();
    expect(smtp.received).toEqual([]);

    const waiting = await app.inject({
      method: 'GET',
      url: `/api/requests/${request.id}/notices`,
      headers: staff,
    });
    const before = waiting.json() as {
      notices: { notice: string; status: string; lastError: string | null }[];
      partnerEmails: { status: string }[];
    };
    expect(before.notices.map((notice) => [notice.notice, notice.status])).toEqual([
      ['request-placed', 'queued'],
      ['request-update', 'queued'],
    ]);
    expect(before.notices[1]?.lastError).toMatch(/^421/);
    expect(before.partnerEmails.map((mail) => mail.status)).toEqual(['queued']);
    // The change is there for everyone, whatever the mail is doing.
    expect((await page(request.id)).rota[0]?.transaction?.state).toBe('shipped');

    smtp.refuseNext(0, 250, '');
    clock.advance(2 * MINUTE);
    await settle();
    const subjects = smtp.received.map((mail) => [mail.envelope.to[0], mail.parsed.subject]);
    expect(subjects).toHaveLength(3);
    expect(subjects).toEqual(
      expect.arrayContaining([
        [patron.patron.email, `Your interlibrary loan request ${request.reference}: Le Ventre de Paris`],
        [patron.patron.email, `News about your interlibrary loan request ${request.reference}`],
        [partners[0]?.email, `Interlibrary loan request: ${request.reference} Le Ventre de Paris`],
      ]),
    );
    const after = await app.inject({
      method: 'GET',
      url: `/api/requests/${request.id}/notices`,
      headers: staff,
    });
    expect(
      (after.json() as { notices: { status: string }[] }).notices.map((notice) => notice.status),
    ).toEqual(['sent', 'sent']);
  });

  it('sends through the library’s own SMTP server, set with PUT /api/mail/smtp, rather than SMTP_URL’s', async () => {
    const own = await startTestSmtpServer();
    try {
      const saved = await app.inject({
        method: 'PUT',
        url: '/api/mail/smtp',
        headers: staff,
        payload: {
          host: '127.0.0.1',
          port: own.port,
          secure: false,
          fromAddress: 'ill-desk@northbridge.example',
        },
      });
      expect(saved.statusCode, saved.body).toBe(200);
      const { request, patron } = await confirmedRequest([partners[0] as Partner]);
      await settle();
      await own.waitFor(2);
      expect(smtp.received).toEqual([]);
      const placed = own.received.find((mail) => mail.envelope.to[0] === patron.patron.email);
      expect(placed?.parsed.subject).toBe(
        `Your interlibrary loan request ${request.reference}: Le Ventre de Paris`,
      );
      expect(placed?.envelope.from).toBe('ill-desk@northbridge.example');
      expect(placed?.parsed.from?.value[0]).toMatchObject({
        address: 'ill-desk@northbridge.example',
        name: 'Northbridge University Library',
      });
      const toPartner = own.received.find((mail) => mail.envelope.to[0] === partners[0]?.email);
      expect(toPartner?.parsed.replyTo?.value[0]?.address).toBe(library.email);
      const sent = await app.inject({ method: 'GET', url: '/api/mail/outbox?status=sent', headers: staff });
      expect((sent.json() as { items: { to: string; from: string }[] }).items).toContainEqual(
        expect.objectContaining({ to: patron.patron.email, from: 'ill-desk@northbridge.example' }),
      );
    } finally {
      await app.inject({ method: 'DELETE', url: '/api/mail/smtp', headers: staff });
      await own.close();
    }
  });

  it('writes and sends, after a restart on a new pool, the notices queued before it', async () => {
    await settle();
    smtp.received.length = 0;
    const requests = [];
    for (let index = 0; index < 3; index++) requests.push((await newRequest([])).request);
    const ids = requests.map((request) => request.id);
    const unwritten = () =>
      database.db
        .selectFrom('notice')
        .select('id')
        .where('request_id', 'in', ids)
        .where('rendered_at', 'is', null)
        .execute();
    expect(await unwritten()).toHaveLength(3);

    // The first process writes one notice, then stops for good (its pool closed).
    const firstPool = createDatabase(database.connectionString, { maxConnections: 2 });
    try {
      const first = createMailWorker(firstPool, { clock, smtp: { server: smtp.settings } });
      expect(await first.runOnce({ limit: 1 })).toMatchObject({ noticesRendered: 1, sent: 1 });
      await first.stop();
    } finally {
      await firstPool.destroy();
    }
    expect(await unwritten()).toHaveLength(2);

    const secondPool = createDatabase(database.connectionString, { maxConnections: 2 });
    try {
      const second = createMailWorker(secondPool, { clock, smtp: { server: smtp.settings } });
      expect(await second.runOnce()).toMatchObject({ noticesRendered: 2, sent: 2 });
      await second.stop();
    } finally {
      await secondPool.destroy();
    }
    const subjects = smtp.received.map((mail) => mail.parsed.subject).sort();
    expect(subjects).toEqual(
      requests
        .map((request) => `Your interlibrary loan request ${request.reference}: Le Ventre de Paris`)
        .sort(),
    );
    const statuses = await database.db
      .selectFrom('notice')
      .select('status')
      .where('request_id', 'in', ids)
      .execute();
    expect(statuses.map((row) => row.status)).toEqual(['sent', 'sent', 'sent']);
  });
});
