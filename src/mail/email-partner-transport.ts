/**
 * The outbox transport of email partners: renders an outgoing message (the request, Shipped, Cancel…)
 * as an email from the library's editable template for that message, with the request's reference
 * in the subject and the library's ILL address to reply to, and queues it in the durable mail queue,
 * from which the mail worker sends it. "Delivered" means handed to that queue: the mail's own status
 * (queued, held, sent, failed with the SMTP answer) shows on the request, and a failed one tells staff.
 *
 * Delivering the same outbox message again queues nothing more, so a repeated attempt never sends a
 * partner two copies.
 */
import type { Kysely } from 'kysely';
import type { Clock } from '../clock.ts';
import { systemClock } from '../clock.ts';
import type { Database } from '../db/schema.ts';
import { unitOfWork } from '../db/unit-of-work.ts';
import type { UnitOfWork } from '../db/unit-of-work.ts';
import type { Logger } from '../logger.ts';
import { isPartnerMessageName } from '../notices/notice-catalogue.ts';
import { NoticeConfigRepository } from '../notices/notice-config.repository.ts';
import { noticeValues } from '../notices/notice-context.ts';
import { NoticeRepository } from '../notices/notice.repository.ts';
import { renderTemplate, resolveTemplate } from '../notices/template-resolver.ts';
import type { DeliveryResult, MessageTransport, OutboxDelivery } from '../workers/outbox-transport.ts';
import { MailRepository } from './mail.repository.ts';

export interface EmailPartnerTransportRepositories {
  readonly mails: MailRepository;
  readonly notices: NoticeRepository;
  readonly noticeConfig: NoticeConfigRepository;
}

function refused(error: string): DeliveryResult {
  return { outcome: 'refused', error };
}

export class EmailPartnerTransport implements MessageTransport {
  readonly protocol = 'email' as const;

  constructor(
    private readonly work: UnitOfWork<EmailPartnerTransportRepositories>,
    private readonly clock: Clock,
    private readonly logger?: Logger,
  ) {}

  async deliver(delivery: OutboxDelivery): Promise<DeliveryResult> {
    try {
      return await this.work.run((repositories) => this.queue(repositories, delivery));
    } catch (error) {
      this.logger?.warn({ err: error, outboxMessageId: delivery.id }, 'could not queue a partner email');
      return { outcome: 'retry', error: `Could not queue the email: ${(error as Error).message}` };
    }
  }

  private async queue(
    { mails, notices, noticeConfig }: EmailPartnerTransportRepositories,
    delivery: OutboxDelivery,
  ): Promise<DeliveryResult> {
    const existing = await mails.findByOutboxMessage(delivery.id);
    if (existing !== undefined) return delivered(existing.id, existing.to);

    if (!isPartnerMessageName(delivery.message)) {
      return refused(`Interlend cannot email a ${delivery.message} message.`);
    }
    const request = await notices.request(delivery.requestId);
    if (request === undefined) return refused('The request no longer exists.');
    const [library, partner, settings] = await Promise.all([
      notices.library(request.library_id),
      notices.partner(delivery.partnerId),
      noticeConfig.settings(request.library_id),
    ]);
    if (library === undefined) return refused('The library no longer exists.');
    if (partner === undefined) return refused('The partner is no longer in the partner directory.');
    if (partner.email === null || partner.email.trim() === '') {
      return refused(`${partner.symbol} has no email address in the partner directory.`);
    }
    if (library.email === null) {
      return refused(
        'The library has no ILL email address for the partner to reply to: set one in the library settings, then send the message again.',
      );
    }
    const partnerReference =
      request.role === 'lending'
        ? request.partner_request_id
        : await notices.partnerReferenceOfTransaction(delivery.transactionId);
    const template = await resolveTemplate(
      noticeConfig,
      request.library_id,
      'partner',
      delivery.message,
      settings.default_language,
      settings.default_language,
    );
    const { subject, body } = renderTemplate(
      template,
      noticeValues({
        request,
        partnerReference,
        patron: null,
        library,
        pickupBranch: null,
        partner,
        data: delivery.payload,
        resent: delivery.resend,
      }),
    );
    const mail = await mails.insertForOutboxMessage({
      libraryId: request.library_id,
      requestId: request.id,
      kind: 'partner',
      outboxMessageId: delivery.id,
      partnerId: partner.id,
      message: delivery.message,
      to: partner.email,
      replyTo: library.email,
      subject,
      body,
      language: template.language,
      at: this.clock.now(),
    });
    return delivered(mail.id, partner.email);
  }
}

function delivered(mailId: string, to: string): DeliveryResult {
  return { outcome: 'delivered', confirmation: `Queued as mail ${mailId} to ${to}.` };
}

export interface EmailPartnerTransportOptions {
  readonly clock?: Clock;
  readonly logger?: Logger;
}

/** The email transport over `db`, for the outbox worker to register for protocol `email`. */
export function createEmailPartnerTransport(
  db: Kysely<Database>,
  options: EmailPartnerTransportOptions = {},
): EmailPartnerTransport {
  return new EmailPartnerTransport(
    unitOfWork(db, (transaction) => ({
      mails: new MailRepository(transaction),
      notices: new NoticeRepository(transaction),
      noticeConfig: new NoticeConfigRepository(transaction),
    })),
    options.clock ?? systemClock,
    options.logger,
  );
}
