/**
 * A library's mail, for staff: its own SMTP server (the password is write-only), checking that the
 * server answers, the mail outbox (held mail, exactly as it would go out, and any other mail), and
 * sending held or failed mail again.
 */
import type { Clock } from '../clock.ts';
import { ConflictError, NotFoundError } from '../errors.ts';
import { presentMail } from '../notices/notice-log.service.ts';
import type { MailRepository } from './mail.repository.ts';
import type {
  MailView,
  Outbox,
  OutboxQuery,
  PartnerEmailPreview,
  PartnerEmailPreviewBody,
  SmtpSettingsBody,
  SmtpSettingsView,
  SmtpVerifyView,
} from './mail.schemas.ts';
import { resolveSmtpServer } from './smtp-config.ts';
import type { SmtpEnvironment } from './smtp-config.ts';
import { SmtpSender } from './smtp-sender.ts';
import type { SmtpSettingsRepository } from './smtp-settings.repository.ts';
import type { NoticeConfigRepository } from '../notices/notice-config.repository.ts';
import type { NoticeRepository } from '../notices/notice.repository.ts';
import { renderPartnerEmail } from './partner-email.ts';

export interface MailServiceRepositories {
  readonly mails: MailRepository;
  readonly smtpSettings: SmtpSettingsRepository;
  readonly notices: NoticeRepository;
  readonly noticeConfig: NoticeConfigRepository;
}

/** How long a check of an SMTP server may take, in all. */
const VERIFY_TIMEOUTS = { connectionMs: 5_000, greetingMs: 5_000, socketMs: 10_000 };

export class MailService {
  constructor(
    private readonly repositories: MailServiceRepositories,
    private readonly environment: SmtpEnvironment,
    private readonly clock: Clock,
  ) {}

  async smtpSettings(libraryId: string): Promise<SmtpSettingsView> {
    const row = await this.repositories.smtpSettings.find(libraryId);
    const environment = this.environment.server;
    return {
      source: row !== undefined ? 'library' : environment !== null ? 'environment' : 'none',
      library:
        row === undefined
          ? null
          : {
              host: row.host,
              port: row.port,
              secure: row.secure,
              user: row.username,
              passwordSet: row.password !== null,
              fromAddress: row.from_address,
            },
      environment:
        environment === null
          ? null
          : {
              host: environment.host,
              port: environment.port,
              secure: environment.secure,
              fromAddress: environment.from,
            },
    };
  }

  /** Set the library's own SMTP server. A password left out is kept; null removes it. */
  async saveSmtpSettings(libraryId: string, input: SmtpSettingsBody): Promise<SmtpSettingsView> {
    const current = await this.repositories.smtpSettings.find(libraryId);
    await this.repositories.smtpSettings.save(
      libraryId,
      {
        host: input.host.trim(),
        port: input.port,
        secure: input.secure,
        username: input.user ?? null,
        password: input.password === undefined ? (current?.password ?? null) : input.password,
        from_address: input.fromAddress ?? null,
      },
      this.clock.now(),
    );
    return this.smtpSettings(libraryId);
  }

  /** Forget the library's own SMTP server: its mail goes through SMTP_URL's, or is held. */
  async deleteSmtpSettings(libraryId: string): Promise<void> {
    await this.repositories.smtpSettings.delete(libraryId);
  }

  /** Connect to the library's SMTP server and log in, within a few seconds, without sending anything. */
  async verifySmtp(libraryId: string): Promise<SmtpVerifyView> {
    const server = resolveSmtpServer(await this.repositories.smtpSettings.find(libraryId), this.environment);
    if (server === null)
      return { ok: false, answer: 'No SMTP server is configured: mail is held in the outbox.' };
    const sender = new SmtpSender(VERIFY_TIMEOUTS);
    try {
      const outcome = await sender.verify(server);
      return outcome.ok ? { ok: true, answer: outcome.response } : { ok: false, answer: outcome.error };
    } finally {
      await sender.close();
    }
  }

  /** The library's mail, newest first: held mail unless another status is asked for. */
  async outbox(libraryId: string, query: OutboxQuery): Promise<Outbox> {
    const limit = query.limit ?? 100;
    const status = query.status ?? 'held';
    const [rows, settings] = await Promise.all([
      this.repositories.mails.list(libraryId, {
        limit: limit + 1,
        ...(status !== 'all' ? { status } : {}),
        ...(query.kind !== undefined ? { kind: query.kind } : {}),
        ...(query.before !== undefined ? { before: query.before } : {}),
      }),
      this.smtpSettings(libraryId),
    ]);
    const page = rows.slice(0, limit);
    return {
      smtp: settings.source,
      items: page.map(presentMail),
      nextBefore: rows.length > limit ? (page.at(-1)?.id ?? null) : null,
    };
  }

  /**
   * The emails a request's message would send to each of some partners (Koha's draft stage of Place
   * request with partners), exactly as the email transport would write them; nothing is saved.
   */
  async previewPartnerEmails(
    libraryId: string,
    requestId: string,
    input: PartnerEmailPreviewBody,
  ): Promise<PartnerEmailPreview> {
    const { notices, noticeConfig } = this.repositories;
    if ((await notices.requestLibrary(requestId)) !== libraryId) throw new NotFoundError('No such request.');
    const items = [];
    for (const partnerId of input.partnerIds) {
      const rendered = await renderPartnerEmail(
        { notices, noticeConfig },
        {
          requestId,
          partnerId,
          message: input.message ?? 'request',
          transactionId: null,
          payload: {},
          resend: false,
        },
      );
      items.push(
        rendered.ok
          ? {
              partnerId,
              to: rendered.email.to,
              replyTo: rendered.email.replyTo,
              subject: rendered.email.subject,
              body: rendered.email.body,
              language: rendered.email.language,
              error: null,
            }
          : {
              partnerId,
              to: null,
              replyTo: null,
              subject: null,
              body: null,
              language: null,
              error: rendered.error,
            },
      );
    }
    return { items };
  }

  /** Put a held or failed mail back in the queue, to go out now. */
  async sendAgain(libraryId: string, mailId: string): Promise<MailView> {
    const { mails } = this.repositories;
    if (!(await mails.requeue(libraryId, mailId, this.clock.now()))) {
      const status = await mails.statusOf(libraryId, mailId);
      if (status === undefined) throw new NotFoundError('The library has no such mail.');
      throw new ConflictError(`The mail is ${status}: only held or failed mail can be sent again.`, {
        status,
      });
    }
    const [row] = await mails.list(libraryId, { id: mailId, limit: 1 });
    if (row === undefined) throw new NotFoundError('The library has no such mail.');
    return presentMail(row);
  }
}
