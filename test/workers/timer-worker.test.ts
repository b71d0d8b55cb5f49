/**
 * Durable timers fire through the single write path, once each, in simulated time: the borrower's
 * expiry cancels an unanswered request, a Cancel the supplier never answers is given up, and the rota
 * moves on; stale timers are discarded.
 */
import { expect, it } from 'vitest';
import { ManualClock } from '../../src/clock.ts';
import { unitOfWork } from '../../src/db/unit-of-work.ts';
import { createRequestServices } from '../../src/requests/request-services.ts';
import { RequestRepository } from '../../src/requests/request.repository.ts';
import type { RequestCaller } from '../../src/requests/request.service.ts';
import { DEFAULT_MENU_CONFIG } from '../../src/workflow/action-menu.ts';
import { TimerRepository } from '../../src/workers/timer.repository.ts';
import { TimerWorker } from '../../src/workers/timer-worker.ts';
import { describeEachDatabase } from '../support/databases.ts';
import { insertLibrary, insertPartner, staffPrincipal } from '../support/request-factories.ts';

const DAY = 24 * 60 * 60 * 1000;
const book = { type: 'book', serviceType: 'loan', title: 'Middlemarch', needBefore: '2027-03-01' } as const;

describeEachDatabase('the timer worker', (database) => {
  function wire(clock: ManualClock) {
    const services = createRequestServices(database.db, {
      clock,
      menuConfigs: () => ({ load: async () => DEFAULT_MENU_CONFIG }),
    });
    const worker = new TimerWorker(
      unitOfWork(database.db, (trx) => ({
        requests: new RequestRepository(trx),
        menuConfigs: { load: async () => DEFAULT_MENU_CONFIG },
        timers: new TimerRepository(trx),
      })),
      services.requestWorkflow,
      clock,
    );
    return { ...services, worker };
  }

  async function confirmedRequest(clock: ManualClock, protocol: 'iso18626' | 'email') {
    const library = await insertLibrary(database.db, { enabled_backends: ['iso18626', 'email', 'manual'] });
    const first = await insertPartner(database.db, library.id, {
      protocol,
      days_to_respond: 5,
      name: 'A first supplier',
    });
    const second = await insertPartner(database.db, library.id, {
      protocol,
      days_to_respond: 5,
      name: 'B second supplier',
    });
    const caller: RequestCaller = { kind: 'staff', principal: staffPrincipal(library.id) };
    const { requests } = wire(clock);
    const { body } = await requests.create(
      caller,
      { details: book, backend: protocol, rota: [first.id, second.id] },
      null,
    );
    await requests.act(caller, body.id, { action: 'confirm' }, null);
    return { caller, requestId: body.id };
  }

  it('does nothing before a timer is due', async () => {
    const clock = new ManualClock();
    await confirmedRequest(clock, 'iso18626');
    clock.advance(4 * DAY);
    expect(await wire(clock).worker.runDue()).toBe(0);
  });

  it('cancels an ISO 18626 request the supplier has not answered in its days to respond', async () => {
    const clock = new ManualClock();
    const { caller, requestId } = await confirmedRequest(clock, 'iso18626');
    clock.advance(5 * DAY + 1000);
    const { worker, requests } = wire(clock);
    expect(await worker.runDue()).toBeGreaterThanOrEqual(1);
    const page = await requests.detail(caller, requestId);
    expect(page.rota[0]?.transaction?.state).toBe('cancel_pending');
    const last = page.history.at(-1);
    expect(last).toMatchObject({
      actor: { kind: 'timer' },
      event: { kind: 'timer', name: 'expiry' },
      to: 'cancel_pending',
    });
    const outbox = await database.db
      .selectFrom('outbox_message')
      .select('message')
      .where('request_id', '=', requestId)
      .orderBy('id')
      .execute();
    expect(outbox.map((row) => row.message)).toEqual(['request', 'cancel']);
  });

  it('cancels an email supplier at once on expiry and sends the request on to the next one', async () => {
    const clock = new ManualClock();
    const { caller, requestId } = await confirmedRequest(clock, 'email');
    clock.advance(5 * DAY + 1000);
    const { worker, requests } = wire(clock);
    await worker.runDue();
    const page = await requests.detail(caller, requestId);
    expect(page.rota.map((entry) => entry.transaction?.state)).toEqual(['cancelled', 'pending']);
    const timers = await database.db
      .selectFrom('timer')
      .select(['rota_position', 'name'])
      .where('request_id', '=', requestId)
      .execute();
    expect(timers).toContainEqual({ rota_position: 1, name: 'expiry' });
  });

  it('gives up a transaction whose supplier never answers the Cancel, flags it, and sends the request to the next supplier', async () => {
    const clock = new ManualClock();
    const { caller, requestId } = await confirmedRequest(clock, 'iso18626');
    clock.advance(5 * DAY + 1000);
    await wire(clock).worker.runDue();
    const armed = await database.db
      .selectFrom('timer')
      .select(['rota_position', 'name', 'due_at'])
      .where('request_id', '=', requestId)
      .where('name', '=', 'cancel-reply')
      .executeTakeFirstOrThrow();
    expect(armed).toEqual({
      rota_position: 0,
      name: 'cancel-reply',
      due_at: new Date(clock.now().getTime() + 5 * DAY),
    });

    // Other tests' requests share the database and the timer table: count this request's changes only.
    clock.advance(4 * DAY);
    const { worker, requests } = wire(clock);
    await worker.runDue();
    expect((await requests.detail(caller, requestId)).rota[0]?.transaction?.state).toBe('cancel_pending');
    clock.advance(DAY);
    expect(await worker.runDue()).toBeGreaterThanOrEqual(1);
    const page = await requests.detail(caller, requestId);
    expect(page.rota.map((entry) => entry.transaction?.state)).toEqual(['cancelled', 'pending']);
    expect(page.status).toBe('requested');
    expect(page.attention).toEqual({ code: 'cancellation_given_up', params: { days: 5 } });
    expect(page.rota[0]?.transaction?.attention).toEqual(page.attention);
    expect(page.rota[1]?.transaction?.attention).toBeNull();
    expect(page.history.find((entry) => entry.event.name === 'cancel-reply')).toMatchObject({
      actor: { kind: 'timer' },
      event: { kind: 'timer', name: 'cancel-reply' },
      from: 'cancel_pending',
      to: 'cancelled',
    });
    const outbox = await database.db
      .selectFrom('outbox_message')
      .select(['message', 'transaction_id'])
      .where('request_id', '=', requestId)
      .orderBy('id')
      .execute();
    expect(outbox.map((row) => row.message)).toEqual(['request', 'cancel', 'request']);
    const timers = await database.db
      .selectFrom('timer')
      .select(['rota_position', 'name'])
      .where('request_id', '=', requestId)
      .execute();
    expect(timers).not.toContainEqual(expect.objectContaining({ name: 'cancel-reply' }));
    expect(timers).toContainEqual({ rota_position: 1, name: 'expiry' });
  });

  it('records a late answer from a given-up supplier, flags a late refusal and refuses a late shipment, without touching the next supplier', async () => {
    const clock = new ManualClock();
    const { caller, requestId } = await confirmedRequest(clock, 'iso18626');
    clock.advance(5 * DAY + 1000);
    await wire(clock).worker.runDue();
    clock.advance(5 * DAY + 1000);
    const { worker, requests, requestWorkflow } = wire(clock);
    await worker.runDue();
    const library = (
      await database.db
        .selectFrom('request')
        .select('library_id')
        .where('id', '=', requestId)
        .executeTakeFirstOrThrow()
    ).library_id;
    const partnerSays = (message: 'cancel-reply-yes' | 'cancel-reply-no' | 'shipped') =>
      requestWorkflow.apply({
        requestId,
        libraryId: library,
        target: { rotaIndex: 0 },
        event: {
          trigger: 'message',
          message,
          data: message === 'shipped' ? { serviceType: 'loan', dueDate: '2027-01-31' } : {},
        },
        actor: { kind: 'partner', id: null, name: 'A first supplier' },
      });

    await database.db.updateTable('request').set({ attention: null }).where('id', '=', requestId).execute();
    await database.db
      .updateTable('transaction')
      .set({ attention: null })
      .where('request_id', '=', requestId)
      .execute();
    const agreed = await partnerSays('cancel-reply-yes');
    expect(agreed.transitions).toMatchObject([{ from: 'cancelled', to: 'cancelled' }]);
    expect((await requests.detail(caller, requestId)).attention).toBeNull();

    await partnerSays('cancel-reply-no');
    const flagged = await requests.detail(caller, requestId);
    expect(flagged.attention).toEqual({ code: 'cancel_refused_after_end', params: {} });
    expect(flagged.rota.map((entry) => entry.transaction?.state)).toEqual(['cancelled', 'pending']);

    await expect(partnerSays('shipped')).rejects.toMatchObject({
      name: 'TransitionRefusedError',
      details: { refusal: { code: 'not_allowed_in_state', rule: 'G2 state-transition-prohibited' } },
    });
    const after = await requests.detail(caller, requestId);
    expect(after.version).toBe(flagged.version);
    expect(after.rota.map((entry) => entry.transaction?.state)).toEqual(['cancelled', 'pending']);
  });

  it('fires each timer once when two workers run at the same moment', async () => {
    const clock = new ManualClock();
    const { requestId } = await confirmedRequest(clock, 'iso18626');
    clock.advance(5 * DAY + 1000);
    const one = wire(clock).worker;
    const two = wire(clock).worker;
    await Promise.all([one.runDue(), two.runDue()]);
    const fired = await database.db
      .selectFrom('history')
      .select('id')
      .where('request_id', '=', requestId)
      .where('event_kind', '=', 'timer')
      .execute();
    expect(fired).toHaveLength(1);
  });

  it('discards a timer the request no longer reacts to, changing nothing', async () => {
    const clock = new ManualClock();
    const { requestId } = await confirmedRequest(clock, 'iso18626');
    await database.db
      .insertInto('timer')
      .values({
        request_id: requestId,
        rota_position: 0,
        machine: 'requester',
        name: 'conditional-reply',
        due_at: clock.now(),
      })
      .execute();
    const before = await database.db
      .selectFrom('history')
      .select('id')
      .where('request_id', '=', requestId)
      .execute();
    expect(await wire(clock).worker.runDue()).toBe(1);
    const after = await database.db
      .selectFrom('history')
      .select('id')
      .where('request_id', '=', requestId)
      .execute();
    expect(after).toHaveLength(before.length);
    const left = await database.db
      .selectFrom('timer')
      .select('name')
      .where('request_id', '=', requestId)
      .execute();
    expect(left.map((row) => row.name).sort()).toEqual(['expiry', 'need-before']);
  });

  it('terminates a request whose need-before date passes with nothing shipped, and tells the patron', async () => {
    const clock = new ManualClock();
    const { caller, requestId } = await confirmedRequest(clock, 'iso18626');
    clock.set('2027-03-02T00:00:01Z');
    const { worker, requests } = wire(clock);
    await worker.runDue();
    const page = await requests.detail(caller, requestId);
    expect(page.status).toBe('terminated');
    const notices = await database.db
      .selectFrom('notice')
      .select('notice')
      .where('request_id', '=', requestId)
      .execute();
    expect(notices.map((row) => row.notice)).toContain('request-unavailable');
  });
});
