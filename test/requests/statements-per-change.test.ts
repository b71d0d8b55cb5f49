/**
 * Every statement is a round trip to PostgreSQL, and round trips are most of what an action costs
 * (docs/performance.md): a change reads nothing twice. These tests record the statements the services
 * send, through a Kysely that logs them, for a partner's incoming request and a staff action.
 */
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ManualClock } from '../../src/clock.ts';
import type { Database } from '../../src/db/schema.ts';
import { createServices, type Services } from '../../src/server/services.ts';
import { requestScenarios } from '../queues/request-scenarios.ts';
import { describeEachDatabase } from '../support/databases.ts';

describeEachDatabase('the statements of a change', (database) => {
  const clock = new ManualClock('2026-12-01T09:00:00Z');
  const sent: string[] = [];
  let recorded: Kysely<Database>;
  let services: Services;

  beforeAll(() => {
    recorded = new Kysely<Database>({
      dialect: new PostgresDialect({
        pool: new pg.Pool({ connectionString: database.connectionString, max: 2 }),
      }),
      log: (event) => {
        if (event.level === 'query') sent.push(event.query.sql);
      },
    });
    services = createServices(recorded, { clock });
  });

  afterAll(async () => {
    await recorded.destroy();
  });

  const from = (table: string) => sent.filter((text) => new RegExp(`\\bfrom "${table}"`).test(text)).length;

  it('records a partner’s request without reading back the rows it has just inserted', async () => {
    const kit = requestScenarios(recorded, clock);
    const lib = await kit.library();
    sent.length = 0;
    const id = await kit.lending(lib, 'new');
    expect(sent.filter((text) => text.startsWith('insert into "request"'))).toHaveLength(1);
    expect(from('request')).toBe(0);
    expect(from('transaction')).toBe(0);
    expect(from('rota_entry')).toBe(0);
    const rows = await recorded
      .selectFrom('transaction')
      .select(['state', 'role'])
      .where('request_id', '=', id)
      .execute();
    expect(rows).toEqual([{ state: 'in_process', role: 'responder' }]);
  });

  it('reads the library’s action menu once for an action, deciding it and listing the next ones', async () => {
    const kit = requestScenarios(database.db, clock);
    const lib = await kit.library();
    const id = await kit.lending(lib, 'new');
    sent.length = 0;
    const { body } = await services.requests.act(lib.caller, id, { action: 'answer-will-supply' }, null);
    expect(body.actions.map((action) => action.id)).toContain('shipped');
    expect(from('local_action')).toBe(1);
    expect(from('action_visibility')).toBe(1);
    expect(from('action_order')).toBe(1);
  });
});
