/**
 * The email a partner gets for one workflow message about one request: the library's template for the
 * message (in its default language), filled with the request, the partner and the message's fields,
 * addressed to the partner and replying to the library. Shared by the email transport and by the
 * preview staff see before sending.
 */
import { isPartnerMessageName } from '../notices/notice-catalogue.ts';
import type { NoticeConfigRepository } from '../notices/notice-config.repository.ts';
import { noticeValues } from '../notices/notice-context.ts';
import type { NoticeRepository } from '../notices/notice.repository.ts';
import { renderTemplate, resolveTemplate } from '../notices/template-resolver.ts';

export interface PartnerEmail {
  readonly libraryId: string;
  readonly requestId: string;
  readonly partnerId: string;
  readonly to: string;
  readonly replyTo: string;
  readonly subject: string;
  readonly body: string;
  readonly language: string;
}

export type PartnerEmailResult =
  | { readonly ok: true; readonly email: PartnerEmail }
  /** Why the email cannot be made; sending it again will not help until staff fix this. */
  | { readonly ok: false; readonly error: string };

export async function renderPartnerEmail(
  repositories: { readonly notices: NoticeRepository; readonly noticeConfig: NoticeConfigRepository },
  input: {
    readonly requestId: string;
    readonly partnerId: string;
    readonly message: string;
    /** The transaction the message belongs to, for the partner's own reference. */
    readonly transactionId: string | null;
    readonly payload: Readonly<Record<string, unknown>>;
    readonly resend: boolean;
  },
): Promise<PartnerEmailResult> {
  const { notices, noticeConfig } = repositories;
  const refuse = (error: string): PartnerEmailResult => ({ ok: false, error });
  if (!isPartnerMessageName(input.message))
    return refuse(`Interlend cannot email a ${input.message} message.`);
  const request = await notices.request(input.requestId);
  if (request === undefined) return refuse('The request no longer exists.');
  const [library, partner, settings] = await Promise.all([
    notices.library(request.library_id),
    notices.partner(input.partnerId, request.library_id),
    noticeConfig.settings(request.library_id),
  ]);
  if (library === undefined) return refuse('The library no longer exists.');
  if (partner === undefined) return refuse('The partner is not in the library’s partner directory.');
  if (partner.email === null || partner.email.trim() === '') {
    return refuse(`${partner.symbol} has no email address in the partner directory.`);
  }
  if (library.email === null) {
    return refuse(
      'The library has no ILL email address for the partner to reply to: set one in the library settings, then send the message again.',
    );
  }
  const partnerReference =
    request.role === 'lending'
      ? request.partner_request_id
      : input.transactionId === null
        ? null
        : await notices.partnerReferenceOfTransaction(input.transactionId);
  const template = await resolveTemplate(
    noticeConfig,
    request.library_id,
    'partner',
    input.message,
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
      data: input.payload,
      resent: input.resend,
    }),
  );
  return {
    ok: true,
    email: {
      libraryId: request.library_id,
      requestId: request.id,
      partnerId: partner.id,
      to: partner.email,
      replyTo: library.email,
      subject,
      body,
      language: template.language,
    },
  };
}
