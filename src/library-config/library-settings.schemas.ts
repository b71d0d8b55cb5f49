/** Request and response schemas of `/api/library/settings` and `/api/library/pickup-branches`. */
import { Type, type Static } from 'typebox';
import { PROTOCOLS } from '../workflow/vocabulary.ts';
import { closed, Nullable, Text, Uuid } from './schema-helpers.ts';

const Backend = Type.Enum([...PROTOCOLS], {
  description: 'A way of reaching partners: ISO 18626 messages, email, or by hand (manual).',
});

const DaysToRespond = Type.Integer({
  minimum: 1,
  maximum: 365,
  description: 'Days a supplier has to answer before a request moves on.',
});

const settingsFields = {
  name: Text(200, 'The library’s name.'),
  email: Nullable(Type.String({ format: 'email', description: 'Address for ILL correspondence.' })),
  address: Nullable(Type.String({ maxLength: 1000, description: 'Postal address, shown to partners.' })),
  timezone: Type.String({
    minLength: 1,
    maxLength: 64,
    description: 'IANA time zone name, e.g. `Europe/Paris`; due dates and reply-by dates use it.',
  }),
  illModuleEnabled: Type.Boolean({ description: 'Koha’s ILLModule: the ILL module is on.' }),
  copyrightClearance: Nullable(
    Type.String({
      maxLength: 20000,
      description:
        'Koha’s ILLModuleCopyrightClearance: the declaration OPAC patrons accept before requesting; ' +
        'null or empty for none.',
    }),
  ),
  unauthenticatedRequests: Type.Boolean({
    description: 'Koha’s ILLOpacUnauthenticatedRequest: the OPAC takes requests without login.',
  }),
  autoAdvance: Type.Boolean({
    description: 'Send a request to the next supplier of its rota when one does not supply.',
  }),
  defaultDaysToRespond: DaysToRespond,
  enabledBackends: Type.Array(Backend, {
    minItems: 1,
    uniqueItems: true,
    description: 'The backends staff may use; at least one.',
  }),
};

export const LibrarySettingsSchema = Type.Object(
  {
    id: Uuid('The library’s id.'),
    symbol: Type.String({ description: 'The symbol partners know the library by; not changed here.' }),
    ...settingsFields,
  },
  { ...closed, description: 'A library’s settings.' },
);
export type LibrarySettings = Static<typeof LibrarySettingsSchema>;

export const LibrarySettingsPatchSchema = Type.Object(
  {
    name: Type.Optional(settingsFields.name),
    email: Type.Optional(settingsFields.email),
    address: Type.Optional(settingsFields.address),
    timezone: Type.Optional(settingsFields.timezone),
    illModuleEnabled: Type.Optional(settingsFields.illModuleEnabled),
    copyrightClearance: Type.Optional(settingsFields.copyrightClearance),
    unauthenticatedRequests: Type.Optional(settingsFields.unauthenticatedRequests),
    autoAdvance: Type.Optional(settingsFields.autoAdvance),
    defaultDaysToRespond: Type.Optional(settingsFields.defaultDaysToRespond),
    enabledBackends: Type.Optional(settingsFields.enabledBackends),
  },
  { ...closed, description: 'The settings to change; those left out stay as they are.' },
);
export type LibrarySettingsPatch = Static<typeof LibrarySettingsPatchSchema>;

const BranchCode = Type.String({
  pattern: '^[A-Za-z0-9_-]{1,32}$',
  description: 'A short code, unique in the library, e.g. `MAIN`.',
});

export const PickupBranchSchema = Type.Object(
  { id: Uuid(), code: BranchCode, name: Text(200) },
  { ...closed, description: 'A place where patrons collect the items they requested.' },
);
export type PickupBranch = Static<typeof PickupBranchSchema>;

export const PickupBranchListSchema = Type.Object({ items: Type.Array(PickupBranchSchema) }, closed);

export const NewPickupBranchSchema = Type.Object({ code: BranchCode, name: Text(200) }, closed);
export type NewPickupBranch = Static<typeof NewPickupBranchSchema>;

export const PickupBranchPatchSchema = Type.Object(
  { code: Type.Optional(BranchCode), name: Type.Optional(Text(200)) },
  closed,
);
export type PickupBranchPatch = Static<typeof PickupBranchPatchSchema>;

export const PickupBranchParamsSchema = Type.Object({ id: Uuid('The pickup branch’s id.') }, closed);
