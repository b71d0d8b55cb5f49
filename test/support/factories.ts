/**
 * Test-data factories: libraries, staff users, patrons, sessions and API tokens, with unique,
 * realistic defaults so that tests say only what matters to them.
 *
 * The `create*` factories write straight to the database (no HTTP, no permission needed); the
 * `login*` helpers go through the real login endpoints and return what a browser would hold.
 *
 * ```ts
 * const library = await createLibrary(database.db);
 * const staff = await createStaffUser(database.db, { libraryId: library.id, permissions: ['ill'] });
 * const session = await loginStaff(app, staff.username, staff.password);
 * await app.inject({ method: 'POST', url: '/api/...', headers: session.headers, payload: {...} });
 *
 * const token = await createApiToken(database.db, { libraryId: library.id, permissions: ['ill'] });
 * await app.inject({ method: 'GET', url: '/api/...', headers: token.headers });
 * ```
 *
 * Passwords are hashed with the real scrypt code; vitest lowers its cost (`INTERLEND_SCRYPT_N`).
 */
import { randomBytes, randomInt } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { LightMyRequestResponse } from 'fastify';
import { ApiTokenRepository } from '../../src/auth/api-token.repository.ts';
import { SESSION_COOKIE } from '../../src/auth/auth.plugin.ts';
import type { PatronSummary, StaffUserSummary } from '../../src/auth/auth.schemas.ts';
import { hashSecret } from '../../src/auth/passwords.ts';
import type { Permission } from '../../src/auth/principal.ts';
import { hashToken, randomApiToken } from '../../src/auth/tokens.ts';
import type { Database, Library } from '../../src/db/schema.ts';
import { PatronRepository } from '../../src/people/patron.repository.ts';
import { StaffUserRepository } from '../../src/people/staff-user.repository.ts';
import type { App } from '../../src/server/app.ts';

/** The password of staff users created without one. */
export const DEFAULT_STAFF_PASSWORD = 'correct horse battery staple';
/** The PIN of patrons created without one. */
export const DEFAULT_PATRON_SECRET = '4321';

function uniqueSuffix(): string {
  return randomBytes(4).toString('hex');
}

/** Creates a library with a unique symbol (`TEST-XXXXXXXX`) unless one is given. */
export async function createLibrary(
  db: Kysely<Database>,
  overrides: { symbol?: string; name?: string; email?: string | null } = {},
): Promise<Library> {
  const symbol = overrides.symbol ?? `TEST-${uniqueSuffix().toUpperCase()}`;
  return db
    .insertInto('library')
    .values({
      symbol,
      name: overrides.name ?? `Library ${symbol}`,
      email: overrides.email === undefined ? `ill@${symbol.toLowerCase()}.example` : overrides.email,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** A staff user made by {@link createStaffUser}, with the password in clear for logging in. */
export interface TestStaffUser {
  id: string;
  libraryId: string;
  username: string;
  name: string;
  email: string | null;
  active: boolean;
  permissions: string[];
  password: string;
}

/**
 * Creates a staff user of `libraryId`. Defaults: a unique username `staff-xxxxxxxx`, no
 * permissions, password {@link DEFAULT_STAFF_PASSWORD}, active.
 */
export async function createStaffUser(
  db: Kysely<Database>,
  options: {
    libraryId: string;
    permissions?: readonly (Permission | string)[];
    password?: string;
    username?: string;
    name?: string;
    email?: string | null;
    active?: boolean;
  },
): Promise<TestStaffUser> {
  const users = new StaffUserRepository(db);
  const username = (options.username ?? `staff-${uniqueSuffix()}`).toLowerCase();
  const password = options.password ?? DEFAULT_STAFF_PASSWORD;
  const permissions = [...new Set(options.permissions ?? [])].sort();
  const name = options.name ?? `Staff ${username}`;
  const email = options.email === undefined ? `${username}@library.example` : options.email;
  const active = options.active ?? true;
  const id = await users.insert({
    libraryId: options.libraryId,
    username,
    name,
    email,
    passwordHash: await hashSecret(password),
    active,
  });
  await users.replacePermissions(id, permissions);
  return { id, libraryId: options.libraryId, username, name, email, active, permissions, password };
}

/** A patron made by {@link createPatron}, with the PIN or password in clear for logging in. */
export interface TestPatron {
  id: string;
  libraryId: string;
  cardNumber: string;
  name: string;
  email: string | null;
  active: boolean;
  secret: string;
}

/**
 * Creates a patron of `libraryId`. Defaults: a unique 10-digit card number, PIN
 * {@link DEFAULT_PATRON_SECRET}, active, email notices on.
 */
export async function createPatron(
  db: Kysely<Database>,
  options: {
    libraryId: string;
    cardNumber?: string;
    secret?: string;
    name?: string;
    email?: string | null;
    category?: string;
    preferredLanguage?: string;
    active?: boolean;
  },
): Promise<TestPatron> {
  const cardNumber = options.cardNumber ?? String(randomInt(1_000_000_000, 9_999_999_999));
  const secret = options.secret ?? DEFAULT_PATRON_SECRET;
  const name = options.name ?? `Patron ${cardNumber}`;
  const email = options.email === undefined ? `patron-${cardNumber}@mail.example` : options.email;
  const active = options.active ?? true;
  const id = await new PatronRepository(db).insert({
    libraryId: options.libraryId,
    cardNumber,
    name,
    email,
    category: options.category,
    preferredLanguage: options.preferredLanguage,
    active,
    secretHash: await hashSecret(secret),
  });
  return { id, libraryId: options.libraryId, cardNumber, name, email, active, secret };
}

/** A logged-in browser: its cookie and CSRF token, and both as `app.inject` headers. */
export interface TestSession<User> {
  /** `interlend_session=<token>`, ready for a `cookie` header. */
  cookie: string;
  /** The session cookie's value alone. */
  sessionToken: string;
  csrfToken: string;
  /** `{ cookie, 'x-csrf-token' }`: pass as `headers` to `app.inject`, for any method. */
  headers: { cookie: string; 'x-csrf-token': string };
  /** The user as the login response described them. */
  user: User;
}

function sessionFrom<User>(response: LightMyRequestResponse, what: string): TestSession<User> {
  if (response.statusCode !== 200) {
    throw new Error(`${what} failed with ${response.statusCode}: ${response.body}`);
  }
  const sessionToken = response.cookies.find((cookie) => cookie.name === SESSION_COOKIE)?.value;
  if (!sessionToken) throw new Error(`${what} set no ${SESSION_COOKIE} cookie`);
  const body = response.json() as { user: User; csrfToken: string };
  const cookie = `${SESSION_COOKIE}=${sessionToken}`;
  return {
    cookie,
    sessionToken,
    csrfToken: body.csrfToken,
    headers: { cookie, 'x-csrf-token': body.csrfToken },
    user: body.user,
  };
}

/** Logs a staff user in through `POST /api/auth/staff/login`; throws unless it succeeds. */
export async function loginStaff(
  app: App,
  username: string,
  password: string = DEFAULT_STAFF_PASSWORD,
): Promise<TestSession<StaffUserSummary>> {
  const response = await app.inject({
    method: 'POST',
    url: '/api/auth/staff/login',
    payload: { username, password },
  });
  return sessionFrom(response, `Staff login of ${username}`);
}

/** Logs a patron in through `POST /api/auth/patron/login`; throws unless it succeeds. */
export async function loginPatron(
  app: App,
  librarySymbol: string,
  cardNumber: string,
  secret: string = DEFAULT_PATRON_SECRET,
): Promise<TestSession<PatronSummary>> {
  const response = await app.inject({
    method: 'POST',
    url: '/api/auth/patron/login',
    payload: { library: librarySymbol, cardNumber, secret },
  });
  return sessionFrom(response, `Patron login of card ${cardNumber} at ${librarySymbol}`);
}

/**
 * Creates a staff user with `permissions` in `libraryId` and logs them in: the one call most
 * route tests need.
 */
export async function staffSession(
  app: App,
  db: Kysely<Database>,
  options: Parameters<typeof createStaffUser>[1],
): Promise<TestSession<StaffUserSummary> & { staff: TestStaffUser }> {
  const staff = await createStaffUser(db, options);
  return { ...(await loginStaff(app, staff.username, staff.password)), staff };
}

/**
 * Creates a patron in `library` and logs them in.
 */
export async function patronSession(
  app: App,
  db: Kysely<Database>,
  library: Pick<Library, 'id' | 'symbol'>,
  options: Omit<Parameters<typeof createPatron>[1], 'libraryId'> = {},
): Promise<TestSession<PatronSummary> & { patron: TestPatron }> {
  const patron = await createPatron(db, { ...options, libraryId: library.id });
  return { ...(await loginPatron(app, library.symbol, patron.cardNumber, patron.secret)), patron };
}

/** An API token made by {@link createApiToken}, with the secret and ready headers. */
export interface TestApiToken {
  id: string;
  /** The secret, `il_...`. */
  token: string;
  /** `{ authorization: 'Bearer il_...' }`: pass as `headers` to `app.inject`. */
  headers: { authorization: string };
}

/**
 * Creates an API token of `libraryId` straight in the database (no permission ceiling: the test
 * decides). Defaults: no permissions, never expires, created by nobody.
 */
export async function createApiToken(
  db: Kysely<Database>,
  options: {
    libraryId: string;
    permissions?: readonly (Permission | string)[];
    name?: string;
    expiresAt?: Date | null;
    createdBy?: string | null;
  },
): Promise<TestApiToken> {
  const token = randomApiToken();
  const id = await new ApiTokenRepository(db).insert({
    libraryId: options.libraryId,
    name: options.name ?? `test token ${uniqueSuffix()}`,
    tokenHash: hashToken(token),
    permissions: [...new Set(options.permissions ?? [])].sort(),
    createdBy: options.createdBy ?? null,
    expiresAt: options.expiresAt ?? null,
  });
  return { id, token, headers: { authorization: `Bearer ${token}` } };
}
