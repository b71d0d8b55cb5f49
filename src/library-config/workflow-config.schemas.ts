/**
 * Request and response schemas of the library's workflow configuration: custom statuses
 * (`/api/library/custom-statuses`), locally-defined actions (`/api/library/local-actions`) and the
 * action menu's visibility and order (`/api/library/action-menu`).
 */
import { Type, type Static } from 'typebox';
import { closed, Nullable, Text } from './schema-helpers.ts';
import { STATUS_KEYS } from './validation.ts';

const StatusKey = Type.Enum([...STATUS_KEYS], {
  description:
    'A status of one of the workflow’s machines, `<machine>:<state>`: `request:` for a borrowing ' +
    'request’s own status, `requester:` and `responder:` for a transaction’s states (see GET /api/workflow).',
});

const MenuActionId = Type.String({
  pattern: '^(?:[a-z][a-z-]{0,63}|local:[a-z0-9-]{1,48})$',
  description: 'A protocol action id (see GET /api/workflow) or `local:<id>` of a locally-defined action.',
});

const CustomStatusCode = Type.String({
  pattern: '^[A-Za-z0-9_]{1,32}$',
  description: 'The authorised value’s code; stored in upper case, e.g. `AWAITING_INVOICE`.',
});

export const CustomStatusSchema = Type.Object(
  {
    code: CustomStatusCode,
    label: Type.String({ description: 'What staff see.' }),
    opacLabel: Nullable(Type.String({ description: 'What patrons see in the OPAC; null: the label.' })),
  },
  { ...closed, description: 'Koha’s ILLSTATUS authorised value: a status a library adds to its requests.' },
);
export type CustomStatus = Static<typeof CustomStatusSchema>;

export const CustomStatusListSchema = Type.Object({ items: Type.Array(CustomStatusSchema) }, closed);

export const NewCustomStatusSchema = Type.Object(
  {
    code: CustomStatusCode,
    label: Text(200),
    opacLabel: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
  },
  closed,
);
export type NewCustomStatus = Static<typeof NewCustomStatusSchema>;

export const CustomStatusPatchSchema = Type.Object(
  {
    label: Type.Optional(Text(200)),
    opacLabel: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
  },
  closed,
);
export type CustomStatusPatch = Static<typeof CustomStatusPatchSchema>;

export const CustomStatusParamsSchema = Type.Object({ code: CustomStatusCode }, closed);

const LocalActionId = Type.String({
  pattern: '^[a-z0-9-]{1,48}$',
  description: 'A slug, unique in the library; staff need the permission `local:<id>`.',
});
const Party = Type.Enum(['requester', 'responder'], {
  description: 'Offered on borrowing requests (requester) or lending requests (responder).',
});
const Statuses = Type.Array(StatusKey, {
  uniqueItems: true,
  maxItems: 64,
  description:
    'The statuses at which the action is offered; empty: every status. A requester action takes ' +
    '`request:` and `requester:` statuses, a responder action `responder:` statuses.',
});
const UserAlertNote = Nullable(
  Type.String({
    maxLength: 4000,
    description: 'When set, taking the action emails the patron this note (VDX user alert).',
  }),
);

export const LocalActionSchema = Type.Object(
  {
    id: LocalActionId,
    name: Type.String(),
    party: Party,
    statuses: Type.Array(StatusKey),
    userAlertNote: UserAlertNote,
    permission: Type.String({ description: 'The permission staff need to take it: `local:<id>`.' }),
  },
  {
    ...closed,
    description:
      'A VDX locally-defined action (type 2): it changes no status and sends nothing to the partner; ' +
      'it records itself in the history and may alert the patron.',
  },
);
export type LocalAction = Static<typeof LocalActionSchema>;

export const LocalActionListSchema = Type.Object({ items: Type.Array(LocalActionSchema) }, closed);

export const NewLocalActionSchema = Type.Object(
  {
    id: LocalActionId,
    name: Text(200),
    party: Party,
    statuses: Type.Optional(Statuses),
    userAlertNote: Type.Optional(UserAlertNote),
  },
  closed,
);
export type NewLocalAction = Static<typeof NewLocalActionSchema>;

export const LocalActionPatchSchema = Type.Object(
  {
    name: Type.Optional(Text(200)),
    party: Type.Optional(Party),
    statuses: Type.Optional(Statuses),
    userAlertNote: Type.Optional(UserAlertNote),
  },
  closed,
);
export type LocalActionPatch = Static<typeof LocalActionPatchSchema>;

export const LocalActionParamsSchema = Type.Object({ id: LocalActionId }, closed);

export const ActionMenuSchema = Type.Object(
  {
    hidden: Type.Array(
      Type.Object(
        {
          action: MenuActionId,
          status: Nullable(StatusKey),
        },
        { ...closed, description: 'Hide the action from all staff at this status; status null: everywhere.' },
      ),
      { maxItems: 2000 },
    ),
    order: Type.Array(
      Type.Object(
        {
          status: StatusKey,
          actions: Type.Array(MenuActionId, {
            minItems: 1,
            maxItems: 100,
            description: 'Listed first, in this order; actions not listed follow in the default order.',
          }),
        },
        closed,
      ),
      { maxItems: 200 },
    ),
  },
  {
    ...closed,
    description: 'Which actions the library hides from all staff, and their order at each status (VDX).',
  },
);
export type ActionMenuSettings = Static<typeof ActionMenuSchema>;
