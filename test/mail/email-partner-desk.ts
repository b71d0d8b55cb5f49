/**
 * The borrowing desk the email-partner suites work at: the app over the real services, the workers
 * that deliver partner messages by email, a mail worker sending through a real SMTP server on
 * loopback, a library with two email partners, and staff with the ILL and configure permissions.
 */
import type { Kysely } from 'kysely';
import type { ManualClock } from '../../src/clock.ts';
import type { Database, Library, Partner } from '../../src/db/schema.ts';
import { createEmailPartnerTransport } from '../../src/mail/email-partner-transport.ts';
import { createMailWorker } from '../../src/mail/mail-worker.ts';
import type { MailWorker } from '../../src/mail/mail-worker.ts';
import { buildApp, type App } from '../../src/server/app.ts';
import { createServices } from '../../src/server/services.ts';
import { createWorkers } from '../../src/workers/workers.ts';
import type { Workers } from '../../src/workers/workers.ts';
import { createLibrary, staffSession } from '../support/factories.ts';
import { insertPartner } from '../support/request-factories.ts';
import { startTestSmtpServer } from '../support/smtp-server.ts';
import type { TestSmtpServer } from '../support/smtp-server.ts';

export interface EmailPartnerDesk {
  readonly smtp: TestSmtpServer;
  readonly app: App;
  readonly mailWorker: MailWorker;
  readonly workers: Workers;
  readonly library: Library;
  /** Headers of a staff session with the ILL and configure permissions. */
  readonly staff: Record<string, string>;
  /** Southport City Library and Eastfield College Library, both email partners. */
  readonly partners: readonly Partner[];
  /** Closes the app and the SMTP server. */
  close(): Promise<void>;
}

/** Opens the desk on a suite's database, with the suite's clock. */
export async function openEmailPartnerDesk(
  db: Kysely<Database>,
  clock: ManualClock,
): Promise<EmailPartnerDesk> {
  const smtp = await startTestSmtpServer();
  const services = createServices(db, { clock, smtp: { server: null } });
  const app = await buildApp({ db, services });
  const mailWorker = createMailWorker(db, {
    clock,
    smtp: { server: smtp.settings },
    timeouts: { connectionMs: 2_000, greetingMs: 2_000, socketMs: 5_000 },
  });
  const workers = createWorkers(db, {
    clock,
    requestWorkflow: services.requestWorkflow,
    transports: [createEmailPartnerTransport(db, { clock })],
  });
  const library = await createLibrary(db, { name: 'Northbridge University Library' });
  const staff = (await staffSession(app, db, { libraryId: library.id, permissions: ['ill', 'configure'] }))
    .headers;
  const partners = [
    await insertPartner(db, library.id, { protocol: 'email', name: 'Southport City Library' }),
    await insertPartner(db, library.id, { protocol: 'email', name: 'Eastfield College Library' }),
  ];
  return {
    smtp,
    app,
    mailWorker,
    workers,
    library,
    staff,
    partners,
    close: async () => {
      await app.close();
      await smtp.close();
    },
  };
}
