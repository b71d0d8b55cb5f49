/** Schemas of `GET /api/backends`: each backend a library has enabled, as it declares itself. */
import { Type, type Static } from 'typebox';
import { ACTION_IDS } from '../workflow/actions.ts';
import { PROTOCOLS } from '../workflow/vocabulary.ts';
import { BIBLIOGRAPHIC_FIELD_NAMES, REQUEST_TYPES } from '../requests/request-fields.ts';
import { CONFIRM_BEHAVIOURS } from './backend.ts';

const Field = Type.Enum(BIBLIOGRAPHIC_FIELD_NAMES);

const ActionRef = Type.Object(
  {
    id: Type.Enum(ACTION_IDS),
    name: Type.String({ description: 'Its name in the VDX or Koha texts.' }),
  },
  { additionalProperties: false },
);

export const BackendView = Type.Object(
  {
    id: Type.Enum(['iso18626', 'email', 'manual']),
    version: Type.Integer({ minimum: 1, description: 'Stored on each request made under it.' }),
    name: Type.String(),
    description: Type.String(),
    requestTypes: Type.Array(
      Type.Object(
        {
          type: Type.Enum(REQUEST_TYPES),
          requiredFields: Type.Array(Field, {
            description: 'What a request of this type cannot do without.',
          }),
        },
        { additionalProperties: false },
      ),
      { description: 'The request types it takes.' },
    ),
    fields: Type.Array(Field, { description: 'The bibliographic fields it carries to the supplier.' }),
    partnerProtocols: Type.Array(Type.Enum(PROTOCOLS), {
      description: 'Partners of these protocols can be on the rota of its requests.',
    }),
    confirm: Type.Object(
      {
        behaviour: Type.Enum(CONFIRM_BEHAVIOURS),
        description: Type.String(),
      },
      { additionalProperties: false, description: 'What Confirm does with its requests.' },
    ),
    addsActions: Type.Array(ActionRef, {
      description: 'Actions it offers beyond the ISO 18626 protocol’s own.',
    }),
    removesActions: Type.Array(ActionRef, {
      description: 'Actions of the workflow it does not offer; they are refused on its requests.',
    }),
  },
  { additionalProperties: false },
);
export type BackendView = Static<typeof BackendView>;

export const BackendList = Type.Object(
  { items: Type.Array(BackendView, { description: 'In the order the library enabled them.' }) },
  { additionalProperties: false },
);
export type BackendList = Static<typeof BackendList>;
