/**
 * What the OPAC needs from the patron endpoints beyond placing and listing requests: patrons never
 * read what staff wrote with an action, "my requests" says the custom status and pickup library in
 * the patron's words, and a request without login sent twice with one Idempotency-Key is placed once.
 */
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
});
