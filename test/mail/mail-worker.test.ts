/**
 * The mail worker against a real SMTP server on loopback and real PostgreSQL: notices become mail to
 * the right people with the right text, a patron who wants no email gets none (recorded as skipped),
 * refusals are retried with backoff, repeated failures tell staff (once), mail is held without SMTP,
 * and nothing is lost or sent twice across a restart.
 */
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { ManualClock, systemClock } from '../../src/clock.ts';
import { createDatabase } from '../../src/db/database.ts';
import { unitOfWork } from '../../src/db/unit-of-work.ts';
import { createMailWorker, MailWorker, mailWorkerRepositories } from '../../src/mail/mail-worker.ts';
import type { MailWorkerOptions } from '../../src/mail/mail-worker.ts';
import { MailRepository } from '../../src/mail/mail.repository.ts';
import { SmtpSender } from '../../src/mail/smtp-sender.ts';
import { createRequestServices } from '../../src/requests/request-services.ts';
import type { RequestCaller } from '../../src/requests/request.service.ts';
import { DEFAULT_MENU_CONFIG } from '../../src/workflow/action-menu.ts';
import { describeEachDatabase } from '../support/databases.ts';
import { insertLibrary, insertPartner, insertPatron, staffPrincipal } from '../support/request-factories.ts';
import { startTestSmtpServer } from '../support/smtp-server.ts';
import type { TestSmtpServer } from '../support/smtp-server.ts';

const MINUTE = 60_000;
const book = { type: 'book', serviceType: 'loan', title: 'Middlemarch', author: 'George Eliot' } as const;

describeEachDatabase('the mail worker', (database) => {
  let smtp: TestSmtpServer;

  beforeAll(async () => {
    smtp = await startTestSmtpServer();
  });
  afterAll(async () => {
    await smtp.close();
  });
  beforeEach(async () => {
    // Every test starts from an empty queue, so that it sends only its own mail.
    await database.db.deleteFrom('mail').execute();
    await database.db.deleteFrom('notice').execute();
    // ...and with no loan of an earlier test still out, which the due-soon and overdue scans would find.
    await database.db
      .updateTable('request')
      .set({ completed_at: new Date() })
      .where('completed_at', 'is', null)
      .execute();
    smtp.received.length = 0;
    smtp.refuseNext(0, 250, '');
    smtp.setDelay(0);
  });

  function worker(
    clock: ManualClock | typeof systemClock,
    options: Partial<MailWorkerOptions> = {},
  ): MailWorker {
    return createMailWorker(database.db, {
      clock,
      smtp: { server: smtp.settings },
      retry: { baseDelayMs: MINUTE, maxDelayMs: 10 * MINUTE, maxAttempts: 3, maxPermanentAttempts: 2 },
      timeouts: { connectionMs: 2_000, greetingMs: 2_000, socketMs: 5_000 },
      pollIntervalMs: 20,
      ...options,
    });
  }

  async function placedRequest(clock: ManualClock, patron: { emailNotices?: boolean } = {}) {
    const library = await insertLibrary(database.db, { name: 'Northbridge University Library' });
    const patronRow = await insertPatron(database.db, library.id, 'Ada Reader');
    if (patron.emailNotices === false) {
      await database.db
        .updateTable('patron')
        .set({ email_notices: false })
        .where('id', '=', patronRow.id)
        .execute();
    }
    const services = createRequestServices(database.db, {
      clock,
      menuConfigs: () => ({ load: async () => DEFAULT_MENU_CONFIG }),
    });
    const caller: RequestCaller = { kind: 'staff', principal: staffPrincipal(library.id) };
    const { body } = await services.requests.create(
      caller,
      { details: { ...book, patronId: patronRow.id } },
      null,
    );
    return { library, patron: patronRow, request: body, services, caller };
  }

  /** A loan from an email partner, shipped (due on `dueDate`) and received by the library. */
  async function receivedLoan(clock: ManualClock, dueDate: string, patron: { emailNotices?: boolean } = {}) {
    const placed = await placedRequest(clock, patron);
    const { library, request, services, caller } = placed;
    const partner = await insertPartner(database.db, library.id, { protocol: 'email', name: 'Southport' });
    await database.db.updateTable('request').set({ backend: 'email' }).where('id', '=', request.id).execute();
    await services.requests.extendRota(caller, request.id, [partner.id]);
    await services.requests.act(caller, request.id, { action: 'confirm' }, null);
    await services.requests.act(
      caller,
      request.id,
      {
        action: 'informed-shipped',
        rotaPosition: 0,
        data: { serviceType: 'loan', dateShipped: '2026-11-25', dueDate },
      },
      null,
    );
    await services.requests.act(caller, request.id, { action: 'received', rotaPosition: 0 }, null);
    return placed;
  }

  async function noticesOf(requestId: string) {
    return database.db
      .selectFrom('notice')
      .selectAll()
      .where('request_id', '=', requestId)
      .orderBy('id')
      .execute();
  }

  it('sends the request-placed notice to the patron, from the SMTP sender, replying to the library', async () => {
    const clock = new ManualClock();
    const { library, patron, request } = await placedRequest(clock);
    const round = await worker(clock).runOnce();
    expect(round).toMatchObject({ noticesRendered: 1, sent: 1 });
    const [mail] = await smtp.waitFor(1);
    expect(mail?.envelope.to).toEqual([patron.email]);
    expect(mail?.parsed.from?.value[0]).toMatchObject({
      address: 'ill-notices@interlend.example',
      name: 'Northbridge University Library',
    });
    expect(mail?.parsed.replyTo?.value[0]?.address).toBe(library.email);
    expect(mail?.parsed.subject).toBe(`Your interlibrary loan request ${request.reference}: Middlemarch`);
    expect(mail?.parsed.text).toContain('Dear Ada Reader,');
    expect(mail?.parsed.text).toContain('- Title: Middlemarch\n- Author: George Eliot');
    const [notice] = await noticesOf(request.id);
    expect(notice).toMatchObject({
      notice: 'request-placed',
      status: 'sent',
      recipient: patron.email,
      language: 'en',
      subject: mail?.parsed.subject,
    });
    const [row] = await database.db.selectFrom('mail').selectAll().execute();
    expect(row).toMatchObject({ status: 'sent', attempts: 1, smtp_response: expect.stringContaining('250') });
  });

  it('sends a patron who does not want email notices nothing, and records the notice as skipped', async () => {
    const clock = new ManualClock();
    const { request } = await placedRequest(clock, { emailNotices: false });
    expect(await worker(clock).runOnce()).toMatchObject({ noticesRendered: 1, sent: 0 });
    expect(smtp.received).toHaveLength(0);
    expect(await noticesOf(request.id)).toEqual([
      expect.objectContaining({
        status: 'skipped',
        skip_reason: 'the patron does not want notices by email',
      }),
    ]);
    expect(await database.db.selectFrom('mail').selectAll().execute()).toEqual([]);
  });

  it('skips a notice the library switched off, saying so', async () => {
    const clock = new ManualClock();
    const { library, request } = await placedRequest(clock);
    await database.db
      .insertInto('library_notice_trigger')
      .values({ library_id: library.id, notice: 'request-placed', enabled: false })
      .execute();
    await worker(clock).runOnce();
    expect(smtp.received).toHaveLength(0);
    expect((await noticesOf(request.id))[0]).toMatchObject({
      status: 'skipped',
      skip_reason: 'the library has switched the request-placed notice off',
    });
  });

  it('tries again after the SMTP server answers 451, then 550, and sends the mail once it accepts', async () => {
    const clock = new ManualClock();
    const { request } = await placedRequest(clock);
    const mailWorker = worker(clock, { retry: { maxPermanentAttempts: 3 } });
    smtp.refuseNext(1, 451, 'Try again later');
    expect(await mailWorker.runOnce()).toMatchObject({ retried: 1, sent: 0 });
    let [row] = await database.db.selectFrom('mail').selectAll().execute();
    expect(row).toMatchObject({ status: 'queued', attempts: 1, last_error: expect.stringMatching(/^451/) });
    expect(row?.next_attempt_at.toISOString()).toBe(new Date(clock.now().getTime() + MINUTE).toISOString());
    expect((await noticesOf(request.id))[0]?.status).toBe('queued');

    // Not due yet: nothing happens.
    clock.advance(MINUTE - 1000);
    expect(await mailWorker.runOnce()).toMatchObject({ retried: 0, sent: 0 });

    smtp.refuseNext(1, 550, 'Mailbox unavailable');
    clock.advance(1000);
    expect(await mailWorker.runOnce()).toMatchObject({ retried: 1 });
    [row] = await database.db.selectFrom('mail').selectAll().execute();
    expect(row).toMatchObject({ attempts: 2, last_error: expect.stringMatching(/^550/) });
    // Backoff doubles.
    expect(row?.next_attempt_at.toISOString()).toBe(
      new Date(clock.now().getTime() + 2 * MINUTE).toISOString(),
    );

    clock.advance(2 * MINUTE);
    expect(await mailWorker.runOnce()).toMatchObject({ sent: 1 });
    await smtp.waitFor(1);
    expect(smtp.received).toHaveLength(1);
    expect((await noticesOf(request.id))[0]?.status).toBe('sent');
  });

  it('gives up after the attempts allowed, tells staff once, and never loops on that staff notice', async () => {
    const clock = new ManualClock();
    const { library, request, patron } = await placedRequest(clock);
    const mailWorker = worker(clock);
    smtp.refuseNext(100, 550, '5.1.1 No such user');
    await mailWorker.runOnce();
    clock.advance(MINUTE);
    const round = await mailWorker.runOnce();
    // The patron's notice failed after two 5xx answers; the staff notice of it was queued and tried.
    expect(round.failed).toBe(1);
    const notices = await noticesOf(request.id);
    expect(notices.map((notice) => [notice.notice, notice.audience, notice.status])).toEqual([
      ['request-placed', 'patron', 'failed'],
      ['delivery-failed', 'staff', 'queued'],
    ]);
    expect(notices[1]).toMatchObject({ recipient: library.email });
    expect(notices[1]?.body).toContain(`could not deliver the request-placed notice to ${patron.email}`);
    expect(notices[1]?.body).toContain('550 5.1.1 No such user');

    // The staff notice fails too: no further notice about it.
    for (let round = 0; round < 4; round++) {
      clock.advance(10 * MINUTE);
      await mailWorker.runOnce();
    }
    const after = await noticesOf(request.id);
    expect(after.map((notice) => [notice.notice, notice.status])).toEqual([
      ['request-placed', 'failed'],
      ['delivery-failed', 'failed'],
    ]);

    // Once the server takes mail again, staff can send the failed one again.
    smtp.refuseNext(0, 250, '');
    const mails = new MailRepository(database.db);
    const [failedPatronMail] = await mails
      .list(library.id, { status: 'failed', kind: 'notice', limit: 10 })
      .then((rows) => rows.filter((row) => row.notice === 'request-placed'));
    expect(await mails.requeue(library.id, failedPatronMail?.id ?? '', clock.now())).toBe(true);
    expect(await mailWorker.runOnce()).toMatchObject({ sent: 1 });
    expect((await noticesOf(request.id))[0]?.status).toBe('sent');
  });

  it('tells staff when an email to a partner cannot be delivered', async () => {
    const clock = new ManualClock();
    const { library, request } = await placedRequest(clock);
    await database.db.deleteFrom('notice').execute();
    const partner = await insertPartner(database.db, library.id, { protocol: 'email', name: 'Southport' });
    await new MailRepository(database.db).insert({
      libraryId: library.id,
      requestId: request.id,
      kind: 'partner',
      partnerId: partner.id,
      message: 'cancel',
      to: partner.email ?? '',
      replyTo: library.email,
      subject: `Cancellation: ${request.reference}`,
      body: 'Please cancel.',
      language: 'en',
      at: clock.now(),
    });
    smtp.refuseNext(2, 554, '5.7.1 Relay access denied');
    await worker(clock).runOnce();
    clock.advance(MINUTE);
    await worker(clock).runOnce();
    const notices = await noticesOf(request.id);
    expect(notices).toEqual([
      expect.objectContaining({
        notice: 'delivery-failed',
        audience: 'staff',
        status: 'sent',
        recipient: library.email,
      }),
    ]);
    const staffMail = smtp.received.find((mail) => mail.envelope.to[0] === library.email);
    expect(staffMail?.parsed.subject).toBe(`Delivery failed: Cancellation: ${request.reference}`);
    expect(staffMail?.parsed.text).toContain(
      `could not deliver the cancel message to the partner to ${partner.email}`,
    );
    expect(staffMail?.parsed.text).toContain('554 5.7.1 Relay access denied');
  });

  it('holds mail when no SMTP server is configured, showing what would go out', async () => {
    const clock = new ManualClock();
    const { library, patron, request } = await placedRequest(clock);
    expect(await worker(clock, { smtp: { server: null } }).runOnce()).toMatchObject({ held: 1, sent: 0 });
    expect(smtp.received).toHaveLength(0);
    expect((await noticesOf(request.id))[0]?.status).toBe('held');
    const outbox = await new MailRepository(database.db).list(library.id, { status: 'held', limit: 10 });
    expect(outbox).toEqual([
      expect.objectContaining({
        kind: 'notice',
        notice: 'request-placed',
        to_address: patron.email,
        from_address: library.email,
        reply_to: library.email,
        subject: `Your interlibrary loan request ${request.reference}: Middlemarch`,
        body: expect.stringContaining('Dear Ada Reader'),
      }),
    ]);
  });

  it('loses nothing and sends nothing twice when stopped mid-queue and started again over a new connection', async () => {
    const clock = new ManualClock();
    const { library } = await placedRequest(clock);
    const mails = new MailRepository(database.db);
    const count = 12;
    for (let index = 0; index < count; index++) {
      await mails.insert({
        libraryId: library.id,
        requestId: null,
        kind: 'notice',
        to: `reader-${index}@mail.example`,
        replyTo: library.email,
        subject: `Mail ${index}`,
        body: `Body ${index}`,
        language: 'en',
        at: new Date(Date.now() - 1000),
      });
    }
    smtp.setDelay(40);
    const first = worker(systemClock);
    first.start();
    await smtp.waitFor(3);
    await first.stop();
    const afterStop = smtp.received.length;
    expect(afterStop).toBeLessThan(count + 1);

    // A new Interlend process: its own pool over the same database.
    const db = createDatabase(database.connectionString, { maxConnections: 2 });
    try {
      const second = createMailWorker(db, {
        clock: systemClock,
        smtp: { server: smtp.settings },
        pollIntervalMs: 20,
      });
      second.start();
      await smtp.waitFor(count + 1, 20_000);
      await second.stop();
    } finally {
      await db.destroy();
    }
    const subjects = smtp.received.map((mail) => mail.parsed.subject).filter((s) => s?.startsWith('Mail '));
    expect(subjects.sort()).toEqual(Array.from({ length: count }, (_, index) => `Mail ${index}`).sort());
    const ids = smtp.received.map((mail) => mail.parsed.messageId);
    expect(new Set(ids).size).toBe(ids.length);
    const statuses = await database.db.selectFrom('mail').select('status').execute();
    expect(statuses.every((row) => row.status === 'sent')).toBe(true);
  });

  it('takes up a mail whose worker died while holding it, once its lease ends', async () => {
    const clock = new ManualClock();
    const { library } = await placedRequest(clock);
    await database.db.deleteFrom('notice').execute();
    const mailWorker = worker(clock, { leaseMs: 5 * MINUTE });
    await new MailRepository(database.db).insert({
      libraryId: library.id,
      requestId: null,
      kind: 'notice',
      to: 'reader@mail.example',
      replyTo: library.email,
      subject: 'Held by a dead worker',
      body: 'Body',
      language: 'en',
      at: clock.now(),
    });
    // A worker claims the mail and dies before sending it.
    const claimed = await new MailRepository(database.db).claimDue(clock.now(), 5 * MINUTE);
    expect(claimed).not.toBeNull();
    expect(await mailWorker.runOnce()).toMatchObject({ sent: 0 });
    clock.advance(5 * MINUTE);
    expect(await mailWorker.runOnce()).toMatchObject({ sent: 1 });
    await smtp.waitFor(1);
    // The dead worker cannot overwrite what the live one recorded.
    if (claimed === null) throw new Error('unreachable');
    expect(
      await new MailRepository(database.db).recordOutcome(
        claimed,
        { status: 'failed', error: 'late', from: null, fromName: null },
        clock.now(),
      ),
    ).toBe(false);
    expect(smtp.received).toHaveLength(1);
  });

  it('queues one due-soon notice per loan received and due within the library’s notice period', async () => {
    const clock = new ManualClock('2026-11-25T09:00:00Z');
    const { library, request, services, caller, patron } = await placedRequest(clock);
    const partner = await insertPartner(database.db, library.id, { protocol: 'email', name: 'Southport' });
    await database.db.updateTable('request').set({ backend: 'email' }).where('id', '=', request.id).execute();
    await services.requests.extendRota(caller, request.id, [partner.id]);
    await services.requests.act(caller, request.id, { action: 'confirm' }, null);
    await services.requests.act(
      caller,
      request.id,
      {
        action: 'informed-shipped',
        rotaPosition: 0,
        data: { serviceType: 'loan', dateShipped: '2026-11-25', dueDate: '2026-12-10' },
      },
      null,
    );
    await services.requests.act(caller, request.id, { action: 'received', rotaPosition: 0 }, null);
    const mailWorker = worker(clock, { dueSoonIntervalMs: 0 });
    await mailWorker.runOnce();
    smtp.received.length = 0;

    clock.set('2026-12-06T09:00:00Z');
    expect(await mailWorker.runOnce()).toMatchObject({ dueSoonQueued: 0 });
    clock.set('2026-12-07T09:00:00Z');
    expect(await mailWorker.runOnce()).toMatchObject({ dueSoonQueued: 1, sent: 1 });
    clock.set('2026-12-08T09:00:00Z');
    expect(await mailWorker.runOnce()).toMatchObject({ dueSoonQueued: 0, sent: 0 });
    const [mail] = await smtp.waitFor(1);
    expect(mail?.envelope.to).toEqual([patron.email]);
    expect(mail?.parsed.subject).toBe(`Due soon: Middlemarch (${request.reference})`);
    expect(mail?.parsed.text).toContain('is due back on 2026-12-10');
    const notices = await noticesOf(request.id);
    expect(notices.map((notice) => notice.notice)).toEqual([
      'request-placed',
      'request-update',
      'pickup-ready',
      'due-soon',
    ]);
  });

  it('queues one overdue notice once a loan from an email partner is past due, in the library’s time zone', async () => {
    const clock = new ManualClock('2026-11-25T09:00:00Z');
    const { library, request, services, caller, patron } = await receivedLoan(clock, '2026-12-10');
    await database.db
      .updateTable('library')
      .set({ timezone: 'Pacific/Auckland' })
      .where('id', '=', library.id)
      .execute();
    const mailWorker = worker(clock, { dueSoonIntervalMs: 0 });
    await mailWorker.runOnce();
    smtp.received.length = 0;

    // 23:30 on the due date in Auckland: not overdue yet.
    clock.set('2026-12-10T10:30:00Z');
    expect(await mailWorker.runOnce()).toMatchObject({ dueSoonQueued: 1, overdueQueued: 0 });
    smtp.received.length = 0;
    // 00:30 the day after: overdue, told once.
    clock.set('2026-12-10T11:30:00Z');
    expect(await mailWorker.runOnce()).toMatchObject({ overdueQueued: 1, sent: 1 });
    clock.set('2026-12-12T11:30:00Z');
    expect(await mailWorker.runOnce()).toMatchObject({ overdueQueued: 0, sent: 0 });
    const [mail] = await smtp.waitFor(1);
    expect(mail?.envelope.to).toEqual([patron.email]);
    expect(mail?.parsed.subject).toBe(`Overdue: Middlemarch (${request.reference})`);
    expect(mail?.parsed.text).toContain('was due back on 2026-12-10');

    // Renewed: the new due date gets its own notice once it passes, and only then.
    await services.requests.act(
      caller,
      request.id,
      { action: 'informed-renewed', rotaPosition: 0, data: { dueDate: '2026-12-20' } },
      null,
    );
    clock.set('2026-12-19T11:30:00Z');
    expect(await mailWorker.runOnce()).toMatchObject({ overdueQueued: 0 });
    clock.set('2026-12-20T11:30:00Z');
    expect(await mailWorker.runOnce()).toMatchObject({ overdueQueued: 1, sent: 1 });
    const overdue = (await noticesOf(request.id)).filter((notice) => notice.notice === 'overdue');
    expect(overdue.map((notice) => [notice.status, (notice.data as { dueDate: string }).dueDate])).toEqual([
      ['sent', '2026-12-10'],
      ['sent', '2026-12-20'],
    ]);
  });

  it('queues no overdue notice of its own when the lender’s Overdue message told the patron', async () => {
    const clock = new ManualClock('2026-11-25T09:00:00Z');
    const { library, request, services } = await receivedLoan(clock, '2026-12-10');
    const mailWorker = worker(clock, { dueSoonIntervalMs: 0 });
    await mailWorker.runOnce();
    clock.set('2026-12-11T08:00:00Z');
    await services.requestWorkflow.apply({
      requestId: request.id,
      libraryId: library.id,
      target: { rotaIndex: 0 },
      event: { trigger: 'message', message: 'overdue', data: { note: 'Please return it at once.' } },
      actor: { kind: 'partner', id: null, name: 'Southport' },
    });
    clock.set('2026-12-11T09:00:00Z');
    expect(await mailWorker.runOnce()).toMatchObject({ overdueQueued: 0 });
    // Nor when a notice since the due date told the patron while the loan stayed Received.
    const second = await receivedLoan(clock, '2026-12-09');
    await database.db
      .insertInto('notice')
      .values({
        library_id: second.library.id,
        request_id: second.request.id,
        audience: 'patron',
        notice: 'overdue',
        data: JSON.stringify({ dueDate: '2026-12-09' }),
        created_at: new Date('2026-12-10T08:00:00Z'),
      })
      .execute();
    clock.set('2026-12-11T10:00:00Z');
    expect(await mailWorker.runOnce()).toMatchObject({ overdueQueued: 0 });
    const overdue = (await noticesOf(request.id)).filter((notice) => notice.notice === 'overdue');
    expect(overdue.map((notice) => (notice.data as { note?: string }).note)).toEqual([
      'Please return it at once.',
    ]);
  });

  it('respects the library’s overdue switch and the patron’s wish for no email', async () => {
    const clock = new ManualClock('2026-11-25T09:00:00Z');
    const switchedOff = await receivedLoan(clock, '2026-12-10');
    await database.db
      .insertInto('library_notice_trigger')
      .values({ library_id: switchedOff.library.id, notice: 'overdue', enabled: false })
      .execute();
    const quiet = await receivedLoan(clock, '2026-12-10', { emailNotices: false });
    const mailWorker = worker(clock, { dueSoonIntervalMs: 0 });
    await mailWorker.runOnce();
    smtp.received.length = 0;
    clock.set('2026-12-11T09:00:00Z');
    expect(await mailWorker.runOnce()).toMatchObject({ overdueQueued: 2, sent: 0 });
    expect(smtp.received).toEqual([]);
    const reasons = async (requestId: string) =>
      (await noticesOf(requestId))
        .filter((notice) => notice.notice === 'overdue')
        .map((notice) => [notice.status, notice.skip_reason]);
    expect(await reasons(switchedOff.request.id)).toEqual([
      ['skipped', 'the library has switched the overdue notice off'],
    ]);
    expect(await reasons(quiet.request.id)).toEqual([
      ['skipped', 'the patron does not want notices by email'],
    ]);
  });

  it('tells staff of a notice that cannot be written, and never of their own notice of it', async () => {
    const clock = new ManualClock();
    const { library, request, patron } = await placedRequest(clock);
    // A defect that makes some notices impossible to write: their templates cannot be read.
    const unreadable = new Set(['request-placed']);
    const mailWorker = new MailWorker(
      unitOfWork(database.db, (transaction) => {
        const repositories = mailWorkerRepositories(transaction);
        const config = repositories.noticeConfig;
        const templates: typeof config.templates = async (libraryId, kind, name, languages) => {
          if (unreadable.has(name)) throw new Error('relation "notice_template" is being rebuilt');
          return config.templates(libraryId, kind, name, languages);
        };
        return { ...repositories, noticeConfig: Object.assign(Object.create(config), { templates }) };
      }),
      new SmtpSender({ connectionMs: 2_000, greetingMs: 2_000, socketMs: 5_000 }),
      { server: smtp.settings },
      { clock },
    );
    expect(await mailWorker.runOnce()).toMatchObject({ noticesRendered: 2, sent: 1 });
    const [mail] = await smtp.waitFor(1);
    expect(mail?.envelope.to).toEqual([library.email]);
    expect(mail?.parsed.subject).toBe(
      'Delivery failed: the request-placed notice, which could not be written',
    );
    expect(mail?.parsed.text).toContain(
      `could not deliver the request-placed notice to the patron for ${request.reference}`,
    );
    expect(mail?.parsed.text).toContain('relation "notice_template" is being rebuilt');
    expect(smtp.received.map((received) => received.envelope.to[0])).not.toContain(patron.email);
    expect((await noticesOf(request.id)).map((notice) => [notice.notice, notice.status])).toEqual([
      ['request-placed', 'failed'],
      ['delivery-failed', 'sent'],
    ]);

    // When staff's notice cannot be written either, it fails alone.
    await database.db.deleteFrom('notice').execute();
    unreadable.add('delivery-failed');
    await database.db
      .insertInto('notice')
      .values({
        library_id: library.id,
        request_id: request.id,
        audience: 'patron',
        notice: 'request-placed',
        data: '{}',
      })
      .execute();
    expect(await mailWorker.runOnce()).toMatchObject({ noticesRendered: 2, sent: 0 });
    expect((await noticesOf(request.id)).map((notice) => [notice.notice, notice.status])).toEqual([
      ['request-placed', 'failed'],
      ['delivery-failed', 'failed'],
    ]);
    expect(await mailWorker.runOnce()).toMatchObject({ noticesRendered: 0 });
  });
});
