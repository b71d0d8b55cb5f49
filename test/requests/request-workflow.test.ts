/**
 * The single write path, against real PostgreSQL: every status change stores its new state, history,
 * outgoing messages, timers and notices together; refusals and conflicts change nothing; concurrent
 * conflicting actions apply once; idempotency keys replay.
 */
import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import { sql } from 'kysely';
import { ManualClock } from '../../src/clock.ts';
import { ConflictError, TransitionRefusedError, ValidationError } from '../../src/errors.ts';
import { emitIso18626 } from '../../src/iso18626/index.ts';
import { createMailWorker } from '../../src/mail/mail-worker.ts';
import { createRequestServices } from '../../src/requests/request-services.ts';
import { createServices } from '../../src/server/services.ts';
import type { RequestCaller } from '../../src/requests/request.service.ts';
import { DEFAULT_MENU_CONFIG } from '../../src/workflow/action-menu.ts';
import { describeEachDatabase } from '../support/databases.ts';
import { insertLibrary, insertPartner, insertPatron, staffPrincipal } from '../support/request-factories.ts';
import type { IdempotencyClaim } from '../../src/idempotency/idempotency.ts';

const book = {
  type: 'book',
  serviceType: 'loan',
  title: 'The Name of the Rose',
  author: 'Umberto Eco',
} as const;

describeEachDatabase('the request write path', (database) => {
  const clock = new ManualClock('2026-11-25T09:00:00Z');
  const services = () =>
    createRequestServices(database.db, {
      clock,
      menuConfigs: () => ({ load: async () => DEFAULT_MENU_CONFIG }),
    });

  async function setup(options: { partners?: number; autoAdvance?: boolean } = {}) {
    const library = await insertLibrary(database.db, { auto_advance: options.autoAdvance ?? true });
    const partners = [];
    for (let index = 0; index < (options.partners ?? 2); index++) {
      partners.push(await insertPartner(database.db, library.id, { name: `Supplier ${index + 1}` }));
    }
    const patron = await insertPatron(database.db, library.id);
    const caller: RequestCaller = { kind: 'staff', principal: staffPrincipal(library.id) };
    return { library, partners, patron, caller };
  }

  async function historyOf(requestId: string) {
    return database.db
      .selectFrom('history')
      .selectAll()
      .where('request_id', '=', requestId)
      .orderBy('id')
      .execute();
  }

  it('creates a New request with its rota, a creation history row and a notice to the patron', async () => {
    const { caller, partners, patron } = await setup();
    const { body } = await services().requests.create(
      caller,
      { details: { ...book, patronId: patron.id }, rota: partners.map((partner) => partner.id) },
      null,
    );
    expect(body).toMatchObject({
      status: 'new',
      role: 'borrowing',
      backend: 'iso18626',
      patron: { id: patron.id },
    });
    expect(body.rota.map((entry) => entry.partner.id)).toEqual(partners.map((partner) => partner.id));
    expect(body.actions.map((action) => action.id)).toContain('confirm');
    expect((await historyOf(body.id)).map((row) => row.edge_id)).toEqual(['request/create']);
    const notices = await database.db
      .selectFrom('notice')
      .selectAll()
      .where('request_id', '=', body.id)
      .execute();
    expect(notices.map((notice) => notice.notice)).toEqual(['request-placed']);
  });

  it('confirms a request: the first supplier gets the request message, the expiry timer starts, all in one go', async () => {
    const { caller, partners } = await setup();
    const { body: created } = await services().requests.create(caller, { details: book }, null);
    const { body } = await services().requests.act(caller, created.id, { action: 'confirm' }, null);
    expect(body.status).toBe('requested');
    expect(body.rota[0]?.transaction?.state).toBe('pending');
    const outbox = await database.db
      .selectFrom('outbox_message')
      .selectAll()
      .where('request_id', '=', created.id)
      .execute();
    expect(outbox).toEqual([
      expect.objectContaining({
        message: 'request',
        sequence: 1,
        status: 'pending',
        partner_id: partners[0]?.id,
      }),
    ]);
    const timers = await database.db
      .selectFrom('timer')
      .selectAll()
      .where('request_id', '=', created.id)
      .execute();
    expect(timers.map((timer) => `${timer.machine}:${timer.name}`)).toEqual(['requester:expiry']);
    expect(timers[0]?.due_at.toISOString()).toBe('2026-12-02T09:00:00.000Z');
    expect(
      (await historyOf(created.id)).map((row) => `${row.machine}:${row.from_state}->${row.to_state}`),
    ).toEqual(['request:new->new', 'request:new->requested', 'requester:idle->pending']);
  });

  it('moves on along the rota when a supplier cannot supply, and reaches End of Rota after the last', async () => {
    const { caller, library } = await setup({ partners: 2 });
    const { requestWorkflow, requests } = services();
    const { body: created } = await requests.create(caller, { details: book }, null);
    await requests.act(caller, created.id, { action: 'confirm' }, null);
    const partnerActor = { kind: 'partner', id: null, name: 'Supplier 1' } as const;
    const unfilled = { trigger: 'message', message: 'answer-unfilled', data: { reason: 'NotHeld' } } as const;
    await requestWorkflow.apply({
      requestId: created.id,
      libraryId: library.id,
      target: { rotaIndex: 0 },
      event: unfilled,
      actor: partnerActor,
    });
    let page = await requests.detail(caller, created.id);
    expect(page.rota.map((entry) => entry.transaction?.state)).toEqual(['not_supplied', 'pending']);
    expect(page.status).toBe('requested');
    await requestWorkflow.apply({
      requestId: created.id,
      libraryId: library.id,
      target: { rotaIndex: 1 },
      event: unfilled,
      actor: partnerActor,
    });
    page = await requests.detail(caller, created.id);
    expect(page.status).toBe('end_of_rota');
    const notices = await database.db
      .selectFrom('notice')
      .select('notice')
      .where('request_id', '=', created.id)
      .execute();
    expect(notices.map((notice) => notice.notice)).toContain('request-unavailable');
  });

  it('refuses an action the workflow does not allow, with the current state, and writes nothing', async () => {
    const { caller } = await setup();
    const { body: created } = await services().requests.create(caller, { details: book }, null);
    const before = await historyOf(created.id);
    const refusal = await services()
      .requests.act(caller, created.id, { action: 'revert' }, null)
      .catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(TransitionRefusedError);
    expect((refusal as TransitionRefusedError).details).toMatchObject({
      current: { status: 'new', version: 1 },
    });
    expect(await historyOf(created.id)).toEqual(before);
  });

  it('names the missing field when an action lacks one, and writes nothing', async () => {
    const { caller } = await setup();
    const { body: created } = await services().requests.create(caller, { details: book }, null);
    const error = await services()
      .requests.act(caller, created.id, { action: 'add-private-note', data: {} }, null)
      .catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues).toEqual([expect.objectContaining({ field: 'body.data.note' })]);
    expect(await historyOf(created.id)).toHaveLength(1);
  });

  it('applies exactly one of two conflicting actions taken at the same moment; the other gets 409', async () => {
    const { caller } = await setup();
    const { body: created } = await services().requests.create(caller, { details: book }, null);
    const attempts = await Promise.allSettled([
      services().requests.act(caller, created.id, { action: 'confirm' }, null),
      services().requests.act(caller, created.id, { action: 'confirm' }, null),
      services().requests.act(caller, created.id, { action: 'delete' }, null),
    ]);
    const fulfilled = attempts.filter((attempt) => attempt.status === 'fulfilled');
    expect(fulfilled).toHaveLength(1);
    for (const attempt of attempts) {
      if (attempt.status === 'rejected') expect(attempt.reason).toBeInstanceOf(TransitionRefusedError);
    }
    const confirms = (await historyOf(created.id)).filter((row) => row.edge_id.includes('action:confirm'));
    expect(confirms.length).toBeLessThanOrEqual(1);
  });

  it('refuses a change made on a stale version with 409', async () => {
    const { caller } = await setup();
    const { body: created } = await services().requests.create(caller, { details: book }, null);
    await services().requests.act(
      caller,
      created.id,
      { action: 'add-private-note', data: { note: 'first' } },
      null,
    );
    const error = await services()
      .requests.act(
        caller,
        created.id,
        { action: 'add-private-note', data: { note: 'second' }, expectedVersion: 1 },
        null,
      )
      .catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(ConflictError);
  });

  it('replays the stored response for a repeated Idempotency-Key and applies the action once', async () => {
    const { caller } = await setup();
    const { body: created } = await services().requests.create(caller, { details: book }, null);
    const claim: IdempotencyClaim = {
      principal: 'staff:test',
      key: 'confirm-1',
      method: 'POST',
      path: '/x',
      requestHash: 'h1',
    };
    const [first, second] = await Promise.all([
      services().requests.act(caller, created.id, { action: 'confirm' }, claim),
      services().requests.act(caller, created.id, { action: 'confirm' }, claim),
    ]);
    expect([first.replayed, second.replayed].sort()).toEqual([false, true]);
    expect(second.body).toEqual(first.body);
    expect(
      (await historyOf(created.id)).filter((row) => row.edge_id.includes('action:confirm')),
    ).toHaveLength(1);
    const reused = await services()
      .requests.act(caller, created.id, { action: 'revert' }, { ...claim, requestHash: 'h2' })
      .catch((thrown: unknown) => thrown);
    expect(reused).toBeInstanceOf(ConflictError);
  });

  /** Every table of the database holding a row whose text mentions one of `needles`, with how many. */
  async function rowsMentioning(needles: readonly string[]): Promise<Record<string, number>> {
    const { rows: tables } = await sql<{ name: string }>`
      select table_name as name from information_schema.tables
       where table_schema = current_schema() and table_type = 'BASE TABLE'
       order by table_name`.execute(database.db);
    const found: Record<string, number> = {};
    for (const { name } of tables) {
      const matches = sql.join(
        needles.map((needle) => sql`strpos(t::text, ${needle}) > 0`),
        sql` or `,
      );
      const { rows } = await sql<{ count: string }>`
        select count(*) as count from ${sql.table(name)} as t where ${matches}`.execute(database.db);
      const count = Number(rows[0]?.count ?? 0);
      if (count > 0) found[name] = count;
    }
    return found;
  }

  /** The supplier's ISO 18626 answer that it cannot supply, to a transaction of a borrowing request. */
  function unfilled(
    library: { symbol: string },
    partner: { symbol: string },
    reference: string,
    note: string,
  ) {
    const agency = (symbol: string) => ({ agencyIdType: { value: 'ISIL' }, agencyIdValue: symbol });
    return emitIso18626({
      kind: 'supplyingAgencyMessage',
      header: {
        supplyingAgencyId: agency(partner.symbol),
        requestingAgencyId: agency(library.symbol),
        timestamp: clock.now().toISOString(),
        requestingAgencyRequestId: reference,
        supplyingAgencyRequestId: 'SUP-4711',
      },
      messageInfo: {
        reasonForMessage: 'RequestResponse',
        reasonUnfilled: { value: 'NotHeld' },
        note,
      },
      statusInfo: { status: 'Unfilled', lastChange: clock.now().toISOString() },
    });
  }

  it('deletes a request with everything recorded about it: no row anywhere keeps its id, title or reference', async () => {
    const { caller, partners, patron, library } = await setup({ partners: 1 });
    const all = createServices(database.db, { clock });
    const staff = caller as Extract<RequestCaller, { kind: 'staff' }>;
    const title = `Deleted without trace ${randomUUID()}`;
    const claim = (key: string, requestHash: string): IdempotencyClaim => ({
      principal: `staff:${randomUUID()}`,
      key,
      method: 'POST',
      path: '/api/requests',
      requestHash,
    });
    const { body: created } = await all.requests.create(
      staff,
      { details: { ...book, title, patronId: patron.id }, rota: partners.map((partner) => partner.id) },
      claim('create-1', 'h-create'),
    );
    await all.requests.act(staff, created.id, { action: 'confirm' }, claim('confirm-1', 'h-confirm'));
    await all.requests.act(
      staff,
      created.id,
      { action: 'add-private-note', data: { note: `About ${title}` } },
      null,
    );
    const reference = (
      await database.db
        .selectFrom('transaction')
        .select('local_reference')
        .where('request_id', '=', created.id)
        .executeTakeFirstOrThrow()
    ).local_reference as string;
    const answer = await all.inbound.receive(
      unfilled(library, partners[0]!, reference, `${title} is not in our collection`),
      {},
    );
    expect(answer.body).not.toContain('ERROR');
    // Nobody else to ask: End of rota, then reverted, from where Koha deletes.
    const { body: reverted } = await all.requests.act(staff, created.id, { action: 'revert' }, null);
    expect(reverted.status).toBe('reverted');
    const round = await createMailWorker(database.db, { clock, smtp: { server: null } }).runOnce();
    expect(round.noticesRendered).toBeGreaterThan(0);

    // Its id, its title, and the reference its messages carry.
    const traces = [created.id, title, reference];
    const before = await rowsMentioning(traces);
    expect(Object.keys(before)).toEqual(
      expect.arrayContaining([
        'request',
        'history',
        'note',
        'outbox_message',
        'notice',
        'mail',
        'inbound_message',
        'idempotency_key',
      ]),
    );

    await all.requests.remove(staff, created.id);
    expect(await rowsMentioning(traces)).toEqual({});
  });

  it('still applies a partner’s message to an existing request once the library’s ILL module is off', async () => {
    const { caller, partners, library } = await setup({ partners: 1 });
    const all = createServices(database.db, { clock });
    const { body: created } = await all.requests.create(
      caller,
      { details: book, rota: partners.map((partner) => partner.id) },
      null,
    );
    await all.requests.act(caller, created.id, { action: 'confirm' }, null);
    await database.db
      .updateTable('library')
      .set({ ill_module_enabled: false })
      .where('id', '=', library.id)
      .execute();
    const refused = await all.requests
      .create(caller, { details: book }, null)
      .catch((thrown: unknown) => thrown);
    expect(refused).toMatchObject({ code: 'forbidden', details: { reason: 'ill_module_off' } });

    const reference = (
      await database.db
        .selectFrom('transaction')
        .select('local_reference')
        .where('request_id', '=', created.id)
        .executeTakeFirstOrThrow()
    ).local_reference as string;
    const answer = await all.inbound.receive(unfilled(library, partners[0]!, reference, 'Not held here'), {});
    expect(answer.body).not.toContain('ERROR');
    const page = await all.requests.detail(caller, created.id);
    expect(page.status).toBe('end_of_rota');
    expect(page.rota[0]?.transaction?.state).toBe('not_supplied');
  });

  it('keeps the history append-only: the database refuses to change a history row', async () => {
    const { caller } = await setup();
    const { body: created } = await services().requests.create(caller, { details: book }, null);
    await expect(
      sql`update history set actor_name = 'someone else' where request_id = ${created.id}`.execute(
        database.db,
      ),
    ).rejects.toThrow(/append-only/);
  });

  it('refuses to delete history rows, or to empty the table, while their request exists', async () => {
    const { caller } = await setup();
    const { body: created } = await services().requests.create(caller, { details: book }, null);
    await expect(
      sql`delete from history where request_id = ${created.id}`.execute(database.db),
    ).rejects.toThrow(/kept until their request is deleted/);
    await expect(sql`truncate history`.execute(database.db)).rejects.toThrow(
      /kept until their request is deleted/,
    );
    expect(await historyOf(created.id)).toHaveLength(1);

    await services().requests.remove(caller as Extract<RequestCaller, { kind: 'staff' }>, created.id);
    expect(await historyOf(created.id)).toEqual([]);
  });

  it('records an incoming request as a lending request In Process and ships it with a loan message', async () => {
    const { library } = await setup();
    const borrower = await insertPartner(database.db, library.id, { name: 'Borrowing library' });
    const { requests } = services();
    const lendingId = await requests.recordIncomingRequest(
      {
        libraryId: library.id,
        partnerId: borrower.id,
        partnerRequestId: 'ILL-77',
        details: book,
        needBefore: '2027-01-10',
      },
      { kind: 'partner', id: borrower.id, name: borrower.name },
    );
    const caller: RequestCaller = { kind: 'staff', principal: staffPrincipal(library.id) };
    let page = await requests.detail(caller, lendingId);
    expect(page).toMatchObject({
      role: 'lending',
      partnerRequestId: 'ILL-77',
      menuStatus: 'responder:in_process',
    });
    expect(page.actions.map((action) => action.id)).toEqual(
      expect.arrayContaining(['answer-will-supply', 'shipped', 'answer-nonsupply']),
    );
    page = (
      await requests.act(
        caller,
        lendingId,
        { action: 'shipped', data: { serviceType: 'loan', dueDate: '2027-01-31' } },
        null,
      )
    ).body;
    expect(page.rota[0]?.transaction).toMatchObject({
      state: 'shipped',
      dueDate: '2027-01-31',
      shippedServiceType: 'loan',
    });
    const outbox = await database.db
      .selectFrom('outbox_message')
      .select(['message', 'sequence'])
      .where('request_id', '=', lendingId)
      .execute();
    expect(outbox).toEqual([{ message: 'shipped', sequence: 1 }]);
    const timers = await database.db
      .selectFrom('timer')
      .select(['machine', 'name'])
      .where('request_id', '=', lendingId)
      .execute();
    expect(timers).toEqual([{ machine: 'responder', name: 'due-date' }]);
  });
});
