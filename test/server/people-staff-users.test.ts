import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Library } from '../../src/db/schema.ts';
import { buildApp, type App } from '../../src/server/app.ts';
import { describeEachDatabase } from '../support/databases.ts';
import {
  createApiToken,
  createLibrary,
  createStaffUser,
  loginStaff,
  staffSession,
  type TestSession,
} from '../support/factories.ts';
import type { StaffUserSummary } from '../../src/auth/auth.schemas.ts';

const NO_SUCH_ID = '00000000-0000-4000-8000-000000000000';

describeEachDatabase('staff users', (database) => {
  let app: App;
  let library: Library;
  let otherLibrary: Library;
  let admin: TestSession<StaffUserSummary>;

  beforeAll(async () => {
    app = await buildApp({ db: database.db });
    library = await createLibrary(database.db);
    otherLibrary = await createLibrary(database.db);
    admin = await staffSession(app, database.db, {
      libraryId: library.id,
      permissions: ['ill', 'manage-users'],
      username: 'admin-a',
    });
  });
  afterAll(async () => {
    await app.close();
  });

  const request = (
    method: 'GET' | 'POST' | 'PATCH',
    url: string,
    payload?: object,
    headers: Record<string, string> = admin.headers,
  ) => app.inject({ method, url, payload, headers });
  const staffRow = (username: string) =>
    database.db.selectFrom('staff_user').selectAll().where('username', '=', username).executeTakeFirst();

  it("lists only the caller's library's users, by username", async () => {
    await createStaffUser(database.db, { libraryId: library.id, username: 'zoe-a' });
    await createStaffUser(database.db, { libraryId: otherLibrary.id, username: 'bob-b' });
    const response = await request('GET', '/api/staff-users');
    expect(response.statusCode).toBe(200);
    const body = response.json();
    const usernames = body.items.map((user: { username: string }) => user.username);
    expect(usernames).toContain('admin-a');
    expect(usernames).toContain('zoe-a');
    expect(usernames).not.toContain('bob-b');
    expect(usernames).toEqual([...usernames].sort());
    expect(body).toMatchObject({ total: usernames.length, limit: 50, offset: 0 });
    expect(response.body).not.toMatch(/password|scrypt/);
  });

  it('searches users by part of the username or name, and pages', async () => {
    await createStaffUser(database.db, {
      libraryId: library.id,
      username: 'searchable-1',
      name: 'Mary Shelley',
    });
    await createStaffUser(database.db, {
      libraryId: library.id,
      username: 'searchable-2',
      name: 'Percy Shelley',
    });
    const byName = (await request('GET', '/api/staff-users?query=shelley&limit=1')).json();
    expect(byName.total).toBe(2);
    expect(byName.items.map((u: { username: string }) => u.username)).toEqual(['searchable-1']);
    const second = (await request('GET', '/api/staff-users?query=shelley&limit=1&offset=1')).json();
    expect(second.items.map((u: { username: string }) => u.username)).toEqual(['searchable-2']);
    expect((await request('GET', '/api/staff-users?query=50%25')).json().total).toBe(0);
  });

  it('creates a user with a lower-case username, who can then log in', async () => {
    const response = await request('POST', '/api/staff-users', {
      username: 'New.Librarian',
      name: '  Ann Librarian ',
      email: 'ann@library.example',
      password: 'a long enough password',
      permissions: ['ill'],
    });
    expect(response.statusCode).toBe(201);
    expect(response.json()).toEqual({
      id: expect.any(String),
      libraryId: library.id,
      username: 'new.librarian',
      name: 'Ann Librarian',
      email: 'ann@library.example',
      active: true,
      permissions: ['ill'],
      createdAt: expect.any(String),
      lastLoginAt: null,
    });
    const session = await loginStaff(app, 'new.librarian', 'a long enough password');
    expect(session.user.permissions).toEqual(['ill']);
    expect((await staffRow('new.librarian'))?.password_hash).toMatch(/^scrypt\$/);
  });

  it('answers 409 conflict naming body.username when the username is taken, in any case or library', async () => {
    await createStaffUser(database.db, { libraryId: otherLibrary.id, username: 'taken-name' });
    const response = await request('POST', '/api/staff-users', {
      username: 'Taken-Name',
      name: 'Someone',
      password: 'a long enough password',
    });
    expect(response.statusCode).toBe(409);
    expect(response.json().error).toEqual({
      code: 'conflict',
      message: 'The username taken-name is taken.',
      details: { field: 'body.username', rule: 'unique' },
    });
  });

  it('refuses to grant a permission the caller lacks, and writes nothing', async () => {
    const response = await request('POST', '/api/staff-users', {
      username: 'would-configure',
      name: 'Someone',
      password: 'a long enough password',
      permissions: ['configure'],
    });
    expect(response.statusCode).toBe(403);
    expect(response.json().error.details).toEqual({ missing: ['configure'] });
    expect(await staffRow('would-configure')).toBeUndefined();
  });

  it('answers 400 naming the field and rule of bad input, and writes nothing', async () => {
    const cases: [object, string, string][] = [
      [{ username: 'short-pw', name: 'X', password: 'short' }, 'body.password', 'minLength'],
      [{ username: 'bad name!', name: 'X', password: 'a long enough password' }, 'body.username', 'pattern'],
      [{ username: 'no-name', password: 'a long enough password' }, 'body.name', 'required'],
      [{ username: 'blank-name', name: '  ', password: 'a long enough password' }, 'body.name', 'pattern'],
      [
        { username: 'bad-mail', name: 'X', email: 'not-an-email', password: 'a long enough password' },
        'body.email',
        'format',
      ],
      [
        { username: 'bad-perm', name: 'X', password: 'a long enough password', permissions: ['root'] },
        'body.permissions.0',
        'pattern',
      ],
    ];
    for (const [payload, field, rule] of cases) {
      const response = await request('POST', '/api/staff-users', payload);
      expect(response.statusCode, JSON.stringify(payload)).toBe(400);
      const issues = response.json().error.details.issues;
      expect(issues, JSON.stringify(payload)).toContainEqual(expect.objectContaining({ field, rule }));
      expect(await staffRow((payload as { username: string }).username)).toBeUndefined();
    }
  });

  it('accepts local action permissions', async () => {
    const session = await staffSession(app, database.db, {
      libraryId: library.id,
      permissions: ['manage-users', 'local:bindery'],
    });
    const response = await request(
      'POST',
      '/api/staff-users',
      {
        username: 'binder',
        name: 'Binder',
        password: 'a long enough password',
        permissions: ['local:bindery'],
      },
      session.headers,
    );
    expect(response.statusCode).toBe(201);
    expect(response.json().permissions).toEqual(['local:bindery']);
  });

  it('shows a user of the library, and 404 for a user of another library or none', async () => {
    const own = await createStaffUser(database.db, { libraryId: library.id, permissions: ['ill'] });
    const foreign = await createStaffUser(database.db, { libraryId: otherLibrary.id });
    const response = await request('GET', `/api/staff-users/${own.id}`);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ id: own.id, username: own.username, permissions: ['ill'] });
    for (const id of [foreign.id, NO_SUCH_ID]) {
      const missing = await request('GET', `/api/staff-users/${id}`);
      expect(missing.statusCode).toBe(404);
      expect(missing.json().error.code).toBe('not_found');
    }
  });

  it('answers 400 for an id that is not a UUID', async () => {
    const response = await request('GET', '/api/staff-users/not-a-uuid');
    expect(response.statusCode).toBe(400);
    expect(response.json().error.details.issues[0]).toMatchObject({ field: 'params.id', rule: 'format' });
  });

  it('changes name, email and permissions', async () => {
    const user = await createStaffUser(database.db, { libraryId: library.id, permissions: ['ill'] });
    const response = await request('PATCH', `/api/staff-users/${user.id}`, {
      name: 'Renamed',
      email: null,
      permissions: ['manage-users', 'ill'],
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      name: 'Renamed',
      email: null,
      permissions: ['ill', 'manage-users'],
    });
    const cleared = await request('PATCH', `/api/staff-users/${user.id}`, { permissions: [] });
    expect(cleared.json().permissions).toEqual([]);
  });

  it('resets a password: the old one stops working and their sessions end', async () => {
    const user = await createStaffUser(database.db, { libraryId: library.id });
    const session = await loginStaff(app, user.username, user.password);
    const response = await request('PATCH', `/api/staff-users/${user.id}`, {
      password: 'a brand new password',
    });
    expect(response.statusCode).toBe(200);
    const me = await app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: session.cookie } });
    expect(me.statusCode).toBe(401);
    const old = await app.inject({
      method: 'POST',
      url: '/api/auth/staff/login',
      payload: { username: user.username, password: user.password },
    });
    expect(old.statusCode).toBe(401);
    await loginStaff(app, user.username, 'a brand new password');
  });

  it('deactivates a user: their sessions end and they cannot log in', async () => {
    const user = await createStaffUser(database.db, { libraryId: library.id });
    const session = await loginStaff(app, user.username, user.password);
    expect((await request('PATCH', `/api/staff-users/${user.id}`, { active: false })).json().active).toBe(
      false,
    );
    const me = await app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: session.cookie } });
    expect(me.statusCode).toBe(401);
    const login = await app.inject({
      method: 'POST',
      url: '/api/auth/staff/login',
      payload: { username: user.username, password: user.password },
    });
    expect(login.statusCode).toBe(401);
  });

  it('refuses to change a user holding a permission the caller lacks (no takeover of stronger accounts)', async () => {
    const director = await createStaffUser(database.db, {
      libraryId: library.id,
      permissions: ['configure', 'manage-users'],
    });
    const response = await request('PATCH', `/api/staff-users/${director.id}`, {
      password: 'taken over now!',
    });
    expect(response.statusCode).toBe(403);
    expect(response.json().error.details).toEqual({ missing: ['configure'] });
    await loginStaff(app, director.username, director.password);
  });

  it('refuses to raise a user above the caller, and changes nothing', async () => {
    const user = await createStaffUser(database.db, { libraryId: library.id, permissions: ['ill'] });
    const response = await request('PATCH', `/api/staff-users/${user.id}`, {
      name: 'Should not change',
      permissions: ['ill', 'configure'],
    });
    expect(response.statusCode).toBe(403);
    const row = await staffRow(user.username);
    expect(row?.name).toBe(user.name);
  });

  it('refuses to let callers deactivate themselves or drop their own manage-users', async () => {
    const self = await staffSession(app, database.db, {
      libraryId: library.id,
      permissions: ['manage-users'],
    });
    const deactivate = await request(
      'PATCH',
      `/api/staff-users/${self.staff.id}`,
      { active: false },
      self.headers,
    );
    expect(deactivate.statusCode).toBe(400);
    expect(deactivate.json().error.details.issues[0]).toMatchObject({ field: 'body.active', rule: 'self' });
    const demote = await request(
      'PATCH',
      `/api/staff-users/${self.staff.id}`,
      { permissions: [] },
      self.headers,
    );
    expect(demote.statusCode).toBe(400);
    expect(demote.json().error.details.issues[0]).toMatchObject({ field: 'body.permissions', rule: 'self' });
  });

  it("answers 404 when changing another library's user, and changes nothing", async () => {
    const foreign = await createStaffUser(database.db, { libraryId: otherLibrary.id });
    const response = await request('PATCH', `/api/staff-users/${foreign.id}`, { name: 'Hijacked' });
    expect(response.statusCode).toBe(404);
    expect((await staffRow(foreign.username))?.name).toBe(foreign.name);
  });

  it('answers 400 for an empty change', async () => {
    const user = await createStaffUser(database.db, { libraryId: library.id });
    const response = await request('PATCH', `/api/staff-users/${user.id}`, {});
    expect(response.statusCode).toBe(400);
    expect(response.json().error.details.issues[0].rule).toBe('minProperties');
  });

  it('needs manage-users: 403 for other staff and patrons-only permissions, 401 anonymous', async () => {
    const ill = await staffSession(app, database.db, {
      libraryId: library.id,
      permissions: ['ill', 'configure'],
    });
    const target = await createStaffUser(database.db, { libraryId: library.id });
    for (const [method, url, payload] of [
      ['GET', '/api/staff-users', undefined],
      ['POST', '/api/staff-users', { username: 'x-user', name: 'X', password: 'a long enough password' }],
      ['GET', `/api/staff-users/${target.id}`, undefined],
      ['PATCH', `/api/staff-users/${target.id}`, { name: 'Y' }],
    ] as const) {
      const forbidden = await request(method, url, payload, ill.headers);
      expect(forbidden.statusCode, `${method} ${url}`).toBe(403);
      expect(forbidden.json().error.details).toEqual({ missing: ['manage-users'] });
      expect((await request(method, url, payload, {})).statusCode, `${method} ${url}`).toBe(401);
    }
  });

  it('works with an API token holding manage-users, without a CSRF token', async () => {
    const token = await createApiToken(database.db, { libraryId: library.id, permissions: ['manage-users'] });
    const response = await request(
      'POST',
      '/api/staff-users',
      { username: 'from-token', name: 'Provisioned', password: 'a long enough password' },
      token.headers,
    );
    expect(response.statusCode).toBe(201);
    expect(response.json().libraryId).toBe(library.id);
  });
});
