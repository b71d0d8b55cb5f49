/**
 * Schemas of the request list (`GET /api/requests`): its filters, which work queues and saved queues
 * reuse, its sorting and paging parameters, and its items. They give both the TypeScript types and
 * the OpenAPI document.
 */
import { Type, type Static } from 'typebox';
import { BUILTIN_QUEUE_IDS } from '../queues/queue-definitions.ts';
import { AttentionReasonSchema } from '../workflow/attention.ts';
import { REQUEST_STATUSES, REQUESTER_STATES, RESPONDER_STATES } from '../workflow/vocabulary.ts';
import { DateSchema } from './request-details.ts';
import { REQUEST_TYPES } from './request-fields.ts';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) =>
  Type.Union([schema, Type.Null()]);
const Uuid = Type.String({ format: 'uuid' });
const Timestamp = Type.String({ format: 'date-time' });
const OneOf = <const T extends string[]>(values: readonly [...T], description?: string) =>
  Type.Enum(values, description === undefined ? {} : { description });
const Several = <const T extends string[]>(values: readonly [...T], description: string) =>
  Type.Array(OneOf(values), { minItems: 1, maxItems: 20, description });

/** Request-level statuses a stored request can have (deleted requests are not kept). */
export const LISTED_STATUSES = REQUEST_STATUSES.filter((status) => status !== 'deleted');
/** Every transaction state of either party. */
export const TRANSACTION_STATES = [...new Set([...REQUESTER_STATES, ...RESPONDER_STATES])];
export const REQUEST_BACKENDS = ['iso18626', 'email', 'manual'] as const;

export const SORT_KEYS = [
  'number',
  'createdAt',
  'updatedAt',
  'title',
  'author',
  'type',
  'status',
  'state',
  'patron',
  'partner',
  'needBefore',
  'dueDate',
  'role',
  'backend',
  'customStatus',
  'pickupBranch',
  'attention',
  'completedAt',
] as const;
export type SortKey = (typeof SORT_KEYS)[number];

/** Largest page of the list. */
export const MAX_PAGE_SIZE = 200;
/** Counts stop at this many; beyond it a count says "at least 10 000". */
export const COUNT_CAP = 10_000;

/**
 * What a list, a work queue or a saved queue selects. Every condition given must hold. Query
 * strings repeat a parameter for several values (`state=shipped&state=received`).
 */
const filterProperties = {
  role: Type.Optional(OneOf(['borrowing', 'lending'], 'Borrowing or lending requests; both when omitted.')),
  status: Type.Optional(Several(LISTED_STATUSES, 'Request-level statuses (borrowing requests).')),
  state: Type.Optional(
    Several(
      TRANSACTION_STATES,
      'States of the current transaction: for a borrowing request the one at the highest rota position (when several partners were asked at once, the one that supplied the item, else a live one), for a lending request its only one.',
    ),
  ),
  customStatus: Type.Optional(
    Type.Array(Type.String({ pattern: '^[A-Z0-9_]{1,32}$' }), {
      minItems: 1,
      maxItems: 20,
      description: 'Codes of the library’s custom statuses.',
    }),
  ),
  type: Type.Optional(Several(REQUEST_TYPES, 'Request types.')),
  backend: Type.Optional(Several(REQUEST_BACKENDS, 'Backends (supply channels).')),
  patronId: Type.Optional(Type.String({ format: 'uuid', description: 'Requests of this patron.' })),
  pickupBranchId: Type.Optional(
    Type.Array(Uuid, {
      minItems: 1,
      maxItems: 20,
      description: 'Requests to be collected at these pickup branches of the library.',
    }),
  ),
  partnerId: Type.Optional(
    Type.String({
      format: 'uuid',
      description:
        'Borrowing: the supplier of the current transaction. Lending: the borrowing library. A partner directory entry.',
    }),
  ),
  createdFrom: Type.Optional(
    Type.String({ format: 'date', description: 'Created on or after this day (library time zone).' }),
  ),
  createdTo: Type.Optional(Type.String({ format: 'date', description: 'Created on or before this day.' })),
  updatedFrom: Type.Optional(Type.String({ format: 'date', description: 'Changed on or after this day.' })),
  updatedTo: Type.Optional(Type.String({ format: 'date', description: 'Changed on or before this day.' })),
  needBeforeFrom: Type.Optional(
    Type.String({ format: 'date', description: 'Needed before a day on or after this one.' }),
  ),
  needBeforeTo: Type.Optional(
    Type.String({ format: 'date', description: 'Needed before a day on or before this one.' }),
  ),
  completedFrom: Type.Optional(
    Type.String({
      format: 'date',
      description:
        'Completed on or after this day (library time zone). Completed requests are listed for it without `includeCompleted`.',
    }),
  ),
  completedTo: Type.Optional(
    Type.String({
      format: 'date',
      description:
        'Completed on or before this day. Completed requests are listed for it without `includeCompleted`.',
    }),
  ),
  dueBefore: Type.Optional(
    Type.Union([Type.Literal('today'), DateSchema], {
      description:
        'The current transaction is due before this day; `today` means the library’s current day, so that a saved filter stays a date-driven view.',
    }),
  ),
  attention: Type.Optional(
    Type.Boolean({ description: 'Requests that need (true) or do not need staff attention.' }),
  ),
  undelivered: Type.Optional(
    Type.Boolean({ description: 'Requests with (true) or without messages to a partner not yet delivered.' }),
  ),
  answered: Type.Optional(
    Type.Boolean({
      description:
        'Lending: the lender has answered Will Supply or Hold Placed, or the borrower accepted its conditions.',
    }),
  ),
  returnRecorded: Type.Optional(
    Type.Boolean({ description: 'The return of the item is recorded on the current transaction.' }),
  ),
  includeCompleted: Type.Optional(
    Type.Boolean({
      description:
        'Also list completed requests (VDX “Display completed requests”). A keyword that is a request number (ILL-1042 or 1042) always finds that request.',
    }),
  ),
  q: Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: 200,
      pattern: '\\S',
      description:
        'Keyword: request number, words of titles, authors, publishers, identifiers and custom field values (prefix match), or an ISBN, ISSN, DOI or OCLC number (hyphens, spaces and case ignored). When nothing matches, titles similar to the keyword are listed and `similarTitles` is true.',
    }),
  ),
};

/** The names of the filter's conditions. */
export const FILTER_KEYS = Object.keys(filterProperties) as (keyof typeof filterProperties)[];

const sortProperties = {
  sort: Type.Optional(
    OneOf(SORT_KEYS, 'Column to sort by; ties are broken by the request id in the same direction.'),
  ),
  order: Type.Optional(OneOf(['asc', 'desc'], 'Sort direction; `desc` by default.')),
};

/** A filter that a library saves as a queue: the list's parameters without paging. */
export const SavedFilterSchema = Type.Object(
  {
    queue: Type.Optional(OneOf(BUILTIN_QUEUE_IDS, 'A built-in work queue to narrow down.')),
    ...filterProperties,
    ...sortProperties,
  },
  { additionalProperties: false },
);
export type SavedFilter = Static<typeof SavedFilterSchema>;
/** The conditions of a filter alone. */
export type RequestFilter = Omit<SavedFilter, 'queue' | 'sort' | 'order'>;

export const RequestListQuery = Type.Object(
  {
    queue: Type.Optional(
      Type.Union([OneOf(BUILTIN_QUEUE_IDS), Uuid], {
        description: 'Open a work queue (its id in GET /api/queues) or a saved queue (its id).',
      }),
    ),
    ...filterProperties,
    ...sortProperties,
    cursor: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 1000,
        description: 'Where to go on: `nextCursor` of the previous page, with the same other parameters.',
      }),
    ),
    limit: Type.Optional(
      Type.Integer({ minimum: 1, maximum: MAX_PAGE_SIZE, description: 'Page size; 50 by default.' }),
    ),
    count: Type.Optional(
      OneOf(
        ['none', 'exact'],
        'Whether to count all matching requests (`exact`). Counting reads every match, so it stops at 10 000 (`relation: gte`). `none` by default.',
      ),
    ),
  },
  { additionalProperties: false },
);
export type RequestListQuery = Static<typeof RequestListQuery>;

/** A count that stops at {@link COUNT_CAP}: `gte` says there are at least `value`. */
export const CountView = Type.Object({
  value: Type.Integer({ minimum: 0 }),
  relation: OneOf(['eq', 'gte']),
});
export type CountView = Static<typeof CountView>;

export const RequestListItem = Type.Object({
  id: Uuid,
  number: Type.Integer(),
  reference: Type.String({ description: 'The reference staff and patrons quote, e.g. ILL-1042.' }),
  role: OneOf(['borrowing', 'lending']),
  backend: Type.String(),
  status: Nullable(Type.String({ description: 'Request-level status of a borrowing request.' })),
  customStatus: Nullable(Type.Object({ code: Type.String(), label: Type.String() })),
  currentTransaction: Nullable(
    Type.Object({
      rotaPosition: Type.Integer(),
      state: Type.String(),
      partner: Nullable(Type.Object({ id: Uuid, symbol: Type.String(), name: Type.String() })),
      dueDate: Nullable(Type.String()),
    }),
  ),
  type: Type.String(),
  title: Type.String(),
  author: Nullable(Type.String()),
  patron: Nullable(Type.Object({ id: Uuid, name: Type.String(), cardNumber: Type.String() })),
  pickupBranch: Nullable(
    Type.Object(
      { id: Uuid, code: Type.String(), name: Type.String() },
      { description: 'Where the patron collects the item.' },
    ),
  ),
  needBefore: Nullable(Type.String()),
  attention: Nullable(AttentionReasonSchema),
  undeliveredMessages: Type.Integer({
    minimum: 0,
    description: 'Messages to partners not delivered yet (failing, given up, or waiting behind one).',
  }),
  completedAt: Nullable(Timestamp),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type RequestListItem = Static<typeof RequestListItem>;

export const RequestListResponse = Type.Object({
  items: Type.Array(RequestListItem),
  nextCursor: Nullable(Type.String({ description: 'Pass as `cursor` for the next page; null on the last.' })),
  total: Nullable(CountView),
  similarTitles: Type.Boolean({
    description: 'Nothing matched the keyword exactly; the items have titles similar to it.',
  }),
});
export type RequestListResponse = Static<typeof RequestListResponse>;
