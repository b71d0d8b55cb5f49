/** Request and response schemas of the authentication and API-token routes. */
import { Type, type Static } from 'typebox';
import { PermissionListSchema } from './permissions.ts';

const closed = { additionalProperties: false } as const;
const Uuid = Type.String({ format: 'uuid' });
const Timestamp = Type.String({ format: 'date-time' });
const NullableTimestamp = Type.Union([Timestamp, Type.Null()]);
const NullableEmail = Type.Union([Type.String({ format: 'email' }), Type.Null()]);

export const StaffLoginBodySchema = Type.Object(
  {
    username: Type.String({ minLength: 1, maxLength: 200 }),
    password: Type.String({ minLength: 1, maxLength: 1024 }),
  },
  closed,
);

export const PatronLoginBodySchema = Type.Object(
  {
    library: Type.String({
      minLength: 1,
      maxLength: 64,
      description: "The library's symbol, e.g. ILN-NORTH.",
    }),
    cardNumber: Type.String({ minLength: 1, maxLength: 64 }),
    secret: Type.String({ minLength: 1, maxLength: 1024, description: 'The PIN or password.' }),
  },
  closed,
);

/** A logged-in staff user, as login and `GET /api/auth/me` show them. */
export const StaffUserSummarySchema = Type.Object(
  {
    id: Uuid,
    username: Type.String(),
    name: Type.String(),
    email: NullableEmail,
    libraryId: Uuid,
    librarySymbol: Type.String(),
    libraryName: Type.String(),
    permissions: Type.Array(Type.String()),
  },
  closed,
);
export type StaffUserSummary = Static<typeof StaffUserSummarySchema>;

/** A logged-in patron, as login, `GET /api/auth/me` and `GET /api/patron/me` show them. */
export const PatronSummarySchema = Type.Object(
  {
    id: Uuid,
    cardNumber: Type.String(),
    name: Type.String(),
    email: NullableEmail,
    category: Type.String(),
    emailNotices: Type.Boolean(),
    preferredLanguage: Type.String(),
    libraryId: Uuid,
    librarySymbol: Type.String(),
    libraryName: Type.String(),
  },
  closed,
);
export type PatronSummary = Static<typeof PatronSummarySchema>;

const CsrfToken = Type.String({
  description: 'Send it back in the X-CSRF-Token header of every POST, PUT, PATCH and DELETE.',
});

export const StaffLoginResponseSchema = Type.Object(
  { user: StaffUserSummarySchema, csrfToken: CsrfToken },
  { ...closed, description: 'Logged in; the session cookie `interlend_session` is set.' },
);
export const PatronLoginResponseSchema = Type.Object(
  { user: PatronSummarySchema, csrfToken: CsrfToken },
  { ...closed, description: 'Logged in; the session cookie `interlend_session` is set.' },
);

/** The API token a caller authenticated with, as `GET /api/auth/me` shows it. */
export const ApiTokenSummarySchema = Type.Object(
  {
    id: Uuid,
    name: Type.String(),
    libraryId: Uuid,
    librarySymbol: Type.String(),
    libraryName: Type.String(),
    permissions: Type.Array(Type.String()),
    expiresAt: NullableTimestamp,
  },
  closed,
);
export type ApiTokenSummary = Static<typeof ApiTokenSummarySchema>;

export const MeResponseSchema = Type.Union(
  [
    Type.Object(
      {
        kind: Type.Literal('staff'),
        authenticatedBy: Type.Literal('session'),
        user: StaffUserSummarySchema,
        csrfToken: CsrfToken,
      },
      closed,
    ),
    Type.Object(
      {
        kind: Type.Literal('patron'),
        authenticatedBy: Type.Literal('session'),
        user: PatronSummarySchema,
        csrfToken: CsrfToken,
      },
      closed,
    ),
    Type.Object(
      {
        kind: Type.Literal('staff'),
        authenticatedBy: Type.Literal('token'),
        token: ApiTokenSummarySchema,
      },
      closed,
    ),
  ],
  { description: 'Who the caller is: a staff user or patron with a session, or an API token.' },
);
export type MeResponse = Static<typeof MeResponseSchema>;

export const CreateApiTokenBodySchema = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 100, pattern: '\\S', description: 'Who or what uses it.' }),
    permissions: PermissionListSchema,
    expiresAt: Type.Optional(
      Type.String({ format: 'date-time', description: 'When it stops working; never when omitted.' }),
    ),
  },
  closed,
);
export type CreateApiTokenBody = Static<typeof CreateApiTokenBodySchema>;

export const ApiTokenSchema = Type.Object(
  {
    id: Uuid,
    name: Type.String(),
    permissions: Type.Array(Type.String()),
    status: Type.Union([Type.Literal('active'), Type.Literal('expired'), Type.Literal('revoked')]),
    createdAt: Timestamp,
    createdBy: Type.Union([Type.Object({ id: Uuid, name: Type.String() }, closed), Type.Null()]),
    lastUsedAt: NullableTimestamp,
    expiresAt: NullableTimestamp,
    revokedAt: NullableTimestamp,
  },
  closed,
);
export type ApiTokenView = Static<typeof ApiTokenSchema>;

export const CreatedApiTokenSchema = Type.Object(
  {
    ...ApiTokenSchema.properties,
    token: Type.String({
      description: 'The secret, shown this once: send it as `Authorization: Bearer <token>`.',
    }),
  },
  closed,
);
export type CreatedApiToken = Static<typeof CreatedApiTokenSchema>;

export const ApiTokenListSchema = Type.Object({ items: Type.Array(ApiTokenSchema) }, closed);

export const TokenIdParamsSchema = Type.Object({ id: Uuid }, closed);
