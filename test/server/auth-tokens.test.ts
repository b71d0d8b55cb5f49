import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { hashToken } from '../../src/auth/tokens.ts';
import type { Library } from '../../src/db/schema.ts';
import { buildApp, type App } from '../../src/server/app.ts';
import { describeEachDatabase } from '../support/databases.ts';
import { createApiToken, createLibrary, staffSession } from '../support/factories.ts';

describeEachDatabase('API tokens', (database) => {
  let app: App;
  let library: Library;
  let otherLibrary: Library;

  beforeAll(async () => {
    app = await buildApp({ db: database.db });
    library = await createLibrary(database.db);
    otherLibrary = await createLibrary(database.db);
  });
  afterAll(async () => {
    await app.close();
  });

  const configurer = (permissions: string[] = ['configure'], libraryId = library.id) =>
    staffSession(app, database.db, { libraryId, permissions });
  const me = (token: string) =>
    app.inject({ method: 'GET', url: '/api/auth/me', headers: { authorization: `Bearer ${token}` } });

  it('creates a token for staff with configure and shows its secret only once', async () => {
    const session = await configurer(['configure', 'ill']);
    const response = await app.inject({
      method: 'POST',
      url: '/api/tokens',
      headers: session.headers,
      payload: { name: 'Discovery layer', permissions: ['ill'] },
    });
    expect(response.statusCode).toBe(201);
    const created = response.json();
    expect(created).toEqual({
      id: expect.any(String),
      name: 'Discovery layer',
      permissions: ['ill'],
      status: 'active',
      createdAt: expect.any(String),
      createdBy: { id: session.staff.id, name: session.staff.name },
      lastUsedAt: null,
      expiresAt: null,
      revokedAt: null,
      token: expect.stringMatching(/^il_[\w-]{43}$/),
    });

    const stored = await database.db
      .selectFrom('api_token')
      .select('token_hash')
      .where('id', '=', created.id)
      .executeTakeFirstOrThrow();
    expect(stored.token_hash).toBe(hashToken(created.token));

    const list = await app.inject({ method: 'GET', url: '/api/tokens', headers: session.headers });
    expect(list.statusCode).toBe(200);
    const listed = list.json().items.find((item: { id: string }) => item.id === created.id);
    expect(listed).toEqual({ ...created, token: undefined });
    expect(list.body).not.toContain(created.token);
  });

  it('authenticates a request by the token, with its own permissions and library', async () => {
    const token = await createApiToken(database.db, {
      libraryId: library.id,
      permissions: ['ill'],
      name: 'catalogue',
    });
    const response = await me(token.token);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      kind: 'staff',
      authenticatedBy: 'token',
      token: {
        id: token.id,
        name: 'catalogue',
        libraryId: library.id,
        librarySymbol: library.symbol,
        libraryName: library.name,
        permissions: ['ill'],
        expiresAt: null,
      },
    });
  });

  it('records when a token was last used, at most once a minute', async () => {
    const token = await createApiToken(database.db, { libraryId: library.id });
    const lastUsed = () =>
      database.db
        .selectFrom('api_token')
        .select('last_used_at')
        .where('id', '=', token.id)
        .executeTakeFirstOrThrow();
    expect((await lastUsed()).last_used_at).toBeNull();
    await me(token.token);
    const first = (await lastUsed()).last_used_at;
    expect(first).toBeInstanceOf(Date);
    await me(token.token);
    expect((await lastUsed()).last_used_at).toEqual(first);

    await database.db
      .updateTable('api_token')
      .set({ last_used_at: sql`now() - interval '2 minutes'` })
      .where('id', '=', token.id)
      .execute();
    await me(token.token);
    expect((await lastUsed()).last_used_at?.getTime()).toBeGreaterThan(Date.now() - 60_000);
  });

  it('refuses an unknown, an expired and a revoked token as anonymous (401)', async () => {
    const expired = await createApiToken(database.db, {
      libraryId: library.id,
      expiresAt: new Date(Date.now() - 1000),
    });
    const revoked = await createApiToken(database.db, { libraryId: library.id });
    await database.db
      .updateTable('api_token')
      .set({ revoked_at: new Date() })
      .where('id', '=', revoked.id)
      .execute();
    for (const token of ['il_unknown', expired.token, revoked.token]) {
      const response = await me(token);
      expect(response.statusCode).toBe(401);
      expect(response.json().error.code).toBe('unauthenticated');
    }
  });

  it('revokes a token at once, and answers a second revocation with 204 too', async () => {
    const session = await configurer();
    const token = await createApiToken(database.db, { libraryId: library.id });
    expect((await me(token.token)).statusCode).toBe(200);
    const revoke = () =>
      app.inject({ method: 'DELETE', url: `/api/tokens/${token.id}`, headers: session.headers });
    expect((await revoke()).statusCode).toBe(204);
    expect((await me(token.token)).statusCode).toBe(401);
    expect((await revoke()).statusCode).toBe(204);
    const listed = (await app.inject({ method: 'GET', url: '/api/tokens', headers: session.headers }))
      .json()
      .items.find((item: { id: string }) => item.id === token.id);
    expect(listed).toMatchObject({ status: 'revoked', revokedAt: expect.any(String) });
  });

  it("neither lists nor revokes another library's tokens (404, not 403)", async () => {
    const session = await configurer();
    const foreign = await createApiToken(database.db, { libraryId: otherLibrary.id });
    const list = await app.inject({ method: 'GET', url: '/api/tokens', headers: session.headers });
    expect(list.json().items.map((item: { id: string }) => item.id)).not.toContain(foreign.id);
    const response = await app.inject({
      method: 'DELETE',
      url: `/api/tokens/${foreign.id}`,
      headers: session.headers,
    });
    expect(response.statusCode).toBe(404);
    expect((await me(foreign.token)).statusCode).toBe(200);
  });

  it('refuses a token with a permission its creator lacks, and writes nothing', async () => {
    const session = await configurer(['configure']);
    const response = await app.inject({
      method: 'POST',
      url: '/api/tokens',
      headers: session.headers,
      payload: { name: 'too strong', permissions: ['configure', 'manage-users'] },
    });
    expect(response.statusCode).toBe(403);
    expect(response.json().error).toMatchObject({
      code: 'forbidden',
      details: { missing: ['manage-users'] },
    });
    const rows = await database.db
      .selectFrom('api_token')
      .select('id')
      .where('name', '=', 'too strong')
      .execute();
    expect(rows).toEqual([]);
  });

  it('lets a token create tokens only within its own permissions', async () => {
    const token = await createApiToken(database.db, { libraryId: library.id, permissions: ['configure'] });
    const create = (permissions: string[]) =>
      app.inject({
        method: 'POST',
        url: '/api/tokens',
        headers: token.headers,
        payload: { name: 'child', permissions },
      });
    expect((await create(['ill'])).statusCode).toBe(403);
    const child = await create(['configure']);
    expect(child.statusCode).toBe(201);
    expect(child.json().createdBy).toBeNull();
  });

  it('answers 400 for an expiry in the past, naming body.expiresAt', async () => {
    const session = await configurer();
    const response = await app.inject({
      method: 'POST',
      url: '/api/tokens',
      headers: session.headers,
      payload: { name: 'late', permissions: [], expiresAt: '2020-01-01T00:00:00Z' },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.details.issues).toEqual([
      { field: 'body.expiresAt', rule: 'future', message: 'body.expiresAt must be in the future' },
    ]);
  });

  it('answers 400 for a permission that does not exist and for a blank name', async () => {
    const session = await configurer();
    const bad = await app.inject({
      method: 'POST',
      url: '/api/tokens',
      headers: session.headers,
      payload: { name: 'x', permissions: ['superuser'] },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details.issues[0]).toMatchObject({
      field: 'body.permissions.0',
      rule: 'pattern',
    });
    const blank = await app.inject({
      method: 'POST',
      url: '/api/tokens',
      headers: session.headers,
      payload: { name: '   ', permissions: [] },
    });
    expect(blank.statusCode).toBe(400);
    expect(blank.json().error.details.issues[0]).toMatchObject({ field: 'body.name' });
  });

  it('keeps an expiry in the future and reports it', async () => {
    const session = await configurer();
    const expiresAt = new Date(Date.now() + 86_400_000).toISOString();
    const response = await app.inject({
      method: 'POST',
      url: '/api/tokens',
      headers: session.headers,
      payload: { name: 'a day', permissions: [], expiresAt },
    });
    expect(response.statusCode).toBe(201);
    expect(response.json().expiresAt).toBe(expiresAt);
    expect((await me(response.json().token)).json().token.expiresAt).toBe(expiresAt);
  });

  it('needs configure: 403 for other staff, 401 for anonymous callers', async () => {
    const session = await configurer(['ill', 'manage-users']);
    for (const [method, url] of [
      ['GET', '/api/tokens'],
      ['POST', '/api/tokens'],
      ['DELETE', '/api/tokens/00000000-0000-4000-8000-000000000000'],
    ] as const) {
      const payload = method === 'POST' ? { name: 'x', permissions: [] } : undefined;
      const staffResponse = await app.inject({ method, url, headers: session.headers, payload });
      expect(staffResponse.statusCode).toBe(403);
      expect(staffResponse.json().error.details).toEqual({ missing: ['configure'] });
      expect((await app.inject({ method, url, payload })).statusCode).toBe(401);
    }
  });

  it('answers 400 for a token id that is not a UUID', async () => {
    const session = await configurer();
    const response = await app.inject({ method: 'DELETE', url: '/api/tokens/42', headers: session.headers });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.details.issues[0]).toMatchObject({ field: 'params.id', rule: 'format' });
  });
});
