import { Value } from 'typebox/value';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Library } from '../../src/db/schema.ts';
import { PartnerImportResultSchema, PartnerSchema } from '../../src/library-config/partner.schemas.ts';
import { buildApp, type App } from '../../src/server/app.ts';
import { describeEachDatabase } from '../support/databases.ts';
import { createApiToken, createLibrary, staffSession } from '../support/factories.ts';

type Headers = Record<string, string>;

const iso = {
  symbol: 'ILN-SOUTH',
  name: 'South Library',
  protocol: 'iso18626',
  endpointUrl: 'https://south.example/iso18626',
  outboundCredential: 'we-say-this',
  inboundCredential: 'they-say-this',
  daysToRespond: 5,
};

describeEachDatabase('the partner directory over HTTP', (database) => {
  let app: App;
  let library: Library;
  let configurer: Headers;
  let illStaff: Headers;
  let nobody: Headers;
  let otherConfigurer: Headers;

  beforeAll(async () => {
    app = await buildApp({ db: database.db });
    library = await createLibrary(database.db);
    const otherLibrary = await createLibrary(database.db);
    configurer = (await staffSession(app, database.db, { libraryId: library.id, permissions: ['configure'] }))
      .headers;
    illStaff = (await staffSession(app, database.db, { libraryId: library.id, permissions: ['ill'] }))
      .headers;
    nobody = (await staffSession(app, database.db, { libraryId: library.id })).headers;
    otherConfigurer = (
      await staffSession(app, database.db, { libraryId: otherLibrary.id, permissions: ['configure'] })
    ).headers;
  });
  afterAll(async () => {
    await app.close();
  });

  const request = (
    method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
    url: string,
    headers: Headers,
    payload?: object,
  ) => app.inject({ method, url, headers, ...(payload !== undefined ? { payload } : {}) });
  const create = async (payload: object, headers = configurer) => {
    const response = await request('POST', '/api/partners', headers, payload);
    expect(response.statusCode, response.body).toBe(201);
    return response.json();
  };

  it('adds a partner and never returns its credentials', async () => {
    const response = await request('POST', '/api/partners', configurer, iso);
    expect(response.statusCode).toBe(201);
    const partner = response.json();
    expect(Value.Check(PartnerSchema, partner)).toBe(true);
    expect(partner).toEqual({
      id: expect.any(String),
      symbol: 'ILN-SOUTH',
      name: 'South Library',
      protocol: 'iso18626',
      endpointUrl: 'https://south.example/iso18626',
      email: null,
      hasOutboundCredential: true,
      hasInboundCredential: true,
      daysToRespond: 5,
      undoAllowed: false,
      active: true,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    expect(response.body).not.toMatch(/we-say-this|they-say-this/);

    const read = await request('GET', `/api/partners/${partner.id}`, illStaff);
    expect(read.json()).toEqual(partner);
    expect(read.body).not.toMatch(/we-say-this|they-say-this/);
  });

  it('answers 409 naming the symbol when the directory already has it', async () => {
    const response = await request('POST', '/api/partners', configurer, { ...iso, name: 'South again' });
    expect(response.statusCode).toBe(409);
    expect(response.json().error).toMatchObject({ code: 'conflict', details: { field: 'symbol' } });
  });

  it.each([
    [{ ...iso, symbol: 'ISO-1', endpointUrl: undefined }, 'body.endpointUrl', 'required'],
    [{ ...iso, symbol: 'ISO-2', endpointUrl: 'ftp://south.example/' }, 'body.endpointUrl', 'url'],
    [{ ...iso, symbol: 'ISO-3', undoAllowed: true }, 'body.undoAllowed', 'protocol'],
    [{ symbol: 'MAIL-1', name: 'Mail', protocol: 'email' }, 'body.email', 'required'],
    [{ symbol: 'MAIL-2', name: 'Mail', protocol: 'email', email: 'nope' }, 'body.email', 'format'],
    [{ symbol: 'has space', name: 'X', protocol: 'manual' }, 'body.symbol', 'pattern'],
    [{ symbol: 'X-1', name: 'X', protocol: 'carrier-pigeon' }, 'body.protocol', 'enum'],
    [{ symbol: 'X-2', name: 'X', protocol: 'manual', daysToRespond: 0 }, 'body.daysToRespond', 'minimum'],
    [
      { symbol: 'X-3', name: 'X', protocol: 'manual', inboundCredential: 'short' },
      'body.inboundCredential',
      'minLength',
    ],
    [{ name: 'X', protocol: 'manual' }, 'body.symbol', 'required'],
  ])('refuses %j naming %s and creates nothing', async (payload, field, rule) => {
    const response = await request('POST', '/api/partners', configurer, payload);
    expect(response.statusCode).toBe(400);
    expect(response.json().error.details.issues[0]).toMatchObject({ field, rule });
    const symbol = (payload as { symbol?: string }).symbol ?? '';
    const listed = await request('GET', `/api/partners?q=${encodeURIComponent(symbol)}`, configurer);
    expect(listed.json().items.filter((p: { symbol: string }) => p.symbol === symbol)).toEqual([]);
  });

  it('lets staff with ill read the directory but not change it; anonymous callers get 401', async () => {
    expect((await request('GET', '/api/partners', illStaff)).statusCode).toBe(200);
    expect(
      (await request('POST', '/api/partners', illStaff, { ...iso, symbol: 'ILL-ONLY' })).statusCode,
    ).toBe(403);
    expect((await request('GET', '/api/partners', nobody)).statusCode).toBe(403);
    expect((await app.inject({ method: 'GET', url: '/api/partners' })).statusCode).toBe(401);
    expect((await app.inject({ method: 'POST', url: '/api/partners', payload: iso })).statusCode).toBe(401);
  });

  it('filters the directory by protocol, activity and search text, a page at a time', async () => {
    const headers = (
      await staffSession(app, database.db, {
        libraryId: (await createLibrary(database.db)).id,
        permissions: ['configure'],
      })
    ).headers;
    await create(
      { symbol: 'A-MAIL', name: 'Alpha College', protocol: 'email', email: 'ill@alpha.example' },
      headers,
    );
    await create(
      { symbol: 'B-ISO', name: 'Bravo University', protocol: 'iso18626', endpointUrl: 'https://b.example/' },
      headers,
    );
    await create({ symbol: 'C-MAN', name: 'Charlie Archive', protocol: 'manual', active: false }, headers);
    const symbols = async (query: string) => {
      const response = await request('GET', `/api/partners${query}`, headers);
      expect(response.statusCode, response.body).toBe(200);
      return response.json().items.map((p: { symbol: string }) => p.symbol);
    };
    expect(await symbols('')).toEqual(['A-MAIL', 'B-ISO', 'C-MAN']);
    expect(await symbols('?protocol=iso18626')).toEqual(['B-ISO']);
    expect(await symbols('?active=false')).toEqual(['C-MAN']);
    expect(await symbols('?active=true&q=univ')).toEqual(['B-ISO']);
    expect(await symbols('?q=a-mail')).toEqual(['A-MAIL']);
    const page = await request('GET', '/api/partners?limit=2&offset=2', headers);
    expect(page.json()).toMatchObject({ total: 3, items: [{ symbol: 'C-MAN' }] });
    const bad = await request('GET', '/api/partners?limit=0', headers);
    expect(bad.json().error.details.issues[0]).toMatchObject({ field: 'querystring.limit', rule: 'minimum' });
  });

  it('changes a partner, re-checking the rules across its fields', async () => {
    const partner = await create({
      symbol: 'MAN-1',
      name: 'Manual One',
      protocol: 'manual',
      undoAllowed: true,
    });
    const toEmail = await request('PATCH', `/api/partners/${partner.id}`, configurer, { protocol: 'email' });
    expect(toEmail.statusCode).toBe(400);
    expect(toEmail.json().error.details.issues).toEqual([
      expect.objectContaining({ field: 'body.email', rule: 'required' }),
    ]);

    const changed = await request('PATCH', `/api/partners/${partner.id}`, configurer, {
      protocol: 'email',
      email: 'ill@one.example',
      inboundCredential: 'a-long-enough-secret',
      daysToRespond: 3,
    });
    expect(changed.statusCode).toBe(200);
    expect(changed.json()).toMatchObject({
      protocol: 'email',
      email: 'ill@one.example',
      hasInboundCredential: true,
      hasOutboundCredential: false,
      daysToRespond: 3,
      undoAllowed: true,
    });
    const cleared = await request('PATCH', `/api/partners/${partner.id}`, configurer, {
      inboundCredential: null,
    });
    expect(cleared.json().hasInboundCredential).toBe(false);
  });

  it('deletes an unused partner, and refuses one in use, saying why and how to retire it', async () => {
    const unused = await create({ symbol: 'UNUSED', name: 'Unused', protocol: 'manual' });
    expect((await request('DELETE', `/api/partners/${unused.id}`, configurer)).statusCode).toBe(204);
    expect((await request('GET', `/api/partners/${unused.id}`, configurer)).statusCode).toBe(404);

    const used = await create({ symbol: 'USED', name: 'Used', protocol: 'manual' });
    await database.db
      .insertInto('request')
      .values({
        library_id: library.id,
        role: 'lending',
        status: null,
        backend: 'manual',
        type: 'article',
        title: 'On Computable Numbers',
        service_type: 'copy',
        partner_id: used.id,
      })
      .execute();
    const refused = await request('DELETE', `/api/partners/${used.id}`, configurer);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.message).toBe(
      'The partner USED cannot be deleted: it is the borrowing library of 1 lending request(s). ' +
        'Deactivate it instead (PATCH with active: false).',
    );
    const retired = await request('PATCH', `/api/partners/${used.id}`, configurer, { active: false });
    expect(retired.json().active).toBe(false);
  });

  it('answers 404 for another library’s partner, whatever the method', async () => {
    const theirs = await create({ symbol: 'THEIRS', name: 'Theirs', protocol: 'manual' }, otherConfigurer);
    expect((await request('GET', `/api/partners/${theirs.id}`, configurer)).statusCode).toBe(404);
    expect(
      (await request('PATCH', `/api/partners/${theirs.id}`, configurer, { name: 'Ours' })).statusCode,
    ).toBe(404);
    expect((await request('DELETE', `/api/partners/${theirs.id}`, configurer)).statusCode).toBe(404);
    expect((await request('GET', `/api/partners/${theirs.id}`, otherConfigurer)).json().name).toBe('Theirs');
  });

  it('previews a Koha import without writing, then imports it', async () => {
    const libraryId = (await createLibrary(database.db)).id;
    const headers = (await staffSession(app, database.db, { libraryId, permissions: ['configure'] })).headers;
    await create(
      { symbol: 'KEEP', name: 'Keep Library', protocol: 'email', email: 'ill@keep.example' },
      headers,
    );
    const csv = [
      'cardnumber;surname;firstname;email;branchcode;categorycode',
      'NEW-1;New Library;;ill@new.example;MAIN;ILLLIBS',
      'KEEP;Keep Library;;ill@keep.example;MAIN;ILLLIBS',
      'BAD;Bad Library;;bad-address;MAIN;ILLLIBS',
      'PAT-1;Reader;Ada;ada@reader.example;MAIN;ADULT',
    ].join('\r\n');

    const preview = await request('POST', '/api/partners/import', headers, {
      csv,
      dryRun: true,
      category: 'ILLLIBS',
    });
    expect(preview.statusCode).toBe(200);
    const report = preview.json();
    expect(Value.Check(PartnerImportResultSchema, report)).toBe(true);
    expect(report).toEqual({
      dryRun: true,
      created: [
        {
          row: 2,
          symbol: 'NEW-1',
          name: 'New Library',
          email: 'ill@new.example',
          partnerId: null,
          changes: [],
          reason: null,
          reasonCode: null,
          reasonField: null,
          reasonValue: null,
        },
      ],
      updated: [],
      skipped: [
        expect.objectContaining({
          row: 3,
          symbol: 'KEEP',
          reason: 'KEEP is already in the directory as it is here',
          reasonCode: 'unchanged',
          reasonField: null,
          reasonValue: null,
        }),
        expect.objectContaining({
          row: 5,
          symbol: 'PAT-1',
          reason: 'its categorycode is ADULT, not ILLLIBS',
          reasonCode: 'other_category',
          reasonField: 'categorycode',
          reasonValue: 'ADULT',
        }),
      ],
      errors: [
        {
          row: 4,
          code: 'email_invalid',
          field: 'email',
          value: 'bad-address',
          otherRow: null,
          rule: 'format',
          message: 'Row 4: email bad-address is not an email address',
        },
      ],
      ignoredColumns: ['branchcode'],
    });
    expect((await request('GET', '/api/partners', headers)).json().total).toBe(1);

    const refused = await request('POST', '/api/partners/import', headers, {
      csv,
      dryRun: false,
      category: 'ILLLIBS',
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.details.issues).toEqual([
      expect.objectContaining({ field: 'body.csv.4.email', rule: 'format' }),
    ]);
    expect((await request('GET', '/api/partners', headers)).json().total).toBe(1);

    const fixed = csv.replace('bad-address', 'ill@bad.example');
    const imported = await request('POST', '/api/partners/import', headers, {
      csv: fixed,
      dryRun: false,
      category: 'ILLLIBS',
    });
    expect(imported.statusCode).toBe(200);
    expect(
      imported
        .json()
        .created.map((row: { symbol: string; partnerId: string }) => [row.symbol, typeof row.partnerId]),
    ).toEqual([
      ['NEW-1', 'string'],
      ['BAD', 'string'],
    ]);
    const listed = (await request('GET', '/api/partners?protocol=email', headers)).json();
    expect(listed.items.map((p: { symbol: string }) => p.symbol)).toEqual(['BAD', 'KEEP', 'NEW-1']);
  });

  it('refuses an import without a header row, and one from staff without configure', async () => {
    const noHeader = await request('POST', '/api/partners/import', configurer, {
      csv: 'ILN-X,X Library,ill@x.example',
      dryRun: true,
    });
    expect(noHeader.statusCode).toBe(400);
    expect(noHeader.json().error.details.issues).toEqual([
      expect.objectContaining({ field: 'body.csv', rule: 'header' }),
    ]);
    const forbidden = await request('POST', '/api/partners/import', illStaff, {
      csv: 'cardnumber,surname,email\nX,X,x@x.example',
      dryRun: true,
    });
    expect(forbidden.statusCode).toBe(403);
    const noFlag = await request('POST', '/api/partners/import', configurer, { csv: 'cardnumber' });
    expect(noFlag.json().error.details.issues[0]).toMatchObject({ field: 'body.dryRun', rule: 'required' });
  });

  it('serves the directory to an API token with ill', async () => {
    const token = await createApiToken(database.db, { libraryId: library.id, permissions: ['ill'] });
    const response = await request('GET', '/api/partners?q=south', token.headers);
    expect(response.statusCode).toBe(200);
    expect(response.json().items.map((p: { symbol: string }) => p.symbol)).toEqual(['ILN-SOUTH']);
  });
});
