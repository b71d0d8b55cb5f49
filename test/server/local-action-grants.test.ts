/**
 * Granting the permission of a locally-defined action: staff with `configure` define those actions,
 * so they may hand out their `local:<id>` permissions (to staff users and API tokens) without holding
 * them; staff with only `manage-users` may hand out only the ones they hold.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Library } from '../../src/db/schema.ts';
import { buildApp, type App } from '../../src/server/app.ts';
import { describeEachDatabase } from '../support/databases.ts';
import { createLibrary, createStaffUser, staffSession } from '../support/factories.ts';

describeEachDatabase('granting local action permissions', (database) => {
  let app: App;
  let library: Library;

  beforeAll(async () => {
    app = await buildApp({ db: database.db });
    library = await createLibrary(database.db);
  });
  afterAll(async () => {
    await app.close();
  });

  it('lets staff with configure grant the permission of an action they just defined', async () => {
    const admin = await staffSession(app, database.db, {
      libraryId: library.id,
      permissions: ['ill', 'configure', 'manage-users'],
    });
    const defined = await app.inject({
      method: 'POST',
      url: '/api/library/local-actions',
      headers: admin.headers,
      payload: { id: 'phone-patron', name: 'Phone the patron', party: 'requester' },
    });
    expect(defined.statusCode).toBe(201);
    expect(defined.json().permission).toBe('local:phone-patron');

    const user = await createStaffUser(database.db, { libraryId: library.id, permissions: ['ill'] });
    const granted = await app.inject({
      method: 'PATCH',
      url: `/api/staff-users/${user.id}`,
      headers: admin.headers,
      payload: { permissions: ['ill', 'local:phone-patron'] },
    });
    expect(granted.statusCode).toBe(200);
    expect(granted.json().permissions).toEqual(['ill', 'local:phone-patron']);

    const created = await app.inject({
      method: 'POST',
      url: '/api/staff-users',
      headers: admin.headers,
      payload: {
        username: 'phone-desk',
        name: 'Phone desk',
        password: 'a long enough password',
        permissions: ['local:phone-patron'],
      },
    });
    expect(created.statusCode).toBe(201);

    const token = await app.inject({
      method: 'POST',
      url: '/api/tokens',
      headers: admin.headers,
      payload: { name: 'Telephony', permissions: ['local:phone-patron'] },
    });
    expect(token.statusCode).toBe(201);
    expect(token.json().permissions).toEqual(['local:phone-patron']);
  });

  it('still refuses staff with only manage-users a local permission they do not hold', async () => {
    const manager = await staffSession(app, database.db, {
      libraryId: library.id,
      permissions: ['ill', 'manage-users'],
    });
    const user = await createStaffUser(database.db, { libraryId: library.id, permissions: ['ill'] });
    const refused = await app.inject({
      method: 'PATCH',
      url: `/api/staff-users/${user.id}`,
      headers: manager.headers,
      payload: { permissions: ['ill', 'local:phone-patron'] },
    });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.details).toEqual({ missing: ['local:phone-patron'] });
    const row = await database.db
      .selectFrom('staff_permission')
      .select('permission')
      .where('staff_user_id', '=', user.id)
      .execute();
    expect(row.map((r) => r.permission)).toEqual(['ill']);
  });
});
