/**
 * Requests in every borrower and lender state, made through the real request services and the
 * workflow write path (staff actions and partner messages), for the list, search and queue tests.
 */
import { sql, type Kysely } from 'kysely';
import type { ManualClock } from '../../src/clock.ts';
import type { Database, Partner } from '../../src/db/schema.ts';
import type { NewRequestDetails } from '../../src/requests/request-details.ts';
import { createRequestServices } from '../../src/requests/request-services.ts';
import type { RequestCaller } from '../../src/requests/request.service.ts';
import type { ActorRef } from '../../src/requests/request-workflow.service.ts';
import { DEFAULT_MENU_CONFIG } from '../../src/workflow/action-menu.ts';
import type { AttentionReason } from '../../src/workflow/attention.ts';
import type { EventData, WorkflowEvent } from '../../src/workflow/model.ts';
import {
  insertLibrary,
  insertPartner,
  insertPatron,
  patronPrincipal,
  staffPrincipal,
} from '../support/request-factories.ts';

export const BORROWING_SCENARIOS = [
  'new',
  'cancellation_requested',
  'pending',
  'conditional',
  'cancel_pending',
  'shipped',
  'received',
  'renew_pending',
  'overdue',
  'not_received_overdue',
  'renew_overdue',
  'recall',
  'returned',
  'end_of_rota',
  'not_supplied',
  'terminated',
  'completed',
] as const;
export type BorrowingScenario = (typeof BORROWING_SCENARIOS)[number];

export const LENDING_SCENARIOS = [
  'new',
  'will_supply',
  'hold_placed',
  'conditional',
  'conditional_accepted',
  'cancel_requested',
  'shipped',
  'renewal_requested',
  'overdue',
  'returned',
  'not_supplied',
  'completed',
] as const;
export type LendingScenario = (typeof LENDING_SCENARIOS)[number];

const book: NewRequestDetails = { type: 'book', serviceType: 'loan', title: 'The Name of the Rose' };

/** A library with two ISO 18626 suppliers, a patron, and staff acting for it. */
export interface TestLibrary {
  readonly id: string;
  readonly partners: readonly Partner[];
  readonly patron: { id: string; name: string; card_number: string };
  readonly caller: Extract<RequestCaller, { kind: 'staff' }>;
}

export function requestScenarios(db: Kysely<Database>, clock: ManualClock) {
  const { requests, requestWorkflow } = createRequestServices(db, {
    clock,
    menuConfigs: () => ({ load: async () => DEFAULT_MENU_CONFIG }),
  });

  async function library(options: { autoAdvance?: boolean; patronName?: string } = {}): Promise<TestLibrary> {
    const row = await insertLibrary(db, { auto_advance: options.autoAdvance ?? true });
    const partners = [
      await insertPartner(db, row.id, { name: 'Northern Supplier' }),
      await insertPartner(db, row.id, { name: 'Southern Supplier' }),
    ];
    const patron = await insertPatron(db, row.id, options.patronName ?? 'Ada Reader');
    return { id: row.id, partners, patron, caller: { kind: 'staff', principal: staffPrincipal(row.id) } };
  }

  /** Staff of `lib` take an action; returns the request's page the action answers with. */
  const act = async (
    lib: TestLibrary,
    id: string,
    action: string,
    data?: EventData,
    rotaPosition?: number,
  ) => {
    const { body } = await requests.act(
      lib.caller,
      id,
      {
        action: action as never,
        ...(data !== undefined ? { data: data as never } : {}),
        ...(rotaPosition !== undefined ? { rotaPosition } : {}),
      },
      null,
    );
    return body;
  };

  const message = async (
    lib: TestLibrary,
    id: string,
    rotaIndex: number | null,
    name: string,
    data: EventData = {},
  ) => {
    const actor: ActorRef = { kind: 'partner', id: null, name: 'Partner library' };
    await requestWorkflow.apply({
      requestId: id,
      libraryId: lib.id,
      target: rotaIndex === null ? null : { rotaIndex },
      event: { trigger: 'message', message: name, data } as WorkflowEvent,
      actor,
    });
  };

  /**
   * A borrowing request brought to a scenario. Its rota is both suppliers, or only the first for
   * End of Rota; Not Supplied needs a library without automatic advance.
   */
  async function borrowing(
    lib: TestLibrary,
    scenario: BorrowingScenario,
    details: Partial<NewRequestDetails> = {},
  ): Promise<string> {
    const rota =
      scenario === 'end_of_rota' ? [lib.partners[0]!.id] : lib.partners.map((partner) => partner.id);
    const { body } = await requests.create(
      lib.caller,
      { details: { ...book, patronId: lib.patron.id, ...details } as NewRequestDetails, rota },
      null,
    );
    const id = body.id;
    const shipped = async () => {
      await act(lib, id, 'confirm');
      await message(lib, id, 0, 'shipped', { serviceType: 'loan', dueDate: '2026-12-20' });
    };
    switch (scenario) {
      case 'new':
        break;
      case 'cancellation_requested':
        // The patron asks to cancel from the OPAC.
        await requests.act(
          { kind: 'patron', principal: patronPrincipal(lib.id, lib.patron.id) },
          id,
          { action: 'request-cancellation' },
          null,
        );
        break;
      case 'terminated':
        await act(lib, id, 'terminate-request');
        break;
      case 'pending':
        await act(lib, id, 'confirm');
        break;
      case 'conditional':
        await act(lib, id, 'confirm');
        await message(lib, id, 0, 'answer-conditional', { conditions: 'Library use only' });
        break;
      case 'cancel_pending':
        await act(lib, id, 'confirm');
        await act(lib, id, 'cancel', undefined, 0);
        break;
      case 'end_of_rota':
      case 'not_supplied':
        await act(lib, id, 'confirm');
        await message(lib, id, 0, 'answer-unfilled', { reason: 'NotHeld' } as EventData);
        break;
      case 'shipped':
        await shipped();
        break;
      case 'not_received_overdue':
        await shipped();
        await message(lib, id, 0, 'overdue');
        break;
      case 'received':
      case 'renew_pending':
      case 'renew_overdue':
      case 'overdue':
      case 'recall':
      case 'returned':
      case 'completed':
        await shipped();
        await act(lib, id, 'received', undefined, 0);
        if (scenario === 'renew_pending' || scenario === 'renew_overdue')
          await act(lib, id, 'renew', undefined, 0);
        if (scenario === 'renew_overdue' || scenario === 'overdue') await message(lib, id, 0, 'overdue');
        if (scenario === 'recall') await message(lib, id, 0, 'recall');
        if (scenario === 'returned' || scenario === 'completed') await act(lib, id, 'returned', undefined, 0);
        if (scenario === 'completed') {
          await message(lib, id, 0, 'checked-in');
          await act(lib, id, 'complete');
        }
        break;
    }
    return id;
  }

  let partnerRequests = 0;

  /** A lending request of the library from its first partner, brought to a scenario. */
  async function lending(
    lib: TestLibrary,
    scenario: LendingScenario,
    details: Partial<NewRequestDetails> = {},
  ): Promise<string> {
    const borrower = lib.partners[0]!;
    const id = await requests.recordIncomingRequest(
      {
        libraryId: lib.id,
        partnerId: borrower.id,
        partnerRequestId: `THEIRS-${++partnerRequests}`,
        details: { ...book, ...details } as NewRequestDetails,
      },
      { kind: 'partner', id: borrower.id, name: borrower.name },
    );
    const ship = (dueDate: string) => act(lib, id, 'shipped', { serviceType: 'loan', dueDate });
    switch (scenario) {
      case 'new':
        break;
      case 'will_supply':
        await act(lib, id, 'answer-will-supply');
        break;
      case 'hold_placed':
        await act(lib, id, 'answer-hold');
        break;
      case 'conditional':
        await act(lib, id, 'answer-conditional', { conditions: 'Library use only' });
        break;
      case 'conditional_accepted':
        await act(lib, id, 'answer-conditional', { conditions: 'Library use only' });
        await message(lib, id, null, 'conditional-reply-yes');
        break;
      case 'cancel_requested':
        await message(lib, id, null, 'cancel');
        break;
      case 'not_supplied':
        await act(lib, id, 'answer-nonsupply', { reason: 'NotHeld' } as EventData);
        break;
      case 'shipped':
        await ship('2026-12-20');
        break;
      case 'renewal_requested':
        await ship('2026-12-20');
        await message(lib, id, null, 'renew');
        break;
      case 'overdue':
        // Due yesterday by the test clock (2026-11-25).
        await ship('2026-11-24');
        break;
      case 'returned':
        await ship('2026-12-20');
        await message(lib, id, null, 'returned');
        break;
      case 'completed':
        await ship('2026-12-20');
        await message(lib, id, null, 'returned');
        await act(lib, id, 'checked-in');
        await act(lib, id, 'complete');
        break;
    }
    return id;
  }

  /** Mark every message of the library as delivered, as the delivery worker would. */
  async function deliverAll(lib: TestLibrary): Promise<void> {
    await sql`update outbox_message o set status = 'sent', sent_at = now()
               from request r where r.id = o.request_id and r.library_id = ${lib.id}`.execute(db);
  }

  /** Make the last message of a request fail to be delivered. */
  async function failDelivery(requestId: string): Promise<void> {
    await sql`update outbox_message set status = 'failed', attempts = 3, last_error = 'connection refused'
               where id = (select max(id) from outbox_message where request_id = ${requestId})`.execute(db);
  }

  /**
   * Flag a request as needing attention. The ISO 18626 intake sets it when a partner's message cannot
   * be applied; no staff action does, so the tests write it directly.
   */
  async function needAttention(
    requestId: string,
    why: AttentionReason = {
      code: 'partner_message_refused',
      params: {
        partner: 'ILN-SUPPLIER',
        message: 'StatusChange Loaned',
        event: 'shipped',
        role: 'requester',
        state: 'cancelled',
        refusal: 'not_allowed_in_state',
        rule: 'G2 state-transition-prohibited',
      },
    },
  ): Promise<void> {
    await db
      .updateTable('request')
      .set({ attention: JSON.stringify(why) })
      .where('id', '=', requestId)
      .execute();
  }

  return {
    services: { requests, requestWorkflow },
    library,
    borrowing,
    lending,
    deliverAll,
    failDelivery,
    needAttention,
    act,
    message,
  };
}
