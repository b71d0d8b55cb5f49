/**
 * Email partners end to end, over HTTP, real PostgreSQL and a real SMTP server on loopback: Place
 * request with partners sends one email per partner (reference in the subject, replies to the
 * library), Informed actions record the partner's answers, a request that arrived by email is
 * recorded as a lending request and answered by email, and the email transport queues each outbox
 * message once.
 */
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { ManualClock } from '../../src/clock.ts';
import type { Library, Partner } from '../../src/db/schema.ts';
import { createEmailPartnerTransport } from '../../src/mail/email-partner-transport.ts';
import type { MailWorker } from '../../src/mail/mail-worker.ts';
import type { App } from '../../src/server/app.ts';
import type { OutboxDelivery } from '../../src/workers/outbox-transport.ts';
import type { Workers } from '../../src/workers/workers.ts';
import { describeEachDatabase } from '../support/databases.ts';
import { openEmailPartnerDesk, type EmailPartnerDesk } from './email-partner-desk.ts';
import { createLibrary, createPatron } from '../support/factories.ts';
import { insertPartner } from '../support/request-factories.ts';
import type { TestSmtpServer } from '../support/smtp-server.ts';

type Headers = Record<string, string>;

const book = {
  type: 'book',
  serviceType: 'loan',
  title: 'Le Ventre de Paris',
  author: 'Émile Zola',
} as const;

describeEachDatabase('email partners', (database) => {
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
  });

  /** Deliver every outgoing message and send every mail. */
  async function settle(): Promise<void> {
    for (let round = 0; round < 10; round++) {
      const delivered = await workers.outbox.runDue();
      const mail = await mailWorker.runOnce();
      if (delivered === 0 && mail.sent + mail.noticesRendered === 0) return;
    }
  }

  async function act(requestId: string, body: object): Promise<Record<string, unknown>> {
    const response = await app.inject({
      method: 'POST',
      url: `/api/requests/${requestId}/actions`,
      headers: staff,
      payload: body,
    });
    expect(response.statusCode, response.body).toBe(200);
    return response.json();
  }

  async function emailRequest(): Promise<{ id: string; reference: string }> {
    const patron = await createPatron(database.db, { libraryId: library.id, name: 'Ada Reader' });
    const response = await app.inject({
      method: 'POST',
      url: '/api/requests',
      headers: staff,
      payload: { details: { ...book, patronId: patron.id }, backend: 'email', rota: [] },
    });
    expect(response.statusCode, response.body).toBe(201);
    return response.json();
  }

  it('places a request with two partners: one email each, the reference in the subject, replies to the library', async () => {
    const request = await emailRequest();
    const page = await act(request.id, {
      action: 'place-request-with-partners',
      data: { partnerIds: partners.map((partner) => partner.id), note: 'Needed for a seminar.' },
    });
    expect(page.status).toBe('requested_from_partners');
    await settle();

    const partnerMail = smtp.received.filter((mail) =>
      mail.parsed.subject?.startsWith('Interlibrary loan request'),
    );
    expect(partnerMail.map((mail) => mail.envelope.to).sort()).toEqual(
      partners.map((partner) => [partner.email]).sort(),
    );
    for (const mail of partnerMail) {
      expect(mail.parsed.subject).toBe(`Interlibrary loan request: ${request.reference} Le Ventre de Paris`);
      expect(mail.parsed.replyTo?.value[0]?.address).toBe(library.email);
      expect(mail.parsed.from?.value[0]?.address).toBe('ill-notices@interlend.example');
      expect(mail.parsed.text).toContain('- Title: Le Ventre de Paris\n- Author: Émile Zola');
      expect(mail.parsed.text).toContain(`quoting ${request.reference}`);
      // The note staff wrote when placing the request goes to every partner.
      expect(mail.parsed.text).toContain('Needed for a seminar.');
    }
    const southport = partnerMail.find((mail) => mail.envelope.to[0] === partners[0]?.email);
    expect(southport?.parsed.text).toContain('To Southport City Library');

    // Who it was sent to, and when, shows on the request.
    const notices = await app.inject({
      method: 'GET',
      url: `/api/requests/${request.id}/notices`,
      headers: staff,
    });
    expect(notices.statusCode).toBe(200);
    const body = notices.json() as {
      partnerEmails: { to: string; status: string; message: string; sentAt: string; smtpResponse: string }[];
      notices: { notice: string; status: string }[];
    };
    expect(body.partnerEmails.map((mail) => [mail.message, mail.to, mail.status]).sort()).toEqual(
      partners.map((partner) => ['request', partner.email, 'sent']).sort(),
    );
    expect(body.partnerEmails.every((mail) => mail.sentAt === clock.now().toISOString())).toBe(true);
    expect(body.notices).toEqual([expect.objectContaining({ notice: 'request-placed', status: 'sent' })]);
  });

  it('previews the email each partner would get, before anything is sent', async () => {
    const request = await emailRequest();
    const iso = await insertPartner(database.db, library.id, { protocol: 'iso18626', symbol: 'ISO-ONLY' });
    const response = await app.inject({
      method: 'POST',
      url: `/api/requests/${request.id}/partner-emails/preview`,
      headers: staff,
      payload: { partnerIds: [partners[0]?.id, iso.id] },
    });
    expect(response.statusCode, response.body).toBe(200);
    const [southport, isoOnly] = (response.json() as { items: Record<string, unknown>[] }).items;
    expect(southport).toMatchObject({
      to: partners[0]?.email,
      replyTo: library.email,
      subject: `Interlibrary loan request: ${request.reference} Le Ventre de Paris`,
      error: null,
    });
    expect(southport?.body).toContain('To Southport City Library');
    expect(isoOnly).toMatchObject({
      to: null,
      error: 'ISO-ONLY has no email address in the partner directory.',
    });
    expect(
      await database.db.selectFrom('mail').selectAll().where('request_id', '=', request.id).execute(),
    ).toEqual([]);
  });

  it('records Informed Shipped with its date shipped and due date, and tells the patron', async () => {
    const request = await emailRequest();
    await act(request.id, { action: 'place-request-with-partners', data: { partnerIds: [partners[0]?.id] } });
    await settle();
    smtp.received.length = 0;
    const page = (await act(request.id, {
      action: 'informed-shipped',
      rotaPosition: 0,
      data: { serviceType: 'loan', dateShipped: '2026-11-26', dueDate: '2027-01-10' },
    })) as { rota: { transaction: { state: string; dueDate: string } | null }[] };
    expect(page.rota[0]?.transaction).toMatchObject({ state: 'shipped', dueDate: '2027-01-10' });
    await settle();
    // Informed actions record what the partner said: nothing is emailed to the partner, the patron hears.
    expect(smtp.received.map((mail) => mail.envelope.to[0])).not.toContain(partners[0]?.email);
    expect(smtp.received.map((mail) => mail.parsed.subject)).toContain(
      `News about your interlibrary loan request ${request.reference}`,
    );
  });

  it('records a request that arrived by email as a lending request, and answers the partner by email', async () => {
    const borrower = partners[1];
    if (borrower === undefined) throw new Error('unreachable');
    const response = await app.inject({
      method: 'POST',
      url: '/api/lending/requests',
      headers: staff,
      payload: {
        partnerId: borrower.id,
        partnerRequestId: 'EF-2026-881',
        details: book,
        note: 'For a reader.',
      },
    });
    expect(response.statusCode, response.body).toBe(201);
    const lending = response.json() as { id: string; reference: string; role: string; rota: unknown[] };
    expect(lending.role).toBe('lending');

    const again = await app.inject({
      method: 'POST',
      url: '/api/lending/requests',
      headers: staff,
      payload: { partnerId: borrower.id, partnerRequestId: 'EF-2026-881', details: book },
    });
    expect(again.statusCode).toBe(409);

    await act(lending.id, { action: 'answer-will-supply', data: { note: 'It will go out on Monday.' } });
    await settle();
    const [answer] = smtp.received.filter((mail) => mail.envelope.to[0] === borrower.email);
    expect(answer?.parsed.subject).toBe(
      `We will supply: ${lending.reference} (your ref. EF-2026-881) Le Ventre de Paris`,
    );
    expect(answer?.parsed.replyTo?.value[0]?.address).toBe(library.email);
    expect(answer?.parsed.text).toContain('We will supply this item');
    expect(answer?.parsed.text).toContain('Your reference: EF-2026-881');
    expect(answer?.parsed.text).toContain('Note: It will go out on Monday.');
  });

  it('answers an emailed request with Answer Retry: when to ask again and the item to ask for', async () => {
    const borrower = partners[1];
    if (borrower === undefined) throw new Error('unreachable');
    const response = await app.inject({
      method: 'POST',
      url: '/api/lending/requests',
      headers: staff,
      payload: { partnerId: borrower.id, partnerRequestId: 'EF-2026-902', details: book },
    });
    expect(response.statusCode, response.body).toBe(201);
    const lending = response.json() as { id: string; reference: string };
    smtp.received.length = 0;
    await act(lending.id, {
      action: 'answer-retry',
      data: { reason: 'NotFoundAsCited', estimatedDateAvailable: '2026-12-15', itemId: 'B-000456' },
    });
    await settle();
    const [answer] = smtp.received.filter((mail) => mail.envelope.to[0] === borrower.email);
    expect(answer?.parsed.subject).toBe(
      `Please try again later: ${lending.reference} (your ref. EF-2026-902) Le Ventre de Paris`,
    );
    expect(answer?.parsed.text).toContain(
      'please ask again later, after 2026-12-15 (reason: NotFoundAsCited).',
    );
    expect(answer?.parsed.text).toContain('Please ask for this item: B-000456');
  });

  it('refuses to record an emailed request from an ISO 18626 partner, or from no partner of the library', async () => {
    const iso = await insertPartner(database.db, library.id, { protocol: 'iso18626' });
    const other = await createLibrary(database.db);
    const stranger = await insertPartner(database.db, other.id, { protocol: 'email' });
    for (const [partnerId, rule] of [
      [iso.id, 'protocol'],
      [stranger.id, 'exists'],
    ] as const) {
      const response = await app.inject({
        method: 'POST',
        url: '/api/lending/requests',
        headers: staff,
        payload: { partnerId, partnerRequestId: 'X-1', details: book },
      });
      expect(response.statusCode).toBe(400);
      expect(response.json()).toMatchObject({
        error: { details: { issues: [{ field: 'body.partnerId', rule }] } },
      });
    }
  });

  it('queues one mail per outbox message however often it is delivered, and refuses without a reply-to address', async () => {
    const request = await emailRequest();
    await act(request.id, { action: 'place-request-with-partners', data: { partnerIds: [partners[0]?.id] } });
    const row = await database.db
      .selectFrom('outbox_message')
      .selectAll()
      .where('request_id', '=', request.id)
      .executeTakeFirstOrThrow();
    const delivery: OutboxDelivery = {
      id: String(row.id),
      requestId: row.request_id,
      transactionId: row.transaction_id,
      partnerId: row.partner_id,
      protocol: 'email',
      message: row.message,
      sequence: row.sequence,
      resend: row.resend,
      payload: row.payload as Record<string, unknown>,
      createdAt: row.created_at,
      attempt: 1,
    };
    const transport = createEmailPartnerTransport(database.db, { clock });
    // The outbox worker holds its message FOR UPDATE while the transport runs: queueing must not wait on it.
    const first = await database.db.transaction().execute(async (trx) => {
      await trx.selectFrom('outbox_message').select('id').where('id', '=', delivery.id).forUpdate().execute();
      return Promise.race([
        transport.deliver(delivery),
        new Promise<never>((_, reject) =>
          setTimeout(() => reject(new Error('the transport waited on the locked outbox row')), 5_000),
        ),
      ]);
    });
    const second = await transport.deliver({ ...delivery, attempt: 2 });
    expect(first).toMatchObject({
      outcome: 'delivered',
      confirmation: expect.stringContaining(partners[0]?.email ?? ''),
    });
    expect(second).toEqual(first);
    const mails = await database.db
      .selectFrom('mail')
      .selectAll()
      .where('outbox_message_id', '=', delivery.id)
      .execute();
    expect(mails).toHaveLength(1);

    // A library without an ILL email address cannot be replied to: the message is refused, saying why.
    await database.db.deleteFrom('mail').where('outbox_message_id', '=', delivery.id).execute();
    await database.db.updateTable('library').set({ email: null }).where('id', '=', library.id).execute();
    try {
      expect(await transport.deliver(delivery)).toMatchObject({
        outcome: 'refused',
        error: expect.stringContaining('no ILL email address'),
      });
    } finally {
      await database.db
        .updateTable('library')
        .set({ email: library.email })
        .where('id', '=', library.id)
        .execute();
    }
  });
});
