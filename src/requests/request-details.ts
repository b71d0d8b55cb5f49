/**
 * The editable details of a request (bibliographic data, service wanted, patron, pickup branch, notes,
 * custom fields): their schema, shared by creating and editing, and how they map onto columns.
 */
import { Type, type Static, type TSchema } from 'typebox';
import { CAN_HOLD_VALUES } from '../workflow/vocabulary.ts';
import { BIBLIOGRAPHIC_FIELDS, REQUEST_TYPES, SERVICE_WANTED } from './request-fields.ts';
import type { BibliographicField } from './request-fields.ts';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) =>
  Type.Union([schema, Type.Null()]);
const Text = (maxLength: number, description: string) =>
  Type.String({ minLength: 1, maxLength, description });

/** Every property of a schema map made optional, keeping the static types. */
function allOptional<T extends Record<string, TSchema>>(
  properties: T,
): { [K in keyof T]: ReturnType<typeof Type.Optional<T[K]>> } {
  return Object.fromEntries(
    Object.entries(properties).map(([key, schema]) => [key, Type.Optional(schema)]),
  ) as { [K in keyof T]: ReturnType<typeof Type.Optional<T[K]>> };
}

export const DateSchema = Type.String({ format: 'date', description: 'A calendar date, YYYY-MM-DD.' });

export const MoneySchema = Type.Object(
  {
    amount: Type.String({
      pattern: '^\\d{1,10}(\\.\\d{1,4})?$',
      description: 'A decimal amount, e.g. "25.00".',
    }),
    currency: Type.String({ pattern: '^[A-Z]{3}$', description: 'ISO 4217 currency code.' }),
  },
  { additionalProperties: false },
);

const bibliographic = {
  title: Text(1000, 'Title of the book or journal (the journal or book containing an article or chapter).'),
  author: Nullable(Text(500, 'Author or editor.')),
  articleTitle: Nullable(Text(1000, 'Title of the article or chapter.')),
  part: Nullable(Text(200, 'Part.')),
  volume: Nullable(Text(100, 'Volume.')),
  issue: Nullable(Text(100, 'Issue.')),
  pages: Nullable(Text(100, 'Pages, e.g. "12-34".')),
  year: Nullable(
    Type.String({
      pattern: '^[0-9]{1,4}[a-z?]?$|^[0-9]{4}-[0-9]{2,4}$',
      description: 'Year of publication.',
    }),
  ),
  edition: Nullable(Text(100, 'Edition.')),
  publisher: Nullable(Text(500, 'Publisher.')),
  place: Nullable(Text(200, 'Place of publication.')),
  isbn: Nullable(Type.String({ pattern: '^[0-9Xx -]{10,17}$', description: 'ISBN-10 or ISBN-13.' })),
  issn: Nullable(Type.String({ pattern: '^[0-9]{4}-?[0-9]{3}[0-9Xx]$', description: 'ISSN.' })),
  doi: Nullable(
    Type.String({ pattern: '^10\\.[0-9]{4,9}/\\S+$', maxLength: 300, description: 'DOI, e.g. 10.1000/xyz.' }),
  ),
  oclcNumber: Nullable(
    Type.String({ pattern: '^(\\(OCoLC\\))?(ocm|ocn|on)?[0-9]{1,12}$', description: 'OCLC number.' }),
  ),
  otherIdentifiers: Nullable(Text(500, 'Other identifiers (PMID, local numbers…).')),
} satisfies Record<BibliographicField, unknown>;

const service = {
  type: Type.Enum(REQUEST_TYPES, { description: 'Book, Article, Journal, Chapter, Thesis or Other.' }),
  serviceType: Type.Enum(SERVICE_WANTED, { description: 'A loan, a copy, or either.' }),
  needBefore: Nullable(DateSchema),
  maxCost: Nullable(MoneySchema),
  canHold: Type.Enum(CAN_HOLD_VALUES, {
    description: 'May the supplier place a hold (yes, no, or as the supplier\u2019s policy says)?',
  }),
  pickupBranchId: Nullable(Type.String({ format: 'uuid' })),
  patronId: Nullable(Type.String({ format: 'uuid' })),
  patronNotes: Nullable(Text(4000, 'Notes from or about the patron.')),
  customFields: Type.Record(
    Type.String({ pattern: '^[A-Za-z][A-Za-z0-9_ -]{0,63}$' }),
    Type.String({ maxLength: 2000 }),
    {
      description: 'Library-defined fields, searchable.',
      maxProperties: 50,
    },
  ),
};

/**
 * Every editable detail; an edit sends any subset. Staff may also set the request's custom status
 * (one of the library's, or null to clear it): the workflow engine checks and records it.
 */
export const RequestDetailsSchema = Type.Object(
  {
    ...allOptional(bibliographic),
    ...allOptional(service),
    customStatus: Type.Optional(
      Nullable(
        Type.String({
          pattern: '^[A-Z0-9_]{1,32}$',
          description:
            'The code of one of the library’s custom statuses (Koha ILLSTATUS), or null to clear it. Staff only.',
        }),
      ),
    ),
  },
  { additionalProperties: false, minProperties: 1 },
);

const { title, ...otherBibliographic } = bibliographic;
const { type, serviceType, ...otherService } = service;

/** Details of a new request: the type, title and service wanted are required. */
export const NewRequestDetailsSchema = Type.Object(
  { type, serviceType, title, ...allOptional(otherBibliographic), ...allOptional(otherService) },
  { additionalProperties: false },
);

/** The details a patron may change on their own request. */
export const PATRON_EDITABLE: ReadonlySet<string> = new Set([
  ...Object.keys(bibliographic),
  'type',
  'serviceType',
  'needBefore',
  'pickupBranchId',
  'patronNotes',
  'customFields',
]);

export type RequestDetails = Static<typeof RequestDetailsSchema>;

export type NewRequestDetails = Static<typeof NewRequestDetailsSchema>;

const SERVICE_COLUMNS: Readonly<Record<keyof typeof service, string>> = {
  type: 'type',
  serviceType: 'service_type',
  needBefore: 'need_before',
  maxCost: 'max_cost',
  canHold: 'can_hold',
  pickupBranchId: 'pickup_branch_id',
  patronId: 'patron_id',
  patronNotes: 'patron_notes',
  customFields: 'custom_fields',
};

/** The columns a set of details writes. */
export function detailsToColumns(details: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const columns: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(details)) {
    if (key in BIBLIOGRAPHIC_FIELDS) {
      columns[BIBLIOGRAPHIC_FIELDS[key as BibliographicField]] = value;
    } else if (key === 'maxCost') {
      const money = value as { amount: string; currency: string } | null;
      columns['max_cost_amount'] = money?.amount ?? null;
      columns['max_cost_currency'] = money?.currency ?? null;
    } else if (key === 'customFields') {
      columns['custom_fields'] = JSON.stringify(value ?? {});
    } else if (key in SERVICE_COLUMNS) {
      columns[SERVICE_COLUMNS[key as keyof typeof service]] = value;
    } else {
      throw new Error(`Unknown request detail ${key}`);
    }
  }
  return columns;
}
