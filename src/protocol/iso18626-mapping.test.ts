/**
 * The mapping between the engine's messages and ISO 18626 v1.2, both ways: every message each role
 * sends becomes the ISO 18626 message peers expect and validates against the XSD, a message a role
 * cannot send is refused, every message read back is the engine event it was sent as, and what real
 * peers send (ReShare's and Alma's loan-condition notes, CrossLink's ACCEPT/REJECT notifications,
 * RetryPossible with and without conditions) means what they mean by it.
 */
import { describe, expect, it } from 'vitest';
import { emitIso18626, parseIso18626 } from '../iso18626/index.ts';
import type {
  Iso18626BusinessMessage,
  Iso18626RequestingAgencyMessage,
  Iso18626Status,
  Iso18626SupplyingAgencyMessage,
  MessageInfo,
  StatusInfo,
  DeliveryInfo,
} from '../iso18626/index.ts';
import { ISO18626_REFERENCE_DIR, ON_CI, schemaV12Path } from '../iso18626/testing/reference.ts';
import { XMLLINT_AVAILABLE, validateWithXmllint } from '../iso18626/testing/xmllint.ts';
import type { EventData } from '../workflow/model.ts';
import { REQUESTER_MESSAGES, RESPONDER_MESSAGES, SHARED_MESSAGES } from '../workflow/vocabulary.ts';
import type { MessageType } from '../workflow/vocabulary.ts';
import {
  MARKERS,
  fromRequestingAgencyMessage,
  fromSupplyingAgencyMessage,
  toIso18626,
} from './iso18626-mapping.ts';
import type { OutgoingContext, RequestFields } from './iso18626-mapping.ts';

const NOW = '2026-11-25T09:00:00.000Z';

const REQUEST: RequestFields = {
  type: 'article',
  serviceType: 'either',
  title: 'Nature',
  author: 'Watson, J. D. & Crick, F. H. C.',
  articleTitle: 'Molecular structure of nucleic acids <DNA>',
  part: null,
  volume: '171',
  issue: '4356',
  pages: '737-738',
  year: '1953',
  edition: null,
  publisher: 'Nature Publishing Group',
  place: 'London',
  isbn: null,
  issn: '0028-0836',
  doi: '10.1038/171737a0',
  oclcNumber: '1586310',
  otherIdentifiers: null,
  needBefore: '2026-12-31',
  maxCost: { amount: '25.00', currency: 'EUR' },
  patronNotes: 'For a seminar',
  copyrightAccepted: true,
};

/** What each engine message carries when staff or the engine send it. */
const DATA: Partial<Record<MessageType, EventData>> = {
  request: { note: 'Please send by courier' },
  'conditional-reply-yes': { note: 'We accept' },
  'conditional-reply-no': { note: 'Too dear' },
  cancel: { note: 'No longer needed' },
  received: { dateReceived: '2026-12-02' },
  returned: { returnedVia: 'Courier', note: 'Thanks' },
  renew: { desiredDueDate: '2027-02-15' },
  'status-query': {},
  'answer-conditional': { conditions: 'Library use only', replyBy: '2026-12-05' },
  'answer-will-supply': { expectedDeliveryDate: '2026-12-01', note: 'On its way soon' },
  'answer-hold-placed': { estimatedDateAvailable: '2026-12-10' },
  'answer-unfilled': { reason: 'missing', note: 'Not on the shelf' },
  'answer-retry': { reason: 'OnLoan', estimatedDateAvailable: '2026-12-20', note: 'Out on loan' },
  'answer-locations-provided': { locations: 'Try DE-1 or DE-2' },
  'answer-estimate': { reason: 'other', cost: { amount: '40.00', currency: 'EUR' } },
  'cancel-reply-yes': {},
  'cancel-reply-no': { note: 'Already packed' },
  shipped: { serviceType: 'loan', dueDate: '2027-01-15', dateShipped: '2026-11-26', itemId: 'B-42' },
  overdue: {},
  recall: { note: 'Needed for a course' },
  'renew-reply-yes': { dueDate: '2027-02-15' },
  'renew-reply-no': { note: 'Reserved by another reader' },
  'checked-in': {},
  expired: {},
  lost: { note: 'Left on a train' },
  damaged: { note: 'Spine cracked' },
  note: { note: 'Call us about the parcel' },
  'status-report': {},
};

/** The lender's state when it sends each message (the status of some messages depends on it). */
const LENDER_STATE: Partial<Record<MessageType, string>> = {
  'cancel-reply-no': 'in_process',
  overdue: 'shipped',
  recall: 'shipped',
  'renew-reply-yes': 'shipped',
  'renew-reply-no': 'shipped',
  'checked-in': 'checked_in',
  lost: 'lost',
  damaged: 'checked_in',
  note: 'shipped',
  'status-report': 'shipped',
};

function context(
  message: MessageType,
  role: OutgoingContext['role'],
  overrides: Partial<OutgoingContext['transaction']> & { data?: EventData } = {},
): OutgoingContext {
  const { data, ...transaction } = overrides;
  const requester = role === 'requester';
  return {
    message,
    role,
    requestingAgency: 'DE-BORROW',
    supplyingAgency: 'OCLC:LEND',
    requestingAgencyRequestId: 'borrow-7',
    supplyingAgencyRequestId: message === 'request' ? null : 'lend-9',
    ...(requester ? { previousRequestId: 'borrow-7' } : {}),
    timestamp: NOW,
    data: data ?? DATA[message] ?? {},
    request: REQUEST,
    transaction: {
      state: requester ? 'pending' : (LENDER_STATE[message] ?? 'in_process'),
      shippedServiceType: requester ? null : 'loan',
      currentServiceType: 'loan',
      dueDate: '2027-01-15',
      conditionsConvention: null,
      answeredBefore: false,
      ...transaction,
    },
    credential: requester ? 'shared-secret' : null,
  };
}

const SENDS: readonly [MessageType, OutgoingContext['role']][] = [
  ...REQUESTER_MESSAGES.map((message) => [message, 'requester'] as [MessageType, 'requester']),
  ...RESPONDER_MESSAGES.map((message) => [message, 'responder'] as [MessageType, 'responder']),
  ...SHARED_MESSAGES.filter((message) => message !== 'status-report').map(
    (message) => [message, 'requester'] as [MessageType, 'requester'],
  ),
  ...SHARED_MESSAGES.filter((message) => message !== 'status-query').map(
    (message) => [message, 'responder'] as [MessageType, 'responder'],
  ),
];

/** Emit, then read back as a peer would. */
function overTheWire(message: Iso18626BusinessMessage): Iso18626BusinessMessage {
  const parsed = parseIso18626(emitIso18626(message), { accept: 'messages' });
  if (!parsed.ok) throw new Error(`the emitted message does not parse: ${parsed.error.errorValue}`);
  expect(parsed.warnings).toEqual([]);
  return parsed.message;
}

function supplying(message: Iso18626BusinessMessage): Iso18626SupplyingAgencyMessage {
  if (message.kind !== 'supplyingAgencyMessage') throw new Error(`a ${message.kind}, not a SAM`);
  return message;
}

function requesting(message: Iso18626BusinessMessage): Iso18626RequestingAgencyMessage {
  if (message.kind !== 'requestingAgencyMessage') throw new Error(`a ${message.kind}, not a RAM`);
  return message;
}

/** A supplying agency message as a peer would send it. */
function sam(
  messageInfo: Partial<MessageInfo>,
  statusInfo: Partial<StatusInfo>,
  deliveryInfo?: DeliveryInfo,
): Iso18626SupplyingAgencyMessage {
  return {
    kind: 'supplyingAgencyMessage',
    header: {
      supplyingAgencyId: { agencyIdType: { value: 'ISIL' }, agencyIdValue: 'US-SUP' },
      requestingAgencyId: { agencyIdType: { value: 'ISIL' }, agencyIdValue: 'US-REQ' },
      timestamp: NOW,
      requestingAgencyRequestId: 'req-1',
      supplyingAgencyRequestId: 'sup-1',
    },
    messageInfo: { reasonForMessage: 'StatusChange', ...messageInfo },
    statusInfo: { status: 'WillSupply', lastChange: NOW, ...statusInfo },
    ...(deliveryInfo !== undefined ? { deliveryInfo } : {}),
  };
}

function ram(
  action: Iso18626RequestingAgencyMessage['action'],
  note?: string,
): Iso18626RequestingAgencyMessage {
  return {
    kind: 'requestingAgencyMessage',
    header: {
      supplyingAgencyId: { agencyIdType: { value: 'ISIL' }, agencyIdValue: 'US-SUP' },
      requestingAgencyId: { agencyIdType: { value: 'ISIL' }, agencyIdValue: 'US-REQ' },
      timestamp: NOW,
      requestingAgencyRequestId: 'req-1',
    },
    action,
    ...(note !== undefined ? { note } : {}),
  };
}

describe('engine messages to ISO 18626', () => {
  it('covers every message of the vocabulary with the role or roles that send it', () => {
    const covered = new Set(SENDS.map(([message]) => message));
    expect(
      [...REQUESTER_MESSAGES, ...RESPONDER_MESSAGES, ...SHARED_MESSAGES].filter((m) => !covered.has(m)),
    ).toEqual([]);
  });

  it('sends the borrower’s messages as a Request or a requesting agency action', () => {
    const kinds = Object.fromEntries(
      [...REQUESTER_MESSAGES, 'status-query', 'lost', 'damaged', 'note'].map((message) => {
        const iso = toIso18626(context(message as MessageType, 'requester'));
        return [message, iso.kind === 'requestingAgencyMessage' ? iso.action : iso.kind];
      }),
    );
    expect(kinds).toEqual({
      request: 'request',
      'conditional-reply-yes': 'request',
      'conditional-reply-no': 'Cancel',
      cancel: 'Cancel',
      received: 'Received',
      returned: 'ShippedReturn',
      renew: 'Renew',
      'status-query': 'StatusRequest',
      lost: 'Notification',
      damaged: 'Notification',
      note: 'Notification',
    });
  });

  it('sends the lender’s messages with the reason and status peers act on', () => {
    const sent = Object.fromEntries(
      [...RESPONDER_MESSAGES, 'lost', 'damaged', 'note', 'status-report'].map((message) => {
        const iso = supplying(toIso18626(context(message as MessageType, 'responder')));
        return [message, `${iso.messageInfo.reasonForMessage} ${iso.statusInfo.status}`];
      }),
    );
    expect(sent).toEqual({
      'answer-conditional': 'RequestResponse RetryPossible',
      'answer-will-supply': 'RequestResponse WillSupply',
      'answer-hold-placed': 'RequestResponse ExpectToSupply',
      'answer-unfilled': 'RequestResponse Unfilled',
      'answer-retry': 'RequestResponse RetryPossible',
      'answer-locations-provided': 'RequestResponse Unfilled',
      'answer-estimate': 'RequestResponse Unfilled',
      'cancel-reply-yes': 'CancelResponse Cancelled',
      'cancel-reply-no': 'CancelResponse RequestReceived',
      shipped: 'RequestResponse Loaned',
      overdue: 'StatusChange Overdue',
      recall: 'StatusChange Recalled',
      'renew-reply-yes': 'RenewResponse Loaned',
      'renew-reply-no': 'RenewResponse Loaned',
      'checked-in': 'StatusChange LoanCompleted',
      expired: 'RequestResponse Unfilled',
      lost: 'StatusChange CompletedWithoutReturn',
      damaged: 'Notification LoanCompleted',
      note: 'Notification Loaned',
      'status-report': 'StatusRequestResponse Loaned',
    });
  });

  it('answers StatusChange rather than RequestResponse once the lender has answered before', () => {
    const iso = supplying(toIso18626(context('shipped', 'responder', { answeredBefore: true })));
    expect(iso.messageInfo.reasonForMessage).toBe('StatusChange');
  });

  it('sends an outgoing answer-retry as RetryPossible with its reason and when to ask again, never as Unfilled', () => {
    const iso = supplying(toIso18626(context('answer-retry', 'responder')));
    expect(iso.statusInfo.status).toBe('RetryPossible');
    expect(iso.messageInfo).toMatchObject({
      reasonRetry: { value: 'OnLoan' },
      retryAfter: '2026-12-20T00:00:00Z',
      note: 'Out on loan',
    });
    expect(iso.messageInfo.reasonUnfilled).toBeUndefined();

    const corrected = supplying(
      toIso18626(
        context('answer-retry', 'responder', { data: { reason: 'NotFoundAsCited', itemId: '123456789' } }),
      ),
    );
    expect(corrected.messageInfo.reasonRetry?.value).toBe('NotFoundAsCited');
    expect(corrected.deliveryInfo?.itemId).toBe('123456789');

    const dearer = supplying(
      toIso18626(
        context('answer-retry', 'responder', {
          data: { reason: 'CostExceedsMaxCost', cost: { amount: '35.00', currency: 'USD' } },
        }),
      ),
    );
    expect(dearer.messageInfo.offeredCosts).toEqual({
      currencyCode: { value: 'USD' },
      monetaryValue: '35.00',
    });
  });

  it('offers conditions as RetryPossible: LoanCondition, or CostExceedsMaxCost with the offered cost', () => {
    const condition = supplying(toIso18626(context('answer-conditional', 'responder')));
    expect(condition.messageInfo).toMatchObject({
      reasonRetry: { value: 'LoanCondition' },
      note: 'Library use only',
      retryBefore: '2026-12-05T23:59:59Z',
    });
    const cost = supplying(
      toIso18626(
        context('answer-conditional', 'responder', {
          data: { conditions: 'A fee', cost: { amount: '20.00', currency: 'EUR' } },
        }),
      ),
    );
    expect(cost.messageInfo.reasonRetry?.value).toBe('CostExceedsMaxCost');
    expect(cost.messageInfo.offeredCosts?.monetaryValue).toBe('20.00');
  });

  it('answers conditions in the convention they were offered in: a Retry request, or a ReShare notification', () => {
    const retry = toIso18626(
      context('conditional-reply-yes', 'requester', { conditionsConvention: 'retry-possible' }),
    );
    expect(retry.kind === 'request' && retry.serviceInfo).toMatchObject({
      requestType: 'Retry',
      requestingAgencyPreviousRequestId: 'borrow-7',
    });
    const notification = requesting(
      toIso18626(context('conditional-reply-yes', 'requester', { conditionsConvention: 'loan-condition' })),
    );
    expect(notification.action).toBe('Notification');
    expect(notification.note).toContain(MARKERS.conditionsAccepted);
  });

  it('ships a copy as CopyCompleted without a due date, and a loan as Loaned with one', () => {
    const copy = supplying(
      toIso18626(
        context('shipped', 'responder', { data: { serviceType: 'copy' }, shippedServiceType: null }),
      ),
    );
    expect(copy.statusInfo.status).toBe('CopyCompleted');
    expect(copy.statusInfo.dueDate).toBeUndefined();
    const loan = supplying(toIso18626(context('shipped', 'responder')));
    expect(loan.statusInfo.dueDate).toBe('2027-01-15T23:59:59Z');
    expect(loan.deliveryInfo).toEqual({ dateSent: '2026-11-26T00:00:00Z', itemId: 'B-42' });
  });

  it('refuses a message its role cannot send in ISO 18626', () => {
    for (const [message, role] of [
      ['shipped', 'requester'],
      ['answer-will-supply', 'requester'],
      ['status-report', 'requester'],
      ['request', 'responder'],
      ['renew', 'responder'],
      ['status-query', 'responder'],
    ] as const) {
      expect(() => toIso18626(context(message, role)), `${message} by the ${role}`).toThrow(
        `no ${message} message from the ${role}`,
      );
    }
  });

  describe.skipIf((!XMLLINT_AVAILABLE || ISO18626_REFERENCE_DIR === undefined) && !ON_CI)(
    'against the v1.2 XSD (xmllint)',
    () => {
      it('every message of each role, in every state variant, validates', () => {
        const documents = new Map<string, string>();
        for (const [message, role] of SENDS) {
          documents.set(`${message} by the ${role}`, emitIso18626(toIso18626(context(message, role))));
          documents.set(
            `${message} by the ${role}, answered before, copy`,
            emitIso18626(
              toIso18626(
                context(message, role, {
                  answeredBefore: true,
                  shippedServiceType: role === 'responder' ? 'copy' : null,
                  conditionsConvention: 'loan-condition',
                  data: { ...DATA[message], note: 'Ünïcode & <markup>' },
                }),
              ),
            ),
          );
        }
        for (const state of ['in_process', 'conditional', 'shipped', 'not_supplied', 'cancelled', 'lost']) {
          documents.set(
            `cancel-reply-no at ${state}`,
            emitIso18626(toIso18626(context('cancel-reply-no', 'responder', { state }))),
          );
          documents.set(
            `status-report at ${state}`,
            emitIso18626(toIso18626(context('status-report', 'responder', { state }))),
          );
        }
        const verdicts = validateWithXmllint(schemaV12Path(), documents);
        expect(verdicts).toHaveLength(documents.size);
        expect(verdicts.filter((verdict) => !verdict.valid)).toEqual([]);
      });
    },
  );
});

describe('engine messages read back by an Interlend peer', () => {
  /** What each message is read back as, where that is not itself. */
  const READ_AS: Partial<Record<MessageType, MessageType>> = { 'answer-estimate': 'answer-unfilled' };

  it('every lender message reads back as the same event, with its data', () => {
    for (const message of [
      ...RESPONDER_MESSAGES,
      'lost',
      'damaged',
      'note',
      'status-report',
    ] as MessageType[]) {
      const incoming = fromSupplyingAgencyMessage(
        supplying(overTheWire(toIso18626(context(message, 'responder')))),
      );
      expect(incoming, message).toMatchObject({ kind: 'event', message: READ_AS[message] ?? message });
    }
    const retry = fromSupplyingAgencyMessage(
      supplying(overTheWire(toIso18626(context('answer-retry', 'responder')))),
    );
    expect(retry).toEqual({
      kind: 'event',
      message: 'answer-retry',
      data: { note: 'Out on loan', reason: 'OnLoan', estimatedDateAvailable: '2026-12-20' },
    });
    const shipped = fromSupplyingAgencyMessage(
      supplying(overTheWire(toIso18626(context('shipped', 'responder')))),
    );
    expect(shipped).toMatchObject({
      data: { serviceType: 'loan', dueDate: '2027-01-15', dateShipped: '2026-11-26', itemId: 'B-42' },
    });
  });

  it('every borrower action reads back as the same event at the lender', () => {
    const lenderStateFor: Partial<Record<MessageType, string>> = {
      'conditional-reply-no': 'conditional',
      received: 'shipped',
      returned: 'shipped',
      renew: 'shipped',
    };
    for (const message of [
      'conditional-reply-no',
      'cancel',
      'received',
      'returned',
      'renew',
      'status-query',
      'lost',
      'damaged',
      'note',
    ] as MessageType[]) {
      const incoming = fromRequestingAgencyMessage(
        requesting(overTheWire(toIso18626(context(message, 'requester')))),
        lenderStateFor[message] ?? 'in_process',
      );
      expect(incoming, message).toMatchObject({ kind: 'event', message });
    }
    const renew = fromRequestingAgencyMessage(
      requesting(overTheWire(toIso18626(context('renew', 'requester')))),
      'shipped',
    );
    expect(renew).toMatchObject({ data: { desiredDueDate: '2027-02-15' } });
    const accepted = fromRequestingAgencyMessage(
      requesting(
        overTheWire(
          toIso18626(
            context('conditional-reply-yes', 'requester', { conditionsConvention: 'loan-condition' }),
          ),
        ),
      ),
      'conditional',
    );
    expect(accepted).toMatchObject({
      kind: 'event',
      message: 'conditional-reply-yes',
      data: { note: 'We accept' },
    });
  });
});

describe('ISO 18626 from peers to engine events', () => {
  it('reads WillSupply with a loanCondition as conditions offered, to be answered by notification', () => {
    const incoming = fromSupplyingAgencyMessage(
      sam(
        { reasonForMessage: 'RequestResponse', note: 'Reading room only' },
        { status: 'WillSupply' },
        { dateSent: NOW, loanCondition: { value: 'LibraryUseOnly' } },
      ),
    );
    expect(incoming).toEqual({
      kind: 'event',
      message: 'answer-conditional',
      data: { note: 'Reading room only', conditions: 'LibraryUseOnly: Reading room only' },
      conditionsConvention: 'loan-condition',
    });
  });

  it('reads ReShare’s #ReShareAddLoanCondition# note on WillSupply as conditions, without the marker', () => {
    const incoming = fromSupplyingAgencyMessage(
      sam({ note: '#ReShareAddLoanCondition# Fee of 10 EUR' }, { status: 'WillSupply' }),
    );
    expect(incoming).toMatchObject({
      message: 'answer-conditional',
      data: { conditions: 'Fee of 10 EUR', note: 'Fee of 10 EUR' },
      conditionsConvention: 'loan-condition',
    });
  });

  it('reads WillSupply with offered costs, or CrossLink’s “respond ACCEPT or REJECT”, as conditions', () => {
    const costs = fromSupplyingAgencyMessage(
      sam(
        { offeredCosts: { currencyCode: { value: 'USD' }, monetaryValue: '35' } },
        { status: 'WillSupply' },
      ),
    );
    expect(costs).toMatchObject({
      message: 'answer-conditional',
      data: { cost: { amount: '35', currency: 'USD' } },
    });
    const crosslink = fromSupplyingAgencyMessage(
      sam({ note: 'Conditions apply, respond ACCEPT or REJECT' }, { status: 'WillSupply' }),
    );
    expect(crosslink).toMatchObject({
      message: 'answer-conditional',
      conditionsConvention: 'loan-condition',
    });
  });

  it('reads a plain WillSupply as a promise, with the expected delivery date', () => {
    expect(
      fromSupplyingAgencyMessage(
        sam({}, { status: 'WillSupply', expectedDeliveryDate: '2026-12-03T10:00:00Z' }),
      ),
    ).toEqual({
      kind: 'event',
      message: 'answer-will-supply',
      data: { expectedDeliveryDate: '2026-12-03' },
    });
  });

  it('reads RetryPossible for a loan condition or a cost as conditions, to be answered by a Retry', () => {
    const condition = fromSupplyingAgencyMessage(
      sam(
        { reasonRetry: { value: 'LoanCondition' }, retryBefore: '2026-12-05T23:59:59Z' },
        { status: 'RetryPossible' },
        { dateSent: NOW, loanCondition: { value: 'NoReproduction' } },
      ),
    );
    expect(condition).toEqual({
      kind: 'event',
      message: 'answer-conditional',
      data: { conditions: 'NoReproduction', replyBy: '2026-12-05' },
      conditionsConvention: 'retry-possible',
    });
    const cost = fromSupplyingAgencyMessage(
      sam(
        {
          reasonRetry: { value: 'CostExceedsMaxCost' },
          offeredCosts: { currencyCode: { value: 'USD' }, monetaryValue: '35' },
        },
        { status: 'RetryPossible' },
      ),
    );
    expect(cost).toMatchObject({
      message: 'answer-conditional',
      data: { conditions: 'The cost exceeds your maximum', cost: { amount: '35', currency: 'USD' } },
      conditionsConvention: 'retry-possible',
    });
  });

  it('reads RetryPossible without conditions (OnLoan, NotFoundAsCited) as “not now”, keeping what a retry needs', () => {
    expect(
      fromSupplyingAgencyMessage(
        sam(
          { reasonRetry: { value: 'OnLoan' }, retryAfter: '2026-12-20T00:00:00Z' },
          { status: 'RetryPossible' },
        ),
      ),
    ).toEqual({
      kind: 'event',
      message: 'answer-retry',
      data: { reason: 'OnLoan', estimatedDateAvailable: '2026-12-20' },
    });
    expect(
      fromSupplyingAgencyMessage(
        sam(
          { reasonRetry: { value: 'NotFoundAsCited' } },
          { status: 'RetryPossible' },
          { dateSent: NOW, itemId: '123456789' },
        ),
      ),
    ).toMatchObject({ message: 'answer-retry', data: { reason: 'NotFoundAsCited', itemId: '123456789' } });
  });

  it('reads a status report with the status the supplier reports and the phases it fits', () => {
    const report = (status: Iso18626Status, dueDate?: string) =>
      fromSupplyingAgencyMessage(
        sam({ reasonForMessage: 'StatusRequestResponse' }, { status, ...(dueDate ? { dueDate } : {}) }),
      );
    expect(report('Loaned', '2027-01-15T23:59:59Z')).toEqual({
      kind: 'event',
      message: 'status-report',
      data: { reportedStatus: 'Loaned', reportedPhases: ['supplied'], dueDate: '2027-01-15' },
    });
    expect(report('Unfilled')).toMatchObject({ data: { reportedPhases: ['ended-without-supply'] } });
    expect(report('WillSupply')).toMatchObject({ data: { reportedPhases: ['awaiting-supply'] } });
    expect(report('RetryPossible')).toMatchObject({
      data: { reportedPhases: ['awaiting-supply', 'ended-without-supply'] },
    });
    expect(report('LoanCompleted')).toMatchObject({ data: { reportedPhases: ['closed'] } });
  });

  it('reads back everything a lender’s Answer Retry sends: reason, date to ask after, item, cost and note', () => {
    const data = {
      reason: 'OnLoan',
      estimatedDateAvailable: '2026-12-15',
      itemId: 'B-000456',
      cost: { amount: '5.00', currency: 'EUR' },
      note: 'Back in December',
    };
    const sent = supplying(overTheWire(toIso18626(context('answer-retry', 'responder', { data }))));
    expect(sent.messageInfo).toMatchObject({
      reasonRetry: { value: 'OnLoan' },
      retryAfter: '2026-12-15T00:00:00Z',
      offeredCosts: { currencyCode: { value: 'EUR' }, monetaryValue: '5.00' },
    });
    expect(fromSupplyingAgencyMessage(sent)).toEqual({ kind: 'event', message: 'answer-retry', data });
  });

  it('reads a borrower’s ACCEPT or REJECT notification as the answer to conditions, and as a note otherwise', () => {
    expect(fromRequestingAgencyMessage(ram('Notification', 'ACCEPT'), 'conditional')).toMatchObject({
      message: 'conditional-reply-yes',
    });
    expect(fromRequestingAgencyMessage(ram('Notification', 'REJECT too dear'), 'conditional')).toMatchObject({
      message: 'conditional-reply-no',
    });
    expect(
      fromRequestingAgencyMessage(ram('Notification', MARKERS.conditionsRejected), 'conditional'),
    ).toMatchObject({ message: 'conditional-reply-no' });
    expect(fromRequestingAgencyMessage(ram('Notification', 'ACCEPT'), 'shipped')).toEqual({
      kind: 'event',
      message: 'note',
      data: { note: 'ACCEPT' },
    });
    expect(fromRequestingAgencyMessage(ram('Cancel'), 'conditional')).toMatchObject({
      message: 'conditional-reply-no',
    });
    expect(fromRequestingAgencyMessage(ram('Cancel'), 'in_process')).toMatchObject({ message: 'cancel' });
  });

  it('reads ExpectToSupply as a hold placed, with the date the item should be available', () => {
    expect(
      fromSupplyingAgencyMessage(
        sam(
          { reasonForMessage: 'RequestResponse' },
          { status: 'ExpectToSupply', expectedDeliveryDate: '2026-12-10T00:00:00Z' },
        ),
      ),
    ).toEqual({
      kind: 'event',
      message: 'answer-hold-placed',
      data: { estimatedDateAvailable: '2026-12-10' },
    });
  });

  it('reads StatusRequest as a status query and StatusRequestResponse as a status report', () => {
    expect(fromRequestingAgencyMessage(ram('StatusRequest'), 'shipped')).toMatchObject({
      message: 'status-query',
    });
    expect(
      fromSupplyingAgencyMessage(sam({ reasonForMessage: 'StatusRequestResponse' }, { status: 'Loaned' })),
    ).toMatchObject({ message: 'status-report' });
  });

  it('reads a lender’s CompletedWithoutReturn, and a #Lost# notification, as the item lost', () => {
    expect(
      fromSupplyingAgencyMessage(sam({ note: 'Never came back' }, { status: 'CompletedWithoutReturn' })),
    ).toEqual({ kind: 'event', message: 'lost', data: { note: 'Never came back' } });
    expect(
      fromSupplyingAgencyMessage(
        sam(
          { reasonForMessage: 'Notification', note: `${MARKERS.lost} Billing follows` },
          { status: 'Loaned' },
        ),
      ),
    ).toEqual({ kind: 'event', message: 'lost', data: { note: 'Billing follows' } });
    expect(fromRequestingAgencyMessage(ram('Notification', MARKERS.lost), 'shipped')).toMatchObject({
      message: 'lost',
    });
  });

  it('reads an Unfilled marked #Expired# as the lender’s need-before expiry, and a plain one as Unfilled', () => {
    expect(
      fromSupplyingAgencyMessage(
        sam(
          { note: `${MARKERS.expired} The need-before date has passed.`, reasonUnfilled: { value: 'other' } },
          { status: 'Unfilled' },
        ),
      ),
    ).toEqual({ kind: 'event', message: 'expired', data: { note: 'The need-before date has passed.' } });
    expect(
      fromSupplyingAgencyMessage(sam({ reasonUnfilled: { value: 'missing' } }, { status: 'Unfilled' })),
    ).toEqual({ kind: 'event', message: 'answer-unfilled', data: { reason: 'missing' } });
  });

  it('reads a Notification’s note as a public note, and #Damaged# as damage reported', () => {
    expect(
      fromSupplyingAgencyMessage(
        sam({ reasonForMessage: 'Notification', note: 'Parcel posted' }, { status: 'Loaned' }),
      ),
    ).toEqual({ kind: 'event', message: 'note', data: { note: 'Parcel posted' } });
    expect(
      fromSupplyingAgencyMessage(
        sam(
          { reasonForMessage: 'Notification', note: `${MARKERS.damaged} Torn` },
          { status: 'LoanCompleted' },
        ),
      ),
    ).toMatchObject({ message: 'damaged', data: { note: 'Torn' } });
  });

  it('reads RequestReceived as an acknowledgement that changes nothing', () => {
    expect(
      fromSupplyingAgencyMessage(sam({ reasonForMessage: 'RequestResponse' }, { status: 'RequestReceived' })),
    ).toEqual({
      kind: 'acknowledgement',
    });
  });

  it('reads a CancelResponse by its answer', () => {
    expect(
      fromSupplyingAgencyMessage(
        sam({ reasonForMessage: 'CancelResponse', answerYesNo: 'Y' }, { status: 'Cancelled' }),
      ),
    ).toMatchObject({ message: 'cancel-reply-yes' });
    expect(
      fromSupplyingAgencyMessage(
        sam({ reasonForMessage: 'CancelResponse', answerYesNo: 'N' }, { status: 'WillSupply' }),
      ),
    ).toMatchObject({ message: 'cancel-reply-no' });
  });
});
