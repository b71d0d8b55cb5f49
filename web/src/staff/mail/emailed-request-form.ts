/**
 * The form recording a request a partner emailed, apart from React: its values as typed, what is
 * missing, and the body of `POST /api/lending/requests`.
 */
import type { IncomingRequestBody } from '../../../../src/mail/mail.schemas.ts';
import type {
  BibliographicField,
  RequestType,
  ServiceWanted,
} from '../../../../src/requests/request-fields.ts';
import { requiredFieldsOf } from '../requests/details-form.ts';

/** The item's fields the form offers, in order: what a partner's email usually gives. */
export const EMAILED_ITEM_FIELDS = [
  'title',
  'author',
  'articleTitle',
  'volume',
  'issue',
  'pages',
  'year',
  'edition',
  'publisher',
  'isbn',
  'issn',
  'doi',
  'oclcNumber',
] as const satisfies readonly BibliographicField[];
type ItemField = (typeof EMAILED_ITEM_FIELDS)[number];

export type EmailedRequestForm = Readonly<Record<ItemField, string>> & {
  readonly partnerId: string;
  readonly partnerRequestId: string;
  readonly type: RequestType;
  readonly serviceType: ServiceWanted;
  readonly needBefore: string;
  readonly note: string;
};

export function emptyEmailedRequestForm(partnerId = ''): EmailedRequestForm {
  return {
    ...(Object.fromEntries(
      EMAILED_ITEM_FIELDS.map((field) => [field, '']) as [ItemField, string][],
    ) as Record<ItemField, string>),
    partnerId,
    partnerRequestId: '',
    type: 'book',
    serviceType: 'loan',
    needBefore: '',
    note: '',
  };
}

/** The fields that must be filled in, given the request type. */
export function requiredEmailedFields(form: Pick<EmailedRequestForm, 'type'>): string[] {
  return ['partnerId', 'partnerRequestId', ...requiredFieldsOf(form.type)];
}

/** The fields left empty that must not be, in the form's order. */
export function missingEmailedFields(form: EmailedRequestForm): string[] {
  const values = form as unknown as Record<string, string>;
  return requiredEmailedFields(form).filter((field) => (values[field] ?? '').trim() === '');
}

/** The body for the server: text trimmed, empty fields left out. */
export function emailedRequestBody(form: EmailedRequestForm): IncomingRequestBody {
  const details: Record<string, string> = { type: form.type, serviceType: form.serviceType };
  for (const field of EMAILED_ITEM_FIELDS) {
    const value = form[field].trim();
    if (value !== '') details[field] = value;
  }
  if (form.needBefore !== '') details['needBefore'] = form.needBefore;
  const note = form.note.trim();
  return {
    partnerId: form.partnerId,
    partnerRequestId: form.partnerRequestId.trim(),
    details: details as unknown as IncomingRequestBody['details'],
    ...(note === '' ? {} : { note }),
  };
}

/**
 * Where a server problem belongs on the form, from its path without `body.`: `details.title` is the
 * title's input, `partnerId` the partner's; anything else has no input.
 */
export function emailedFieldOf(path: string): string | null {
  const field = path.startsWith('details.') ? path.slice('details.'.length) : path;
  const known = new Set<string>([
    'partnerId',
    'partnerRequestId',
    'type',
    'serviceType',
    'needBefore',
    'note',
    ...EMAILED_ITEM_FIELDS,
  ]);
  return known.has(field) ? field : null;
}
