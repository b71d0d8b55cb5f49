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
import type { EventData } from '../../src/workflow/model.ts';
import { createServices, type Services } from '../../src/server/services.ts';
import { RequestMessages } from '../../bench/iso-peer.ts';
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

  it('reads the sending partner once for an ISO 18626 Request it records', async () => {
    const kit = requestScenarios(database.db, clock);
    const lib = await kit.library();
    const library = await database.db
      .selectFrom('library')
      .select('symbol')
      .where('id', '=', lib.id)
      .executeTakeFirstOrThrow();
    const body = new RequestMessages(lib.partners[0]!.symbol).build({
      supplier: library.symbol,
      requestId: `THEIRS-${Date.now()}`,
      title: 'Statements of a Request',
      author: 'Counter, A.',
      isbn: '9780000000002',
      patron: 'P1',
    });
    sent.length = 0;
    const answer = await services.inbound.receive(body, {});
    expect(answer.body).toContain('<messageStatus>OK</messageStatus>');
    expect(from('partner')).toBe(1);
    expect(from('request')).toBe(1);
  });

  it('reads the request and the library’s action menu once for an action, deciding it and listing the next ones', async () => {
    const kit = requestScenarios(database.db, clock);
    const lib = await kit.library();
    const id = await kit.lending(lib, 'new');
    sent.length = 0;
    const { body } = await services.requests.act(lib.caller, id, { action: 'answer-will-supply' }, null);
    expect(body.actions.map((action) => action.id)).toContain('shipped');
    // The request, its rota and its transactions are read once, locked, before the change; its page
    // is built from what the change wrote.
    expect(from('request')).toBe(1);
    expect(from('transaction')).toBe(1);
    expect(from('rota_entry')).toBe(1);
    // The requesting partner of this lending request, with the rota's partners (none).
    expect(from('partner')).toBe(1);
    // The library's local actions and menu rules, in one statement.
    const menu = sent.filter((text) => /\bfrom local_action\b/.test(text));
    expect(menu).toHaveLength(1);
    expect(menu[0]).toMatch(/\bfrom action_visibility\b/);
    expect(menu[0]).toMatch(/\bfrom action_order\b/);
    expect(from('local_action') + from('action_visibility') + from('action_order')).toBe(0);
  });

  // An action answers with the request's page built from the rows its writes returned; it must be the
  // very page a read of the request gives once the change is committed.
  const ACTIONS: ReadonlyArray<{
    role: 'borrowing' | 'lending';
    scenario: string;
    action: string;
    data?: Record<string, unknown>;
    rotaPosition?: number;
  }> = [
    { role: 'borrowing', scenario: 'new', action: 'confirm' },
    { role: 'borrowing', scenario: 'pending', action: 'cancel', rotaPosition: 0 },
    { role: 'borrowing', scenario: 'conditional', action: 'conditional-reply-yes', rotaPosition: 0 },
    { role: 'borrowing', scenario: 'shipped', action: 'received', rotaPosition: 0 },
    { role: 'borrowing', scenario: 'received', action: 'renew', rotaPosition: 0 },
    { role: 'borrowing', scenario: 'received', action: 'returned', rotaPosition: 0 },
    { role: 'borrowing', scenario: 'end_of_rota', action: 'terminate-request' },
    { role: 'lending', scenario: 'new', action: 'answer-will-supply', data: { note: 'On the shelf.' } },
    {
      role: 'lending',
      scenario: 'new',
      action: 'answer-conditional',
      data: { conditions: 'Library use only' },
    },
    {
      role: 'lending',
      scenario: 'will_supply',
      action: 'shipped',
      data: { serviceType: 'loan', dueDate: '2026-12-24' },
    },
    { role: 'lending', scenario: 'shipped', action: 'checked-in' },
  ];

  for (const { role, scenario, action, data, rotaPosition } of ACTIONS) {
    it(`answers ${action} on a ${scenario} ${role} request with the page a read then gives`, async () => {
      const kit = requestScenarios(database.db, clock);
      const lib = await kit.library();
      const id =
        role === 'borrowing'
          ? await kit.borrowing(lib, scenario as never)
          : await kit.lending(lib, scenario as never);
      const page = await kit.act(lib, id, action, data as EventData | undefined, rotaPosition);
      expect(page).toEqual(await services.requests.detail(lib.caller, id));
    });
  }
});
