import { describe, expect, it } from 'vitest';
import {
  actionBody,
  editsDetails,
  formFieldErrors,
  initialValues,
  isRequired,
  validateAction,
  type AvailableAction,
  type Transaction,
} from './action-form.ts';

const transaction: Transaction = {
  id: '9f49bf3a-4164-4772-940b-0d8385f4cf97',
  role: 'responder',
  state: 'in_process',
  requestedServiceTypes: ['loan', 'copy'],
  currentServiceType: 'loan',
  shippedServiceType: null,
  dueDate: null,
  conditions: null,
  replyBy: null,
  cost: null,
  recalled: false,
  shipmentRecorded: false,
  receiptRecorded: false,
  returnRecorded: false,
  overdueNotices: 0,
  localReference: 'ILL-34',
  partnerReference: 'ILL-33-1',
  lastMessageAt: null,
  attention: null,
  completedAt: null,
  undeliveredMessages: 0,
};

const shipped: AvailableAction = {
  id: 'shipped',
  kind: 'protocol',
  rotaPosition: null,
  vdxName: 'Shipped',
  fields: [
    { name: 'serviceType', type: 'service-type', required: false },
    { name: 'dateShipped', type: 'date', required: false },
    { name: 'dueDate', type: 'date', required: false, requiredForServiceType: 'loan' },
    { name: 'itemId', type: 'text', required: false },
    { name: 'cost', type: 'money', required: false },
    { name: 'note', type: 'text', required: false },
  ],
};

const answerConditional: AvailableAction = {
  id: 'answer-conditional',
  kind: 'protocol',
  rotaPosition: 2,
  fields: [
    { name: 'conditions', type: 'text', required: true },
    { name: 'replyBy', type: 'date', required: false },
    { name: 'cost', type: 'money', required: false },
  ],
};

const placeWithPartners: AvailableAction = {
  id: 'place-request-with-partners',
  kind: 'protocol',
  rotaPosition: null,
  fields: [
    { name: 'partners', type: 'partner-list', required: true },
    { name: 'note', type: 'text', required: false },
  ],
};

describe('the form of an action', () => {
  it('starts empty, with the transaction’s service type and the request’s currency', () => {
    expect(initialValues(shipped, { transaction, currency: 'EUR' })).toEqual({
      serviceType: 'loan',
      dateShipped: '',
      dueDate: '',
      itemId: '',
      cost: { amount: '', currency: 'EUR' },
      note: '',
    });
    expect(initialValues(placeWithPartners, { transaction: null, currency: '' })).toEqual({
      partners: [],
      note: '',
    });
  });

  it('offers the other requested service type for Change Service Type', () => {
    const change: AvailableAction = {
      id: 'change-current-service-type',
      kind: 'protocol',
      rotaPosition: null,
      fields: [{ name: 'serviceType', type: 'service-type', required: true }],
    };
    expect(initialValues(change, { transaction, currency: '' })).toEqual({ serviceType: 'copy' });
  });

  it('requires the due date of Shipped for a loan only', () => {
    const dueDate = shipped.fields[2] as (typeof shipped.fields)[number];
    const loan = initialValues(shipped, { transaction, currency: 'EUR' });
    expect(isRequired(dueDate, loan, transaction)).toBe(true);
    expect(validateAction(shipped, loan, transaction)).toEqual({ dueDate: 'required' });
    const copy = { ...loan, serviceType: 'copy' };
    expect(isRequired(dueDate, copy, transaction)).toBe(false);
    expect(validateAction(shipped, copy, transaction)).toEqual({});
  });

  it('checks dates, amounts and currencies', () => {
    const values = {
      conditions: 'Library use only',
      replyBy: '2026-13',
      cost: { amount: '12,5', currency: 'eur' },
    };
    expect(validateAction(answerConditional, values, transaction)).toEqual({ replyBy: 'date' });
    expect(
      validateAction(
        answerConditional,
        { ...values, replyBy: '', cost: { amount: 'ten', currency: 'EUR' } },
        null,
      ),
    ).toEqual({ cost: 'amount' });
    expect(
      validateAction(
        answerConditional,
        { ...values, replyBy: '', cost: { amount: '10', currency: 'EURO' } },
        null,
      ),
    ).toEqual({ cost: 'currency' });
    expect(validateAction(answerConditional, { conditions: '  ' }, null)).toEqual({ conditions: 'required' });
    expect(validateAction(placeWithPartners, { partners: [], note: '' }, null)).toEqual({
      partners: 'required',
    });
  });

  it('sends the filled-in fields, trimmed, with the rota position and the version', () => {
    expect(
      actionBody(
        answerConditional,
        { conditions: '  Library use only  ', replyBy: '', cost: { amount: '12,5', currency: 'eur' } },
        7,
      ),
    ).toEqual({
      action: 'answer-conditional',
      rotaPosition: 2,
      data: { conditions: 'Library use only', cost: { amount: '12.5', currency: 'EUR' } },
      expectedVersion: 7,
    });
    expect(actionBody(shipped, initialValues(shipped, { transaction: null, currency: 'EUR' }), 3)).toEqual({
      action: 'shipped',
      expectedVersion: 3,
    });
  });

  it('sends the chosen partners as partnerIds', () => {
    expect(actionBody(placeWithPartners, { partners: ['a', 'b'], note: '' }, 1)).toEqual({
      action: 'place-request-with-partners',
      data: { partnerIds: ['a', 'b'] },
      expectedVersion: 1,
    });
  });

  it('puts the server’s field errors beside the fields, and the rest above the form', () => {
    expect(
      formFieldErrors(placeWithPartners, {
        'data.partnerIds.0': 'ILN-EAST is not active',
        'data.note': 'must be shorter',
        expectedVersion: 'stale',
      }),
    ).toEqual({ partners: 'ILN-EAST is not active', note: 'must be shorter', '': 'stale' });
    expect(formFieldErrors(shipped, { 'data.cost.amount': 'must match pattern' })).toEqual({
      cost: 'must match pattern',
    });
  });

  it('knows Edit request by its request-details field', () => {
    expect(
      editsDetails({
        id: 'local-change-request-details',
        kind: 'protocol',
        rotaPosition: null,
        fields: [
          { name: 'details', type: 'request-details', required: true },
          { name: 'note', type: 'text', required: false },
        ],
      }),
    ).toBe(true);
    expect(editsDetails(shipped)).toBe(false);
  });
});
