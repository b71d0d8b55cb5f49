import { describe, expect, it } from 'vitest';
import { emitIso18626 } from './iso18626-emit.ts';
import { parseIso18626, type Iso18626ParseResult } from './iso18626-parse.ts';
import type { Iso18626ErrorType, Iso18626Message, Iso18626MessageKind } from './iso18626-types.ts';
import {
  ISO18626_REFERENCE_DIR,
  ON_CI,
  listSamples,
  readSample,
  schemaV12Path,
} from './testing/reference.ts';
import { XMLLINT_AVAILABLE, validateWithXmllint } from './testing/xmllint.ts';

/**
 * What each sample of the shared reference must give, following SOURCES.md: NEGATIVE vectors their
 * errorType, templates (unsubstituted `*_holder` / `_NAME_` placeholders) a typed refusal naming the
 * placeholder, everything else the message kind with its key values.
 */
type Expectation =
  | { kind: Iso18626MessageKind; check: (message: Iso18626Message, result: ParsedOk) => void }
  | { errorType: Iso18626ErrorType; errorValue: RegExp; messageKind?: Iso18626MessageKind };

type ParsedOk = Extract<Iso18626ParseResult, { ok: true }>;

function as<K extends Iso18626MessageKind>(
  message: Iso18626Message,
  kind: K,
): Extract<Iso18626Message, { kind: K }> {
  expect(message.kind).toBe(kind);
  return message as Extract<Iso18626Message, { kind: K }>;
}

const tolkienRequest = (id: string, supplierUniqueRecordId: string) => (message: Iso18626Message) => {
  const request = as(message, 'request');
  expect(request.header.requestingAgencyRequestId).toBe(id);
  expect(request.header.supplyingAgencyId).toEqual({
    agencyIdType: { value: 'ISIL' },
    agencyIdValue: 'BROKER',
  });
  expect(request.header.requestingAgencyId).toEqual({
    agencyIdType: { value: 'ISIL' },
    agencyIdValue: 'REQ',
  });
  expect(request.header.timestamp).toBe('2024-11-28T10:25:11.136Z');
  expect(request.header).not.toHaveProperty('multipleItemRequestId');
  expect(request.bibliographicInfo.title).toBe('Lord of the Rings');
  expect(request.bibliographicInfo.supplierUniqueRecordId).toBe(supplierUniqueRecordId);
  // "1983" must stay text, not become a number.
  expect(request.bibliographicInfo.bibliographicItemId).toEqual([
    { bibliographicItemIdentifier: '1983', bibliographicItemIdentifierCode: { value: 'ISBN' } },
  ]);
  expect(request.serviceInfo?.serviceType).toBe('Loan');
  return request;
};

const brokerRequest = (id: string, supplierUniqueRecordId: string) => (message: Iso18626Message) => {
  const request = tolkienRequest(id, supplierUniqueRecordId)(message);
  expect(request.publicationInfo).toEqual({ publicationDate: '1954' });
  // <supplierInfo></supplierInfo> is an empty optional element: absent.
  expect(request).not.toHaveProperty('supplierInfo');
  expect(request.requestedDeliveryInfo).toEqual([
    { address: { physicalAddress: { line1: 'The Prancing Pony Inn, Bree' } } },
  ]);
  expect(request.patronInfo).toEqual({ patronId: '123' });
  return request;
};

const modRsHeaderIds = {
  supplyingAgencyId: {
    agencyIdType: { value: 'agencyIdType1', scheme: 'http://uri1' },
    agencyIdValue: 'agencyIdValue1',
  },
  requestingAgencyId: {
    agencyIdType: { value: 'agencyIdType2', scheme: 'http://uri2' },
    agencyIdValue: 'agencyIdValue1',
  },
};

const modRsConfirmationHeader = {
  ...modRsHeaderIds,
  timestamp: '1900-01-01T01:01:01Z',
  requestingAgencyRequestId: 'requestingAgencyRequestId1',
  multipleItemRequestId: 'multipleItemRequestId1',
  timestampReceived: '1900-01-01T01:01:01Z',
  messageStatus: 'OK',
};

const placeholder = (value: string): Expectation => ({
  errorType: 'UnrecognisedDataValue',
  errorValue: new RegExp(`unsubstituted template placeholder "${value}"`),
  messageKind: 'supplyingAgencyMessage',
});

const EXPECTED: Record<string, Expectation> = {
  'crosslink/illmock-cancel-req.xml': {
    kind: 'request',
    check: (message) => {
      const request = tolkienRequest('js-test-1017', 'WILLSUPPLY_LOANED')(message);
      expect(request.serviceInfo).toEqual({
        requestType: 'New',
        requestSubType: ['PatronRequest'],
        serviceType: 'Loan',
        note: '#CANCEL#',
      });
    },
  },
  'crosslink/illmock-renew-req.xml': {
    kind: 'request',
    check: (message) => {
      const request = tolkienRequest('js-test-1017', 'LOANED_OVERDUE')(message);
      expect(request.serviceInfo?.note).toBe('#RENEW#');
    },
  },
  'crosslink/msg-invalid.xml': { errorType: 'BadlyFormedMessage', errorValue: /contains no message element/ },
  'crosslink/reqmsg-invalid-action.xml': {
    errorType: 'UnsupportedActionType',
    errorValue: /^action: "WeCancelThisMessage"/,
    messageKind: 'requestingAgencyMessage',
  },
  'crosslink/reqmsg-notification.xml': {
    kind: 'requestingAgencyMessage',
    check: (message) => {
      const ram = as(message, 'requestingAgencyMessage');
      expect(ram.action).toBe('Notification');
      expect(ram.header.requestingAgencyRequestId).toBe('reqid');
      expect(ram).not.toHaveProperty('note');
    },
  },
  'crosslink/reqmsg-ok.xml': {
    kind: 'requestingAgencyMessage',
    check: (message) => {
      const ram = as(message, 'requestingAgencyMessage');
      expect(ram.action).toBe('Cancel');
      expect(ram.header).toEqual({
        supplyingAgencyId: { agencyIdType: { value: 'ISIL' }, agencyIdValue: 'SLNP_TWO_A' },
        requestingAgencyId: { agencyIdType: { value: 'ISIL' }, agencyIdValue: 'SLNP_ONE' },
        timestamp: '2024-12-12T20:12:00.62959771Z',
        requestingAgencyRequestId: 'reqid',
        supplyingAgencyRequestId: 'c488bef0-5735-4c33-ba13-a9f343447574',
      });
    },
  },
  'crosslink/request-loaned.xml': {
    kind: 'request',
    check: (message) => {
      const request = brokerRequest('5636c993-c41c-48f4-a285-470545f6f343', 'LOANED')(message);
      expect(request.serviceInfo?.requestType).toBe('New');
    },
  },
  'crosslink/request-locally-available.xml': {
    kind: 'request',
    check: (message) => {
      brokerRequest(
        '5636c993-c41c-48f4-a285-170545f6f343',
        'return-ISIL:SUP1::321;return-ISIL:REQ::123',
      )(message);
    },
  },
  'crosslink/request-no-reqid.xml': {
    errorType: 'UnrecognisedDataValue',
    errorValue: /^header\/requestingAgencyRequestId: cannot be empty$/,
    messageKind: 'request',
  },
  'crosslink/request-reminder.xml': {
    kind: 'request',
    check: (message) => {
      const request = brokerRequest('2481f2a6-eca9-41ce-bc16-1d6397ac809d', 'RETRY:COST_LOANED')(message);
      expect(request.serviceInfo?.requestType).toBe('Reminder');
      expect(request.serviceInfo?.requestingAgencyPreviousRequestId).toBe(
        '2b0d77db-464e-4c7f-b486-c705658a56f3',
      );
    },
  },
  'crosslink/request-retry-after-unfilled.xml': {
    kind: 'request',
    check: (message) => {
      const request = brokerRequest('4622a9e7-e439-4bc0-b2ec-e42833a3c3c8', 'RETRY:COST_LOANED')(message);
      expect(request.serviceInfo?.requestType).toBe('Retry');
      expect(request.serviceInfo?.requestingAgencyPreviousRequestId).toBe(
        '5636c993-c41c-48f4-a285-470545f6f342',
      );
    },
  },
  'crosslink/request-willsupply-unfilled-willsupply-loaned.xml': {
    kind: 'request',
    check: (message) => {
      const request = brokerRequest(
        '5636c993-c41c-48f4-a285-470545f6f341',
        'WILLSUPPLY_UNFILLED;WILLSUPPLY_LOANED',
      )(message);
      expect(request.serviceInfo?.requestSubType).toEqual(['PatronRequest']);
    },
  },
  'crosslink/supmsg-invalid-reason.xml': {
    errorType: 'UnsupportedReasonForMessageType',
    errorValue: /^messageInfo\/reasonForMessage: "NoGoodReason"/,
    messageKind: 'supplyingAgencyMessage',
  },
  'crosslink/supmsg-invalid-status.xml': {
    errorType: 'UnrecognisedDataValue',
    errorValue: /^statusInfo\/status: "WeCouldLoan"/,
    messageKind: 'supplyingAgencyMessage',
  },
  'crosslink/supmsg-no-reqid.xml': {
    errorType: 'UnrecognisedDataValue',
    errorValue: /^header\/requestingAgencyRequestId: cannot be empty$/,
    messageKind: 'supplyingAgencyMessage',
  },
  'crosslink/supmsg-notification.xml': {
    kind: 'supplyingAgencyMessage',
    check: (message) => {
      const sam = as(message, 'supplyingAgencyMessage');
      expect(sam.messageInfo).toEqual({ reasonForMessage: 'Notification' });
      expect(sam.statusInfo).toEqual({
        status: 'RequestReceived',
        lastChange: '2024-12-12T20:12:00.629710681Z',
      });
      expect(sam.header.requestingAgencyRequestId).toBe('5636c993-c41c-48f4-a285-470545f6f352');
    },
  },
  'crosslink/supmsg-ok.xml': {
    kind: 'supplyingAgencyMessage',
    check: (message) => {
      const sam = as(message, 'supplyingAgencyMessage');
      expect(sam.messageInfo.reasonForMessage).toBe('StatusChange');
      expect(sam.statusInfo.status).toBe('Loaned');
      // Nanosecond fractions are kept digit for digit.
      expect(sam.deliveryInfo).toEqual({ dateSent: '2024-12-12T20:12:00.629725783Z', itemId: '12345' });
      expect(sam.header.supplyingAgencyRequestId).toBe('c488bef0-5735-4c33-ba13-a9f343447574');
    },
  },
  'mod-rs/cancelResponseReplyNoTemplate.xml': placeholder('_SUPPLY_AGENCY_ID_'),
  'mod-rs/illmockrequest.xml': {
    kind: 'request',
    check: (message) => {
      const request = as(message, 'request');
      expect(request.header.requestingAgencyRequestId).toBe('DMMYNIA2-1');
      expect(request.header.supplyingAgencyId).toEqual({
        agencyIdType: { value: 'DMMY' },
        agencyIdValue: 'NIA1',
      });
      expect(request.header.timestamp).toBe('0001-01-01T00:00:00.000Z');
      expect(request.bibliographicInfo.title).toBe('Layered of the Rungs');
      expect(request.bibliographicInfo.bibliographicRecordId).toEqual([
        {
          bibliographicRecordIdentifierCode: { value: 'patronReference', scheme: 'RESHARE' },
          bibliographicRecordIdentifier: 'ref-33-44-55',
        },
      ]);
      expect(request.serviceInfo).toEqual({
        requestType: 'New',
        requestSubType: ['PatronRequest'],
        serviceType: 'Loan',
        note: '#CANCEL#',
      });
    },
  },
  'mod-rs/patronRequest.xml': {
    errorType: 'UnrecognisedDataValue',
    errorValue:
      /^header\/requestingAgencyId\/agencyIdValue: unsubstituted template placeholder "agencyIdValue_holder"$/,
    messageKind: 'request',
  },
  'mod-rs/patronRequestRetry.xml': {
    errorType: 'UnrecognisedDataValue',
    errorValue: /^header\/requestingAgencyId\/agencyIdValue: cannot be empty$/,
    messageKind: 'request',
  },
  'mod-rs/request.xml': {
    kind: 'request',
    check: (message, result) => {
      const request = as(message, 'request');
      expect(result.version).toBe('unknown');
      expect(result.warnings.map((w) => w.code)).toContain('unwrapped-root');
      expect(request.header).toEqual({
        ...modRsHeaderIds,
        multipleItemRequestId: 'multipleItemRequestId1',
        timestamp: '1900-01-01T01:01:01Z',
        requestingAgencyRequestId: 'requestingAgencyRequestId1',
        supplyingAgencyRequestId: 'supplyingAgencyRequestId1',
        requestingAgencyAuthentication: { accountId: 'accountId1', securityCode: 'securityCode1' },
      });
      expect(request.bibliographicInfo.title).toBe('title1');
      expect(request.bibliographicInfo.bibliographicItemId).toHaveLength(3);
      expect(request.bibliographicInfo.bibliographicRecordId).toHaveLength(3);
      expect(request.serviceInfo).toMatchObject({
        requestType: 'New',
        requestSubType: ['BookingRequest', 'MultipleItemRequest', 'PatronRequest'],
        serviceType: 'Copy',
        needBeforeDate: '1900-01-02T23:59:59Z',
        anyEdition: 'Y',
      });
      expect(request.supplierInfo).toHaveLength(3);
      expect(request.requestedDeliveryInfo?.[0]).toEqual({
        sortOrder: '1',
        address: {
          electronicAddress: {
            electronicAddressType: { value: 'electronicAddressType1', scheme: 'http://uri1' },
            electronicAddressData: 'electronicAddressData1',
          },
        },
      });
      expect(request.billingInfo?.maximumCosts).toEqual({
        currencyCode: { value: 'currencyCode1', scheme: 'http://uri1' },
        monetaryValue: '1',
      });
    },
  },
  'mod-rs/requestConfirmation.xml': {
    kind: 'requestConfirmation',
    check: (message) => {
      expect(message).toEqual({
        kind: 'requestConfirmation',
        confirmationHeader: modRsConfirmationHeader,
        errorData: { errorType: 'UnsupportedActionType', errorValue: 'errorValue1' },
      });
    },
  },
  'mod-rs/requestingAgencyMessage.xml': {
    kind: 'requestingAgencyMessage',
    check: (message) => {
      const ram = as(message, 'requestingAgencyMessage');
      expect(ram.action).toBe('StatusRequest');
      expect(ram.note).toBe('note1');
      expect(ram.header.requestingAgencyAuthentication).toEqual({
        accountId: 'accountId1',
        securityCode: 'securityCode1',
      });
    },
  },
  'mod-rs/requestingAgencyMessageConfirmation.xml': {
    kind: 'requestingAgencyMessageConfirmation',
    check: (message) => {
      expect(message).toEqual({
        kind: 'requestingAgencyMessageConfirmation',
        confirmationHeader: modRsConfirmationHeader,
        action: 'StatusRequest',
        errorData: { errorType: 'UnsupportedActionType', errorValue: 'errorValue1' },
      });
    },
  },
  'mod-rs/statusChangeExpectToSupplyTemplate.xml': placeholder('_SUPPLY_AGENCY_ID_'),
  'mod-rs/statusChangeUnfilledTemplate.xml': placeholder('_SUPPLY_AGENCY_ID_'),
  'mod-rs/supplyingAgencyMessage.xml': {
    kind: 'supplyingAgencyMessage',
    check: (message) => {
      const sam = as(message, 'supplyingAgencyMessage');
      expect(sam.messageInfo).toEqual({
        reasonForMessage: 'RequestResponse',
        answerYesNo: 'Y',
        note: 'note1',
        reasonUnfilled: { value: 'reasonUnfilled1', scheme: 'http://uri1' },
        reasonRetry: { value: 'reasonRetry1', scheme: 'http://uri1' },
        offeredCosts: { currencyCode: { value: 'currencyCode1', scheme: 'http://uri1' }, monetaryValue: '1' },
        retryAfter: '1900-01-01T01:01:01Z',
        retryBefore: '1900-01-01T01:01:01Z',
      });
      expect(sam.statusInfo.status).toBe('RequestReceived');
      expect(sam.deliveryInfo?.sentToPatron).toBe(true);
      expect(sam.deliveryInfo?.itemId).toBe('itemId1');
      expect(sam.returnInfo?.physicalAddress?.region).toEqual({ value: 'region1', scheme: 'http://uri1' });
    },
  },
  'mod-rs/supplyingAgencyMessageConfirmation.xml': {
    kind: 'supplyingAgencyMessageConfirmation',
    check: (message) => {
      expect(message).toEqual({
        kind: 'supplyingAgencyMessageConfirmation',
        confirmationHeader: modRsConfirmationHeader,
        reasonForMessage: 'RequestResponse',
        errorData: { errorType: 'UnsupportedActionType', errorValue: 'errorValue1' },
      });
    },
  },
  'mod-rs/supplyingAgencyMessage_statusChange.xml': placeholder('supAgencyIdValue_holder'),
  'mod-rs/unfilledNotification.xml': placeholder('supplierSymbol_holder'),
};

/** What mod-rs's integration tests put in place of the placeholders before sending. */
const SUBSTITUTES: Record<string, string> = {
  _SUPPLY_AGENCY_ID_: 'SUP',
  _REQUEST_AGENCY_ID_: 'REQ',
  _REQUEST_ID_: 'req-1',
  _TIMESTAMP_: '2024-05-06T07:08:09.123Z',
  supAgencyIdValue_holder: 'SUP',
  supplierSymbol_holder: 'SUP',
  agencyIdValue_holder: 'REQ',
  requesterSymbol_holder: 'REQ',
  requestId_holder: 'req-1',
  timestamp_holder: '2024-05-06T07:08:09.123Z',
  note_holder: 'a note',
  status_holder: 'Loaned',
  patronId_holder: 'p-1',
};

function substitute(xml: string): string {
  return xml.replace(/>\s*([A-Za-z]+_holder|_[A-Z_]+_)\s*</g, (_match, name: string) => {
    const value = SUBSTITUTES[name];
    if (value === undefined) throw new Error(`no substitute for placeholder ${name}`);
    return `>${value}<`;
  });
}

const haveReference = ISO18626_REFERENCE_DIR !== undefined;

describe.skipIf(!haveReference && !ON_CI)('the shared ISO 18626 sample messages', () => {
  const samples = haveReference ? listSamples() : [];

  it('finds the reference, and every sample in it has an expectation here', () => {
    expect(ISO18626_REFERENCE_DIR, 'shared/reference/iso18626 next to the repository').toBeDefined();
    expect(samples).toEqual(Object.keys(EXPECTED).sort());
  });

  it.each(Object.entries(EXPECTED))('%s is handled as SOURCES.md says', (name, expected) => {
    const result = parseIso18626(readSample(name));
    if ('errorType' in expected) {
      expect(result.ok, JSON.stringify(result)).toBe(false);
      if (result.ok) return;
      expect(result.error.errorType).toBe(expected.errorType);
      expect(result.error.errorValue).toMatch(expected.errorValue);
      expect(result.error.messageKind).toBe(expected.messageKind);
    } else {
      expect(result.ok, JSON.stringify(result)).toBe(true);
      if (!result.ok) return;
      expect(result.message.kind).toBe(expected.kind);
      expected.check(result.message, result);
    }
  });

  it('refuses the negative vectors with the header needed to address an error confirmation', () => {
    const result = parseIso18626(readSample('crosslink/supmsg-invalid-status.xml'));
    expect(result).toEqual({
      ok: false,
      error: {
        errorType: 'UnrecognisedDataValue',
        errorValue: 'statusInfo/status: "WeCouldLoan" is not a recognised value',
        messageKind: 'supplyingAgencyMessage',
        version: '1.2',
        reasonForMessage: 'StatusChange',
        header: {
          supplyingAgencyId: { agencyIdType: { value: 'ISIL' }, agencyIdValue: 'SUP' },
          requestingAgencyId: { agencyIdType: { value: 'ISIL' }, agencyIdValue: 'BROKER' },
          requestingAgencyRequestId: 'reqid',
          supplyingAgencyRequestId: 'c488bef0-5735-4c33-ba13-a9f343447574',
          timestamp: '2024-12-12T20:12:00.62959771Z',
        },
      },
    });
  });

  it('reads the templates once their placeholders are substituted, as mod-rs sends them', () => {
    const expectToSupply = parseIso18626(
      substitute(readSample('mod-rs/statusChangeExpectToSupplyTemplate.xml')),
    );
    expect(expectToSupply.ok && expectToSupply.message).toMatchObject({
      kind: 'supplyingAgencyMessage',
      messageInfo: { reasonForMessage: 'StatusChange' },
      statusInfo: { status: 'ExpectToSupply', lastChange: '2024-05-06T07:08:09.123Z' },
    });
    expect(expectToSupply.ok && expectToSupply.warnings.map((w) => w.code)).toEqual(
      expect.arrayContaining(['no-namespace', 'unqualified-version']),
    );

    const unfilled = parseIso18626(substitute(readSample('mod-rs/statusChangeUnfilledTemplate.xml')));
    expect(unfilled.ok && unfilled.message).toMatchObject({ statusInfo: { status: 'Unfilled' } });

    // version="1.0", no multipleItemRequestId, a string of empty elements, an empty lastChange.
    const statusChange = parseIso18626(
      substitute(readSample('mod-rs/supplyingAgencyMessage_statusChange.xml')),
    );
    expect(statusChange.ok && statusChange.message).toEqual({
      kind: 'supplyingAgencyMessage',
      header: {
        supplyingAgencyId: { agencyIdType: { value: 'ISIL' }, agencyIdValue: 'SUP' },
        requestingAgencyId: { agencyIdType: { value: 'ISIL' }, agencyIdValue: 'REQ' },
        timestamp: '2023-10-04T15:22:00.543778Z',
        requestingAgencyRequestId: 'req-1',
        supplyingAgencyRequestId: 'req-1',
      },
      messageInfo: { reasonForMessage: 'StatusChange', note: 'a note' },
      statusInfo: { status: 'Loaned', lastChange: '2023-10-04T15:22:00.543778Z' },
    });
    expect(statusChange.ok && statusChange.version).toBe('1.2');
    expect(statusChange.ok && statusChange.warnings.map((w) => w.code)).toContain('value-defaulted');

    const notification = parseIso18626(substitute(readSample('mod-rs/unfilledNotification.xml')));
    expect(notification.ok && notification.message).toMatchObject({
      messageInfo: { reasonForMessage: 'Notification', note: "can't find it after all" },
      statusInfo: { status: 'Unfilled' },
    });
    expect(notification.ok && notification.message).not.toHaveProperty('deliveryInfo');

    // A request with no supplier (a patron request), requestedDeliveryInfo after patronInfo, and a
    // 2021 authorId in a "1.2" message.
    const patron = parseIso18626(substitute(readSample('mod-rs/patronRequest.xml')));
    expect(patron.ok, JSON.stringify(patron)).toBe(true);
    if (!patron.ok) return;
    const request = as(patron.message, 'request');
    expect(request.header).not.toHaveProperty('supplyingAgencyId');
    expect(request.header.requestingAgencyRequestId).toBe('req-1');
    expect(request.serviceInfo).toEqual({
      requestType: 'New',
      requestSubType: ['PatronRequest'],
      serviceType: 'Loan',
    });
    expect(request.bibliographicInfo.bibliographicItemId).toEqual([
      { bibliographicItemIdentifier: '12321312', bibliographicItemIdentifierCode: { value: 'ISBN' } },
    ]);
    expect(patron.warnings).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ code: 'ignored-element', path: 'bibliographicInfo/authorId' }),
        expect.objectContaining({ code: 'element-order', path: '' }),
      ]),
    );
  });

  it('still refuses the cancel-response template once substituted: it has no statusInfo', () => {
    const result = parseIso18626(substitute(readSample('mod-rs/cancelResponseReplyNoTemplate.xml')));
    expect(result.ok || result.error).toMatchObject({
      errorType: 'BadlyFormedMessage',
      errorValue: 'statusInfo: missing',
    });
  });

  it.skipIf(!XMLLINT_AVAILABLE && !ON_CI)(
    're-emits every sample it accepts as schema-valid v1.2, however invalid the sample was',
    () => {
      const documents = new Map<string, string>();
      for (const name of samples) {
        for (const [variant, xml] of [
          ['as is', readSample(name)],
          ['substituted', substitute(readSample(name))],
        ] as const) {
          const result = parseIso18626(xml);
          if (result.ok) documents.set(`${name} (${variant})`, emitIso18626(result.message));
        }
      }
      expect(documents.size).toBeGreaterThanOrEqual(20);
      const invalid = validateWithXmllint(schemaV12Path(), documents).filter((verdict) => !verdict.valid);
      expect(invalid).toEqual([]);
    },
  );
});
