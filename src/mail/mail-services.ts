/** Wiring of the mail and notices services over one database. */
import type { Kysely } from 'kysely';
import type { Clock } from '../clock.ts';
import type { Database } from '../db/schema.ts';
import { NoticeConfigRepository } from '../notices/notice-config.repository.ts';
import { NoticeLogService } from '../notices/notice-log.service.ts';
import { NoticeTemplateService } from '../notices/notice-template.service.ts';
import { NoticeRepository } from '../notices/notice.repository.ts';
import type { RequestService } from '../requests/request.service.ts';
import { IncomingRequestService } from './incoming-request.service.ts';
import { MailRepository } from './mail.repository.ts';
import { MailService } from './mail.service.ts';
import type { SmtpEnvironment } from './smtp-config.ts';
import { SmtpSettingsRepository } from './smtp-settings.repository.ts';

export interface MailServices {
  /** Notice and partner-email templates, previews, notice settings and trigger switches. */
  readonly noticeTemplates: NoticeTemplateService;
  /** The notice log, and what was emailed about a request. */
  readonly noticeLog: NoticeLogService;
  /** SMTP settings, the mail outbox, sending mail again. */
  readonly mail: MailService;
  /** Requests partners sent by email, recorded as lending requests. */
  readonly incomingRequests: IncomingRequestService;
}

export function createMailServices(
  db: Kysely<Database>,
  options: { clock: Clock; smtp: SmtpEnvironment; requests: RequestService },
): MailServices {
  const notices = new NoticeRepository(db);
  const mails = new MailRepository(db);
  const noticeConfig = new NoticeConfigRepository(db);
  return {
    noticeTemplates: new NoticeTemplateService({ noticeConfig }, options.clock),
    noticeLog: new NoticeLogService({ notices, mails }),
    mail: new MailService(
      { mails, smtpSettings: new SmtpSettingsRepository(db), notices, noticeConfig },
      options.smtp,
      options.clock,
    ),
    incomingRequests: new IncomingRequestService(options.requests, {
      find: (libraryId, partnerId) => notices.partner(partnerId, libraryId),
    }),
  };
}
