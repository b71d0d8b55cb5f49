/**
 * What was sent to whom, and how it went: the notice log of a library, and everything emailed about
 * one request (its notices and its partner emails), each with its delivery status and the SMTP answer.
 */
import { NotFoundError } from '../errors.ts';
import type { MailRepository, MailRow } from '../mail/mail.repository.ts';
import type { MailView } from '../mail/mail.schemas.ts';
import { requestReference } from '../requests/request-view.ts';
import type { NoticeLogRow, NoticeRepository } from './notice.repository.ts';
import type { NoticeLog, NoticeLogQuery, NoticeView } from './notice.schemas.ts';

export interface NoticeLogRepositories {
  readonly notices: NoticeRepository;
  readonly mails: MailRepository;
}

export function presentNotice(row: NoticeLogRow): NoticeView {
  return {
    id: row.id,
    requestId: row.request_id,
    requestReference: row.request_number === null ? null : requestReference(row.request_number),
    audience: row.audience,
    notice: row.notice,
    status: row.status as NoticeView['status'],
    recipient: row.recipient,
    language: row.language,
    subject: row.subject,
    body: row.body,
    skipReason: row.skip_reason,
    mailId: row.mail_id,
    attempts: row.attempts ?? 0,
    lastError: row.last_error,
    smtpResponse: row.smtp_response,
    nextAttemptAt:
      row.status === 'queued' && row.next_attempt_at !== null ? row.next_attempt_at.toISOString() : null,
    createdAt: row.created_at.toISOString(),
    sentAt: row.sent_at?.toISOString() ?? null,
  };
}

export function presentMail(row: MailRow): MailView {
  return {
    id: row.id,
    kind: row.kind,
    requestId: row.request_id,
    requestReference: row.request_number === null ? null : requestReference(row.request_number),
    notice: row.notice,
    message: row.message,
    partnerSymbol: row.partner_symbol,
    from: row.from_address,
    fromName: row.from_name,
    replyTo: row.reply_to,
    to: row.to_address,
    subject: row.subject,
    body: row.body,
    language: row.language,
    status: row.status,
    attempts: row.attempts,
    nextAttemptAt: row.status === 'queued' ? row.next_attempt_at.toISOString() : null,
    lastError: row.last_error,
    smtpResponse: row.smtp_response,
    createdAt: row.created_at.toISOString(),
    sentAt: row.sent_at?.toISOString() ?? null,
  };
}

export class NoticeLogService {
  constructor(private readonly repositories: NoticeLogRepositories) {}

  /** The library's notices, newest first, filtered. */
  async log(libraryId: string, query: NoticeLogQuery): Promise<NoticeLog> {
    const limit = query.limit ?? 100;
    const rows = await this.repositories.notices.log(libraryId, {
      limit: limit + 1,
      ...(query.status !== undefined ? { status: query.status } : {}),
      ...(query.audience !== undefined ? { audience: query.audience } : {}),
      ...(query.notice !== undefined ? { notice: query.notice } : {}),
      ...(query.from !== undefined ? { from: new Date(query.from) } : {}),
      ...(query.to !== undefined ? { to: new Date(query.to) } : {}),
      ...(query.before !== undefined ? { before: query.before } : {}),
    });
    const page = rows.slice(0, limit);
    return {
      items: page.map(presentNotice),
      nextBefore: rows.length > limit ? (page.at(-1)?.id ?? null) : null,
    };
  }

  /** Every notice and partner email of one request of the library, oldest first. */
  async forRequest(
    libraryId: string,
    requestId: string,
  ): Promise<{ notices: NoticeView[]; partnerEmails: MailView[] }> {
    const { notices, mails } = this.repositories;
    if ((await notices.requestLibrary(requestId)) !== libraryId) throw new NotFoundError('No such request.');
    const [noticeRows, mailRows] = await Promise.all([
      notices.log(libraryId, { requestId, limit: 1000 }),
      mails.list(libraryId, { requestId, kind: 'partner', limit: 1000 }),
    ]);
    return {
      notices: noticeRows.reverse().map(presentNotice),
      partnerEmails: mailRows.reverse().map(presentMail),
    };
  }
}
