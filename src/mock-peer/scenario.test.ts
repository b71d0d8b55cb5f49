import { describe, expect, it } from 'vitest';
import type { AgencyId, Iso18626Request } from '../iso18626/index.ts';
import {
  SUPPLIER_SCENARIOS,
  parseSymbol,
  planScenario,
  requesterControlsIn,
  scenarioInNote,
  supplierPlanFor,
} from './scenario.ts';

const SUP: AgencyId = { agencyIdType: { value: 'ISIL' }, agencyIdValue: 'US-SUP' };
const MOCK: AgencyId = { agencyIdType: { value: 'MOCK' }, agencyIdValue: 'MOCK' };

function request(
  options: {
    record?: string;
    note?: string;
    supplier?: AgencyId | null;
    retry?: boolean;
    serviceType?: 'Copy' | 'Loan';
  } = {},
): Iso18626Request {
  return {
    kind: 'request',
    header: {
      ...(options.supplier === null ? {} : { supplyingAgencyId: options.supplier ?? SUP }),
      requestingAgencyId: { agencyIdType: { value: 'ISIL' }, agencyIdValue: 'US-REQ' },
      timestamp: '2026-01-01T00:00:00Z',
      requestingAgencyRequestId: 'req-1',
    },
    bibliographicInfo: options.record === undefined ? {} : { supplierUniqueRecordId: options.record },
    serviceInfo: {
      ...(options.retry ? { requestType: 'Retry' as const, requestingAgencyPreviousRequestId: 'req-0' } : {}),
      serviceType: options.serviceType ?? 'Loan',
      ...(options.note === undefined ? {} : { note: options.note }),
    },
  };
}

const plan = (token: string, retry = false, serviceType: 'Copy' | 'Loan' = 'Loan') =>
  planScenario(token, { serviceType, retry });

describe('supplier scenarios', () => {
  it('plays each fixed scenario as its list of statuses, as in illmock', () => {
    expect(plan('LOANED').statuses).toEqual(['Loaned']);
    expect(plan('UNFILLED').statuses).toEqual(['Unfilled']);
    expect(plan('WILLSUPPLY').statuses).toEqual(['WillSupply']);
    expect(plan('WILLSUPPLY_LOANED').statuses).toEqual(['WillSupply', 'Loaned']);
    expect(plan('WILLSUPPLY_UNFILLED').statuses).toEqual(['WillSupply', 'Unfilled']);
    expect(plan('WILLSUPPLY_LOANED_RECALLED')).toMatchObject({
      statuses: ['WillSupply', 'Loaned'],
      onReceived: 'Recalled',
    });
    expect(plan('WILLSUPPLY_LOANED_OVERDUE')).toMatchObject({
      statuses: ['WillSupply', 'Loaned'],
      onReceived: 'Overdue',
    });
    expect(plan('LOANED_RECALLED')).toMatchObject({ statuses: ['Loaned'], onReceived: 'Recalled' });
    expect(plan('LOANED_OVERDUE')).toMatchObject({ statuses: ['Loaned'], onReceived: 'Overdue' });
    expect(plan('LOANED').onReceived).toBeUndefined();
  });

  it('completes a copy with CopyCompleted and anything else with LoanCompleted', () => {
    expect(plan('COMPLETED', false, 'Copy').statuses).toEqual(['CopyCompleted']);
    expect(plan('COMPLETED', false, 'Loan').statuses).toEqual(['LoanCompleted']);
    expect(planScenario('COMPLETED', { serviceType: 'CopyOrLoan', retry: false }).statuses).toEqual([
      'LoanCompleted',
    ]);
  });

  it('answers ERROR with an UnrecognisedDataValue confirmation and HTTP-ERROR-n with a bare status', () => {
    expect(plan('ERROR')).toMatchObject({ reply: { kind: 'error', errorValue: 'MOCK ERROR' }, statuses: [] });
    expect(plan('HTTP-ERROR-400')).toMatchObject({ reply: { kind: 'http', status: 400 }, statuses: [] });
    expect(plan('HTTP-ERROR-500')).toMatchObject({ reply: { kind: 'http', status: 500 }, statuses: [] });
  });

  it('reads each RETRY reason and the scenario after the underscore', () => {
    expect(plan('RETRY:COST_LOANED')).toMatchObject({
      scenario: 'RETRY:COST',
      statuses: ['RetryPossible'],
      retry: { reason: 'CostExceedsMaxCost', then: 'LOANED' },
    });
    expect(plan('RETRY:ONLOAN_WILLSUPPLY_LOANED').retry).toEqual({
      reason: 'OnLoan',
      then: 'WILLSUPPLY_LOANED',
    });
    expect(plan('RETRY:COND_LOANED').retry).toEqual({ reason: 'LoanCondition', then: 'LOANED' });
    expect(plan('RETRY:NOTFOUNDASCITED').retry).toEqual({ reason: 'NotFoundAsCited', then: undefined });
  });

  it('plays the scenario after the underscore when the request is a Retry', () => {
    expect(plan('RETRY:COST_LOANED', true)).toMatchObject({ scenario: 'LOANED', statuses: ['Loaned'] });
    expect(plan('RETRY:ONLOAN_WILLSUPPLY_UNFILLED', true).statuses).toEqual(['WillSupply', 'Unfilled']);
    expect(plan('LOANED', true).statuses).toEqual(['Loaned']);
  });

  it('answers a Retry with nothing left to play, or asking for another retry, with Unfilled', () => {
    expect(plan('RETRY:COST', true)).toMatchObject({ scenario: 'UNFILLED', statuses: ['Unfilled'] });
    expect(plan('RETRY:COST_RETRY:ONLOAN_LOANED', true)).toMatchObject({ scenario: 'UNFILLED' });
  });

  it('plays an unknown or missing scenario as Unfilled and says it did not know it', () => {
    expect(plan('NO-SUCH-THING')).toMatchObject({
      scenario: 'UNFILLED',
      known: false,
      statuses: ['Unfilled'],
    });
    expect(plan('')).toMatchObject({ scenario: 'UNFILLED', known: false });
    expect(plan('RETRY:BOGUS_LOANED')).toMatchObject({ scenario: 'UNFILLED', known: false });
    expect(supplierPlanFor(request(), SUP)).toMatchObject({ scenario: 'UNFILLED', source: 'none' });
  });

  it('reads scenario names whatever their case and surrounding spaces', () => {
    expect(plan(' loaned ').statuses).toEqual(['Loaned']);
    expect(plan('retry:cost_loaned').retry).toEqual({ reason: 'CostExceedsMaxCost', then: 'LOANED' });
  });

  it('knows every scenario it lists', () => {
    for (const name of SUPPLIER_SCENARIOS) expect(plan(name).known, name).toBe(true);
  });
});

describe('where the supplier finds its scenario', () => {
  it('takes the MOCK token of the note for the request’s supplier before supplierUniqueRecordId', () => {
    const chosen = supplierPlanFor(
      request({ note: 'please MOCK:US-SUP:LOANED thanks', record: 'UNFILLED' }),
      MOCK,
    );
    expect(chosen).toMatchObject({ scenario: 'LOANED', token: 'LOANED', source: 'note' });
  });

  it('ignores a MOCK token for another supplier and falls back to supplierUniqueRecordId', () => {
    const chosen = supplierPlanFor(request({ note: 'MOCK:US-OTHER:LOANED', record: 'WILLSUPPLY' }), MOCK);
    expect(chosen).toMatchObject({ scenario: 'WILLSUPPLY', source: 'supplierUniqueRecordId' });
  });

  it('finds the token for its supplier among several in one note', () => {
    const note = 'MOCK:US-A:UNFILLED;MOCK:US-SUP:WILLSUPPLY_LOANED,MOCK:US-C:ERROR';
    expect(scenarioInNote(note, SUP)).toBe('WILLSUPPLY_LOANED');
  });

  it('accepts the supplier written as type and value', () => {
    expect(scenarioInNote('MOCK:ISIL:US-SUP:RETRY:COST_LOANED', SUP)).toBe('RETRY:COST_LOANED');
  });

  it('ends a note token at illmock’s separators', () => {
    for (const separator of ['#', ',', ';', ' ', '\t', '\n', '\r'])
      expect(scenarioInNote(`MOCK:US-SUP:LOANED${separator}#CANCEL#`, SUP)).toBe('LOANED');
  });

  it('matches the mock’s own symbol when the request names no supplier', () => {
    const chosen = supplierPlanFor(request({ supplier: null, note: 'MOCK:MOCK:COMPLETED' }), MOCK);
    expect(chosen).toMatchObject({ scenario: 'COMPLETED', statuses: ['LoanCompleted'] });
  });

  it('plays the retry part of a note token on a Retry request', () => {
    const chosen = supplierPlanFor(request({ note: 'MOCK:US-SUP:RETRY:COND_LOANED', retry: true }), MOCK);
    expect(chosen).toMatchObject({ scenario: 'LOANED', source: 'note' });
  });

  it('finds nothing in a note without a complete token', () => {
    expect(scenarioInNote(undefined, SUP)).toBeUndefined();
    expect(scenarioInNote('MOCK:', SUP)).toBeUndefined();
    expect(scenarioInNote('MOCK:US-SUP:', SUP)).toBeUndefined();
    expect(scenarioInNote('MOCK:US-SUPX:LOANED', SUP)).toBeUndefined();
  });
});

describe('requester control tokens', () => {
  it('reads each token anywhere in the note', () => {
    expect(requesterControlsIn('#CANCEL#')).toMatchObject({ cancel: true, renew: false, recall: false });
    expect(requesterControlsIn('MOCK:US-SUP:LOANED_OVERDUE #RENEW#')).toMatchObject({
      renew: true,
      cancel: false,
    });
    expect(requesterControlsIn('#RECALL#').recall).toBe(true);
    expect(requesterControlsIn('#RECALL').recall).toBe(true);
    expect(requesterControlsIn('#RETRYKEEPID#').retryKeepId).toBe(true);
    expect(requesterControlsIn('#RETRYBIBID:LOANED#').retryBibId).toBe('LOANED');
  });

  it('reads nothing from an empty note', () => {
    expect(requesterControlsIn(undefined)).toEqual({
      cancel: false,
      renew: false,
      recall: false,
      retryKeepId: false,
      retryBibId: undefined,
    });
    expect(requesterControlsIn('#RETRYBIBID:#').retryBibId).toBeUndefined();
  });
});

describe('the mock’s own symbol', () => {
  it('reads TYPE:VALUE, and a bare value as of type MOCK', () => {
    expect(parseSymbol('ISIL:US-ABC')).toEqual({ agencyIdType: { value: 'ISIL' }, agencyIdValue: 'US-ABC' });
    expect(parseSymbol('MOCK')).toEqual({ agencyIdType: { value: 'MOCK' }, agencyIdValue: 'MOCK' });
    expect(parseSymbol('ISIL:')).toEqual({ agencyIdType: { value: 'MOCK' }, agencyIdValue: 'ISIL:' });
  });
});
