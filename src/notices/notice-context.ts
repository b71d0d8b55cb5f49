/**
 * The values a notice or partner email is rendered with, built from the rows it is about: the request,
 * the patron, the library, the pickup branch, the partner, and the event's data. Pure.
 */
import { requestReference } from '../requests/request-view.ts';
import type { TemplateValues } from './template.ts';

/** The request columns templates read. */
export interface RequestForNotice {
  readonly number: string;
  readonly title: string;
  readonly author: string | null;
  readonly article_title: string | null;
  readonly type: string;
  readonly service_type: string;
  readonly need_before: string | null;
  readonly part: string | null;
  readonly volume: string | null;
  readonly issue: string | null;
  readonly pages: string | null;
  readonly year: string | null;
  readonly edition: string | null;
  readonly publisher: string | null;
  readonly place: string | null;
  readonly isbn: string | null;
  readonly issn: string | null;
  readonly doi: string | null;
  readonly oclc_number: string | null;
  readonly other_identifiers: string | null;
}

export interface NoticeSubjects {
  readonly request: RequestForNotice | null;
  /** The partner's own reference for the request, when known. */
  readonly partnerReference?: string | null;
  readonly patron: {
    readonly name: string;
    readonly cardNumber: string | null;
    readonly email: string | null;
  } | null;
  readonly library: {
    readonly name: string;
    readonly symbol: string;
    readonly email: string | null;
    readonly address: string | null;
  };
  readonly pickupBranch: { readonly name: string } | null;
  readonly partner: { readonly name: string; readonly symbol: string; readonly email: string | null } | null;
  /** The action's or message's fields (engine EventData, or a notice's own data). */
  readonly data: Readonly<Record<string, unknown>>;
  readonly resent?: boolean;
}

/** The bibliographic details, labelled, in the order a reader expects them. */
const DETAIL_LABELS: readonly (readonly [keyof RequestForNotice, string])[] = [
  ['title', 'Title'],
  ['author', 'Author'],
  ['article_title', 'Article or chapter'],
  ['part', 'Part'],
  ['volume', 'Volume'],
  ['issue', 'Issue'],
  ['pages', 'Pages'],
  ['year', 'Year'],
  ['edition', 'Edition'],
  ['publisher', 'Publisher'],
  ['place', 'Place of publication'],
  ['isbn', 'ISBN'],
  ['issn', 'ISSN'],
  ['doi', 'DOI'],
  ['oclc_number', 'OCLC number'],
  ['other_identifiers', 'Other identifiers'],
];

/** Koha's ill_full_metadata: "- Field: value", one line per detail given. */
export function detailLines(request: RequestForNotice): string {
  return DETAIL_LABELS.flatMap(([column, label]) => {
    const value = request[column];
    return value === null || value === '' ? [] : [`- ${label}: ${value}`];
  }).join('\n');
}

function text(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return null;
}

function money(value: unknown): string | null {
  if (typeof value !== 'object' || value === null) return null;
  const { amount, currency } = value as { amount?: unknown; currency?: unknown };
  return typeof amount === 'string' && typeof currency === 'string' ? `${amount} ${currency}` : null;
}

const DATA_FIELDS = [
  'note',
  'patronNote',
  'reason',
  'dueDate',
  'desiredDueDate',
  'dateShipped',
  'dateReceived',
  'dateReturned',
  'dateCheckedIn',
  'returnedVia',
  'serviceType',
  'itemId',
  'conditions',
  'replyBy',
  'locations',
  'expectedDeliveryDate',
  'estimatedDateAvailable',
] as const;

/** Every placeholder's value for one notice or partner email. */
export function noticeValues(subjects: NoticeSubjects): TemplateValues {
  const { request, patron, library, partner, data } = subjects;
  const failure =
    typeof data.failure === 'object' && data.failure !== null
      ? (data.failure as Record<string, unknown>)
      : {};
  return {
    'request.reference': request === null ? null : requestReference(request.number),
    'request.title': request?.title ?? null,
    'request.author': request?.author ?? null,
    'request.articleTitle': request?.article_title ?? null,
    'request.type': request?.type ?? null,
    'request.serviceType': request?.service_type ?? null,
    'request.needBefore': request?.need_before ?? null,
    'request.details': request === null ? null : detailLines(request),
    'request.partnerReference': subjects.partnerReference ?? null,
    'patron.name': patron?.name ?? null,
    'patron.cardNumber': patron?.cardNumber ?? null,
    'patron.email': patron?.email ?? null,
    'library.name': library.name,
    'library.symbol': library.symbol,
    'library.email': library.email,
    'library.address': library.address,
    'pickupBranch.name': subjects.pickupBranch?.name ?? null,
    'partner.name': partner?.name ?? null,
    'partner.symbol': partner?.symbol ?? null,
    'partner.email': partner?.email ?? null,
    ...Object.fromEntries(DATA_FIELDS.map((field) => [field, text(data[field])])),
    cost: money(data.cost),
    resent: subjects.resent === true ? 'yes' : null,
    'failure.what': text(failure.what),
    'failure.recipient': text(failure.recipient),
    'failure.subject': text(failure.subject),
    'failure.error': text(failure.error),
    'failure.advice': text(failure.advice),
  };
}
