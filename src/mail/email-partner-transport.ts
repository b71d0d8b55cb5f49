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
import { NoticeConfigRepository } from '../notices/notice-config.repository.ts';
import { NoticeRepository } from '../notices/notice.repository.ts';
import type { DeliveryResult, MessageTransport, OutboxDelivery } from '../workers/outbox-transport.ts';
import { MailRepository } from './mail.repository.ts';
import { renderPartnerEmail } from './partner-email.ts';

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

    const rendered = await renderPartnerEmail(
      { notices, noticeConfig },
      {
        requestId: delivery.requestId,
        partnerId: delivery.partnerId,
        message: delivery.message,
        transactionId: delivery.transactionId,
        payload: delivery.payload,
        resend: delivery.resend,
      },
    );
    if (!rendered.ok) return refused(rendered.error);
    const { email } = rendered;
    const mail = await mails.insertForOutboxMessage({
      ...email,
      kind: 'partner',
      outboxMessageId: delivery.id,
      message: delivery.message,
      at: this.clock.now(),
    });
    return delivered(mail.id, email.to);
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
