/**
 * What the OPAC needs from the patron endpoints beyond placing and listing requests: patrons never
 * read what staff wrote with an action, "my requests" says the custom status and pickup library in
 * the patron's words, and a request without login sent twice with one Idempotency-Key is placed once.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildApp } from '../../src/server/app.ts';
import type { App } from '../../src/server/app.ts';
import { describeEachDatabase } from '../support/databases.ts';
import { createLibrary, patronSession, staffSession } from '../support/factories.ts';
import { insertPartner } from '../support/request-factories.ts';

const book = { type: 'book', serviceType: 'loan', title: 'Le Petit Prince' };

describeEachDatabase('the patron side of requests', (database) => {
  let app: App;

  beforeAll(async () => {
    app = await buildApp({ db: database.db });
  });
  afterAll(async () => {
    await app.close();
  });

  async function library() {
    const row = await createLibrary(database.db);
    await insertPartner(database.db, row.id, { name: 'Partner library' });
    const staff = await staffSession(app, database.db, { libraryId: row.id, permissions: ['ill'] });
    const patron = await patronSession(app, database.db, row);
    return { library: row, staff, patron };
  }

  it('shows patrons the notes they wrote in the history, and never the notes staff wrote', async () => {
    const { staff, patron } = await library();
    const placed = (
      await app.inject({
        method: 'POST',
        url: '/api/patron/requests',
        headers: patron.headers,
        payload: { details: book },
      })
    ).json();
    const privateNote = await app.inject({
      method: 'POST',
      url: `/api/requests/${placed.id}/actions`,
      headers: staff.headers,
      payload: { action: 'add-private-note', data: { note: 'Owes fines: check before ordering.' } },
    });
    expect(privateNote.statusCode).toBe(200);
    const cancel = await app.inject({
      method: 'POST',
      url: `/api/patron/requests/${placed.id}/cancel`,
      headers: patron.headers,
      payload: { note: 'Found it at my department.' },
    });
    expect(cancel.statusCode).toBe(200);

    const asPatron = (
      await app.inject({ method: 'GET', url: `/api/patron/requests/${placed.id}`, headers: patron.headers })
    ).json();
    const patronNotes = asPatron.history.map((entry: { note: string | null }) => entry.note);
    expect(patronNotes).toContain('Found it at my department.');
    expect(JSON.stringify(asPatron)).not.toContain('Owes fines');

    const asStaff = (
      await app.inject({ method: 'GET', url: `/api/requests/${placed.id}`, headers: staff.headers })
    ).json();
    expect(asStaff.history.map((entry: { note: string | null }) => entry.note)).toEqual(
      expect.arrayContaining(['Owes fines: check before ordering.', 'Found it at my department.']),
    );
  });

  it('lists a patron’s requests with the custom status as patrons see it and the pickup library', async () => {
    const { library: lib, patron } = await library();
    const branch = await database.db
      .insertInto('pickup_branch')
      .values({ library_id: lib.id, code: 'SCI', name: 'Science Library' })
      .returning('id')
      .executeTakeFirstOrThrow();
    await database.db
      .insertInto('custom_status')
      .values([
        { library_id: lib.id, code: 'PAYMENT', label: 'Awaiting payment', opac_label: 'Being processed' },
        { library_id: lib.id, code: 'BINDERY', label: 'At the bindery', opac_label: null },
      ])
      .execute();
    const place = async (title: string) =>
      (
        await app.inject({
          method: 'POST',
          url: '/api/patron/requests',
          headers: patron.headers,
          payload: { details: { ...book, title, pickupBranchId: branch.id } },
        })
      ).json().id as string;
    const withOpacLabel = await place('One');
    const withLabelOnly = await place('Two');
    const plain = await place('Three');
    await database.db
      .updateTable('request')
      .set({ custom_status: 'PAYMENT' })
      .where('id', '=', withOpacLabel)
      .execute();
    await database.db
      .updateTable('request')
      .set({ custom_status: 'BINDERY' })
      .where('id', '=', withLabelOnly)
      .execute();

    const items = (
      await app.inject({ method: 'GET', url: '/api/patron/requests', headers: patron.headers })
    ).json().items as { id: string; customStatus: string | null; customStatusLabel: string | null }[];
    const byId = new Map(items.map((item) => [item.id, item]));
    expect(byId.get(withOpacLabel)).toMatchObject({
      customStatus: 'PAYMENT',
      customStatusLabel: 'Being processed',
      pickupBranch: 'Science Library',
    });
    expect(byId.get(withLabelOnly)).toMatchObject({
      customStatus: 'BINDERY',
      customStatusLabel: 'At the bindery',
    });
    expect(byId.get(plain)).toMatchObject({ customStatus: null, customStatusLabel: null });
  });

  it('pages “my requests” newest first with a cursor, neither repeating nor skipping one', async () => {
    const { library: lib, patron } = await library();
    const someoneElse = await patronSession(app, database.db, lib);
    const place = async (headers: Record<string, string>, title: string) =>
      (
        await app.inject({
          method: 'POST',
          url: '/api/patron/requests',
          headers,
          payload: { details: { ...book, title } },
        })
      ).json().id as string;
    const mine: string[] = [];
    for (const title of ['One', 'Two', 'Three', 'Four', 'Five'])
      mine.push(await place(patron.headers, title));
    await place(someoneElse.headers, 'Not yours');
    // The oldest three were placed within one millisecond, two of them in the very same microsecond:
    // the id breaks that tie, and a cursor must keep the microseconds a JavaScript date would round off.
    await sql`update request set created_at = '2020-01-01 09:00:00.000100+00' where id in (${mine[1]}, ${mine[2]})`.execute(
      database.db,
    );
    await sql`update request set created_at = '2020-01-01 09:00:00.000400+00' where id = ${mine[3]}`.execute(
      database.db,
    );
    await sql`update request set completed_at = now() where id = ${mine[0]}`.execute(database.db);

    const page = (query: string) =>
      app.inject({ method: 'GET', url: `/api/patron/requests${query}`, headers: patron.headers });
    const everything = (await page('?limit=200')).json();
    expect(everything.nextCursor).toBeNull();
    const ordered = everything.items.map((item: { id: string }) => item.id);
    expect(new Set(ordered)).toEqual(new Set(mine));
    const tied = [mine[1]!, mine[2]!].sort().reverse();
    expect(ordered.slice(-3)).toEqual([mine[3], ...tied]);

    for (const limit of [2, 3]) {
      const pages: string[][] = [];
      let cursor: string | null = null;
      do {
        const response = await page(
          `?limit=${limit}${cursor === null ? '' : `&cursor=${encodeURIComponent(cursor)}`}`,
        );
        expect(response.statusCode).toBe(200);
        const body = response.json() as { items: { id: string }[]; nextCursor: string | null };
        pages.push(body.items.map((item) => item.id));
        cursor = body.nextCursor;
      } while (cursor !== null && pages.length < 10);
      expect(pages.map((items) => items.length)).toEqual(limit === 2 ? [2, 2, 1] : [3, 2]);
      expect(pages.flat()).toEqual(ordered);
    }

    const open = (await page('?includeCompleted=false')).json();
    expect(open.items.map((item: { id: string }) => item.id)).toEqual(
      ordered.filter((id: string) => id !== mine[0]),
    );

    for (const query of ['?cursor=not-a-cursor', '?limit=0', '?limit=201']) {
      const refused = await page(query);
      expect(refused.statusCode).toBe(400);
      expect(refused.json().error.details.issues[0].field).toMatch(/^querystring\.(cursor|limit)$/);
    }
  });

  it('places a request without login once when it is sent twice with the same Idempotency-Key', async () => {
    const { library: lib } = await library();
    await database.db
      .updateTable('library')
      .set({ unauthenticated_requests: true })
      .where('id', '=', lib.id)
      .execute();
    const send = (key: string) =>
      app.inject({
        method: 'POST',
        url: `/api/opac/libraries/${lib.symbol}/requests`,
        headers: { 'idempotency-key': key },
        payload: { details: book, contact: { name: 'Visiting Scholar', email: 'scholar@uni.example' } },
        remoteAddress: '198.51.100.7',
      });
    const first = await send('opac-double-click-1');
    const second = await send('opac-double-click-1');
    expect(first.statusCode).toBe(201);
    expect(second.statusCode).toBe(201);
    expect(second.headers['idempotent-replayed']).toBe('true');
    expect(second.json().id).toBe(first.json().id);
    const other = await send('opac-double-click-2');
    expect(other.json().id).not.toBe(first.json().id);
    const stored = await database.db
      .selectFrom('request')
      .select('id')
      .where('library_id', '=', lib.id)
      .execute();
    expect(stored).toHaveLength(2);
  });
});
