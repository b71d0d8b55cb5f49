import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { bearerTokenOf, sessionCookieOptions } from '../../src/auth/auth.plugin.ts';
import { hashToken } from '../../src/auth/tokens.ts';
import type { Library } from '../../src/db/schema.ts';
import { buildApp, type App } from '../../src/server/app.ts';
import { describeEachDatabase } from '../support/databases.ts';
import {
  createLibrary,
  createPatron,
  createStaffUser,
  loginPatron,
  loginStaff,
  staffSession,
} from '../support/factories.ts';

const STAFF_LOGIN = '/api/auth/staff/login';
const PATRON_LOGIN = '/api/auth/patron/login';

describe('the auth plugin helpers', () => {
  it('reads the token of a Bearer authorization header and nothing else', () => {
    expect(bearerTokenOf('Bearer il_abc')).toBe('il_abc');
    expect(bearerTokenOf('bearer il_abc')).toBe('il_abc');
    expect(bearerTokenOf('Basic dXNlcjpwYXNz')).toBeUndefined();
    expect(bearerTokenOf('Bearer')).toBeUndefined();
    expect(bearerTokenOf(undefined)).toBeUndefined();
  });

  it('marks the session cookie Secure on HTTPS requests or when told to always', () => {
    expect(sessionCookieOptions({ protocol: 'http' }, false).secure).toBe(false);
    expect(sessionCookieOptions({ protocol: 'https' }, false).secure).toBe(true);
    expect(sessionCookieOptions({ protocol: 'http' }, true).secure).toBe(true);
  });
});

describeEachDatabase('staff and patron login', (database) => {
  let app: App;
  let library: Library;
  let other: Library;

  beforeAll(async () => {
    app = await buildApp({ db: database.db });
    library = await createLibrary(database.db);
    other = await createLibrary(database.db);
  });
  afterAll(async () => {
    await app.close();
  });

  const sessionRow = (token: string) =>
    database.db.selectFrom('session').selectAll().where('id_hash', '=', hashToken(token)).executeTakeFirst();

  it('logs a staff user in and describes them with their library and permissions', async () => {
    const staff = await createStaffUser(database.db, {
      libraryId: library.id,
      permissions: ['ill', 'configure'],
      name: 'Ada Lovelace',
    });
    const response = await app.inject({
      method: 'POST',
      url: STAFF_LOGIN,
      payload: { username: staff.username, password: staff.password },
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      user: {
        id: staff.id,
        username: staff.username,
        name: 'Ada Lovelace',
        email: staff.email,
        libraryId: library.id,
        librarySymbol: library.symbol,
        libraryName: library.name,
        permissions: ['configure', 'ill'],
      },
      csrfToken: expect.stringMatching(/^[\w-]{43}$/),
    });
  });

  it('sets an HttpOnly, SameSite=Lax session cookie on path / and stores only its hash', async () => {
    const staff = await createStaffUser(database.db, { libraryId: library.id });
    const response = await app.inject({
      method: 'POST',
      url: STAFF_LOGIN,
      payload: { username: staff.username, password: staff.password },
    });
    const cookie = response.cookies.find((c) => c.name === 'interlend_session');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
    expect(cookie?.secure).toBeUndefined();
    expect(cookie?.value).toMatch(/^[\w-]{43}$/);
    const rows = await database.db.selectFrom('session').selectAll().execute();
    expect(rows.some((row) => row.id_hash === cookie?.value)).toBe(false);
    expect(await sessionRow(cookie?.value ?? '')).toMatchObject({ kind: 'staff', staff_user_id: staff.id });
  });

  it('records the time of the last login', async () => {
    const staff = await createStaffUser(database.db, { libraryId: library.id });
    await loginStaff(app, staff.username, staff.password);
    const row = await database.db
      .selectFrom('staff_user')
      .select('last_login_at')
      .where('id', '=', staff.id)
      .executeTakeFirstOrThrow();
    expect(row.last_login_at).toBeInstanceOf(Date);
  });

  it('accepts the username in any case and with surrounding spaces', async () => {
    const staff = await createStaffUser(database.db, { libraryId: library.id, username: 'grace.hopper' });
    const session = await loginStaff(app, '  Grace.Hopper ', staff.password);
    expect(session.user.username).toBe('grace.hopper');
  });

  it('answers 401 with one message for an unknown user, a wrong password and an inactive user', async () => {
    const staff = await createStaffUser(database.db, { libraryId: library.id });
    const inactive = await createStaffUser(database.db, { libraryId: library.id, active: false });
    const attempts = [
      { username: 'nobody-here', password: staff.password },
      { username: staff.username, password: 'wrong password!' },
      { username: inactive.username, password: inactive.password },
    ];
    const bodies = [];
    for (const payload of attempts) {
      const response = await app.inject({ method: 'POST', url: STAFF_LOGIN, payload });
      expect(response.statusCode).toBe(401);
      expect(response.cookies).toEqual([]);
      bodies.push(response.json());
    }
    expect(bodies[0]).toEqual({
      error: { code: 'unauthenticated', message: 'Unknown username or wrong password.' },
    });
    expect(bodies[1]).toEqual(bodies[0]);
    expect(bodies[2]).toEqual(bodies[0]);
  });

  it('answers 400 naming the missing field of a login', async () => {
    const response = await app.inject({ method: 'POST', url: STAFF_LOGIN, payload: { username: 'x' } });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.details.issues).toEqual([
      expect.objectContaining({ field: 'body.password', rule: 'required' }),
    ]);
  });

  it('logs a patron in with library symbol, card number and PIN', async () => {
    const patron = await createPatron(database.db, {
      libraryId: library.id,
      secret: '2468',
      name: 'Jo March',
    });
    const session = await loginPatron(app, library.symbol, patron.cardNumber, '2468');
    expect(session.user).toEqual({
      id: patron.id,
      cardNumber: patron.cardNumber,
      name: 'Jo March',
      email: patron.email,
      category: 'ADULT',
      emailNotices: true,
      preferredLanguage: 'en',
      libraryId: library.id,
      librarySymbol: library.symbol,
      libraryName: library.name,
    });
    expect(await sessionRow(session.sessionToken)).toMatchObject({ kind: 'patron', patron_id: patron.id });
  });

  it('answers 401 with one message for a wrong PIN, an unknown card, another library and an inactive patron', async () => {
    const patron = await createPatron(database.db, { libraryId: library.id });
    const inactive = await createPatron(database.db, { libraryId: library.id, active: false });
    const attempts = [
      { library: library.symbol, cardNumber: patron.cardNumber, secret: '0000' },
      { library: library.symbol, cardNumber: '000000', secret: patron.secret },
      { library: other.symbol, cardNumber: patron.cardNumber, secret: patron.secret },
      { library: 'NO-SUCH-LIBRARY', cardNumber: patron.cardNumber, secret: patron.secret },
      { library: library.symbol, cardNumber: inactive.cardNumber, secret: inactive.secret },
    ];
    for (const payload of attempts) {
      const response = await app.inject({ method: 'POST', url: PATRON_LOGIN, payload });
      expect(response.statusCode).toBe(401);
      expect(response.json()).toEqual({
        error: {
          code: 'unauthenticated',
          message: 'Unknown library or card number, or wrong PIN or password.',
        },
      });
    }
  });

  it('refuses a cross-site login by its Origin or Sec-Fetch-Site header', async () => {
    const staff = await createStaffUser(database.db, { libraryId: library.id });
    const payload = { username: staff.username, password: staff.password };
    for (const headers of [
      { origin: 'https://evil.example' },
      { origin: 'null' },
      { 'sec-fetch-site': 'cross-site' },
      { 'sec-fetch-site': 'same-site' },
    ]) {
      const response = await app.inject({ method: 'POST', url: STAFF_LOGIN, payload, headers });
      expect(response.statusCode).toBe(403);
      expect(response.json().error).toMatchObject({ code: 'forbidden', details: { reason: 'cross_site' } });
      expect(response.cookies).toEqual([]);
    }
  });

  it('accepts a same-origin login from a browser', async () => {
    const staff = await createStaffUser(database.db, { libraryId: library.id });
    const response = await app.inject({
      method: 'POST',
      url: STAFF_LOGIN,
      payload: { username: staff.username, password: staff.password },
      headers: {
        host: 'ill.example.org',
        origin: 'https://ill.example.org',
        'sec-fetch-site': 'same-origin',
      },
    });
    expect(response.statusCode).toBe(200);
  });
});

describeEachDatabase('sessions', (database) => {
  let app: App;
  let library: Library;

  beforeAll(async () => {
    app = await buildApp({ db: database.db });
    library = await createLibrary(database.db);
  });
  afterAll(async () => {
    await app.close();
  });

  const me = (headers: Record<string, string> = {}) =>
    app.inject({ method: 'GET', url: '/api/auth/me', headers });
  const setSession = (token: string, values: Record<string, unknown>) =>
    database.db.updateTable('session').set(values).where('id_hash', '=', hashToken(token)).execute();
  const sessionExists = async (token: string) =>
    (await database.db
      .selectFrom('session')
      .select('id_hash')
      .where('id_hash', '=', hashToken(token))
      .executeTakeFirst()) !== undefined;

  it('describes the logged-in staff user at /api/auth/me, with the csrf token of the session', async () => {
    const session = await staffSession(app, database.db, { libraryId: library.id, permissions: ['ill'] });
    const response = await me({ cookie: session.cookie });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      kind: 'staff',
      authenticatedBy: 'session',
      user: session.user,
      csrfToken: session.csrfToken,
    });
  });

  it('describes the logged-in patron at /api/auth/me', async () => {
    const patron = await createPatron(database.db, { libraryId: library.id });
    const session = await loginPatron(app, library.symbol, patron.cardNumber, patron.secret);
    const response = await me({ cookie: session.cookie });
    expect(response.json()).toEqual({
      kind: 'patron',
      authenticatedBy: 'session',
      user: session.user,
      csrfToken: session.csrfToken,
    });
  });

  it('answers /api/auth/me with 401 when nobody is logged in', async () => {
    const response = await me();
    expect(response.statusCode).toBe(401);
    expect(response.json().error.code).toBe('unauthenticated');
  });

  it('treats an unknown session cookie as anonymous and tells the browser to drop it', async () => {
    const response = await me({ cookie: 'interlend_session=not-a-session' });
    expect(response.statusCode).toBe(401);
    const cleared = response.cookies.find((c) => c.name === 'interlend_session');
    expect(cleared?.value).toBe('');
    expect(cleared?.expires?.getTime()).toBeLessThanOrEqual(Date.now());
  });

  it('refuses an expired session and deletes it', async () => {
    const session = await staffSession(app, database.db, { libraryId: library.id });
    await setSession(session.sessionToken, { expires_at: sql`now() - interval '1 second'` });
    expect((await me({ cookie: session.cookie })).statusCode).toBe(401);
    expect(await sessionExists(session.sessionToken)).toBe(false);
  });

  it('refuses a session past its absolute lifetime even while it is in use', async () => {
    const session = await staffSession(app, database.db, { libraryId: library.id });
    await setSession(session.sessionToken, {
      created_at: sql`now() - interval '13 hours'`,
      expires_at: sql`now() + interval '1 hour'`,
    });
    expect((await me({ cookie: session.cookie })).statusCode).toBe(401);
    expect(await sessionExists(session.sessionToken)).toBe(false);
  });

  it('slides the expiry of a session in use, at most once a minute', async () => {
    const session = await staffSession(app, database.db, { libraryId: library.id });
    await setSession(session.sessionToken, {
      last_seen_at: sql`now() - interval '5 minutes'`,
      expires_at: sql`now() + interval '10 minutes'`,
    });
    expect((await me({ cookie: session.cookie })).statusCode).toBe(200);
    const slid = await database.db
      .selectFrom('session')
      .select(['expires_at', 'last_seen_at'])
      .where('id_hash', '=', hashToken(session.sessionToken))
      .executeTakeFirstOrThrow();
    expect(slid.expires_at.getTime()).toBeGreaterThan(Date.now() + 3 * 3600_000);

    expect((await me({ cookie: session.cookie })).statusCode).toBe(200);
    const again = await database.db
      .selectFrom('session')
      .select(['last_seen_at'])
      .where('id_hash', '=', hashToken(session.sessionToken))
      .executeTakeFirstOrThrow();
    expect(again.last_seen_at).toEqual(slid.last_seen_at);
  });

  it('deletes expired sessions of anyone when somebody logs in', async () => {
    const stale = await staffSession(app, database.db, { libraryId: library.id });
    await setSession(stale.sessionToken, { expires_at: sql`now() - interval '1 day'` });
    await staffSession(app, database.db, { libraryId: library.id });
    expect(await sessionExists(stale.sessionToken)).toBe(false);
  });

  it('logs out: the session is deleted, the cookie cleared and no longer accepted', async () => {
    const session = await staffSession(app, database.db, { libraryId: library.id });
    const response = await app.inject({ method: 'POST', url: '/api/auth/logout', headers: session.headers });
    expect(response.statusCode).toBe(204);
    expect(response.body).toBe('');
    expect(response.cookies.find((c) => c.name === 'interlend_session')?.value).toBe('');
    expect(await sessionExists(session.sessionToken)).toBe(false);
    expect((await me({ cookie: session.cookie })).statusCode).toBe(401);
  });

  it('answers a logout without a session with 204', async () => {
    const response = await app.inject({ method: 'POST', url: '/api/auth/logout' });
    expect(response.statusCode).toBe(204);
  });

  it('ends the previous session of the browser at a new login', async () => {
    const first = await staffSession(app, database.db, { libraryId: library.id });
    const response = await app.inject({
      method: 'POST',
      url: STAFF_LOGIN,
      payload: { username: first.staff.username, password: first.staff.password },
      headers: { cookie: first.cookie },
    });
    expect(response.statusCode).toBe(200);
    expect(await sessionExists(first.sessionToken)).toBe(false);
  });

  it('refuses the session of a staff user deactivated since they logged in', async () => {
    const session = await staffSession(app, database.db, { libraryId: library.id });
    await database.db
      .updateTable('staff_user')
      .set({ active: false })
      .where('id', '=', session.staff.id)
      .execute();
    expect((await me({ cookie: session.cookie })).statusCode).toBe(401);
  });

  it('sees permission changes at the next request, without logging in again', async () => {
    const session = await staffSession(app, database.db, { libraryId: library.id, permissions: ['ill'] });
    await database.db
      .insertInto('staff_permission')
      .values({ staff_user_id: session.staff.id, permission: 'configure' })
      .execute();
    expect((await me({ cookie: session.cookie })).json().user.permissions).toEqual(['configure', 'ill']);
  });
});

describeEachDatabase('CSRF protection', (database) => {
  let app: App;
  let library: Library;

  beforeAll(async () => {
    app = await buildApp({ db: database.db });
    library = await createLibrary(database.db);
  });
  afterAll(async () => {
    await app.close();
  });

  const createToken = (headers: Record<string, string>) =>
    app.inject({
      method: 'POST',
      url: '/api/tokens',
      headers,
      payload: { name: 'discovery layer', permissions: [] },
    });
  const tokenCount = async () =>
    Number(
      (
        await database.db
          .selectFrom('api_token')
          .select((eb) => eb.fn.countAll<string>().as('n'))
          .where('library_id', '=', library.id)
          .executeTakeFirstOrThrow()
      ).n,
    );

  it('refuses a cookie-authenticated POST without X-CSRF-Token with 403, and writes nothing', async () => {
    const session = await staffSession(app, database.db, {
      libraryId: library.id,
      permissions: ['configure'],
    });
    const before = await tokenCount();
    const response = await createToken({ cookie: session.cookie });
    expect(response.statusCode).toBe(403);
    expect(response.json().error).toMatchObject({
      code: 'forbidden',
      message: expect.stringContaining('Missing CSRF token'),
      details: { reason: 'csrf_missing' },
    });
    expect(await tokenCount()).toBe(before);
  });

  it('refuses a cookie-authenticated POST with the CSRF token of another session', async () => {
    const session = await staffSession(app, database.db, {
      libraryId: library.id,
      permissions: ['configure'],
    });
    const otherSession = await staffSession(app, database.db, { libraryId: library.id });
    const response = await createToken({ cookie: session.cookie, 'x-csrf-token': otherSession.csrfToken });
    expect(response.statusCode).toBe(403);
    expect(response.json().error.details).toEqual({ reason: 'csrf_invalid' });
  });

  it('accepts a cookie-authenticated POST with the CSRF token of its session', async () => {
    const session = await staffSession(app, database.db, {
      libraryId: library.id,
      permissions: ['configure'],
    });
    expect((await createToken(session.headers)).statusCode).toBe(201);
  });

  it('asks no CSRF token of safe methods', async () => {
    const session = await staffSession(app, database.db, {
      libraryId: library.id,
      permissions: ['configure'],
    });
    const response = await app.inject({
      method: 'GET',
      url: '/api/tokens',
      headers: { cookie: session.cookie },
    });
    expect(response.statusCode).toBe(200);
  });

  it('asks no CSRF token of requests authenticated by an API token', async () => {
    const session = await staffSession(app, database.db, {
      libraryId: library.id,
      permissions: ['configure'],
    });
    const created = (
      await app.inject({
        method: 'POST',
        url: '/api/tokens',
        headers: session.headers,
        payload: { name: 'catalogue sync', permissions: ['configure'] },
      })
    ).json();
    const response = await app.inject({
      method: 'POST',
      url: '/api/tokens',
      headers: { authorization: `Bearer ${created.token}` },
      payload: { name: 'second system', permissions: [] },
    });
    expect(response.statusCode).toBe(201);
  });

  it('uses the bearer token alone when a request carries both a token and a cookie', async () => {
    const session = await staffSession(app, database.db, {
      libraryId: library.id,
      permissions: ['configure'],
    });
    const response = await app.inject({
      method: 'GET',
      url: '/api/auth/me',
      headers: { cookie: session.cookie, authorization: 'Bearer il_unknown' },
    });
    expect(response.statusCode).toBe(401);
  });
});

describeEachDatabase('the session cookie with COOKIE_SECURE=true', (database) => {
  let app: App;

  beforeAll(async () => {
    vi.stubEnv('COOKIE_SECURE', 'true');
    app = await buildApp({ db: database.db });
  });
  afterAll(async () => {
    vi.unstubAllEnvs();
    await app.close();
  });

  it('is marked Secure even on plain HTTP (behind a TLS-terminating proxy)', async () => {
    const library = await createLibrary(database.db);
    const staff = await createStaffUser(database.db, { libraryId: library.id });
    const response = await app.inject({
      method: 'POST',
      url: STAFF_LOGIN,
      payload: { username: staff.username, password: staff.password },
    });
    expect(response.cookies.find((c) => c.name === 'interlend_session')).toMatchObject({
      secure: true,
      httpOnly: true,
      sameSite: 'Lax',
    });
  });
});
