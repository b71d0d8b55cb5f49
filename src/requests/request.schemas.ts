/**
 * Request and response schemas of the request endpoints. They give both the TypeScript types and the
 * OpenAPI document.
 */
import { Type, type Static } from 'typebox';
import { ACTION_IDS } from '../workflow/actions.ts';
import { AttentionReasonSchema } from '../workflow/attention.ts';
import { DateSchema, MoneySchema, NewRequestDetailsSchema, RequestDetailsSchema } from './request-details.ts';
import { BIBLIOGRAPHIC_FIELD_NAMES } from './request-fields.ts';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) =>
  Type.Union([schema, Type.Null()]);
const Uuid = Type.String({ format: 'uuid' });
const Timestamp = Type.String({ format: 'date-time' });

export const RequestIdParams = Type.Object({ id: Uuid }, { additionalProperties: false });

export const CreateRequestBody = Type.Object(
  {
    details: NewRequestDetailsSchema,
    backend: Type.Optional(
      Type.Union([Type.Literal('iso18626'), Type.Literal('email'), Type.Literal('manual')], {
        description: 'The supply channel; the library’s first enabled backend when omitted.',
      }),
    ),
    rota: Type.Optional(
      Type.Array(Uuid, {
        maxItems: 50,
        uniqueItems: true,
        description: 'Partners to try, in order; by default every active partner the backend can reach.',
      }),
    ),
    copyrightAccepted: Type.Optional(
      Type.Boolean({ description: 'The patron accepted the library’s copyright declaration.' }),
    ),
  },
  { additionalProperties: false },
);
export type CreateRequestBody = Static<typeof CreateRequestBody>;

/** An OPAC request made without logging in: the requester says who they are. */
export const AnonymousRequestBody = Type.Object(
  {
    details: NewRequestDetailsSchema,
    contact: Type.Object(
      {
        name: Type.String({ minLength: 1, maxLength: 200 }),
        email: Type.String({ format: 'email', maxLength: 320 }),
      },
      { additionalProperties: false },
    ),
    copyrightAccepted: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type AnonymousRequestBody = Static<typeof AnonymousRequestBody>;

export const EditRequestBody = Type.Object(
  {
    details: RequestDetailsSchema,
    note: Type.Optional(Type.String({ minLength: 1, maxLength: 4000 })),
    expectedVersion: Type.Optional(Type.Integer({ minimum: 1 })),
  },
  { additionalProperties: false },
);
export type EditRequestBody = Static<typeof EditRequestBody>;

const ActionData = Type.Object(
  {
    note: Type.Optional(Type.String({ minLength: 1, maxLength: 4000 })),
    serviceType: Type.Optional(Type.Union([Type.Literal('loan'), Type.Literal('copy')])),
    dueDate: Type.Optional(DateSchema),
    desiredDueDate: Type.Optional(DateSchema),
    dateShipped: Type.Optional(DateSchema),
    dateReceived: Type.Optional(DateSchema),
    dateReturned: Type.Optional(DateSchema),
    dateCheckedIn: Type.Optional(DateSchema),
    expectedDeliveryDate: Type.Optional(DateSchema),
    estimatedDateAvailable: Type.Optional(DateSchema),
    returnedVia: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    itemId: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    reason: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    locations: Type.Optional(Type.String({ minLength: 1, maxLength: 2000 })),
    conditions: Type.Optional(Type.String({ minLength: 1, maxLength: 4000 })),
    replyBy: Type.Optional(DateSchema),
    cost: Type.Optional(MoneySchema),
    partnerIds: Type.Optional(Type.Array(Uuid, { minItems: 1, maxItems: 50, uniqueItems: true })),
    patronNote: Type.Optional(Type.String({ minLength: 1, maxLength: 4000 })),
    privateNote: Type.Optional(Type.String({ minLength: 1, maxLength: 4000 })),
  },
  { additionalProperties: false, description: 'The action’s fields, as GET /api/workflow lists them.' },
);

export const ActionBody = Type.Object(
  {
    action: Type.Union([Type.Enum(ACTION_IDS), Type.String({ pattern: '^local:[a-z0-9-]{1,48}$' })], {
      description: 'A protocol action id, or `local:<id>` for a locally-defined action.',
    }),
    rotaPosition: Type.Optional(
      Type.Integer({
        minimum: 0,
        description: 'The transaction the action is for; the request itself when omitted.',
      }),
    ),
    data: Type.Optional(ActionData),
    expectedVersion: Type.Optional(Type.Integer({ minimum: 1 })),
  },
  { additionalProperties: false },
);
export type ActionBody = Static<typeof ActionBody>;

export const RotaBody = Type.Object(
  {
    partnerIds: Type.Array(Uuid, { minItems: 1, maxItems: 50, uniqueItems: true }),
    expectedVersion: Type.Optional(Type.Integer({ minimum: 1 })),
  },
  { additionalProperties: false },
);
export type RotaBody = Static<typeof RotaBody>;

export const ClearAttentionBody = Type.Object(
  {
    note: Type.Optional(
      Type.String({ minLength: 1, maxLength: 4000, description: 'What was done about it, for the history.' }),
    ),
    expectedVersion: Type.Optional(Type.Integer({ minimum: 1 })),
  },
  { additionalProperties: false },
);
export type ClearAttentionBody = Static<typeof ClearAttentionBody>;

const PartnerSummary = Type.Object({
  id: Uuid,
  symbol: Type.String(),
  name: Type.String(),
  protocol: Type.Union([Type.Literal('iso18626'), Type.Literal('email'), Type.Literal('manual')]),
});

const TransactionView = Type.Object({
  id: Uuid,
  role: Type.Union([Type.Literal('requester'), Type.Literal('responder')]),
  state: Type.String(),
  requestedServiceTypes: Type.Array(Type.String()),
  currentServiceType: Type.String(),
  shippedServiceType: Nullable(Type.String()),
  dueDate: Nullable(Type.String()),
  conditions: Nullable(Type.String()),
  replyBy: Nullable(Type.String()),
  cost: Nullable(MoneySchema),
  recalled: Type.Boolean(),
  shipmentRecorded: Type.Boolean(),
  receiptRecorded: Type.Boolean(),
  returnRecorded: Type.Boolean(),
  overdueNotices: Type.Integer(),
  localReference: Nullable(
    Type.String({ description: 'This library’s id for the transaction in partner messages.' }),
  ),
  partnerReference: Nullable(Type.String({ description: 'The partner’s id for the transaction.' })),
  lastMessageAt: Nullable(Timestamp),
  attention: Nullable(AttentionReasonSchema),
  completedAt: Nullable(Timestamp),
  undeliveredMessages: Type.Integer({ description: 'Messages to the partner not yet delivered.' }),
});

const Field = Type.Object({
  name: Type.String(),
  type: Type.String(),
  required: Type.Boolean(),
  requiredForServiceType: Type.Optional(Type.String()),
});

export const AvailableAction = Type.Object({
  id: Type.String(),
  kind: Type.Union([Type.Literal('protocol'), Type.Literal('local')]),
  rotaPosition: Nullable(Type.Integer()),
  vdxName: Type.Optional(Type.String()),
  kohaName: Type.Optional(Type.String()),
  isoName: Type.Optional(
    Type.String({ description: 'The ISO 10161 service’s name, for an action neither text names.' }),
  ),
  localName: Type.Optional(Type.String()),
  fields: Type.Array(Field),
});

/**
 * What was recorded with a history entry: the fields of the action or message that caused it, e.g.
 * the date shipped, due date, item id and cost of Informed Shipped. Staff only.
 */
export const HistoryEntryData = Type.Object(
  {
    serviceType: Type.Optional(Type.String()),
    dueDate: Type.Optional(Type.String()),
    desiredDueDate: Type.Optional(Type.String()),
    dateShipped: Type.Optional(Type.String()),
    dateReceived: Type.Optional(Type.String()),
    dateReturned: Type.Optional(Type.String()),
    dateCheckedIn: Type.Optional(Type.String()),
    expectedDeliveryDate: Type.Optional(Type.String()),
    estimatedDateAvailable: Type.Optional(Type.String()),
    needBefore: Type.Optional(Type.String()),
    returnedVia: Type.Optional(Type.String()),
    itemId: Type.Optional(Type.String()),
    reason: Type.Optional(Type.String()),
    locations: Type.Optional(Type.String()),
    conditions: Type.Optional(Type.String()),
    replyBy: Type.Optional(Type.String()),
    cost: Type.Optional(MoneySchema),
    patronNote: Type.Optional(Type.String()),
    privateNote: Type.Optional(Type.String()),
    reportedStatus: Type.Optional(
      Type.String({
        description: 'A status report: the status the partner reported, in its protocol’s words.',
      }),
    ),
    details: Type.Optional(
      Type.Record(Type.String(), Type.Unknown(), { description: 'The details a change set.' }),
    ),
    customStatus: Type.Optional(
      Type.Object(
        { from: Nullable(Type.String()), to: Nullable(Type.String()) },
        { description: 'A change of custom status: the code before and after (null for none).' },
      ),
    ),
  },
  {
    additionalProperties: false,
    description:
      'What staff, the partner or Interlend recorded with the event (dates, item id, cost, reason…). Staff only: absent for patrons.',
  },
);
export type HistoryEntryData = Static<typeof HistoryEntryData>;

export const HistoryEntryView = Type.Object({
  id: Type.String(),
  at: Timestamp,
  actor: Type.Object({ kind: Type.String(), name: Type.String() }),
  machine: Type.String(),
  rotaPosition: Nullable(Type.Integer()),
  edgeId: Type.String(),
  event: Type.Object({ kind: Type.String(), name: Type.String() }),
  from: Type.String(),
  to: Type.String(),
  note: Nullable(Type.String()),
  data: Type.Optional(HistoryEntryData),
  message: Type.Object(
    {
      received: Nullable(
        Type.String({ description: 'The partner message the step took in, e.g. `shipped`.' }),
      ),
      sent: Nullable(Type.String({ description: 'The partner message the step sent out, e.g. `request`.' })),
    },
    { description: 'What passed between the parties at this step.' },
  ),
});

export const NoteView = Type.Object({
  id: Type.String(),
  at: Timestamp,
  visibility: Type.Union([Type.Literal('private'), Type.Literal('public')]),
  direction: Type.Union([Type.Literal('local'), Type.Literal('outgoing'), Type.Literal('incoming')]),
  text: Type.String(),
  author: Type.String(),
  rotaPosition: Nullable(Type.Integer()),
});

const DetailsView = Type.Object({
  type: Type.String(),
  serviceType: Type.String(),
  ...Object.fromEntries(BIBLIOGRAPHIC_FIELD_NAMES.map((name) => [name, Nullable(Type.String())])),
  needBefore: Nullable(Type.String()),
  maxCost: Nullable(MoneySchema),
  canHold: Type.String(),
  pickupBranch: Nullable(Type.Object({ id: Uuid, code: Type.String(), name: Type.String() })),
  patronNotes: Nullable(Type.String()),
  customFields: Type.Record(Type.String(), Type.String()),
});

export const RequestDetailView = Type.Object(
  {
    id: Uuid,
    number: Type.Integer(),
    reference: Type.String({ description: 'The reference staff and patrons quote, e.g. ILL-1042.' }),
    role: Type.Union([Type.Literal('borrowing'), Type.Literal('lending')]),
    backend: Type.String(),
    backendVersion: Type.Integer({
      minimum: 1,
      description: 'The version of its backend’s contract the request was made under (GET /api/backends).',
    }),
    status: Nullable(Type.String({ description: 'Request-level status of a borrowing request.' })),
    customStatus: Nullable(
      Type.Object({ code: Type.String(), label: Type.String(), opacLabel: Nullable(Type.String()) }),
    ),
    menuStatus: Type.String({ description: 'The status the action menu is configured by.' }),
    details: DetailsView,
    patron: Nullable(
      Type.Object({
        id: Uuid,
        cardNumber: Type.String(),
        name: Type.String(),
        email: Nullable(Type.String()),
      }),
    ),
    requesterContact: Nullable(Type.Object({ name: Type.String(), email: Type.String() })),
    copyright: Type.Object({ accepted: Type.Boolean(), text: Nullable(Type.String()) }),
    partner: Nullable(PartnerSummary),
    partnerRequestId: Nullable(Type.String()),
    rota: Type.Array(
      Type.Object({
        position: Type.Integer(),
        partner: PartnerSummary,
        transaction: Nullable(TransactionView),
      }),
    ),
    history: Type.Array(HistoryEntryView),
    notes: Type.Array(NoteView),
    actions: Type.Array(AvailableAction),
    attention: Nullable(AttentionReasonSchema),
    completedAt: Nullable(Timestamp),
    createdAt: Timestamp,
    updatedAt: Timestamp,
    version: Type.Integer(),
  },
  { title: 'RequestDetail' },
);
export type RequestDetailView = Static<typeof RequestDetailView>;

/** One of a patron's own requests, as "my requests" lists it. */
export const PatronRequestSummary = Type.Object({
  id: Uuid,
  reference: Type.String(),
  type: Type.String(),
  title: Type.String(),
  author: Nullable(Type.String()),
  articleTitle: Nullable(Type.String()),
  status: Type.String(),
  customStatus: Nullable(Type.String({ description: 'The code of the library’s custom status, if any.' })),
  customStatusLabel: Nullable(
    Type.String({ description: 'What patrons see of the custom status: its OPAC label, or else its label.' }),
  ),
  pickupBranch: Nullable(Type.String({ description: 'The name of the library the patron collects from.' })),
  currentState: Nullable(
    Type.String({ description: 'The state of the current supplier transaction, if any.' }),
  ),
  dueDate: Nullable(Type.String()),
  needBefore: Nullable(Type.String()),
  completedAt: Nullable(Timestamp),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type PatronRequestSummary = Static<typeof PatronRequestSummary>;

/** The largest page of a patron's own list. */
export const MAX_PATRON_PAGE = 200;

export const PatronRequestListQuery = Type.Object(
  {
    includeCompleted: Type.Optional(
      Type.Boolean({ description: 'Also list completed requests; true by default.' }),
    ),
    cursor: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 300,
        description: 'Where to go on: `nextCursor` of the previous page, with the same other parameters.',
      }),
    ),
    limit: Type.Optional(
      Type.Integer({ minimum: 1, maximum: MAX_PATRON_PAGE, description: 'Page size; 50 by default.' }),
    ),
  },
  { additionalProperties: false },
);
export type PatronRequestListQuery = Static<typeof PatronRequestListQuery>;

/** A page of a patron's own requests, newest first. */
export const PatronRequestPage = Type.Object({
  items: Type.Array(PatronRequestSummary),
  nextCursor: Nullable(Type.String({ description: 'Pass as `cursor` for the next page; null on the last.' })),
});
export type PatronRequestPage = Static<typeof PatronRequestPage>;

/** A request a patron places for themselves: the library chooses the backend and the rota. */
export const PatronCreateRequestBody = Type.Object(
  {
    details: Type.Omit(NewRequestDetailsSchema, ['patronId', 'maxCost', 'canHold']),
    copyrightAccepted: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type PatronCreateRequestBody = Static<typeof PatronCreateRequestBody>;

export const CancellationBody = Type.Object(
  { note: Type.Optional(Type.String({ minLength: 1, maxLength: 4000 })) },
  { additionalProperties: false },
);
