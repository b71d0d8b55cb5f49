/** Request and response schemas of `/api/partners`. */
import { Type, type Static } from 'typebox';
import { PROTOCOLS } from '../workflow/vocabulary.ts';
import { closed, Nullable, Text, Uuid } from './schema-helpers.ts';

/** The database holds the same rule. */
export const PARTNER_SYMBOL_PATTERN = '^[A-Za-z0-9][A-Za-z0-9:/._-]{0,63}$';

const PartnerSymbol = Type.String({
  pattern: PARTNER_SYMBOL_PATTERN,
  description: 'The partner’s ISIL-style symbol, unique in the directory, e.g. `ILN-SOUTH`.',
});
const Protocol = Type.Enum([...PROTOCOLS], {
  description: 'How requests reach the partner: ISO 18626 messages, email, or by hand (manual).',
});
const EndpointUrl = Nullable(
  Type.String({
    maxLength: 2000,
    description: 'The partner’s ISO 18626 endpoint, an http(s) URL; required for `iso18626`.',
  }),
);
const Email = Nullable(
  Type.String({ format: 'email', description: 'The partner’s ILL address; required for `email`.' }),
);
const DaysToRespond = Type.Integer({
  minimum: 1,
  maximum: 365,
  description: 'Days the partner has to answer a request before it moves on.',
});
const UndoAllowed = Type.Boolean({
  description:
    'Staff may undo Received and Shipped with this partner; refused for `iso18626`, which has no undo.',
});

export const PartnerSchema = Type.Object(
  {
    id: Uuid(),
    symbol: PartnerSymbol,
    name: Type.String(),
    protocol: Protocol,
    endpointUrl: EndpointUrl,
    email: Email,
    hasOutboundCredential: Type.Boolean({
      description: 'Interlend holds a credential to present to the partner (never returned).',
    }),
    hasInboundCredential: Type.Boolean({
      description: 'The partner must present a credential, of which Interlend holds a hash.',
    }),
    daysToRespond: DaysToRespond,
    undoAllowed: UndoAllowed,
    active: Type.Boolean({ description: 'Inactive partners are kept for history but not offered.' }),
    createdAt: Type.String({ format: 'date-time' }),
    updatedAt: Type.String({ format: 'date-time' }),
  },
  { ...closed, description: 'An entry of the partner directory.' },
);
export type PartnerBody = Static<typeof PartnerSchema>;

const writableFields = {
  name: Text(200, 'The partner’s name.'),
  endpointUrl: EndpointUrl,
  email: Email,
  outboundCredential: Nullable(
    Type.String({
      minLength: 1,
      maxLength: 1000,
      description: 'Write-only: what Interlend presents to the partner. Null removes it.',
    }),
  ),
  inboundCredential: Nullable(
    Type.String({
      minLength: 8,
      maxLength: 1000,
      description:
        'Write-only: what the partner must present to Interlend; only a hash is kept. Null removes it.',
    }),
  ),
  daysToRespond: DaysToRespond,
  undoAllowed: UndoAllowed,
  active: Type.Boolean(),
};

export const NewPartnerSchema = Type.Object(
  {
    symbol: PartnerSymbol,
    name: writableFields.name,
    protocol: Protocol,
    endpointUrl: Type.Optional(writableFields.endpointUrl),
    email: Type.Optional(writableFields.email),
    outboundCredential: Type.Optional(writableFields.outboundCredential),
    inboundCredential: Type.Optional(writableFields.inboundCredential),
    daysToRespond: Type.Optional(
      Type.Integer({ ...DaysToRespond, description: 'Default: the library’s defaultDaysToRespond.' }),
    ),
    undoAllowed: Type.Optional(writableFields.undoAllowed),
    active: Type.Optional(writableFields.active),
  },
  closed,
);
export type NewPartnerBody = Static<typeof NewPartnerSchema>;

export const PartnerPatchSchema = Type.Object(
  {
    symbol: Type.Optional(PartnerSymbol),
    name: Type.Optional(writableFields.name),
    protocol: Type.Optional(Protocol),
    endpointUrl: Type.Optional(writableFields.endpointUrl),
    email: Type.Optional(writableFields.email),
    outboundCredential: Type.Optional(writableFields.outboundCredential),
    inboundCredential: Type.Optional(writableFields.inboundCredential),
    daysToRespond: Type.Optional(writableFields.daysToRespond),
    undoAllowed: Type.Optional(writableFields.undoAllowed),
    active: Type.Optional(
      Type.Boolean({ description: 'false deactivates the partner: the way to retire a partner in use.' }),
    ),
  },
  { ...closed, description: 'The fields to change; those left out stay as they are.' },
);
export type PartnerPatchBody = Static<typeof PartnerPatchSchema>;

export const PartnerParamsSchema = Type.Object({ id: Uuid('The partner’s id.') }, closed);

export const PartnerListQuerySchema = Type.Object(
  {
    active: Type.Optional(Type.Boolean({ description: 'Only active (true) or inactive (false) partners.' })),
    protocol: Type.Optional(Protocol),
    q: Type.Optional(
      Type.String({ maxLength: 100, description: 'Part of the symbol or the name, ignoring case.' }),
    ),
    limit: Type.Integer({ minimum: 1, maximum: 500, default: 100 }),
    offset: Type.Integer({ minimum: 0, default: 0 }),
  },
  closed,
);
export type PartnerListQuery = Static<typeof PartnerListQuerySchema>;

export const PartnerListSchema = Type.Object(
  {
    items: Type.Array(PartnerSchema),
    total: Type.Integer({ description: 'How many partners match the filters, over all pages.' }),
  },
  closed,
);
export type PartnerList = Static<typeof PartnerListSchema>;

export const PartnerImportSchema = Type.Object(
  {
    csv: Type.String({
      minLength: 1,
      description:
        'A Koha export of the partner-library patron accounts (category ILLLIBS or IL) as CSV. The first ' +
        'row names the columns: `cardnumber` (the symbol), `surname` and `firstname` or `name`, `email` ' +
        '(or `emailpro`), and optionally `categorycode`; other columns such as `branchcode` are ignored. ' +
        'Commas, semicolons or tabs separate the fields.',
    }),
    dryRun: Type.Boolean({ description: 'true: only report what an import would do; nothing is written.' }),
    category: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 32,
        description: 'Take only the rows whose `categorycode` is this, e.g. `ILLLIBS`.',
      }),
    ),
  },
  closed,
);
export type PartnerImportBody = Static<typeof PartnerImportSchema>;

/**
 * Why an import leaves a row alone, as a stable code: a `categorycode` other than the one asked for,
 * a symbol already used by a partner not reached by email, or a partner already as the row has it.
 */
export const PARTNER_IMPORT_SKIP_CODES = ['other_category', 'not_email_partner', 'unchanged'] as const;
export type PartnerImportSkipCode = (typeof PARTNER_IMPORT_SKIP_CODES)[number];

/** What is wrong with a row the import cannot take, as a stable code; `field` names the column. */
export const PARTNER_IMPORT_ERROR_CODES = [
  'symbol_missing',
  'symbol_invalid',
  'symbol_repeated',
  'name_missing',
  'name_too_long',
  'email_missing',
  'email_invalid',
  'too_many_fields',
] as const;
export type PartnerImportErrorCode = (typeof PARTNER_IMPORT_ERROR_CODES)[number];

const ImportRowSchema = Type.Object(
  {
    row: Type.Integer({
      description: 'The line of the CSV text where the row starts; the header is line 1.',
    }),
    symbol: Type.String(),
    name: Type.String(),
    email: Nullable(Type.String()),
    partnerId: Nullable(Uuid('The partner created or updated; null in a dry run’s new partners.')),
    changes: Type.Array(Type.Enum(['name', 'email']), { description: 'What an update changes.' }),
    reason: Nullable(Type.String({ description: 'Why a row is skipped, in English (see `reasonCode`).' })),
    reasonCode: Nullable(
      Type.Enum([...PARTNER_IMPORT_SKIP_CODES], {
        description:
          'Why a row is skipped, as a stable code: `other_category` (its `categorycode` is not the one ' +
          'asked for), `not_email_partner` (the symbol is a partner reached otherwise than by email; ' +
          'an import changes only email partners), `unchanged` (the partner is already as the row has ' +
          'it). Null for rows created or updated.',
      }),
    ),
    reasonField: Nullable(
      Type.String({
        description:
          'The CSV column the reason concerns (`categorycode`); null when the reason is the partner ' +
          'already in the directory.',
      }),
    ),
    reasonValue: Nullable(
      Type.String({
        description:
          'What the reason is about: the row’s `categorycode` (null when empty) for `other_category`, ' +
          'the partner’s protocol for `not_email_partner`; null otherwise.',
      }),
    ),
  },
  closed,
);

const ImportErrorSchema = Type.Object(
  {
    row: Type.Integer(),
    code: Type.Enum([...PARTNER_IMPORT_ERROR_CODES], {
      description:
        'What is wrong, as a stable code: the symbol, name or email `_missing`, `symbol_invalid` ' +
        '(not of the symbol’s form), `symbol_repeated` (on an earlier row too, see `otherRow`), ' +
        '`name_too_long`, `email_invalid`, `too_many_fields` (more values than the header has columns).',
    }),
    field: Type.String({ description: 'The CSV column, e.g. `email`.' }),
    value: Nullable(
      Type.String({ description: 'The value at fault as the row has it; null when the column is empty.' }),
    ),
    otherRow: Nullable(
      Type.Integer({ description: 'For `symbol_repeated`: the earlier row with the same symbol.' }),
    ),
    rule: Type.String({ description: 'The validation rule broken, as a 400 of a real run names it.' }),
    message: Type.String({ description: 'What is wrong, in English.' }),
  },
  closed,
);

export const PartnerImportResultSchema = Type.Object(
  {
    dryRun: Type.Boolean(),
    created: Type.Array(ImportRowSchema, { description: 'Rows that add an email partner.' }),
    updated: Type.Array(ImportRowSchema, { description: 'Rows that change an existing email partner.' }),
    skipped: Type.Array(ImportRowSchema, { description: 'Rows left alone, each with its reason.' }),
    errors: Type.Array(ImportErrorSchema, {
      description: 'Rows that break a rule. A real run with any error writes nothing and answers 400.',
    }),
    ignoredColumns: Type.Array(Type.String()),
  },
  closed,
);
export type PartnerImportResult = Static<typeof PartnerImportResultSchema>;
export type PartnerImportRow = PartnerImportResult['created'][number];
export type PartnerImportError = PartnerImportResult['errors'][number];
