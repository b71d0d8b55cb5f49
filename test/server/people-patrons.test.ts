import { afterAll, beforeAll, expect, it } from 'vitest';
import type { StaffUserSummary } from '../../src/auth/auth.schemas.ts';
import type { Library } from '../../src/db/schema.ts';
import { buildApp, type App } from '../../src/server/app.ts';
import { describeEachDatabase } from '../support/databases.ts';
import {
  createLibrary,
  createPatron,
  loginPatron,
  patronSession,
  staffSession,
  type TestSession,
} from '../support/factories.ts';

describeEachDatabase('patrons, as staff manage them', (database) => {
  let app: App;
  let library: Library;
  let otherLibrary: Library;
  let manager: TestSession<StaffUserSummary>;
  let illStaff: TestSession<StaffUserSummary>;

  beforeAll(async () => {
    app = await buildApp({ db: database.db });
    library = await createLibrary(database.db);
    otherLibrary = await createLibrary(database.db);
    manager = await staffSession(app, database.db, { libraryId: library.id, permissions: ['manage-users'] });
    illStaff = await staffSession(app, database.db, { libraryId: library.id, permissions: ['ill'] });
  });
  afterAll(async () => {
    await app.close();
  });

  const request = (
    method: 'GET' | 'POST' | 'PATCH',
    url: string,
    payload?: object,
    headers: Record<string, string> = manager.headers,
  ) => app.inject({ method, url, payload, headers });
  const patronRow = (id: string) =>
    database.db.selectFrom('patron').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

  it('searches patrons by the start of the card number or part of the name, within the library', async () => {
    const emma = await createPatron(database.db, {
      libraryId: library.id,
      cardNumber: '2900111',
      name: 'Emma Woodhouse',
    });
    await createPatron(database.db, { libraryId: library.id, cardNumber: '2900112', name: 'Harriet Smith' });
    await createPatron(database.db, {
      libraryId: otherLibrary.id,
      cardNumber: '2900113',
      name: 'Emma Other',
    });

    const byCard = (await request('GET', '/api/patrons?query=29001')).json();
    expect(byCard.items.map((p: { cardNumber: string }) => p.cardNumber)).toEqual(['2900111', '2900112']);
    expect(byCard.total).toBe(2);

    const byName = (await request('GET', '/api/patrons?query=woodh')).json();
    expect(byName.items).toEqual([
      {
        id: emma.id,
        libraryId: library.id,
        cardNumber: '2900111',
        name: 'Emma Woodhouse',
        email: emma.email,
        category: 'ADULT',
        emailNotices: true,
        preferredLanguage: 'en',
        active: true,
        createdAt: expect.any(String),
      },
    ]);
    expect((await request('GET', '/api/patrons?query=Emma')).json().items).toHaveLength(1);
  });

  it('puts an exact card number first', async () => {
    await createPatron(database.db, { libraryId: library.id, cardNumber: '77', name: 'Zed Exact' });
    await createPatron(database.db, { libraryId: library.id, cardNumber: '7700', name: 'Alpha Prefix' });
    const cards = (await request('GET', '/api/patrons?query=77'))
      .json()
      .items.map((p: { cardNumber: string }) => p.cardNumber);
    expect(cards).toEqual(['77', '7700']);
  });

  it('lets staff with ill read patrons, to pick one for a request', async () => {
    const patron = await createPatron(database.db, { libraryId: library.id });
    expect((await request('GET', '/api/patrons', undefined, illStaff.headers)).statusCode).toBe(200);
    expect((await request('GET', `/api/patrons/${patron.id}`, undefined, illStaff.headers)).statusCode).toBe(
      200,
    );
  });

  it('needs manage-users to register or change patrons', async () => {
    const patron = await createPatron(database.db, { libraryId: library.id });
    const create = await request(
      'POST',
      '/api/patrons',
      { cardNumber: '5550001', name: 'X', secret: '1234' },
      illStaff.headers,
    );
    expect(create.statusCode).toBe(403);
    const change = await request('PATCH', `/api/patrons/${patron.id}`, { name: 'Y' }, illStaff.headers);
    expect(change.statusCode).toBe(403);
    expect((await patronRow(patron.id)).name).toBe(patron.name);
  });

  it('refuses staff without ill or manage-users, and anonymous callers', async () => {
    const configurer = await staffSession(app, database.db, {
      libraryId: library.id,
      permissions: ['configure'],
    });
    const response = await request('GET', '/api/patrons', undefined, configurer.headers);
    expect(response.statusCode).toBe(403);
    expect(response.json().error.details).toEqual({ anyOf: ['ill', 'manage-users'] });
    expect((await request('GET', '/api/patrons', undefined, {})).statusCode).toBe(401);
  });

  it('registers a patron who can then log in with their PIN', async () => {
    const response = await request('POST', '/api/patrons', {
      cardNumber: 'C-1001',
      name: 'Elizabeth Bennet',
      email: 'lizzy@longbourn.example',
      category: 'STAFF',
      emailNotices: false,
      preferredLanguage: 'en-GB',
      secret: '8642',
    });
    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({
      libraryId: library.id,
      cardNumber: 'C-1001',
      name: 'Elizabeth Bennet',
      category: 'STAFF',
      emailNotices: false,
      preferredLanguage: 'en-GB',
      active: true,
    });
    await loginPatron(app, library.symbol, 'C-1001', '8642');
  });

  it('answers 409 naming body.cardNumber for a card the library already has, but not for another library', async () => {
    await createPatron(database.db, { libraryId: library.id, cardNumber: 'DUP-1' });
    const duplicate = await request('POST', '/api/patrons', {
      cardNumber: 'DUP-1',
      name: 'Dup',
      secret: '1234',
    });
    expect(duplicate.statusCode).toBe(409);
    expect(duplicate.json().error).toMatchObject({ code: 'conflict', details: { field: 'body.cardNumber' } });
    const other = await staffSession(app, database.db, {
      libraryId: otherLibrary.id,
      permissions: ['manage-users'],
    });
    const elsewhere = await request(
      'POST',
      '/api/patrons',
      { cardNumber: 'DUP-1', name: 'Dup', secret: '1234' },
      other.headers,
    );
    expect(elsewhere.statusCode).toBe(201);
  });

  it('answers 400 naming the field of bad input', async () => {
    const cases: [object, string, string][] = [
      [{ cardNumber: 'has space', name: 'X', secret: '1234' }, 'body.cardNumber', 'pattern'],
      [{ cardNumber: 'P-1', name: 'X', secret: '12' }, 'body.secret', 'minLength'],
      [
        { cardNumber: 'P-1', name: 'X', secret: '1234', preferredLanguage: 'English' },
        'body.preferredLanguage',
        'pattern',
      ],
      [{ cardNumber: 'P-1', secret: '1234' }, 'body.name', 'required'],
    ];
    for (const [payload, field, rule] of cases) {
      const response = await request('POST', '/api/patrons', payload);
      expect(response.statusCode, JSON.stringify(payload)).toBe(400);
      expect(response.json().error.details.issues).toContainEqual(expect.objectContaining({ field, rule }));
    }
    const written = await database.db
      .selectFrom('patron')
      .select('id')
      .where('card_number', '=', 'P-1')
      .execute();
    expect(written).toEqual([]);
  });

  it('changes a patron, and a new PIN ends their sessions', async () => {
    const patron = await createPatron(database.db, { libraryId: library.id });
    const session = await loginPatron(app, library.symbol, patron.cardNumber, patron.secret);
    const response = await request('PATCH', `/api/patrons/${patron.id}`, {
      name: 'New Name',
      category: 'CHILD',
      secret: '97531',
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ name: 'New Name', category: 'CHILD' });
    expect(
      (await app.inject({ method: 'GET', url: '/api/patron/me', headers: session.headers })).statusCode,
    ).toBe(401);
    await loginPatron(app, library.symbol, patron.cardNumber, '97531');
  });

  it('deactivates a patron: their sessions end and they cannot log in', async () => {
    const patron = await createPatron(database.db, { libraryId: library.id });
    const session = await loginPatron(app, library.symbol, patron.cardNumber, patron.secret);
    expect((await request('PATCH', `/api/patrons/${patron.id}`, { active: false })).statusCode).toBe(200);
    expect(
      (await app.inject({ method: 'GET', url: '/api/patron/me', headers: session.headers })).statusCode,
    ).toBe(401);
    const login = await app.inject({
      method: 'POST',
      url: '/api/auth/patron/login',
      payload: { library: library.symbol, cardNumber: patron.cardNumber, secret: patron.secret },
    });
    expect(login.statusCode).toBe(401);
  });

  it("answers 404 for another library's patron, reading or changing, and changes nothing", async () => {
    const foreign = await createPatron(database.db, { libraryId: otherLibrary.id });
    expect((await request('GET', `/api/patrons/${foreign.id}`)).statusCode).toBe(404);
    expect((await request('GET', `/api/patrons/${foreign.id}`, undefined, illStaff.headers)).statusCode).toBe(
      404,
    );
    expect(
      (await request('PATCH', `/api/patrons/${foreign.id}`, { name: 'Hijacked', secret: '0000' })).statusCode,
    ).toBe(404);
    const row = await patronRow(foreign.id);
    expect(row.name).toBe(foreign.name);
    await loginPatron(app, otherLibrary.symbol, foreign.cardNumber, foreign.secret);
  });
});

describeEachDatabase('patrons, as they see themselves', (database) => {
  let app: App;
  let library: Library;

  beforeAll(async () => {
    app = await buildApp({ db: database.db });
    library = await createLibrary(database.db);
  });
  afterAll(async () => {
    await app.close();
  });

  it('shows the logged-in patron their own profile', async () => {
    const session = await patronSession(app, database.db, library, { name: 'Anne Shirley' });
    const response = await app.inject({ method: 'GET', url: '/api/patron/me', headers: session.headers });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual(session.user);
    expect(response.json().name).toBe('Anne Shirley');
  });

  it('lets patrons change their email, notice preference and language', async () => {
    const session = await patronSession(app, database.db, library);
    const response = await app.inject({
      method: 'PATCH',
      url: '/api/patron/me',
      headers: session.headers,
      payload: { email: 'anne@green-gables.example', emailNotices: false, preferredLanguage: 'fr' },
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      id: session.patron.id,
      email: 'anne@green-gables.example',
      emailNotices: false,
      preferredLanguage: 'fr',
    });
  });

  it('refuses fields patrons may not change themselves, naming each, and changes nothing', async () => {
    const session = await patronSession(app, database.db, library);
    const forbidden = await app.inject({
      method: 'PATCH',
      url: '/api/patron/me',
      headers: session.headers,
      payload: { emailNotices: false, name: 'Someone Else', cardNumber: '1' },
    });
    expect(forbidden.statusCode).toBe(400);
    const issues = forbidden.json().error.details.issues as { field: string; rule: string }[];
    expect(
      issues
        .filter((issue) => issue.rule === 'additionalProperties')
        .map((issue) => issue.field)
        .sort(),
    ).toEqual(['body.cardNumber', 'body.name']);
    const me = await app.inject({ method: 'GET', url: '/api/patron/me', headers: session.headers });
    expect(me.json()).toMatchObject({ name: session.patron.name, emailNotices: true });
  });

  it('needs the CSRF token to change the profile through the cookie', async () => {
    const session = await patronSession(app, database.db, library);
    const response = await app.inject({
      method: 'PATCH',
      url: '/api/patron/me',
      headers: { cookie: session.cookie },
      payload: { emailNotices: false },
    });
    expect(response.statusCode).toBe(403);
  });

  it('keeps patrons out of staff endpoints and staff out of the patron profile', async () => {
    const patron = await patronSession(app, database.db, library);
    const other = await createPatron(database.db, { libraryId: library.id });
    for (const url of ['/api/patrons', `/api/patrons/${other.id}`, '/api/staff-users', '/api/tokens']) {
      const response = await app.inject({ method: 'GET', url, headers: patron.headers });
      expect(response.statusCode, url).toBe(401);
      expect(response.body).not.toContain(other.cardNumber);
    }
    const staff = await staffSession(app, database.db, {
      libraryId: library.id,
      permissions: ['manage-users'],
    });
    expect(
      (await app.inject({ method: 'GET', url: '/api/patron/me', headers: staff.headers })).statusCode,
    ).toBe(401);
    expect((await app.inject({ method: 'GET', url: '/api/patron/me' })).statusCode).toBe(401);
  });
});
