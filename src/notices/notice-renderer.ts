/**
 * Turns each queued notice into a mail, or records why none is sent: the library switched the notice
 * off, the patron does not want email notices, there is no address. A notice is never dropped
 * silently: every one ends as a mail (queued, held, sent, failed) or as `skipped` with its reason; one
 * that cannot be written at all is `failed`, and staff get the delivery-failed notice of it.
 */
import type { Clock } from '../clock.ts';
import type { Logger } from '../logger.ts';
import type { UnitOfWork } from '../db/unit-of-work.ts';
import type { MailRepository } from '../mail/mail.repository.ts';
import { isNoticeName, NOTICES } from './notice-catalogue.ts';
import type { NoticeConfigRepository } from './notice-config.repository.ts';
import { noticeValues } from './notice-context.ts';
import type { NoticeSubjects } from './notice-context.ts';
import type { NoticeRepository, QueuedNotice } from './notice.repository.ts';
import { renderTemplate, resolveTemplate } from './template-resolver.ts';

export interface NoticeRendererRepositories {
  readonly notices: NoticeRepository;
  readonly noticeConfig: NoticeConfigRepository;
  readonly mails: MailRepository;
}

export type RenderOutcome = 'mailed' | 'skipped' | 'failed' | 'none';

/** What the staff delivery-failed notice says of a notice that could not be written. */
function renderFailure(notice: QueuedNotice, reason: string): Record<string, string> {
  return {
    what: `the ${notice.notice} notice`,
    recipient: notice.audience === 'patron' ? 'the patron' : 'staff',
    subject: `the ${notice.notice} notice, which could not be written`,
    error: reason,
    advice:
      'Nothing was sent. Check the library’s template of this notice in the notice settings; the notice log shows it as failed.',
  };
}

export class NoticeRenderer {
  constructor(
    private readonly work: UnitOfWork<NoticeRendererRepositories>,
    private readonly clock: Clock,
    private readonly logger?: Logger,
  ) {}

  /** Render every waiting notice, up to `limit`. Returns how many were handled. */
  async renderAll(limit = 100): Promise<number> {
    let handled = 0;
    while (handled < limit) {
      if ((await this.renderNext()) === 'none') break;
      handled++;
    }
    return handled;
  }

  /** Render the oldest waiting notice, in one database transaction. */
  async renderNext(): Promise<RenderOutcome> {
    const claim: { notice: QueuedNotice | null } = { notice: null };
    try {
      return await this.work.run(async (repositories) => {
        const notice = await repositories.notices.claimToRender();
        claim.notice = notice;
        if (notice === null) return 'none';
        return this.render(repositories, notice);
      });
    } catch (error) {
      const notice = claim.notice;
      if (notice === null) throw error;
      // A notice that cannot be written must not hold up every notice queued after it.
      this.logger?.error({ err: error, noticeId: notice.id }, 'could not write a notice');
      const reason = `Interlend could not write this notice: ${(error as Error).message}`;
      await this.work.run(async ({ notices }) => {
        const now = this.clock.now();
        await notices.markFailed(notice.id, reason, now);
        // Staff are told, as of a mail that failed; never of their own failure notice, which would loop.
        if (notice.notice !== 'delivery-failed') {
          await notices.insert({
            libraryId: notice.libraryId,
            requestId: notice.requestId,
            audience: 'staff',
            notice: 'delivery-failed',
            data: { noticeId: notice.id, failure: renderFailure(notice, reason) },
            at: now,
          });
        }
      });
      return 'failed';
    }
  }

  private async render(
    repositories: NoticeRendererRepositories,
    notice: QueuedNotice,
  ): Promise<RenderOutcome> {
    const { notices, noticeConfig, mails } = repositories;
    const now = this.clock.now();
    const skip = async (reason: string, recipient: string | null = null, language: string | null = null) => {
      await notices.markSkipped(notice.id, { reason, recipient, language }, now);
      return 'skipped' as const;
    };

    if (!isNoticeName(notice.notice)) return skip(`Interlend has no notice called ${notice.notice}`);
    const library = await notices.library(notice.libraryId);
    if (library === undefined) return skip('the library no longer exists');
    const [settings, triggers] = await Promise.all([
      noticeConfig.settings(notice.libraryId),
      noticeConfig.triggers(notice.libraryId),
    ]);
    if (triggers.get(notice.notice) === false) {
      return skip(`the library has switched the ${notice.notice} notice off`);
    }
    const request = notice.requestId === null ? undefined : await notices.request(notice.requestId);
    if (request === undefined && NOTICES[notice.notice].audience === 'patron') {
      return skip('the request no longer exists');
    }
    const patronRow =
      request?.patron_id === null || request?.patron_id === undefined
        ? undefined
        : await notices.patron(request.patron_id);

    let recipient: string | null;
    let language: string;
    if (notice.audience === 'patron') {
      if (patronRow !== undefined) {
        language = patronRow.preferred_language;
        if (!patronRow.email_notices)
          return skip('the patron does not want notices by email', null, language);
        recipient = patronRow.email;
        if (recipient === null || recipient.trim() === '') {
          return skip('the patron has no email address', null, language);
        }
      } else {
        // An OPAC request made without logging in: the address its requester gave.
        language = settings.default_language;
        recipient = request?.requester_email ?? null;
        if (recipient === null) return skip('the request has no patron to tell', null, language);
      }
    } else {
      language = settings.default_language;
      recipient = settings.staff_email ?? library.email;
      if (recipient === null)
        return skip('the library has no ILL email address for staff notices', null, language);
    }

    const partnerId =
      request?.role === 'lending' ? request.partner_id : (request?.current_partner_id ?? null);
    const [pickupBranch, partner, partnerReference] = await Promise.all([
      request?.pickup_branch_id ? notices.pickupBranch(request.pickup_branch_id) : undefined,
      partnerId === null ? undefined : notices.partner(partnerId),
      request === undefined
        ? null
        : request.role === 'lending'
          ? request.partner_request_id
          : notices.partnerReference(request.id, request.current_position),
    ]);
    const subjects: NoticeSubjects = {
      request: request ?? null,
      partnerReference,
      patron:
        patronRow !== undefined
          ? { name: patronRow.name, cardNumber: patronRow.card_number, email: patronRow.email }
          : request?.requester_name
            ? { name: request.requester_name, cardNumber: null, email: request.requester_email }
            : null,
      library,
      pickupBranch: pickupBranch ?? null,
      partner: partner ?? null,
      data: notice.data,
    };
    const template = await resolveTemplate(
      noticeConfig,
      notice.libraryId,
      'notice',
      notice.notice,
      language,
      settings.default_language,
    );
    const { subject, body } = renderTemplate(template, noticeValues(subjects));
    await mails.insert({
      libraryId: notice.libraryId,
      requestId: request?.id ?? null,
      kind: 'notice',
      noticeId: notice.id,
      to: recipient,
      replyTo: library.email,
      subject,
      body,
      language: template.language,
      at: now,
    });
    await notices.markRendered(notice.id, { recipient, language: template.language, subject, body }, now);
    return 'mailed';
  }
}
