/**
 * Every refusal the texts imply: actions not valid in a state (G1), messages not valid in a state
 * (G2, state-transition-prohibited), and the specific rules of the VDX and Koha texts. A refusal
 * changes nothing: the engine returns no snapshot and the input is never modified.
 */
import { describe, expect, it } from 'vitest';
import { ACTION_IDS, ACTIONS } from './actions.ts';
import type { ActionId } from './actions.ts';
import { decide } from './engine.ts';
import type { Decision, EventData, Target, WorkflowEvent, WorkflowSnapshot } from './model.ts';
import { TRANSITIONS } from './transitions.ts';
import {
  borrowing,
  entry,
  lending,
  NOW,
  partner,
  requesterTx,
  responderTx,
  validActionData,
} from './testing/fixtures.ts';
import { MESSAGES, REQUEST_STATUSES, REQUESTER_STATES, RESPONDER_STATES } from './vocabulary.ts';
import type { Machine, RequesterState, ResponderState } from './vocabulary.ts';

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

function act(action: ActionId, data: EventData = {}, actor: 'staff' | 'patron' = 'staff'): WorkflowEvent {
  return { trigger: 'action', action, actor, data };
}

function refusalOf(
  snapshot: WorkflowSnapshot,
  target: Target,
  event: WorkflowEvent,
): Extract<Decision, { ok: false }>['refusal'] {
  const decision = decide(deepFreeze(snapshot), target, event, { now: NOW });
  if (decision.ok)
    throw new Error(`expected a refusal, got ${decision.transitions.map((t) => t.edgeId).join(', ')}`);
  expect(decision.refusal.message.length).toBeGreaterThan(0);
  expect(decision.refusal.rule.length).toBeGreaterThan(0);
  return decision.refusal;
}

function hasEdge(machine: Machine, state: string, key: { action?: ActionId; message?: string }): boolean {
  return TRANSITIONS.some(
    (edge) =>
      edge.machine === machine &&
      edge.from.includes(state as never) &&
      (('action' in edge.on && edge.on.action === key.action) ||
        ('message' in edge.on && edge.on.message === key.message)),
  );
}

function partyOf(action: ActionId): readonly Machine[] {
  const party = ACTIONS[action].party;
  return party === 'both'
    ? ['request', 'requester', 'responder']
    : party === 'requester'
      ? ['request', 'requester']
      : ['responder'];
}

describe('actions not valid in a state (G1)', () => {
  for (const status of REQUEST_STATUSES) {
    it(`refuses at request status ${status} every request-level action the table does not offer there`, () => {
      const snapshot = borrowing({ status, rota: [entry(null)] });
      for (const action of ACTION_IDS) {
        if (!partyOf(action).includes('request') || hasEdge('request', status, { action })) continue;
        const refusal = refusalOf(snapshot, null, act(action, validActionData(action)));
        expect({ action, code: refusal.code }).toEqual({ action, code: 'not_allowed_in_state' });
      }
    });
  }
  for (const state of REQUESTER_STATES.filter((s) => s !== 'idle')) {
    it(`refuses at borrower state ${state} every transaction action the table does not offer there`, () => {
      const tx = requesterTx(state);
      const snapshot = borrowing({ status: 'requested', rota: [{ partner: tx.partner, transaction: tx }] });
      for (const action of ACTION_IDS) {
        if (!partyOf(action).includes('requester') || hasEdge('requester', state, { action })) continue;
        const refusal = refusalOf(snapshot, { rotaIndex: 0 }, act(action, validActionData(action, tx)));
        expect({ action, code: refusal.code }).toEqual({ action, code: 'not_allowed_in_state' });
        expect(refusal.rule).toBe('G1 not valid in this state');
      }
    });
  }
  for (const state of RESPONDER_STATES.filter((s) => s !== 'idle')) {
    it(`refuses at lender state ${state} every action the table does not offer there`, () => {
      const tx = responderTx(state);
      for (const action of ACTION_IDS) {
        if (!partyOf(action).includes('responder') || hasEdge('responder', state, { action })) continue;
        const refusal = refusalOf(lending(tx), null, act(action, validActionData(action, tx)));
        expect({ action, code: refusal.code }).toEqual({ action, code: 'not_allowed_in_state' });
      }
    });
  }
});

describe('messages not valid in a state (G2, state-transition-prohibited)', () => {
  for (const state of REQUESTER_STATES) {
    it(`answers every message the borrower at ${state} cannot apply with state-transition-prohibited`, () => {
      const tx = requesterTx(state as RequesterState);
      const snapshot = borrowing({ status: 'requested', rota: [{ partner: tx.partner, transaction: tx }] });
      for (const message of MESSAGES) {
        if (hasEdge('requester', state, { message })) continue;
        const refusal = refusalOf(snapshot, { rotaIndex: 0 }, { trigger: 'message', message, data: {} });
        expect({ message, rule: refusal.rule }).toEqual({ message, rule: 'G2 state-transition-prohibited' });
      }
    });
  }
  for (const state of RESPONDER_STATES) {
    it(`answers every message the lender at ${state} cannot apply with state-transition-prohibited`, () => {
      const tx = responderTx(state as ResponderState);
      for (const message of MESSAGES) {
        if (hasEdge('responder', state, { message })) continue;
        const refusal = refusalOf(lending(tx), null, { trigger: 'message', message, data: {} });
        expect({ message, rule: refusal.rule }).toEqual({ message, rule: 'G2 state-transition-prohibited' });
      }
    });
  }
});

describe('the rules of the VDX text', () => {
  it('refuses Answer Hold when the borrower set Can Hold to No', () => {
    const refusal = refusalOf(
      lending(responderTx('in_process', partner(), { canHold: 'no' })),
      null,
      act('answer-hold'),
    );
    expect(refusal).toMatchObject({ code: 'guard_failed', rule: 'canHoldNotRefused' });
  });

  it('offers Answer Hold when the borrower left Can Hold to the lender’s policy', () => {
    const decision = decide(
      lending(responderTx('in_process', partner(), { canHold: 'policy' })),
      null,
      act('answer-hold'),
      { now: NOW },
    );
    expect(decision.ok).toBe(true);
  });

  for (const action of ['renew', 'returned'] as const) {
    it(`refuses ${ACTIONS[action].vdxName} on a copy: only available when the shipped service type is Loan`, () => {
      const tx = requesterTx('received', partner(), { shippedServiceType: 'copy' });
      const refusal = refusalOf(
        borrowing({ status: 'requested', rota: [{ partner: tx.partner, transaction: tx }] }),
        { rotaIndex: 0 },
        act(action),
      );
      expect(refusal).toMatchObject({ code: 'guard_failed', rule: 'loan-only' });
    });
  }

  for (const action of ['overdue', 'recall', 'checked-in'] as const) {
    it(`refuses the lender’s ${ACTIONS[action].vdxName} on a copy, whose transaction ended at Shipped`, () => {
      const refusal = refusalOf(
        lending(responderTx('shipped', partner(), { shippedServiceType: 'copy' })),
        null,
        act(action),
      );
      expect(refusal).toMatchObject({ code: 'guard_failed', rule: 'loan-only' });
    });
  }

  it('refuses Unreceive with an ISO 18626 partner: the protocol has no undo', () => {
    const tx = requesterTx('received', partner('iso18626', { undoAllowed: true }));
    const refusal = refusalOf(
      borrowing({ status: 'requested', rota: [{ partner: tx.partner, transaction: tx }] }),
      { rotaIndex: 0 },
      act('unreceive'),
    );
    expect(refusal.code).toBe('protocol_not_supported');
  });

  it('refuses Unreceive where the partner does not allow undo', () => {
    const tx = requesterTx('received', partner('email', { undoAllowed: false }));
    const refusal = refusalOf(
      borrowing({ status: 'requested', rota: [{ partner: tx.partner, transaction: tx }] }),
      { rotaIndex: 0 },
      act('unreceive'),
    );
    expect(refusal).toMatchObject({ code: 'guard_failed', rule: 'partnerAllowsUndo' });
  });

  it('undoes an accidental Received back to Shipped where the email partner allows undo', () => {
    const tx = requesterTx('received', partner('email', { undoAllowed: true }));
    const decision = decide(
      borrowing({ status: 'requested', rota: [{ partner: tx.partner, transaction: tx }] }),
      { rotaIndex: 0 },
      act('unreceive'),
      { now: NOW },
    );
    expect(decision.ok && decision.transitions[0]?.to).toBe('shipped');
  });

  it('refuses Unshipped unless the partner allows undo and is not an ISO 18626 partner', () => {
    expect(refusalOf(lending(responderTx('shipped', partner('manual'))), null, act('unshipped')).rule).toBe(
      'partnerAllowsUndo',
    );
    expect(
      refusalOf(
        lending(responderTx('shipped', partner('iso18626', { undoAllowed: true }))),
        null,
        act('unshipped'),
      ).code,
    ).toBe('protocol_not_supported');
  });

  it('refuses Unshipped on a shipped copy, whose transaction Shipped ended for the lender', () => {
    const copy = responderTx('shipped', partner('email', { undoAllowed: true }), {
      shippedServiceType: 'copy',
    });
    expect(refusalOf(lending(copy), null, act('unshipped'))).toMatchObject({
      code: 'guard_failed',
      rule: 'loan-only',
    });
    const loan = responderTx('shipped', partner('email', { undoAllowed: true }));
    const decision = decide(lending(loan), null, act('unshipped'), { now: NOW });
    expect(decision.ok && decision.transitions[0]?.to).toBe('in_process');
  });

  it('records the cost Informed Shipped takes on behalf of an email supplier, as the Shipped it stands in for', () => {
    const tx = requesterTx('pending', partner('email'));
    const request = borrowing({ status: 'requested', rota: [{ partner: tx.partner, transaction: tx }] });
    const cost = { amount: '7.50', currency: 'GBP' };
    const decision = decide(
      request,
      { rotaIndex: 0 },
      act('informed-shipped', { ...validActionData('informed-shipped'), cost }),
      { now: NOW },
    );
    if (!decision.ok) throw new Error(decision.refusal.message);
    expect(decision.snapshot.kind === 'borrowing' && decision.snapshot.rota[0]?.transaction?.cost).toEqual(
      cost,
    );
    const refusal = refusalOf(
      request,
      { rotaIndex: 0 },
      act('informed-shipped', {
        ...validActionData('informed-shipped'),
        cost: { amount: 'seven', currency: 'GBP' },
      }),
    );
    expect(refusal).toMatchObject({
      code: 'invalid_fields',
      fields: { cost: 'amount must be a decimal number' },
    });
  });

  for (const action of ['informed-shipped', 'informed-not-supplied'] as const) {
    it(`refuses ${ACTIONS[action].vdxName} for an ISO 18626 supplier, who answers by protocol`, () => {
      const tx = requesterTx('pending');
      const refusal = refusalOf(
        borrowing({ status: 'requested', rota: [{ partner: tx.partner, transaction: tx }] }),
        { rotaIndex: 0 },
        act(action, validActionData(action)),
      );
      expect(refusal.code).toBe('protocol_not_supported');
    });
  }

  for (const action of ['informed-cancelled', 'informed-received', 'informed-returned'] as const) {
    it(`refuses ${ACTIONS[action].vdxName} for an ISO 18626 borrower`, () => {
      expect(refusalOf(lending(responderTx('in_process')), null, act(action)).code).toBe(
        'protocol_not_supported',
      );
    });
  }

  it('refuses Informed Renewed for an ISO 18626 supplier but takes the new due date from an email one', () => {
    const iso = requesterTx('renew_pending');
    expect(
      refusalOf(
        borrowing({ status: 'requested', rota: [{ partner: iso.partner, transaction: iso }] }),
        { rotaIndex: 0 },
        act('informed-renewed', { dueDate: '2027-02-28' }),
      ).code,
    ).toBe('protocol_not_supported');
    const email = requesterTx('renew_pending', partner('email'));
    const decision = decide(
      borrowing({ status: 'requested', rota: [{ partner: email.partner, transaction: email }] }),
      { rotaIndex: 0 },
      act('informed-renewed', { dueDate: '2027-02-28' }),
      { now: NOW },
    );
    expect(
      decision.ok &&
        decision.snapshot.kind === 'borrowing' &&
        decision.snapshot.rota[0]?.transaction?.dueDate,
    ).toBe('2027-02-28');
  });

  it('refuses Cancel at Conditional: the borrower answers the conditions Yes or No', () => {
    const tx = requesterTx('conditional');
    expect(
      refusalOf(
        borrowing({ status: 'requested', rota: [{ partner: tx.partner, transaction: tx }] }),
        { rotaIndex: 0 },
        act('cancel'),
      ).code,
    ).toBe('not_allowed_in_state');
  });

  it('refuses Shipped while the borrower’s conditions or cancellation are unanswered', () => {
    for (const state of ['conditional', 'cancel_pending'] as const) {
      expect(
        refusalOf(lending(responderTx(state)), null, act('shipped', validActionData('shipped'))).code,
      ).toBe('not_allowed_in_state');
    }
  });

  it('refuses Resend Last Message once the status has moved on since it was sent', () => {
    const tx = requesterTx('received', partner(), {
      sentCount: 2,
      lastSent: { message: 'cancel', sequence: 2, stateAfter: 'cancel_pending', data: {} },
    });
    const refusal = refusalOf(
      borrowing({ status: 'requested', rota: [{ partner: tx.partner, transaction: tx }] }),
      { rotaIndex: 0 },
      act('resend-last-message'),
    );
    expect(refusal).toMatchObject({ code: 'guard_failed', rule: 'lastMessageStillValid' });
  });

  it('resends the last message with its own sequence number and a new note while it is still valid', () => {
    const tx = requesterTx('cancel_pending', partner(), {
      sentCount: 2,
      lastSent: { message: 'cancel', sequence: 2, stateAfter: 'cancel_pending', data: { note: 'first' } },
    });
    const decision = decide(
      borrowing({ status: 'requested', rota: [{ partner: tx.partner, transaction: tx }] }),
      { rotaIndex: 0 },
      act('resend-last-message', { note: 'second try' }),
      { now: NOW },
    );
    expect(decision.ok && decision.outputs).toContainEqual(
      expect.objectContaining({
        output: 'message',
        message: 'cancel',
        sequence: 2,
        resend: true,
        data: { note: 'second try' },
      }),
    );
  });

  it('refuses Change Current Service Type outside In Process, to a type not requested, or to the same type', () => {
    expect(
      refusalOf(
        lending(responderTx('shipped')),
        null,
        act('change-current-service-type', { serviceType: 'copy' }),
      ).code,
    ).toBe('not_allowed_in_state');
    const loanOnly = responderTx('in_process', partner(), { requestedServiceTypes: ['loan'] });
    expect(
      refusalOf(lending(loanOnly), null, act('change-current-service-type', { serviceType: 'copy' })),
    ).toMatchObject({
      code: 'guard_failed',
      rule: 'anotherRequestedServiceType',
    });
    const either = responderTx('in_process');
    expect(
      refusalOf(lending(either), null, act('change-current-service-type', { serviceType: 'loan' })).fields,
    ).toEqual({
      serviceType: 'must differ from the current service type',
    });
  });

  it('refuses Shipped with a service type the borrower did not ask for, or a loan without a due date', () => {
    const loanOnly = responderTx('in_process', partner(), { requestedServiceTypes: ['loan'] });
    expect(refusalOf(lending(loanOnly), null, act('shipped', { serviceType: 'copy' })).fields).toEqual({
      serviceType: 'must be one of the requested service types (loan)',
    });
    expect(refusalOf(lending(loanOnly), null, act('shipped', { serviceType: 'loan' })).fields).toEqual({
      dueDate: 'is required for a loan',
    });
  });

  it('refuses Cost Adjustment before the item has shipped', () => {
    const tx = requesterTx('pending');
    expect(
      refusalOf(
        borrowing({ status: 'requested', rota: [{ partner: tx.partner, transaction: tx }] }),
        { rotaIndex: 0 },
        act('cost-adjustment', validActionData('cost-adjustment')),
      ).code,
    ).toBe('not_allowed_in_state');
  });

  it('refuses the borrower’s Damaged before the item has arrived', () => {
    const tx = requesterTx('shipped');
    expect(
      refusalOf(
        borrowing({ status: 'requested', rota: [{ partner: tx.partner, transaction: tx }] }),
        { rotaIndex: 0 },
        act('damaged', { note: 'torn' }),
      ).code,
    ).toBe('not_allowed_in_state');
  });

  it('refuses the lender’s Damaged before the item is back', () => {
    expect(refusalOf(lending(responderTx('shipped')), null, act('damaged', { note: 'torn' }))).toMatchObject({
      code: 'guard_failed',
      rule: 'itemBackWithLender',
    });
  });

  it('refuses a second Renew while the first is unanswered', () => {
    const tx = requesterTx('renew_pending');
    expect(
      refusalOf(
        borrowing({ status: 'requested', rota: [{ partner: tx.partner, transaction: tx }] }),
        { rotaIndex: 0 },
        act('renew'),
      ).code,
    ).toBe('not_allowed_in_state');
  });

  it('refuses Complete twice on a lending request', () => {
    const done = responderTx('checked_in', partner(), { completedAt: NOW.toISOString() });
    expect(refusalOf(lending(done), null, act('complete'))).toMatchObject({
      code: 'guard_failed',
      rule: 'notCompleted',
    });
  });

  it('refuses a borrower’s action on the lender’s side and the reverse', () => {
    expect(refusalOf(lending(responderTx('in_process')), null, act('cancel')).code).toBe('wrong_party');
    const tx = requesterTx('pending');
    expect(
      refusalOf(
        borrowing({ status: 'requested', rota: [{ partner: tx.partner, transaction: tx }] }),
        { rotaIndex: 0 },
        act('shipped', validActionData('shipped')),
      ).code,
    ).toBe('wrong_party');
  });

  it('refuses an action on a rota position that has no transaction', () => {
    expect(refusalOf(borrowing(), { rotaIndex: 0 }, act('cancel')).code).toBe('no_such_transaction');
  });
});

describe('the rules of ISO 10161 for Status Query', () => {
  const at = (state: RequesterState, protocol: 'iso18626' | 'email' | 'manual' = 'iso18626') => {
    const supplier = partner(protocol);
    return borrowing({
      status: 'requested',
      rota: [{ partner: supplier, transaction: requesterTx(state, supplier) }],
    });
  };

  it('refuses Status Query to an email or manual supplier, who cannot answer one', () => {
    for (const protocol of ['email', 'manual'] as const) {
      expect(refusalOf(at('pending', protocol), { rotaIndex: 0 }, act('status-query'))).toMatchObject({
        code: 'protocol_not_supported',
        rule: 'protocols:iso18626',
      });
    }
  });

  it('refuses Status Query once the transaction has ended, and on the lender’s side', () => {
    for (const state of ['not_supplied', 'cancelled', 'checked_in', 'lost'] as const) {
      expect(refusalOf(at(state), { rotaIndex: 0 }, act('status-query')).code).toBe('not_allowed_in_state');
    }
    expect(refusalOf(lending(responderTx('in_process')), null, act('status-query')).code).toBe('wrong_party');
  });
});

describe('the rules of ISO 10161 for Answer Retry', () => {
  it('refuses Answer Retry without a reason, or with one that offers conditions', () => {
    const atInProcess = lending(responderTx('in_process'));
    expect(refusalOf(atInProcess, null, act('answer-retry', {})).fields).toEqual({ reason: 'is required' });
    for (const reason of ['LoanCondition', 'CostExceedsMaxCost']) {
      expect(refusalOf(atInProcess, null, act('answer-retry', { reason })).fields).toEqual({
        reason: 'must be one of OnLoan, NotFoundAsCited',
      });
    }
    expect(
      refusalOf(atInProcess, null, act('answer-retry', { reason: 'OnLoan', estimatedDateAvailable: 'soon' }))
        .fields,
    ).toEqual({ estimatedDateAvailable: 'must be a date in the form YYYY-MM-DD' });
  });

  it('refuses Answer Retry once the lender has answered, and while a cancellation waits for its answer', () => {
    for (const state of ['conditional', 'cancel_pending', 'shipped', 'not_supplied'] as const) {
      expect(
        refusalOf(lending(responderTx(state)), null, act('answer-retry', validActionData('answer-retry')))
          .code,
      ).toBe('not_allowed_in_state');
    }
  });
});

describe('the rules of the Koha text', () => {
  it('refuses Confirm when the rota has no location left to send to', () => {
    expect(refusalOf(borrowing({ rota: [] }), null, act('confirm'))).toMatchObject({
      code: 'guard_failed',
      rule: 'rotaHasUntriedEntry',
    });
  });

  it('refuses Delete once the request has been sent to a supplier', () => {
    expect(
      refusalOf(borrowing({ status: 'requested', rota: [entry('pending')] }), null, act('delete')).code,
    ).toBe('not_allowed_in_state');
  });

  it('refuses Revert once the item has shipped', () => {
    expect(
      refusalOf(borrowing({ status: 'requested', rota: [entry('shipped')] }), null, act('revert')),
    ).toMatchObject({
      code: 'guard_failed',
      rule: 'currentTransactionWithdrawable',
    });
  });

  it('refuses Place request with partners for partners that are not email partners', () => {
    const refusal = refusalOf(
      borrowing(),
      null,
      act('place-request-with-partners', { partners: [partner('iso18626')] }),
    );
    expect(refusal.code).toBe('invalid_fields');
    expect(refusal.fields?.['partners']).toContain('email partner');
  });

  it('lets a patron ask to cancel but not perform staff actions', () => {
    expect(refusalOf(borrowing(), null, act('confirm', {}, 'patron')).code).toBe('actor_not_allowed');
    const decision = decide(borrowing(), null, act('request-cancellation', {}, 'patron'), { now: NOW });
    expect(decision.ok && decision.snapshot.kind === 'borrowing' && decision.snapshot.status).toBe(
      'cancellation_requested',
    );
  });

  it('lets a patron edit their request only while it is New', () => {
    const details = { details: { title: 'Corrected' } };
    expect(
      decide(borrowing(), null, act('local-change-request-details', details, 'patron'), { now: NOW }).ok,
    ).toBe(true);
    expect(
      refusalOf(
        borrowing({ status: 'requested', rota: [entry('pending')] }),
        null,
        act('local-change-request-details', details, 'patron'),
      ).code,
    ).toBe('actor_not_allowed');
  });

  it('refuses a patron’s cancellation once an item has shipped', () => {
    expect(
      refusalOf(
        borrowing({ status: 'requested', rota: [entry('shipped')] }),
        null,
        act('request-cancellation', {}, 'patron'),
      ),
    ).toMatchObject({
      code: 'guard_failed',
      rule: 'notYetSupplied',
    });
  });

  it('names every missing or invalid field and changes nothing', () => {
    const refusal = refusalOf(
      borrowing({ status: 'requested', rota: [entry('received')] }),
      { rotaIndex: 0 },
      act('cost-adjustment', { cost: { amount: 'twelve', currency: 'euro' } }),
    );
    expect(refusal).toMatchObject({
      code: 'invalid_fields',
      fields: { cost: 'amount must be a decimal number' },
    });
    const dates = refusalOf(
      lending(responderTx('renew_pending')),
      null,
      act('renew-reply-yes', { dueDate: '2027-02-30' }),
    );
    expect(dates.fields).toEqual({ dueDate: 'must be a date in the form YYYY-MM-DD' });
  });
});
