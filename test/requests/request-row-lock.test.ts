/**
 * Concurrent actions on one request through the real service wiring (`createServices`) and a small
 * pool: whoever holds the request's row lock finishes with the connection it already has, so a burst
 * of callers waiting for that lock never starves it of a second connection (a pool deadlock).
 */
import { expect, it } from 'vitest';
import { createDatabase } from '../../src/db/database.ts';
import { ConflictError } from '../../src/errors.ts';
import type { RequestCaller } from '../../src/requests/request.service.ts';
import { createServices } from '../../src/server/services.ts';
import { describeEachDatabase } from '../support/databases.ts';
import { insertLibrary, insertPartner, staffPrincipal } from '../support/request-factories.ts';

describeEachDatabase('actions racing for one request’s row lock', (database) => {
  it('applies one of 20 concurrent actions and refuses the rest on a pool of two connections', async () => {
    const library = await insertLibrary(database.db, { enabled_backends: ['manual'] });
    const partner = await insertPartner(database.db, library.id, { protocol: 'manual' });
    const caller: RequestCaller = { kind: 'staff', principal: staffPrincipal(library.id) };
    // Two connections: the row lock's holder and one waiter have them all. Reading anything through
    // a third connection while holding the lock would wait for the waiter, which waits for the lock.
    const db = createDatabase(database.connectionString, { maxConnections: 2, acquireTimeoutMs: 5_000 });
    try {
      const { requests } = createServices(db);
      const { body: created } = await requests.create(
        caller,
        { details: { type: 'book', serviceType: 'loan', title: 'Contested' }, rota: [partner.id] },
        null,
      );
      const outcomes = await Promise.allSettled(
        Array.from({ length: 20 }, () =>
          requests.act(caller, created.id, { action: 'confirm', expectedVersion: created.version }, null),
        ),
      );
      const refusals = outcomes.flatMap((outcome) => (outcome.status === 'rejected' ? [outcome.reason] : []));
      expect(refusals.filter((reason) => !(reason instanceof ConflictError))).toEqual([]);
      expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
      expect((await requests.detail(caller, created.id)).version).toBe(created.version + 1);
    } finally {
      await db.destroy();
    }
  });
});
