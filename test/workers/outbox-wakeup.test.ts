/**
 * The outbox workers of every process are woken when a partner message is written: PostgreSQL
 * notifies their channel when the writing transaction commits (migration 0017), not before, and not
 * for a change that sends nothing.
 */
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ManualClock } from '../../src/clock.ts';
import { OUTBOX_CHANNEL } from '../../src/workers/worker-runner.ts';
import { requestScenarios } from '../queues/request-scenarios.ts';
import { describeEachDatabase } from '../support/databases.ts';

describeEachDatabase('waking the outbox workers', (database) => {
  const clock = new ManualClock('2026-12-01T09:00:00Z');
  let listener: pg.Client;
  const heard: string[] = [];

  beforeAll(async () => {
    listener = new pg.Client({ connectionString: database.connectionString });
    await listener.connect();
    listener.on('notification', (notification) => heard.push(notification.channel));
    await listener.query(`listen ${listener.escapeIdentifier(OUTBOX_CHANNEL)}`);
  });

  afterAll(async () => {
    await listener.end();
  });

  /** Notifications heard once PostgreSQL has had time to deliver any that were sent. */
  async function settled(): Promise<string[]> {
    // A round trip on the listening connection: a notification committed before it arrives first.
    await listener.query('select 1');
    return heard.splice(0);
  }

  it('wakes them once when an action that sends a message commits', async () => {
    const kit = requestScenarios(database.db, clock);
    const lib = await kit.library();
    const id = await kit.borrowing(lib, 'new');
    await settled();
    await kit.act(lib, id, 'confirm');
    expect(await settled()).toEqual([OUTBOX_CHANNEL]);
  });

  it('does not wake them for a change that sends nothing', async () => {
    const kit = requestScenarios(database.db, clock);
    const lib = await kit.library();
    await kit.borrowing(lib, 'new');
    expect(await settled()).toEqual([]);
  });

  it('wakes them only when the transaction that wrote the message commits', async () => {
    const kit = requestScenarios(database.db, clock);
    const lib = await kit.library();
    const id = await kit.borrowing(lib, 'pending');
    const transaction = await database.db
      .selectFrom('transaction')
      .select(['id', 'partner_id'])
      .where('request_id', '=', id)
      .executeTakeFirstOrThrow();
    await settled();
    const writer = new pg.Client({ connectionString: database.connectionString });
    await writer.connect();
    try {
      await writer.query('begin');
      await writer.query(
        `insert into outbox_message (request_id, transaction_id, partner_id, protocol, message, sequence, resend, payload, created_at, next_attempt_at)
         select $1, $2, $3, 'iso18626', 'status-request', 99, false, '{}', now(), now()`,
        [id, transaction.id, transaction.partner_id],
      );
      expect(await settled()).toEqual([]);
      await writer.query('commit');
    } finally {
      await writer.end();
    }
    expect(await settled()).toEqual([OUTBOX_CHANNEL]);
  });
});
