/**
 * The form of a request's details, shared by "New request" and "Edit request": its values as typed,
 * what each request type requires, and the bodies sent to `POST /api/requests` (every detail given)
 * and `PATCH /api/requests/:id` (only what changed).
 */
import type { CreateRequestBody, EditRequestBody, RequestDetailView } from '../../api/types.ts';
import type { BibliographicField, RequestType } from '../../../../src/requests/request-fields.ts';
import { normaliseAmount } from './action-form.ts';

const bibliographic: Record<BibliographicField, true> = {
  title: true,
  author: true,
  articleTitle: true,
  part: true,
  volume: true,
  issue: true,
  pages: true,
  year: true,
  edition: true,
  publisher: true,
  place: true,
  isbn: true,
  issn: true,
  doi: true,
  oclcNumber: true,
  otherIdentifiers: true,
};
/** The bibliographic fields, in the order forms show them. */
export const BIBLIOGRAPHIC_FIELDS = Object.keys(bibliographic) as BibliographicField[];

/** The fields each request type cannot do without (as the server's REQUIRED_BY_TYPE). */
export const REQUIRED_BY_TYPE: Readonly<Record<RequestType, readonly BibliographicField[]>> = {
  book: ['title'],
  article: ['title', 'articleTitle'],
  journal: ['title'],
  chapter: ['title', 'articleTitle'],
  thesis: ['title', 'author'],
  other: ['title'],
};

export function requiredFieldsOf(type: string): readonly BibliographicField[] {
  return (REQUIRED_BY_TYPE as Record<string, readonly BibliographicField[]>)[type] ?? ['title'];
}

export interface CustomFieldRow {
  readonly name: string;
  readonly value: string;
}

/** Every detail as the form holds it: text as typed, empty for nothing. */
export type DetailsForm = Readonly<Record<BibliographicField, string>> & {
  readonly type: string;
  readonly serviceType: string;
  readonly needBefore: string;
  readonly maxCostAmount: string;
  readonly maxCostCurrency: string;
  readonly canHold: string;
  readonly pickupBranchId: string;
  readonly patronNotes: string;
  readonly customFields: readonly CustomFieldRow[];
  /** The code of the library's custom status shown over the request's status; empty for none. */
  readonly customStatus: string;
};

export function emptyDetailsForm(currency = ''): DetailsForm {
  return {
    ...(Object.fromEntries(BIBLIOGRAPHIC_FIELDS.map((name) => [name, ''])) as Record<
      BibliographicField,
      string
    >),
    type: 'book',
    serviceType: 'loan',
    needBefore: '',
    maxCostAmount: '',
    maxCostCurrency: currency,
    canHold: 'policy',
    pickupBranchId: '',
    patronNotes: '',
    customFields: [],
    customStatus: '',
  };
}

/** The form of a stored request's details and custom status. */
export function detailsFormOf(
  details: RequestDetailView['details'],
  customStatus: RequestDetailView['customStatus'] = null,
): DetailsForm {
  const values = details as unknown as Record<string, string | null>;
  return {
    ...(Object.fromEntries(BIBLIOGRAPHIC_FIELDS.map((name) => [name, values[name] ?? ''])) as Record<
      BibliographicField,
      string
    >),
    type: details.type,
    serviceType: details.serviceType,
    needBefore: details.needBefore ?? '',
    maxCostAmount: details.maxCost?.amount ?? '',
    maxCostCurrency: details.maxCost?.currency ?? '',
    canHold: details.canHold,
    pickupBranchId: details.pickupBranch?.id ?? '',
    patronNotes: details.patronNotes ?? '',
    customFields: Object.entries(details.customFields).map(([name, value]) => ({ name, value })),
    customStatus: customStatus?.code ?? '',
  };
}

/** Where a problem is: a field of the form, or a custom field's name or value by its row. */
export type DetailsProblem =
  'required' | 'amount' | 'currency' | 'customName' | 'customDuplicate' | 'customValueWithoutName';

const AMOUNT = /^\d{1,10}(\.\d{1,4})?$/;
const CURRENCY = /^[A-Z]{3}$/;
const CUSTOM_NAME = /^[A-Za-z][A-Za-z0-9_ -]{0,63}$/;

/** What is wrong with the form, keyed `title`, `maxCost`, `customFields.2`… Empty when it can be sent. */
export function validateDetails(form: DetailsForm): Record<string, DetailsProblem> {
  const problems: Record<string, DetailsProblem> = {};
  for (const name of requiredFieldsOf(form.type)) {
    if (form[name].trim() === '') problems[name] = 'required';
  }
  const amount = normaliseAmount(form.maxCostAmount);
  if (amount !== '') {
    if (!AMOUNT.test(amount)) problems['maxCost'] = 'amount';
    else if (!CURRENCY.test(form.maxCostCurrency.trim().toUpperCase())) problems['maxCost'] = 'currency';
  }
  const seen = new Set<string>();
  form.customFields.forEach((row, index) => {
    const name = row.name.trim();
    if (name === '') {
      if (row.value.trim() !== '') problems[`customFields.${index}`] = 'customValueWithoutName';
      return;
    }
    if (!CUSTOM_NAME.test(name)) problems[`customFields.${index}`] = 'customName';
    else if (seen.has(name)) problems[`customFields.${index}`] = 'customDuplicate';
    seen.add(name);
  });
  return problems;
}

function nullable(value: string): string | null {
  const trimmed = value.trim();
  return trimmed === '' ? null : trimmed;
}

function maxCostOf(form: DetailsForm): { amount: string; currency: string } | null {
  const amount = normaliseAmount(form.maxCostAmount);
  return amount === '' ? null : { amount, currency: form.maxCostCurrency.trim().toUpperCase() };
}

function customFieldsOf(form: DetailsForm): Record<string, string> {
  return Object.fromEntries(
    form.customFields
      .filter((row) => row.name.trim() !== '')
      .map((row) => [row.name.trim(), row.value.trim()]),
  );
}

/** Every detail of the form, as the API takes it (empty fields are null). */
function allDetails(form: DetailsForm): Record<string, unknown> {
  return {
    type: form.type,
    serviceType: form.serviceType,
    ...Object.fromEntries(BIBLIOGRAPHIC_FIELDS.map((name) => [name, nullable(form[name])])),
    needBefore: nullable(form.needBefore),
    maxCost: maxCostOf(form),
    canHold: form.canHold,
    pickupBranchId: nullable(form.pickupBranchId),
    patronNotes: nullable(form.patronNotes),
    customFields: customFieldsOf(form),
  };
}

/** The details of `POST /api/requests`: what was filled in, and the patron (or none). */
export function newRequestDetails(form: DetailsForm, patronId: string | null): CreateRequestBody['details'] {
  const details = Object.fromEntries(
    Object.entries(allDetails(form)).filter(
      ([name, value]) =>
        value !== null && !(name === 'customFields' && Object.keys(value as object).length === 0),
    ),
  );
  return {
    ...details,
    ...(patronId === null ? {} : { patronId }),
  } as CreateRequestBody['details'];
}

/**
 * The details of `PATCH /api/requests/:id`: only those that differ, the custom status among them
 * (null to clear it); null when nothing changed.
 */
export function changedDetails(original: DetailsForm, form: DetailsForm): EditRequestBody['details'] | null {
  const before = allDetails(original);
  const after = allDetails(form);
  const changes = Object.fromEntries(
    Object.entries(after).filter(([name, value]) => JSON.stringify(value) !== JSON.stringify(before[name])),
  );
  if (form.customStatus !== original.customStatus) changes['customStatus'] = nullable(form.customStatus);
  return Object.keys(changes).length === 0 ? null : (changes as EditRequestBody['details']);
}

/**
 * The server's field errors (keyed like `details.title` or `details.maxCost.amount`) by the form's
 * field names; errors of no field of the form are under `''`.
 */
export function detailsFieldErrors(fieldErrors: Readonly<Record<string, string>>): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const [path, message] of Object.entries(fieldErrors)) {
    const match = /^details\.([A-Za-z]+)/.exec(path);
    const key = match === null ? '' : (match[1] as string);
    errors[key] ??= message;
  }
  return errors;
}

/** A bibliographic detail of a stored request (the view lists them all, null when not given). */
export function bibliographicValue(
  details: RequestDetailView['details'],
  name: BibliographicField,
): string | null {
  return (details as unknown as Record<string, string | null>)[name] ?? null;
}
