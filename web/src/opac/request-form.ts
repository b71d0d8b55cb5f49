/**
 * The OPAC request form's model, apart from React: which fields each type of request shows and how
 * they are labelled, the draft a patron fills in, its validation (the fields each type requires, as
 * the library says, and the formats the server accepts), the body it becomes, and where the server's
 * complaints belong. Pure, so that it is unit-tested and the form, the summary and the browser agree.
 */
import type { ApiError } from '../api/client.ts';
import type {
  BibliographicField,
  OpacLibrary,
  PatronCreateRequestBody,
  RequestDetailView,
  RequestType,
  ServiceWanted,
} from '../api/types.ts';
import { formatDate, t, type MessageKey } from '../i18n/catalogue.ts';
import { issueText } from '../i18n/server-errors.ts';
import { offeredType, type OpenUrlCitation } from './openurl.ts';

/** One group of the form's item fields, with its legend. */
export interface FormSection {
  readonly legend: MessageKey;
  readonly fields: readonly BibliographicField[];
}

/**
 * The item fields of each type, in two parts where a request is for a part of something (Koha's
 * "enter as much information as you can, including chapter, article and part").
 */
export const TYPE_SECTIONS: Readonly<Record<RequestType, readonly FormSection[]>> = {
  book: [
    {
      legend: 'opac.section.book',
      fields: ['title', 'author', 'edition', 'year', 'publisher', 'place', 'isbn', 'oclcNumber'],
    },
    { legend: 'opac.section.bookPart', fields: ['part', 'volume', 'pages'] },
  ],
  article: [
    { legend: 'opac.section.article', fields: ['articleTitle', 'author', 'pages', 'doi'] },
    { legend: 'opac.section.articleJournal', fields: ['title', 'volume', 'issue', 'year', 'issn'] },
  ],
  journal: [
    { legend: 'opac.section.journal', fields: ['title', 'publisher', 'place', 'issn'] },
    { legend: 'opac.section.journalIssue', fields: ['volume', 'issue', 'part', 'year'] },
  ],
  chapter: [
    { legend: 'opac.section.chapter', fields: ['articleTitle', 'author', 'part', 'pages'] },
    {
      legend: 'opac.section.chapterBook',
      fields: ['title', 'edition', 'year', 'publisher', 'place', 'isbn', 'doi'],
    },
  ],
  thesis: [
    {
      legend: 'opac.section.thesis',
      fields: ['title', 'author', 'year', 'publisher', 'place', 'otherIdentifiers'],
    },
  ],
  other: [
    {
      legend: 'opac.section.other',
      fields: ['title', 'author', 'part', 'volume', 'year', 'edition', 'publisher', 'place'],
    },
  ],
};

/** Every item field, in the order the "more details" group lists those a type does not show. */
export const ALL_FIELDS: readonly BibliographicField[] = [
  'title',
  'articleTitle',
  'author',
  'part',
  'volume',
  'issue',
  'pages',
  'year',
  'edition',
  'publisher',
  'place',
  'isbn',
  'issn',
  'doi',
  'oclcNumber',
  'otherIdentifiers',
];

const FIELD_LABELS: Readonly<Record<BibliographicField, MessageKey>> = {
  title: 'opac.field.title',
  author: 'opac.field.author',
  articleTitle: 'opac.field.articleTitle',
  part: 'opac.field.part',
  volume: 'opac.field.volume',
  issue: 'opac.field.issue',
  pages: 'opac.field.pages',
  year: 'opac.field.year',
  edition: 'opac.field.edition',
  publisher: 'opac.field.publisher',
  place: 'opac.field.place',
  isbn: 'opac.field.isbn',
  issn: 'opac.field.issn',
  doi: 'opac.field.doi',
  oclcNumber: 'opac.field.oclcNumber',
  otherIdentifiers: 'opac.field.otherIdentifiers',
};

/** Labels that change with the type: the title of an article's journal, a chapter's author… */
const TYPE_LABELS: Partial<Record<RequestType, Partial<Record<BibliographicField, MessageKey>>>> = {
  article: {
    title: 'opac.field.journalTitle',
    articleTitle: 'opac.field.articleTitle',
    author: 'opac.field.articleAuthor',
  },
  chapter: {
    title: 'opac.field.bookTitle',
    articleTitle: 'opac.field.chapterTitle',
    author: 'opac.field.chapterAuthor',
  },
  journal: { title: 'opac.field.journalTitle' },
  thesis: { title: 'opac.field.thesisTitle', publisher: 'opac.field.institution' },
};

const FIELD_HINTS: Partial<Record<BibliographicField, MessageKey>> = {
  year: 'opac.hint.year',
  pages: 'opac.hint.pages',
  part: 'opac.hint.part',
  isbn: 'opac.hint.isbn',
  issn: 'opac.hint.issn',
  doi: 'opac.hint.doi',
  oclcNumber: 'opac.hint.oclcNumber',
  otherIdentifiers: 'opac.hint.otherIdentifiers',
};

/** The label of a field for a type of request. */
export function fieldLabel(type: RequestType, field: BibliographicField): string {
  return t(TYPE_LABELS[type]?.[field] ?? FIELD_LABELS[field]);
}

/** The hint under a field, if it has one. */
export function fieldHint(field: BibliographicField): string | undefined {
  const key = FIELD_HINTS[field];
  return key === undefined ? undefined : t(key);
}

const TYPE_NAMES: Readonly<Record<RequestType, MessageKey>> = {
  book: 'opac.type.book',
  article: 'opac.type.article',
  journal: 'opac.type.journal',
  chapter: 'opac.type.chapter',
  thesis: 'opac.type.thesis',
  other: 'opac.type.other',
};

const TYPE_HINTS: Readonly<Record<RequestType, MessageKey>> = {
  book: 'opac.type.book.hint',
  article: 'opac.type.article.hint',
  journal: 'opac.type.journal.hint',
  chapter: 'opac.type.chapter.hint',
  thesis: 'opac.type.thesis.hint',
  other: 'opac.type.other.hint',
};

/** The name of a type of request, e.g. "Book". */
export function typeName(type: string): string {
  return isRequestType(type) ? t(TYPE_NAMES[type]) : type;
}

/** A line saying what a type of request is for. */
export function typeHint(type: RequestType): string {
  return t(TYPE_HINTS[type]);
}

const SERVICE_NAMES: Readonly<Record<ServiceWanted, MessageKey>> = {
  loan: 'opac.service.loan',
  copy: 'opac.service.copy',
  either: 'opac.service.either',
};

/** What the patron asked for, e.g. "To borrow it". */
export function serviceName(service: string): string {
  return service in SERVICE_NAMES ? t(SERVICE_NAMES[service as ServiceWanted]) : service;
}

export const SERVICES: readonly ServiceWanted[] = ['loan', 'copy', 'either'];

const REQUEST_TYPES: readonly RequestType[] = ['book', 'article', 'journal', 'chapter', 'thesis', 'other'];

export function isRequestType(value: string): value is RequestType {
  return (REQUEST_TYPES as readonly string[]).includes(value);
}

/** The types the library offers, in the order it gives them. */
export function offeredTypes(library: Pick<OpacLibrary, 'requestTypes'>): RequestType[] {
  return library.requestTypes.map((entry) => entry.type).filter(isRequestType);
}

/** A patron's own detail, added as a name and a value (Koha's custom fields). */
export interface CustomFieldRow {
  /** Stable across edits, for React keys and element ids. */
  readonly id: string;
  readonly key: string;
  readonly value: string;
}

/** Everything the patron has entered so far; kept whole whatever the type, so nothing is lost. */
export interface RequestDraft {
  readonly type: RequestType;
  readonly serviceType: ServiceWanted;
  /** Whether the patron chose the service; until then it follows the type. */
  readonly serviceChosen: boolean;
  readonly fields: Readonly<Partial<Record<BibliographicField, string>>>;
  readonly needBefore: string;
  readonly pickupBranchId: string;
  readonly patronNotes: string;
  readonly customFields: readonly CustomFieldRow[];
  readonly copyrightAccepted: boolean;
  readonly contact: { readonly name: string; readonly email: string };
  /** The OpenURL query the draft was filled from, so that coming back to it does not refill it. */
  readonly openUrl: string | null;
}

/** What is usually wanted of a type: a copy of an article or a chapter, a loan of the rest. */
export function defaultService(type: RequestType): ServiceWanted {
  return type === 'article' || type === 'chapter' ? 'copy' : 'loan';
}

/** An empty form for a library: its first type, and its only pickup library if it has one. */
export function emptyDraft(library: Pick<OpacLibrary, 'requestTypes' | 'pickupBranches'>): RequestDraft {
  const type = offeredTypes(library)[0] ?? 'book';
  return {
    type,
    serviceType: defaultService(type),
    serviceChosen: false,
    fields: {},
    needBefore: '',
    pickupBranchId: library.pickupBranches.length === 1 ? (library.pickupBranches[0]?.id ?? '') : '',
    patronNotes: '',
    customFields: [],
    copyrightAccepted: false,
    contact: { name: '', email: '' },
    openUrl: null,
  };
}

/** The draft with another type; the service follows unless the patron chose it. */
export function withType(draft: RequestDraft, type: RequestType): RequestDraft {
  return {
    ...draft,
    type,
    serviceType: draft.serviceChosen ? draft.serviceType : defaultService(type),
  };
}

/**
 * A form filled from an OpenURL: the citation's fields and custom fields, under the type it suggests
 * if the library offers it (else Other). `query` is remembered so that it is applied once.
 */
export function draftFromCitation(
  citation: OpenUrlCitation,
  library: Pick<OpacLibrary, 'requestTypes' | 'pickupBranches'>,
  query: string,
): RequestDraft {
  const base = emptyDraft(library);
  const draft = withType(
    { ...base, fields: { ...citation.fields }, openUrl: query },
    offeredType(citation.type, offeredTypes(library)),
  );
  return {
    ...draft,
    customFields: citation.customFields
      .slice(0, MAX_CUSTOM_FIELDS)
      .map((custom, index) => ({ id: `detail-${index + 1}`, key: custom.key, value: custom.value })),
  };
}

/** A new custom field row, with an id no other row of the draft has. */
export function newCustomField(draft: RequestDraft, key = '', value = ''): CustomFieldRow {
  const taken = new Set(draft.customFields.map((row) => row.id));
  let number = draft.customFields.length + 1;
  while (taken.has(`detail-${number}`)) number++;
  return { id: `detail-${number}`, key, value };
}

/** The most custom fields a request may have (the server's limit). */
export const MAX_CUSTOM_FIELDS = 50;

/** Which of a draft's fields the form shows: the type's own, and any other that holds a value. */
export function visibleSections(draft: RequestDraft): FormSection[] {
  const sections = TYPE_SECTIONS[draft.type];
  const shown = new Set(sections.flatMap((section) => section.fields));
  const more = ALL_FIELDS.filter((field) => !shown.has(field) && (draft.fields[field] ?? '').trim() !== '');
  return more.length === 0 ? [...sections] : [...sections, { legend: 'opac.section.more', fields: more }];
}

/** Every item field the form shows, in order. */
export function visibleFields(draft: RequestDraft): BibliographicField[] {
  return visibleSections(draft).flatMap((section) => section.fields);
}

/** The element id of the control a field path (`details.title`, `contact.email`…) belongs to. */
export function fieldId(path: string): string {
  return `opac-${path.replace(/[^A-Za-z0-9_-]+/g, '-')}`;
}

/** Problems of a draft, by field path, in the order the form shows the fields. */
export type FormErrors = Readonly<Record<string, string>>;

/** The longest value the server takes in each field. */
export const FIELD_MAX_LENGTH: Readonly<Record<BibliographicField, number>> = {
  title: 1000,
  author: 500,
  articleTitle: 1000,
  part: 200,
  volume: 100,
  issue: 100,
  pages: 100,
  year: 9,
  edition: 100,
  publisher: 500,
  place: 200,
  isbn: 17,
  issn: 9,
  doi: 300,
  oclcNumber: 20,
  otherIdentifiers: 500,
};

/** The formats the server accepts (request-details.ts), with what to tell the patron. */
const FORMATS: Partial<Record<BibliographicField, { pattern: RegExp; message: MessageKey }>> = {
  year: { pattern: /^[0-9]{1,4}[a-z?]?$|^[0-9]{4}-[0-9]{2,4}$/, message: 'opac.error.year' },
  isbn: { pattern: /^[0-9Xx -]{10,17}$/, message: 'opac.error.isbn' },
  issn: { pattern: /^[0-9]{4}-?[0-9]{3}[0-9Xx]$/, message: 'opac.error.issn' },
  doi: { pattern: /^10\.[0-9]{4,9}\/\S+$/, message: 'opac.error.doi' },
  oclcNumber: { pattern: /^(\(OCoLC\))?(ocm|ocn|on)?[0-9]{1,12}$/, message: 'opac.error.oclcNumber' },
};

/** A custom field's name, as the server accepts it. */
export const CUSTOM_KEY = /^[A-Za-z][A-Za-z0-9_ -]{0,63}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export interface ValidationContext {
  /** The person is not logged in: they give their name and email instead. */
  readonly anonymous: boolean;
  /** Today, `YYYY-MM-DD`, for the need-before date. */
  readonly today: string;
}

/** Everything wrong with a draft before it may go to the summary; empty when it may. */
export function validateDraft(
  draft: RequestDraft,
  library: Pick<OpacLibrary, 'requestTypes' | 'pickupBranches' | 'copyrightClearance'>,
  context: ValidationContext,
): FormErrors {
  const errors: Record<string, string> = {};
  const types = offeredTypes(library);
  if (!types.includes(draft.type)) errors['details.type'] = t('opac.error.type');
  const required = new Set(
    library.requestTypes.find((entry) => entry.type === draft.type)?.requiredFields ?? [],
  );
  for (const field of visibleFields(draft)) {
    const value = (draft.fields[field] ?? '').trim();
    const label = fieldLabel(draft.type, field);
    const path = `details.${field}`;
    if (value === '') {
      if (required.has(field)) errors[path] = t('opac.error.required', { field: label });
      continue;
    }
    const format = FORMATS[field];
    if (format !== undefined && !format.pattern.test(value)) errors[path] = t(format.message);
    else if (value.length > FIELD_MAX_LENGTH[field])
      errors[path] = t('opac.error.tooLong', { field: label, max: FIELD_MAX_LENGTH[field] });
  }
  // A required field the type does not show (a library's own rule) still has to be filled in.
  for (const field of required) {
    const path = `details.${field}`;
    if (!(ALL_FIELDS as readonly string[]).includes(field) || errors[path] !== undefined) continue;
    if ((draft.fields[field as BibliographicField] ?? '').trim() === '') {
      errors[path] = t('opac.error.required', { field: fieldLabel(draft.type, field as BibliographicField) });
    }
  }
  if (library.pickupBranches.length > 0) {
    if (!library.pickupBranches.some((branch) => branch.id === draft.pickupBranchId)) {
      errors['details.pickupBranchId'] = t('opac.error.pickup');
    }
  }
  if (draft.needBefore !== '') {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(draft.needBefore)) errors['details.needBefore'] = t('opac.error.date');
    else if (draft.needBefore < context.today) errors['details.needBefore'] = t('opac.error.needBeforePast');
  }
  if (draft.patronNotes.trim().length > 4000) {
    errors['details.patronNotes'] = t('opac.error.tooLong', { field: t('opac.form.notes'), max: 4000 });
  }
  const names = new Set<string>();
  for (const row of draft.customFields) {
    const key = row.key.trim();
    if (key === '' && row.value.trim() === '') continue;
    const path = `customFields.${row.id}`;
    if (key === '') errors[`${path}.key`] = t('opac.error.customKeyMissing');
    else if (!CUSTOM_KEY.test(key)) errors[`${path}.key`] = t('opac.error.customKey');
    else if (names.has(key.toLowerCase()))
      errors[`${path}.key`] = t('opac.error.customKeyDuplicate', { name: key });
    names.add(key.toLowerCase());
    if (row.value.length > 2000) {
      errors[`${path}.value`] = t('opac.error.tooLong', { field: key || t('opac.custom.value'), max: 2000 });
    }
  }
  if (context.anonymous) {
    const name = draft.contact.name.trim();
    if (name === '') errors['contact.name'] = t('opac.error.contactName');
    else if (name.length > 200)
      errors['contact.name'] = t('opac.error.tooLong', { field: t('opac.contact.name'), max: 200 });
    const email = draft.contact.email.trim();
    if (!EMAIL.test(email) || email.length > 320) errors['contact.email'] = t('opac.error.contactEmail');
  }
  if (library.copyrightClearance !== null && !draft.copyrightAccepted) {
    errors.copyrightAccepted = t('opac.error.copyright');
  }
  return errors;
}

/** The custom fields a draft sends: named rows, trimmed; unnamed empty rows are left out. */
export function customFieldsOf(draft: RequestDraft): Record<string, string> {
  const custom: Record<string, string> = {};
  for (const row of draft.customFields) {
    const key = row.key.trim();
    if (key !== '') custom[key] = row.value.trim();
  }
  return custom;
}

/** The details of the request a valid draft places: the fields shown that hold a value. */
export function requestDetails(draft: RequestDraft): PatronCreateRequestBody['details'] {
  const details: Record<string, unknown> = {
    type: draft.type,
    serviceType: draft.serviceType,
    title: (draft.fields.title ?? '').trim(),
  };
  for (const field of visibleFields(draft)) {
    const value = (draft.fields[field] ?? '').trim();
    if (field !== 'title' && value !== '') details[field] = value;
  }
  if (draft.needBefore !== '') details.needBefore = draft.needBefore;
  if (draft.pickupBranchId !== '') details.pickupBranchId = draft.pickupBranchId;
  if (draft.patronNotes.trim() !== '') details.patronNotes = draft.patronNotes.trim();
  const custom = customFieldsOf(draft);
  if (Object.keys(custom).length > 0) details.customFields = custom;
  return details as PatronCreateRequestBody['details'];
}

/** What the OPAC calls a field the server names by its path (without `body.`), if the form has it. */
function opacLabelOf(path: string, draft: RequestDraft): string | undefined {
  const detail = /^details\.([A-Za-z]+)$/.exec(path)?.[1];
  if (detail !== undefined && Object.hasOwn(FIELD_LABELS, detail))
    return fieldLabel(draft.type, detail as BibliographicField);
  if (path === 'copyrightAccepted') return t('opac.copyright.legend');
  if (path === 'contact.name') return t('opac.contact.name');
  if (path === 'contact.email') return t('opac.contact.email');
  return undefined;
}

/**
 * The server's complaints in the catalogue's words, by the form's field paths:
 * `details.customFields.<name>` goes to the row with that name; anything the form has no control
 * for is kept under `general`.
 */
export function serverFieldErrors(error: ApiError, draft: RequestDraft): FormErrors {
  const errors: Record<string, string> = {};
  for (const issue of error.issues) {
    const path = issue.field.replace(/^(body|querystring|params)\./, '');
    const custom = /^details\.customFields\.(.+)$/.exec(path);
    if (custom !== null) {
      const name = custom[1] as string;
      const row = draft.customFields.find((candidate) => candidate.key.trim() === name);
      errors[row === undefined ? 'details.customFields' : `customFields.${row.id}.value`] ??= issueText(
        issue,
        name,
      );
      continue;
    }
    const known =
      /^details\.[A-Za-z]+$/.test(path) ||
      path === 'copyrightAccepted' ||
      path === 'contact.name' ||
      path === 'contact.email';
    const label = opacLabelOf(path, draft);
    errors[known ? path : 'general'] ??= label === undefined ? issueText(issue) : issueText(issue, label);
  }
  return errors;
}

/** One line of the summary: what a field is called and what the patron gave. */
export interface SummaryRow {
  readonly label: string;
  readonly value: string;
}

/** The summary of a draft, in the form's order, as the patron will confirm it. */
export function summaryRows(
  draft: RequestDraft,
  library: Pick<OpacLibrary, 'pickupBranches'>,
  options: { readonly anonymous: boolean },
): SummaryRow[] {
  const rows: SummaryRow[] = [{ label: t('opac.form.type'), value: typeName(draft.type) }];
  for (const field of visibleFields(draft)) {
    const value = (draft.fields[field] ?? '').trim();
    if (value !== '') rows.push({ label: fieldLabel(draft.type, field), value });
  }
  rows.push({ label: t('opac.form.service'), value: serviceName(draft.serviceType) });
  const branch = library.pickupBranches.find((candidate) => candidate.id === draft.pickupBranchId);
  if (branch !== undefined) rows.push({ label: t('opac.form.pickup'), value: branch.name });
  if (draft.needBefore !== '')
    rows.push({ label: t('opac.form.needBefore'), value: formatDate(draft.needBefore) });
  if (draft.patronNotes.trim() !== '')
    rows.push({ label: t('opac.form.notes'), value: draft.patronNotes.trim() });
  for (const [key, value] of Object.entries(customFieldsOf(draft))) rows.push({ label: key, value });
  if (options.anonymous) {
    rows.push({ label: t('opac.contact.name'), value: draft.contact.name.trim() });
    rows.push({ label: t('opac.contact.email'), value: draft.contact.email.trim() });
  }
  return rows;
}

/** Today's date where the patron is, `YYYY-MM-DD`. */
export function localToday(now: Date = new Date()): string {
  const month = String(now.getMonth() + 1).padStart(2, '0');
  const day = String(now.getDate()).padStart(2, '0');
  return `${now.getFullYear()}-${month}-${day}`;
}

/**
 * A bibliographic field of a request as the server returns it (the response schema builds these
 * fields from a list, so their static type does not name them).
 */
export function detailField(details: RequestDetailView['details'], field: BibliographicField): string | null {
  const value = (details as Record<string, unknown>)[field];
  return typeof value === 'string' && value !== '' ? value : null;
}

/** What a request is called: its article's or chapter's title, else its title. */
export function itemTitle(details: RequestDetailView['details']): string {
  return detailField(details, 'articleTitle') ?? detailField(details, 'title') ?? '';
}
