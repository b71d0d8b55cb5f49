/**
 * Notices over HTTP with real PostgreSQL and a real SMTP server on loopback: every notice reaches the
 * right person with the right text; templates are per library and language, checked when saved and
 * previewed without saving; libraries switch notices off; the notice log, a request's notices, the SMTP
 * settings and the mail outbox show what went out, all scoped to the caller's library.
 */
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { ManualClock } from '../../src/clock.ts';
import type { Library } from '../../src/db/schema.ts';
import { createMailWorker } from '../../src/mail/mail-worker.ts';
import type { MailWorker } from '../../src/mail/mail-worker.ts';
import { NOTICE_NAMES, NOTICES } from '../../src/notices/notice-catalogue.ts';
import { buildApp, type App } from '../../src/server/app.ts';
import { createServices } from '../../src/server/services.ts';
import { describeEachDatabase } from '../support/databases.ts';
import { createLibrary, createPatron, patronSession, staffSession } from '../support/factories.ts';
import type { TestPatron } from '../support/factories.ts';
import { insertPartner } from '../support/request-factories.ts';
import { startTestSmtpServer } from '../support/smtp-server.ts';
import type { TestSmtpServer } from '../support/smtp-server.ts';

type Headers = Record<string, string>;

const book = { type: 'book', serviceType: 'loan', title: 'Middlemarch', author: 'George Eliot' } as const;

describeEachDatabase('notices', (database) => {
  const clock = new ManualClock('2026-11-25T09:00:00Z');
  let smtp: TestSmtpServer;
  let app: App;
  let mailWorker: MailWorker;
  let library: Library;
  let configurer: Headers;
  let illStaff: Headers;
  let otherStaff: Headers;
  let patron: TestPatron;

  beforeAll(async () => {
    smtp = await startTestSmtpServer();
    app = await buildApp({
      db: database.db,
      services: createServices(database.db, { clock, smtp: { server: null } }),
    });
    mailWorker = createMailWorker(database.db, {
      clock,
      smtp: { server: smtp.settings },
      timeouts: { connectionMs: 2_000, greetingMs: 2_000, socketMs: 5_000 },
    });
    library = await createLibrary(database.db, { name: 'Northbridge University Library' });
    configurer = (
      await staffSession(app, database.db, { libraryId: library.id, permissions: ['ill', 'configure'] })
    ).headers;
    illStaff = (await staffSession(app, database.db, { libraryId: library.id, permissions: ['ill'] }))
      .headers;
    const other = await createLibrary(database.db);
    otherStaff = (
      await staffSession(app, database.db, { libraryId: other.id, permissions: ['ill', 'configure'] })
    ).headers;
    patron = await createPatron(database.db, { libraryId: library.id, name: 'Ada Reader' });
  });
  afterAll(async () => {
    await app.close();
    await smtp.close();
  });
  beforeEach(() => {
    smtp.received.length = 0;
  });

  const call = (
    method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
    url: string,
    headers: Headers,
    payload?: object,
  ) => app.inject({ method, url, headers, ...(payload !== undefined ? { payload } : {}) });

  async function newRequest(forPatron: TestPatron = patron): Promise<{ id: string; reference: string }> {
    const response = await call('POST', '/api/requests', illStaff, {
      details: { ...book, patronId: forPatron.id },
    });
    expect(response.statusCode, response.body).toBe(201);
    return response.json();
  }

  it('sends each notice to the right person, with its own text', async () => {
    const request = await newRequest();
    const partner = await insertPartner(database.db, library.id, {
      protocol: 'email',
      name: 'Southport City Library',
    });
    await database.db.deleteFrom('notice').where('request_id', '=', request.id).execute();
    // The request's current transaction is with the partner (the partner-note notice names it).
    await database.db
      .insertInto('rota_entry')
      .values({ request_id: request.id, position: 0, partner_id: partner.id })
      .execute();
    await database.db
      .insertInto('transaction')
      .values({
        request_id: request.id,
        rota_position: 0,
        role: 'requester',
        partner_id: partner.id,
        state: 'pending',
        requested_service_types: ['loan'],
        current_service_type: 'loan',
        can_hold: 'policy',
      })
      .execute();
    const data = {
      note: 'A note for you.',
      patronNote: 'Your book is delayed.',
      privateNote: 'Never shown to the patron.',
      dueDate: '2027-01-15',
      failure: {
        what: 'the overdue notice',
        recipient: 'x@mail.example',
        subject: 'Overdue',
        error: '550 No such user',
      },
    };
    for (const notice of NOTICE_NAMES) {
      await database.db
        .insertInto('notice')
        .values({
          library_id: library.id,
          request_id: request.id,
          audience: NOTICES[notice].audience,
          notice,
          data: JSON.stringify(data),
        })
        .execute();
    }
    await mailWorker.runOnce();
    await smtp.waitFor(NOTICE_NAMES.length);
    const expected: Record<string, [string, string, string]> = {
      'request-placed': [
        patron.email ?? '',
        `Your interlibrary loan request ${request.reference}: Middlemarch`,
        'We have received your interlibrary loan request',
      ],
      'pickup-ready': [
        patron.email ?? '',
        `Ready for pickup: Middlemarch (${request.reference})`,
        'It is due back on 2027-01-15.',
      ],
      'request-unavailable': [
        patron.email ?? '',
        `We could not obtain Middlemarch (${request.reference})`,
        'none of the libraries we asked could supply',
      ],
      'request-update': [
        patron.email ?? '',
        `News about your interlibrary loan request ${request.reference}`,
        'A note for you.',
      ],
      'due-soon': [
        patron.email ?? '',
        `Due soon: Middlemarch (${request.reference})`,
        'is due back on 2027-01-15',
      ],
      overdue: [
        patron.email ?? '',
        `Overdue: Middlemarch (${request.reference})`,
        'was due back on 2027-01-15',
      ],
      recalled: [
        patron.email ?? '',
        `Recalled: please return Middlemarch (${request.reference})`,
        'has recalled it',
      ],
      'user-alert': [
        patron.email ?? '',
        `About your interlibrary loan request ${request.reference}`,
        'Your book is delayed.',
      ],
      'cancellation-requested': [
        library.email ?? '',
        `${request.reference}: the patron asked to cancel`,
        'Ada Reader asked to cancel',
      ],
      'request-modified': [
        library.email ?? '',
        `${request.reference}: the patron edited the request`,
        'Ada Reader edited',
      ],
      'partner-note': [
        library.email ?? '',
        `${request.reference}: a note from Southport City Library`,
        'A note for you.',
      ],
      'delivery-failed': [library.email ?? '', 'Delivery failed: Overdue', '550 No such user'],
    };
    for (const [notice, [to, subject, text]] of Object.entries(expected)) {
      const mail = smtp.received.find((candidate) => candidate.parsed.subject === subject);
      expect(mail, `${notice}: ${subject}`).toBeDefined();
      expect(mail?.envelope.to, notice).toEqual([to]);
      expect(mail?.parsed.text, notice).toContain(text);
      expect(mail?.parsed.text, notice).not.toContain('Never shown to the patron');
      expect(mail?.parsed.text, notice).not.toContain('{{');
    }
  });

  it('emails the patron a Send User Alert and records the private note on the request', async () => {
    const request = await newRequest();
    await mailWorker.runOnce();
    smtp.received.length = 0;
    const response = await call('POST', `/api/requests/${request.id}/actions`, illStaff, {
      action: 'send-user-alert',
      data: { patronNote: 'Your item arrives next week.', privateNote: 'Supplier phoned on Tuesday.' },
    });
    expect(response.statusCode, response.body).toBe(200);
    const page = response.json() as { notes: { text: string; visibility: string }[] };
    expect(page.notes).toContainEqual(
      expect.objectContaining({ text: 'Supplier phoned on Tuesday.', visibility: 'private' }),
    );
    await mailWorker.runOnce();
    const [mail] = await smtp.waitFor(1);
    expect(mail?.envelope.to).toEqual([patron.email]);
    expect(mail?.parsed.text).toContain('Your item arrives next week.');
    expect(mail?.parsed.text).not.toContain('Supplier phoned');
  });

  it('emails the patron the user alert of a locally-defined action configured with one', async () => {
    await database.db
      .insertInto('local_action')
      .values({
        library_id: library.id,
        id: 'awaiting-payment',
        name: 'Awaiting payment',
        party: 'requester',
        statuses: ['new'],
        user_alert_note: 'Please pay the 2.00 fee at the desk.',
      })
      .execute();
    const local = (
      await staffSession(app, database.db, {
        libraryId: library.id,
        permissions: ['ill', 'local:awaiting-payment'],
      })
    ).headers;
    const request = await newRequest();
    await mailWorker.runOnce();
    smtp.received.length = 0;
    const response = await call('POST', `/api/requests/${request.id}/actions`, local, {
      action: 'local:awaiting-payment',
    });
    expect(response.statusCode, response.body).toBe(200);
    await mailWorker.runOnce();
    const [mail] = await smtp.waitFor(1);
    expect(mail?.envelope.to).toEqual([patron.email]);
    expect(mail?.parsed.subject).toBe(`About your interlibrary loan request ${request.reference}`);
    expect(mail?.parsed.text).toContain('Please pay the 2.00 fee at the desk.');
  });

  it('tells staff when a patron asks to cancel, and respects a patron who wants no email', async () => {
    const quiet = await createPatron(database.db, { libraryId: library.id, name: 'Quiet Reader' });
    await database.db
      .updateTable('patron')
      .set({ email_notices: false })
      .where('id', '=', quiet.id)
      .execute();
    const request = await newRequest(quiet);
    const session = await patronSession(app, database.db, library, {});
    const own = await call('POST', '/api/requests', illStaff, {
      details: { ...book, patronId: session.patron.id },
    });
    const ownId = (own.json() as { id: string }).id;
    const cancel = await app.inject({
      method: 'POST',
      url: `/api/patron/requests/${ownId}/cancel`,
      headers: session.headers,
      payload: { note: 'Found it elsewhere.' },
    });
    expect([200, 201], cancel.body).toContain(cancel.statusCode);
    await mailWorker.runOnce();
    const staffMail = smtp.received.find((mail) =>
      mail.parsed.subject?.endsWith('the patron asked to cancel'),
    );
    expect(staffMail?.envelope.to).toEqual([library.email]);
    expect(staffMail?.parsed.text).toContain('Their note: Found it elsewhere.');

    const notices = await call('GET', `/api/requests/${request.id}/notices`, illStaff);
    expect(notices.json()).toMatchObject({
      notices: [
        {
          notice: 'request-placed',
          status: 'skipped',
          skipReason: 'the patron does not want notices by email',
        },
      ],
    });
    expect(smtp.received.map((mail) => mail.envelope.to[0])).not.toContain(quiet.email);
  });

  it('refuses a template naming an unknown placeholder, with a 400 naming the field', async () => {
    const response = await call('PUT', '/api/notices/templates/notice/pickup-ready/en', configurer, {
      subject: 'Ready: {{request.titel}}',
      body: 'Dear {{patron.name}}, {{#note}}{{note}}',
    });
    expect(response.statusCode).toBe(400);
    const issues = (
      response.json() as {
        error: { details: { issues: { field: string; rule: string; message: string }[] } };
      }
    ).error.details.issues;
    expect(issues).toEqual([
      {
        field: 'body.subject',
        rule: 'placeholder',
        message: 'subject: unknown placeholder {{request.titel}}',
      },
      { field: 'body.body', rule: 'syntax', message: 'body: the section {{#note}} is never closed' },
    ]);
    const unknown = await call('PUT', '/api/notices/templates/notice/no-such-notice/en', configurer, {
      subject: 'x',
      body: 'y',
    });
    expect(unknown.statusCode).toBe(404);
  });

  it('refuses a partner email template whose subject drops the request’s reference, saved or previewed', async () => {
    type Issues = { error: { details: { issues: { field: string; rule: string }[] } } };
    const body = 'To {{partner.name}}: please supply {{request.title}}.';
    for (const subject of [
      'Interlibrary loan request: {{request.title}}',
      // Inside another section the reference shows only when there is a note.
      'Request {{#note}}{{request.reference}}{{/note}} {{request.title}}',
    ]) {
      const saved = await call('PUT', '/api/notices/templates/partner/request/en', configurer, {
        subject,
        body,
      });
      expect(saved.statusCode, subject).toBe(400);
      expect((saved.json() as Issues).error.details.issues, subject).toEqual([
        expect.objectContaining({ field: 'body.subject', rule: 'required-placeholder' }),
      ]);
      const previewed = await call('POST', '/api/notices/templates/preview', configurer, {
        kind: 'partner',
        name: 'request',
        subject,
        body,
      });
      expect(previewed.statusCode, subject).toBe(400);
      expect((previewed.json() as Issues).error.details.issues[0]?.field).toBe('body.subject');
    }
    const stored = await call('GET', '/api/notices/templates/partner/request/en', configurer);
    expect(stored.json()).toMatchObject({ source: 'built-in' });
    // Notices to patrons and staff need no reference.
    const notice = await call('POST', '/api/notices/templates/preview', configurer, {
      kind: 'notice',
      name: 'pickup-ready',
      subject: 'Your book is here',
      body,
    });
    expect(notice.statusCode, notice.body).toBe(200);
    const kept = await call('PUT', '/api/notices/templates/partner/request/en', configurer, {
      subject: 'Loan request {{request.reference}}: {{request.title}}',
      body,
    });
    expect(kept.statusCode, kept.body).toBe(200);

    // A template stored without it (before this was checked) is passed over for the built-in one.
    await database.db
      .updateTable('notice_template')
      .set({ subject: 'Loan request: {{request.title}}' })
      .where('library_id', '=', library.id)
      .where('kind', '=', 'partner')
      .where('name', '=', 'request')
      .execute();
    const partner = await insertPartner(database.db, library.id, { protocol: 'email' });
    const request = await newRequest();
    const preview = await call('POST', `/api/requests/${request.id}/partner-emails/preview`, illStaff, {
      partnerIds: [partner.id],
    });
    expect(preview.statusCode, preview.body).toBe(200);
    expect((preview.json() as { items: { subject: string }[] }).items[0]?.subject).toBe(
      `Interlibrary loan request: ${request.reference} Middlemarch`,
    );
    await call('DELETE', '/api/notices/templates/partner/request/en', configurer);
  });

  it('previews a template against a sample request without saving it', async () => {
    const response = await call('POST', '/api/notices/templates/preview', configurer, {
      kind: 'notice',
      name: 'pickup-ready',
      subject: 'Ready: {{request.title}} ({{request.reference}})',
      body: 'Dear {{patron.name}},\n{{#pickupBranch.name}}Collect it at {{pickupBranch.name}}.{{/pickupBranch.name}}{{#privateThing}}{{/privateThing}}',
    });
    expect(response.statusCode).toBe(400);
    const ok = await call('POST', '/api/notices/templates/preview', configurer, {
      kind: 'notice',
      name: 'pickup-ready',
      subject: 'Ready: {{request.title}} ({{request.reference}})',
      body: 'Dear {{patron.name}},\n{{#pickupBranch.name}}Collect it at {{pickupBranch.name}}.{{/pickupBranch.name}}',
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toEqual({
      subject: 'Ready: The Name of the Rose (ILL-1042)',
      body: 'Dear Ada Reader,\nCollect it at Main Library.',
    });
    const stored = await call('GET', '/api/notices/templates/notice/pickup-ready/en', configurer);
    expect(stored.json()).toMatchObject({ source: 'built-in' });
  });

  it('sends a patron the template in their language, falling back to the library’s default, then to English', async () => {
    const french = await createPatron(database.db, {
      libraryId: library.id,
      name: 'Émile',
      preferredLanguage: 'fr',
    });
    const german = await createPatron(database.db, {
      libraryId: library.id,
      name: 'Grete',
      preferredLanguage: 'de',
    });
    const saved = await call('PUT', '/api/notices/templates/notice/request-placed/fr', configurer, {
      subject: 'Votre demande {{request.reference}} : {{request.title}}',
      body: 'Bonjour {{patron.name}},\n\nNous avons bien reçu votre demande.',
    });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json()).toMatchObject({ source: 'library', language: 'fr', updatedBy: expect.any(String) });

    const french1 = await newRequest(french);
    const german1 = await newRequest(german);
    await mailWorker.runOnce();
    const toFrench = smtp.received.find((mail) => mail.envelope.to[0] === french.email);
    const toGerman = smtp.received.find((mail) => mail.envelope.to[0] === german.email);
    expect(toFrench?.parsed.subject).toBe(`Votre demande ${french1.reference} : Middlemarch`);
    expect(toFrench?.parsed.text).toContain('Bonjour Émile,');
    // German: no German template, the library's default (English) has none of its own: the built-in.
    expect(toGerman?.parsed.subject).toBe(`Your interlibrary loan request ${german1.reference}: Middlemarch`);

    // With French as the library's default language, German readers get French.
    await call('PATCH', '/api/notices/settings', configurer, { defaultLanguage: 'fr' });
    const german2 = await newRequest(german);
    await mailWorker.runOnce();
    const later = smtp.received.filter((mail) => mail.envelope.to[0] === german.email).at(-1);
    expect(later?.parsed.subject).toBe(`Votre demande ${german2.reference} : Middlemarch`);
    const fallback = await call('GET', '/api/notices/templates/notice/request-placed/de', configurer);
    expect(fallback.json()).toMatchObject({ source: 'library', language: 'fr' });

    // Deleting returns to the default.
    await call('PATCH', '/api/notices/settings', configurer, { defaultLanguage: 'en' });
    const deleted = await call('DELETE', '/api/notices/templates/notice/request-placed/fr', configurer);
    expect(deleted.statusCode).toBe(204);
    const back = await call('GET', '/api/notices/templates/notice/request-placed/fr', configurer);
    expect(back.json()).toMatchObject({ source: 'built-in', language: 'en' });

    const list = await call('GET', '/api/notices/templates?language=fr', configurer);
    expect(list.statusCode).toBe(200);
    const listed = list.json() as {
      items: { kind: string; name: string; kohaCode: string | null }[];
      placeholders: unknown[];
    };
    expect(listed.items).toContainEqual(
      expect.objectContaining({ kind: 'notice', name: 'pickup-ready', kohaCode: 'ILL_PICKUP_READY' }),
    );
    expect(listed.items).toContainEqual(
      expect.objectContaining({ kind: 'partner', name: 'request', kohaCode: 'ILL_PARTNER_REQ' }),
    );
    expect(listed.placeholders.length).toBeGreaterThan(20);
  });

  it('lets each library switch notices off, and lets only configure staff change templates and settings', async () => {
    const off = await call('PATCH', '/api/notices/settings', configurer, {
      triggers: { 'request-placed': false },
      dueSoonDays: 5,
    });
    expect(off.statusCode, off.body).toBe(200);
    expect(off.json()).toMatchObject({ dueSoonDays: 5 });
    expect((off.json() as { triggers: { notice: string; enabled: boolean }[] }).triggers).toContainEqual(
      expect.objectContaining({ notice: 'request-placed', enabled: false, kohaCode: null }),
    );
    const request = await newRequest();
    await mailWorker.runOnce();
    const log = await call('GET', '/api/notices?status=skipped&notice=request-placed', illStaff);
    expect(log.statusCode).toBe(200);
    expect((log.json() as { items: { requestId: string; skipReason: string }[] }).items[0]).toMatchObject({
      requestId: request.id,
      skipReason: 'the library has switched the request-placed notice off',
    });
    await call('PATCH', '/api/notices/settings', configurer, { triggers: { 'request-placed': true } });

    expect((await call('PATCH', '/api/notices/settings', illStaff, { dueSoonDays: 1 })).statusCode).toBe(403);
    expect(
      (await call('PUT', '/api/notices/templates/notice/overdue/en', illStaff, { subject: 'x', body: 'y' }))
        .statusCode,
    ).toBe(403);
    expect((await call('GET', '/api/notices/templates', illStaff)).statusCode).toBe(403);
  });

  it('shows the notice log and a request’s notices to its own library only', async () => {
    const request = await newRequest();
    await mailWorker.runOnce();
    const log = await call(
      'GET',
      `/api/notices?status=sent&from=${encodeURIComponent(clock.now().toISOString())}`,
      illStaff,
    );
    expect(log.statusCode).toBe(200);
    const items = (
      log.json() as {
        items: { requestId: string; status: string; smtpResponse: string; recipient: string }[];
      }
    ).items;
    expect(items).toContainEqual(
      expect.objectContaining({
        requestId: request.id,
        status: 'sent',
        recipient: patron.email,
        smtpResponse: expect.stringContaining('250'),
      }),
    );
    const paged = await call('GET', '/api/notices?limit=1', illStaff);
    expect((paged.json() as { items: unknown[]; nextBefore: string | null }).nextBefore).not.toBeNull();
    expect((await call('GET', `/api/requests/${request.id}/notices`, otherStaff)).statusCode).toBe(404);
    const foreign = await call('GET', '/api/notices', otherStaff);
    expect(
      (foreign.json() as { items: { requestId: string }[] }).items.map((item) => item.requestId),
    ).not.toContain(request.id);
  });

  it('keeps the SMTP password write-only, and shows held mail in the outbox', async () => {
    const initial = await call('GET', '/api/mail/smtp', configurer);
    expect(initial.json()).toEqual({ source: 'none', library: null, environment: null });
    const saved = await call('PUT', '/api/mail/smtp', configurer, {
      host: 'smtp.northbridge.example',
      port: 587,
      secure: false,
      user: 'ill',
      password: 'hunter2',
      fromAddress: 'ill@northbridge.example',
    });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.body).not.toContain('hunter2');
    expect(saved.json()).toMatchObject({
      source: 'library',
      library: {
        host: 'smtp.northbridge.example',
        user: 'ill',
        passwordSet: true,
        fromAddress: 'ill@northbridge.example',
      },
    });
    // Changing the host keeps the password unless it is given.
    const kept = await call('PUT', '/api/mail/smtp', configurer, {
      host: 'smtp2.northbridge.example',
      port: 465,
      secure: true,
      user: 'ill',
    });
    expect(kept.json()).toMatchObject({ library: { passwordSet: true, port: 465 } });
    expect((await call('GET', '/api/mail/smtp', illStaff)).statusCode).toBe(403);
    // The saved server does not exist: the check says so, within its timeouts.
    const unreachable = await call('PUT', '/api/mail/smtp', configurer, {
      host: '127.0.0.1',
      port: 9,
      secure: false,
    });
    expect(unreachable.statusCode).toBe(200);
    const failed = await call('POST', '/api/mail/smtp/verify', configurer);
    expect(failed.json()).toMatchObject({
      ok: false,
      answer: expect.stringMatching(/ECONNECTION|ECONNREFUSED/),
    });
    await call('PUT', '/api/mail/smtp', configurer, { host: '127.0.0.1', port: smtp.port, secure: false });
    expect((await call('POST', '/api/mail/smtp/verify', configurer)).json()).toMatchObject({ ok: true });
    expect((await call('DELETE', '/api/mail/smtp', configurer)).statusCode).toBe(204);

    // No SMTP anywhere: a worker without SMTP_URL holds the mail, and the outbox shows it.
    const request = await newRequest();
    await createMailWorker(database.db, { clock, smtp: { server: null } }).runOnce();
    const outbox = await call('GET', '/api/mail/outbox', illStaff);
    expect(outbox.statusCode).toBe(200);
    const body = outbox.json() as {
      smtp: string;
      items: {
        id: string;
        requestId: string;
        to: string;
        subject: string;
        status: string;
        replyTo: string;
      }[];
    };
    expect(body.smtp).toBe('none');
    const held = body.items.find((item) => item.requestId === request.id);
    expect(held).toMatchObject({
      status: 'held',
      to: patron.email,
      replyTo: library.email,
      subject: `Your interlibrary loan request ${request.reference}: Middlemarch`,
    });
    expect((await call('GET', '/api/mail/outbox', otherStaff)).json()).toMatchObject({ items: [] });

    // Once there is a server, staff send it.
    const again = await call('POST', `/api/mail/${held?.id}/send`, illStaff);
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json()).toMatchObject({ status: 'queued' });
    expect((await call('POST', `/api/mail/${held?.id}/send`, illStaff)).statusCode).toBe(409);
    await mailWorker.runOnce();
    expect(smtp.received.map((mail) => mail.parsed.subject)).toContain(
      `Your interlibrary loan request ${request.reference}: Middlemarch`,
    );
  });
});
