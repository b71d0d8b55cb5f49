/**
 * Hand-written messages of every kind with every optional element filled, for tests. Values are
 * chosen to catch codec mistakes: leading zeros (must stay text), XML metacharacters, non-ASCII,
 * a CR inside a note (must survive escaping), fractional and year-0001 timestamps.
 */
import type {
  AgencyId,
  Iso18626ConfirmationHeader,
  Iso18626Header,
  Iso18626Request,
  Iso18626RequestConfirmation,
  Iso18626RequestingAgencyMessage,
  Iso18626RequestingAgencyMessageConfirmation,
  Iso18626SupplyingAgencyMessage,
  Iso18626SupplyingAgencyMessageConfirmation,
} from '../iso18626-types.ts';

export const SUPPLIER: AgencyId = { agencyIdType: { value: 'ISIL' }, agencyIdValue: 'US-SUP' };
export const REQUESTER: AgencyId = {
  agencyIdType: { value: 'ISIL', scheme: 'http://illtransactions.org/opencodes/agencyIdType' },
  agencyIdValue: 'DE-REQ & Söhne <1>',
};

export function richHeader(): Iso18626Header {
  return {
    supplyingAgencyId: SUPPLIER,
    requestingAgencyId: REQUESTER,
    multipleItemRequestId: 'multi-7',
    timestamp: '2024-12-12T20:12:00.62959771Z',
    requestingAgencyRequestId: 'req-0042~1',
    supplyingAgencyRequestId: '00c488bef0',
    requestingAgencyAuthentication: { accountId: 'acct-1', securityCode: 's3cr"et' },
  };
}

export function richRequest(): Iso18626Request {
  return {
    kind: 'request',
    header: richHeader(),
    bibliographicInfo: {
      supplierUniqueRecordId: '00123',
      title: 'Lord of the Rings: <The Fellowship> & "friends"',
      author: 'Tolkien, J. R. R.',
      subtitle: 'Ἀρχή',
      seriesTitle: 'Middle-earth',
      edition: '2nd',
      titleOfComponent: 'Chapter 1',
      authorOfComponent: 'Christopher Tolkien',
      volume: '1',
      issue: '03',
      pagesRequested: '1-20',
      estimatedNoPages: '20',
      bibliographicItemId: [
        { bibliographicItemIdentifier: '0012345678', bibliographicItemIdentifierCode: { value: 'ISBN' } },
        {
          bibliographicItemIdentifier: '0000-0019',
          bibliographicItemIdentifierCode: { value: 'ISSN', scheme: 'http://example.org/codes' },
        },
      ],
      sponsor: 'Sponsor',
      informationSource: 'WorldCat',
      bibliographicRecordId: [
        { bibliographicRecordIdentifierCode: { value: 'OCLC' }, bibliographicRecordIdentifier: '000012' },
        {
          bibliographicRecordIdentifierCode: { value: 'patronReference', scheme: 'RESHARE' },
          bibliographicRecordIdentifier: 'ref-33-44-55',
        },
      ],
    },
    publicationInfo: {
      publisher: 'Allen & Unwin',
      publicationType: { value: 'Book' },
      publicationDate: '1954',
      placeOfPublication: 'London',
    },
    serviceInfo: {
      requestType: 'Retry',
      requestSubType: ['PatronRequest', 'BookingRequest', 'MultipleItemRequest'],
      requestingAgencyPreviousRequestId: 'req-0041',
      serviceType: 'CopyOrLoan',
      serviceLevel: { value: 'Rush' },
      preferredFormat: { value: 'PDF' },
      needBeforeDate: '2025-01-31T23:59:59Z',
      copyrightCompliance: { value: 'US-CCG' },
      anyEdition: 'Y',
      startDate: '0001-01-01T00:00:00.000Z',
      endDate: '2025-02-28T12:00:00.5Z',
      note: 'First line\r\nsecond line\twith a tab ]]> and an emoji 📚',
    },
    supplierInfo: [
      {
        sortOrder: '01',
        supplierCode: SUPPLIER,
        supplierDescription: 'https://sup.example.org/iso18626',
        bibliographicRecordId: {
          bibliographicRecordIdentifierCode: { value: 'LCCN' },
          bibliographicRecordIdentifier: 'n79-5',
        },
        callNumber: 'PR6039.O32',
        summaryHoldings: 'v.1-3',
        availabilityNote: 'On shelf',
      },
      { sortOrder: '-2', supplierDescription: 'second' },
    ],
    requestedDeliveryInfo: [
      {
        sortOrder: '1',
        address: {
          physicalAddress: {
            line1: 'The Prancing Pony Inn',
            line2: 'Bree',
            locality: 'Eriador',
            postalCode: '00001',
            region: { value: 'BR', scheme: 'urn:iso:3166-2' },
            country: { value: 'GB' },
          },
        },
      },
      {
        sortOrder: '2',
        address: {
          electronicAddress: {
            electronicAddressType: { value: 'Email' },
            electronicAddressData: 'ill@req.example',
          },
        },
      },
      { address: { electronicAddress: { electronicAddressData: 'https://req.example/iso18626' } } },
    ],
    requestingAgencyInfo: {
      name: 'Requesting Library',
      contactName: 'ILL desk',
      address: [
        {
          electronicAddress: {
            electronicAddressType: { value: 'Email' },
            electronicAddressData: 'desk@req.example',
          },
        },
      ],
    },
    patronInfo: {
      patronId: '007',
      surname: 'Baggins',
      givenName: 'Frodo',
      patronType: { value: 'Faculty', scheme: 'http://example.org/patronTypes' },
      sendToPatron: 'N',
      address: [{ physicalAddress: { line1: 'Bag End', locality: 'Hobbiton' } }],
    },
    billingInfo: {
      paymentMethod: { value: 'IFM' },
      maximumCosts: { currencyCode: { value: 'EUR' }, monetaryValue: '12.50' },
      billingMethod: { value: 'Invoice' },
      billingName: 'Accounts',
      address: { physicalAddress: { line1: 'Accounts Office' } },
    },
  };
}

export function richSupplyingAgencyMessage(): Iso18626SupplyingAgencyMessage {
  return {
    kind: 'supplyingAgencyMessage',
    header: richHeader(),
    messageInfo: {
      reasonForMessage: 'RequestResponse',
      answerYesNo: 'Y',
      note: 'Supplier: US-SUP #seq:3#',
      reasonUnfilled: { value: 'Duplicate' },
      reasonRetry: {
        value: 'CostExceedsMaxCost',
        scheme: 'http://illtransactions.org/opencodes/reasonRetry',
      },
      offeredCosts: { currencyCode: { value: 'USD' }, monetaryValue: '35' },
      retryAfter: '2025-01-01T00:00:00Z',
      retryBefore: '2025-02-01T00:00:00.000000001Z',
    },
    statusInfo: {
      status: 'Loaned',
      expectedDeliveryDate: '2025-01-05T09:00:00Z',
      dueDate: '2025-02-05T23:59:59Z',
      lastChange: '2024-12-12T20:12:00.629710681Z',
    },
    deliveryInfo: {
      dateSent: '2024-12-12T20:12:00.629725783Z',
      itemId: '0012345',
      sentVia: { value: 'Mail' },
      sentToPatron: false,
      loanCondition: { value: 'LibraryUseOnly' },
      deliveredFormat: { value: 'Printed' },
      deliveryCosts: { currencyCode: { value: 'USD', scheme: 'urn:iso:4217' }, monetaryValue: '-0.50' },
    },
    returnInfo: {
      returnAgencyId: SUPPLIER,
      name: 'Supplier returns',
      physicalAddress: { line1: 'Dock 3', postalCode: '12345', country: { value: 'US' } },
    },
  };
}

export function richRequestingAgencyMessage(): Iso18626RequestingAgencyMessage {
  return {
    kind: 'requestingAgencyMessage',
    header: richHeader(),
    action: 'Renew',
    note: 'Please renew <2 weeks>',
  };
}

export function richConfirmationHeader(): Iso18626ConfirmationHeader {
  return {
    supplyingAgencyId: SUPPLIER,
    requestingAgencyId: REQUESTER,
    timestamp: '2024-12-12T20:12:01Z',
    requestingAgencyRequestId: 'req-0042~1',
    multipleItemRequestId: 'multi-7',
    timestampReceived: '2024-12-12T20:12:00.9Z',
    messageStatus: 'ERROR',
  };
}

export function richRequestConfirmation(): Iso18626RequestConfirmation {
  return {
    kind: 'requestConfirmation',
    confirmationHeader: richConfirmationHeader(),
    errorData: {
      errorType: 'UnrecognisedDataValue',
      errorValue: 'header/requestingAgencyId: unknown agency "X"',
    },
  };
}

export function richSupplyingAgencyMessageConfirmation(): Iso18626SupplyingAgencyMessageConfirmation {
  return {
    kind: 'supplyingAgencyMessageConfirmation',
    confirmationHeader: richConfirmationHeader(),
    reasonForMessage: 'StatusChange',
    errorData: {
      errorType: 'UnsupportedReasonForMessageType',
      errorValue: 'messageInfo/reasonForMessage: x',
    },
  };
}

export function richRequestingAgencyMessageConfirmation(): Iso18626RequestingAgencyMessageConfirmation {
  return {
    kind: 'requestingAgencyMessageConfirmation',
    confirmationHeader: richConfirmationHeader(),
    action: 'Renew',
    errorData: { errorType: 'UnsupportedActionType', errorValue: 'action: renewals are off' },
  };
}

/** One rich message of each of the six kinds. */
export function richMessages() {
  return [
    richRequest(),
    richRequestConfirmation(),
    richSupplyingAgencyMessage(),
    richSupplyingAgencyMessageConfirmation(),
    richRequestingAgencyMessage(),
    richRequestingAgencyMessageConfirmation(),
  ];
}
