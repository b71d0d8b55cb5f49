/** Request and response schemas of the staff-user and patron routes. */
import { Type, type Static } from 'typebox';
import { PermissionListSchema } from '../auth/permissions.ts';

const closed = { additionalProperties: false } as const;
const Uuid = Type.String({ format: 'uuid' });
const Timestamp = Type.String({ format: 'date-time' });
const NullableTimestamp = Type.Union([Type.String({ format: 'date-time' }), Type.Null()]);
const Email = Type.String({ format: 'email', maxLength: 254 });
const NullableEmail = Type.Union([Email, Type.Null()]);
const Name = Type.String({ minLength: 1, maxLength: 200, pattern: '\\S', description: 'Not blank.' });

/** Rules of staff passwords: long enough to resist guessing, short enough to hash cheaply. */
const STAFF_PASSWORD_RULES = { minLength: 10, maxLength: 256 } as const;
/** Rules of patron PINs and passwords. */
const PATRON_SECRET_RULES = { minLength: 4, maxLength: 256 } as const;
const StaffPassword = Type.String({ ...STAFF_PASSWORD_RULES, description: 'At least 10 characters.' });
const PatronSecret = Type.String({
  ...PATRON_SECRET_RULES,
  description: 'A PIN or password of at least 4 characters.',
});
const Username = Type.String({
  pattern: '^[A-Za-z0-9][A-Za-z0-9._@-]{1,63}$',
  description: '2 to 64 letters, digits, `.`, `_`, `@` or `-`; stored in lower case, unique.',
});
const CardNumber = Type.String({ pattern: '^[A-Za-z0-9-]{1,64}$', description: 'Letters, digits and `-`.' });
const Category = Type.String({
  pattern: '^[A-Za-z0-9_-]{1,32}$',
  description: 'Koha-style patron category code.',
});
const Language = Type.String({
  pattern: '^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$',
  maxLength: 35,
  description: 'A BCP 47 language tag, e.g. `en` or `fr-CA`.',
});

export const PageQuerySchema = Type.Object(
  {
    query: Type.Optional(Type.String({ maxLength: 200, description: 'Search text.' })),
    limit: Type.Integer({ minimum: 1, maximum: 100, default: 50 }),
    offset: Type.Integer({ minimum: 0, maximum: 100_000, default: 0 }),
  },
  closed,
);
export type PageQuery = Static<typeof PageQuerySchema>;

export const IdParamsSchema = Type.Object({ id: Uuid }, closed);

export const StaffUserSchema = Type.Object(
  {
    id: Uuid,
    libraryId: Uuid,
    username: Type.String(),
    name: Type.String(),
    email: NullableEmail,
    active: Type.Boolean(),
    permissions: Type.Array(Type.String()),
    createdAt: Timestamp,
    lastLoginAt: NullableTimestamp,
  },
  closed,
);
export type StaffUserView = Static<typeof StaffUserSchema>;

export const StaffUserPageSchema = Type.Object(
  {
    items: Type.Array(StaffUserSchema),
    total: Type.Integer(),
    limit: Type.Integer(),
    offset: Type.Integer(),
  },
  closed,
);
export type StaffUserPage = Static<typeof StaffUserPageSchema>;

export const CreateStaffUserBodySchema = Type.Object(
  {
    username: Username,
    name: Name,
    email: Type.Optional(NullableEmail),
    password: StaffPassword,
    permissions: Type.Optional(PermissionListSchema),
    active: Type.Optional(Type.Boolean({ default: true })),
  },
  closed,
);
export type CreateStaffUserBody = Static<typeof CreateStaffUserBodySchema>;

export const UpdateStaffUserBodySchema = Type.Object(
  {
    name: Type.Optional(Name),
    email: Type.Optional(NullableEmail),
    active: Type.Optional(Type.Boolean({ description: 'Deactivating ends all their sessions.' })),
    permissions: Type.Optional(PermissionListSchema),
    password: Type.Optional(
      Type.String({ ...STAFF_PASSWORD_RULES, description: 'A new password; ends all their sessions.' }),
    ),
  },
  { ...closed, minProperties: 1 },
);
export type UpdateStaffUserBody = Static<typeof UpdateStaffUserBodySchema>;

export const PatronSchema = Type.Object(
  {
    id: Uuid,
    libraryId: Uuid,
    cardNumber: Type.String(),
    name: Type.String(),
    email: NullableEmail,
    category: Type.String(),
    emailNotices: Type.Boolean(),
    preferredLanguage: Type.String(),
    active: Type.Boolean(),
    createdAt: Timestamp,
  },
  closed,
);
export type PatronView = Static<typeof PatronSchema>;

export const PatronPageSchema = Type.Object(
  {
    items: Type.Array(PatronSchema),
    total: Type.Integer(),
    limit: Type.Integer(),
    offset: Type.Integer(),
  },
  closed,
);
export type PatronPage = Static<typeof PatronPageSchema>;

export const CreatePatronBodySchema = Type.Object(
  {
    cardNumber: CardNumber,
    name: Name,
    email: Type.Optional(NullableEmail),
    category: Type.Optional(Category),
    emailNotices: Type.Optional(Type.Boolean()),
    preferredLanguage: Type.Optional(Language),
    active: Type.Optional(Type.Boolean()),
    secret: PatronSecret,
  },
  closed,
);
export type CreatePatronBody = Static<typeof CreatePatronBodySchema>;

export const UpdatePatronBodySchema = Type.Object(
  {
    name: Type.Optional(Name),
    email: Type.Optional(NullableEmail),
    category: Type.Optional(Category),
    emailNotices: Type.Optional(Type.Boolean()),
    preferredLanguage: Type.Optional(Language),
    active: Type.Optional(Type.Boolean({ description: 'Deactivating ends all their sessions.' })),
    secret: Type.Optional(
      Type.String({ ...PATRON_SECRET_RULES, description: 'A new PIN or password; ends all their sessions.' }),
    ),
  },
  { ...closed, minProperties: 1 },
);
export type UpdatePatronBody = Static<typeof UpdatePatronBodySchema>;

export const UpdateOwnPatronBodySchema = Type.Object(
  {
    email: Type.Optional(NullableEmail),
    emailNotices: Type.Optional(Type.Boolean()),
    preferredLanguage: Type.Optional(Language),
  },
  { ...closed, minProperties: 1 },
);
export type UpdateOwnPatronBody = Static<typeof UpdateOwnPatronBodySchema>;
