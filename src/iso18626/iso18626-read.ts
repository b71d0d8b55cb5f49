/**
 * Readers of each ISO 18626 element into the v1.2 model. The 2021 structure is mapped here: renamed
 * elements (deliveryMethod, itemFormat), moved ones (retryInfo), and elements made repeatable
 * (first kept); 2021 additions the v1.2 model cannot hold are reported and skipped.
 */
import {
  Fields,
  Refusal,
  checkChoice,
  defined,
  nonEmpty,
  quote,
  textOf,
  type ChildSpec,
  type ClosedList,
  type ReadContext,
} from './iso18626-fields.ts';
import { XS_DECIMAL } from './iso18626-lexical.ts';
import type { XmlElement } from './iso18626-xml.ts';
import {
  ISO18626_2021_ONLY_ACTIONS,
  ISO18626_2021_ONLY_STATUSES,
  ISO18626_ACTIONS,
  ISO18626_ERROR_TYPES,
  ISO18626_MESSAGE_STATUSES,
  ISO18626_REASONS_FOR_MESSAGE,
  ISO18626_REQUEST_SUB_TYPES,
  ISO18626_REQUEST_TYPES,
  ISO18626_SERVICE_TYPES,
  ISO18626_STATUSES,
  ISO18626_YES_NO,
  type Address,
  type AgencyId,
  type BibliographicInfo,
  type BibliographicItemId,
  type BibliographicRecordId,
  type BillingInfo,
  type Costs,
  type DeliveryInfo,
  type ElectronicAddress,
  type Iso18626Confirmation,
  type Iso18626ConfirmationHeader,
  type Iso18626ErrorData,
  type Iso18626Header,
  type Iso18626Message,
  type Iso18626MessageKind,
  type Iso18626Request,
  type Iso18626RequestHeader,
  type Iso18626RequestSubType,
  type Iso18626Status,
  type Iso18626Action,
  type Iso18626ReasonForMessage,
  type Iso18626YesNo,
  type MessageInfo,
  type PatronInfo,
  type PhysicalAddress,
  type PublicationInfo,
  type RequestedDeliveryInfo,
  type RequestingAgencyInfo,
  type ReturnInfo,
  type SchemeValue,
  type ServiceInfo,
  type StatusInfo,
  type SupplierInfo,
} from './iso18626-types.ts';

// The closed lists, with the errorType the protocol gives a value outside each.
const STATUS: ClosedList<Iso18626Status> = {
  values: ISO18626_STATUSES,
  errorType: 'UnrecognisedDataValue',
  only2021: ISO18626_2021_ONLY_STATUSES,
};
const ACTION: ClosedList<Iso18626Action> = {
  values: ISO18626_ACTIONS,
  errorType: 'UnsupportedActionType',
  only2021: ISO18626_2021_ONLY_ACTIONS,
};
const REASON: ClosedList<Iso18626ReasonForMessage> = {
  values: ISO18626_REASONS_FOR_MESSAGE,
  errorType: 'UnsupportedReasonForMessageType',
};
const listOf = <T extends string>(values: readonly T[]): ClosedList<T> => ({
  values,
  errorType: 'UnrecognisedDataValue',
});
const YES_NO = listOf(ISO18626_YES_NO);
const PREFERRED_EDITION = listOf(['AnyEdition', 'ThisEdition', 'MostRecentEdition'] as const);

/** Reads the message element of `kind` into the model, or throws a `Refusal`. */
export function readMessage(
  kind: Iso18626MessageKind,
  element: XmlElement,
  context: ReadContext,
): Iso18626Message {
  switch (kind) {
    case 'request':
      return readRequest(element, context);
    case 'supplyingAgencyMessage':
      return readSupplyingAgencyMessage(element, context);
    case 'requestingAgencyMessage':
      return readRequestingAgencyMessage(element, context);
    case 'requestConfirmation':
    case 'supplyingAgencyMessageConfirmation':
    case 'requestingAgencyMessageConfirmation':
      return readConfirmation(kind, element, context);
  }
}

// --- Shared complex types ----------------------------------------------------------------------------

const AGENCY_ID: ChildSpec = { order: ['agencyIdType', 'agencyIdValue'] };
const COSTS: ChildSpec = { order: ['currencyCode', 'monetaryValue'] };

/** An agency id; undefined when absent or blank; refused when only half of it is there. */
function agencyId(parent: Fields, name: string): AgencyId | undefined {
  const fields = parent.group(name, AGENCY_ID);
  if (fields === undefined) return undefined;
  const agencyIdType = fields.scheme('agencyIdType');
  if (agencyIdType === undefined) {
    if (!fields.has('agencyIdType'))
      throw new Refusal('BadlyFormedMessage', `${fields.at('agencyIdType')}: missing`);
    throw new Refusal('UnrecognisedDataValue', `${fields.at('agencyIdType')}: cannot be empty`);
  }
  return { agencyIdType, agencyIdValue: fields.requiredText('agencyIdValue') };
}

function requiredAgencyId(parent: Fields, name: string): AgencyId {
  const id = agencyId(parent, name);
  if (id !== undefined) return id;
  if (!parent.has(name)) throw new Refusal('BadlyFormedMessage', `${parent.at(name)}: missing`);
  throw new Refusal('UnrecognisedDataValue', `${parent.at(name)}: cannot be empty`);
}

function costs(parent: Fields, name: string, repeatableIn2021 = false): Costs | undefined {
  const fields = parent.group(name, COSTS, repeatableIn2021);
  if (fields === undefined) return undefined;
  const currencyCode = fields.scheme('currencyCode');
  if (currencyCode === undefined) {
    if (!fields.has('currencyCode'))
      throw new Refusal('BadlyFormedMessage', `${fields.at('currencyCode')}: missing`);
    throw new Refusal('UnrecognisedDataValue', `${fields.at('currencyCode')}: cannot be empty`);
  }
  const monetaryValue = fields.requiredText('monetaryValue');
  if (!XS_DECIMAL.test(monetaryValue)) {
    throw new Refusal(
      'UnrecognisedDataValue',
      `${fields.at('monetaryValue')}: ${quote(monetaryValue)} is not a decimal`,
    );
  }
  return { currencyCode, monetaryValue };
}

const PHYSICAL_ADDRESS: ChildSpec = {
  order: ['line1', 'line2', 'locality', 'postalCode', 'region', 'country'],
};

function physicalAddress(parent: Fields, name: string): PhysicalAddress | undefined {
  const f = parent.group(name, PHYSICAL_ADDRESS);
  if (f === undefined) return undefined;
  return defined({
    line1: f.text('line1'),
    line2: f.text('line2'),
    locality: f.text('locality'),
    postalCode: f.text('postalCode'),
    // A scheme/value pair in 1.2, a plain string in 2021: read the same way.
    region: f.scheme('region'),
    country: f.scheme('country'),
  });
}

const ELECTRONIC_ADDRESS: ChildSpec = { order: ['electronicAddressType', 'electronicAddressData'] };
const ADDRESS: ChildSpec = { order: ['electronicAddress', 'physicalAddress'] };

function electronicAddress(parent: Fields): ElectronicAddress | undefined {
  const f = parent.group('electronicAddress', ELECTRONIC_ADDRESS);
  if (f === undefined) return undefined;
  return defined({
    electronicAddressType: f.scheme('electronicAddressType'),
    electronicAddressData: f.requiredText('electronicAddressData'),
  });
}

function addressFrom(f: Fields): Address | undefined {
  const electronic = electronicAddress(f);
  const physical = physicalAddress(f, 'physicalAddress');
  if (electronic !== undefined && physical !== undefined) {
    throw new Refusal('BadlyFormedMessage', `${f.path}: holds both an electronic and a physical address`);
  }
  if (electronic !== undefined) return { electronicAddress: electronic };
  if (physical !== undefined) return { physicalAddress: physical };
  return undefined;
}

function address(parent: Fields, name = 'address'): Address | undefined {
  const f = parent.group(name, ADDRESS);
  return f === undefined ? undefined : addressFrom(f);
}

function addresses(parent: Fields): Address[] | undefined {
  const list = each(parent, 'address', ADDRESS).map(addressFrom);
  return nonEmpty(list.filter((found): found is Address => found !== undefined));
}

/** The Fields of each non-blank occurrence of a repeatable child, with 1-based paths. */
function each(parent: Fields, name: string, spec: ChildSpec): Fields[] {
  return parent
    .list(name)
    .map((element, index) => new Fields(parent.context, element, `${parent.at(name)}[${index + 1}]`, spec));
}

// --- Headers -----------------------------------------------------------------------------------------

const HEADER: ChildSpec = {
  order: [
    'supplyingAgencyId',
    'requestingAgencyId',
    'multipleItemRequestId',
    'timestamp',
    'requestingAgencyRequestId',
    'supplyingAgencyRequestId',
    'requestingAgencyAuthentication',
  ],
  ignored2021: ['consortialId'],
};
const AUTHENTICATION: ChildSpec = { order: ['accountId', 'securityCode'] };

function readHeaderFields(f: Fields): Omit<Iso18626RequestHeader, 'supplyingAgencyId'> {
  const auth = f.group('requestingAgencyAuthentication', AUTHENTICATION);
  return defined({
    requestingAgencyId: requiredAgencyId(f, 'requestingAgencyId'),
    multipleItemRequestId: f.text('multipleItemRequestId'),
    timestamp: f.requiredDateTime('timestamp'),
    requestingAgencyRequestId: f.requiredText('requestingAgencyRequestId'),
    supplyingAgencyRequestId: f.text('supplyingAgencyRequestId'),
    requestingAgencyAuthentication:
      auth === undefined
        ? undefined
        : defined({ accountId: auth.text('accountId'), securityCode: auth.text('securityCode') }),
  });
}

function readRequestHeader(parent: Fields): Iso18626RequestHeader {
  const f = parent.requiredGroup('header', HEADER);
  // No supplier is normal for a patron request handed to a broker, and for 2021 transfer requests.
  const supplyingAgencyId = agencyId(f, 'supplyingAgencyId');
  return defined({ supplyingAgencyId, ...readHeaderFields(f) });
}

function readHeader(parent: Fields): Iso18626Header {
  const f = parent.requiredGroup('header', HEADER);
  const supplyingAgencyId = requiredAgencyId(f, 'supplyingAgencyId');
  return { supplyingAgencyId, ...readHeaderFields(f) };
}

// --- Request -------------------------------------------------------------------------------------------

const BIBLIOGRAPHIC_INFO: ChildSpec = {
  order: [
    'supplierUniqueRecordId',
    'title',
    'author',
    'subtitle',
    'seriesTitle',
    'edition',
    'titleOfComponent',
    'authorOfComponent',
    'volume',
    'issue',
    'pagesRequested',
    'estimatedNoPages',
    'bibliographicItemId',
    'sponsor',
    'informationSource',
    'bibliographicRecordId',
  ],
  ignored2021: ['authorId'],
};
// 2021 puts the code first; order is not checked for 2021 messages.
const BIBLIOGRAPHIC_ITEM_ID: ChildSpec = {
  order: ['bibliographicItemIdentifier', 'bibliographicItemIdentifierCode'],
};
const BIBLIOGRAPHIC_RECORD_ID: ChildSpec = {
  order: ['bibliographicRecordIdentifierCode', 'bibliographicRecordIdentifier'],
};

function requiredScheme(f: Fields, name: string): SchemeValue {
  const value = f.scheme(name);
  if (value !== undefined) return value;
  if (!f.has(name)) throw new Refusal('BadlyFormedMessage', `${f.at(name)}: missing`);
  throw new Refusal('UnrecognisedDataValue', `${f.at(name)}: cannot be empty`);
}

function bibliographicRecordId(f: Fields): BibliographicRecordId {
  return {
    bibliographicRecordIdentifierCode: requiredScheme(f, 'bibliographicRecordIdentifierCode'),
    bibliographicRecordIdentifier: f.requiredText('bibliographicRecordIdentifier'),
  };
}

function readBibliographicInfo(parent: Fields): BibliographicInfo {
  const f = parent.requiredGroup('bibliographicInfo', BIBLIOGRAPHIC_INFO);
  const itemIds = each(f, 'bibliographicItemId', BIBLIOGRAPHIC_ITEM_ID).map((g): BibliographicItemId => ({
    bibliographicItemIdentifier: g.requiredText('bibliographicItemIdentifier'),
    bibliographicItemIdentifierCode: requiredScheme(g, 'bibliographicItemIdentifierCode'),
  }));
  const recordIds = each(f, 'bibliographicRecordId', BIBLIOGRAPHIC_RECORD_ID).map(bibliographicRecordId);
  return defined({
    supplierUniqueRecordId: f.text('supplierUniqueRecordId'),
    title: f.text('title'),
    author: f.text('author'),
    subtitle: f.text('subtitle'),
    seriesTitle: f.text('seriesTitle'),
    edition: f.text('edition'),
    titleOfComponent: f.text('titleOfComponent'),
    authorOfComponent: f.text('authorOfComponent'),
    volume: f.text('volume', true),
    issue: f.text('issue'),
    pagesRequested: f.text('pagesRequested'),
    estimatedNoPages: f.text('estimatedNoPages'),
    bibliographicItemId: nonEmpty(itemIds),
    sponsor: f.text('sponsor'),
    informationSource: f.text('informationSource'),
    bibliographicRecordId: nonEmpty(recordIds),
  });
}

const PUBLICATION_INFO: ChildSpec = {
  order: ['publisher', 'publicationType', 'publicationDate', 'placeOfPublication'],
  ignored2021: ['publisherId'],
};

function readPublicationInfo(parent: Fields): PublicationInfo | undefined {
  const f = parent.group('publicationInfo', PUBLICATION_INFO);
  if (f === undefined) return undefined;
  return defined({
    publisher: f.text('publisher'),
    publicationType: f.scheme('publicationType'),
    publicationDate: f.text('publicationDate'),
    placeOfPublication: f.text('placeOfPublication'),
  });
}

const SERVICE_INFO: ChildSpec = {
  order: [
    'requestType',
    'requestSubType',
    'requestingAgencyPreviousRequestId',
    'serviceType',
    'serviceLevel',
    'preferredFormat',
    'needBeforeDate',
    'copyrightCompliance',
    'anyEdition',
    'startDate',
    'endDate',
    'note',
  ],
  also: ['itemFormat', 'preferredEdition'],
  ignored2021: ['loanCondition'],
};

function readServiceInfo(parent: Fields, context: ReadContext): ServiceInfo | undefined {
  const f = parent.group('serviceInfo', SERVICE_INFO);
  if (f === undefined) return undefined;
  const subTypes: Iso18626RequestSubType[] = [];
  f.list('requestSubType').forEach((element, index) => {
    const path = `${f.at('requestSubType')}[${index + 1}]`;
    const value = checkChoice(textOf(context, element, path), listOf(ISO18626_REQUEST_SUB_TYPES), path);
    if (!subTypes.includes(value)) subTypes.push(value);
  });
  // v1.2 allows three; 2021 any number. Keep three so that the message can always be emitted as v1.2.
  if (subTypes.length > 3) {
    context.warn('extra-occurrence', f.at('requestSubType'), `kept 3 of ${subTypes.length} (v1.2 allows 3)`);
    subTypes.length = 3;
  }
  return defined({
    requestType: f.choice('requestType', listOf(ISO18626_REQUEST_TYPES)),
    requestSubType: nonEmpty(subTypes),
    requestingAgencyPreviousRequestId: f.text('requestingAgencyPreviousRequestId'),
    serviceType: f.requiredChoice('serviceType', listOf(ISO18626_SERVICE_TYPES)),
    serviceLevel: f.scheme('serviceLevel'),
    // 2021 renamed preferredFormat to itemFormat.
    preferredFormat: f.scheme('preferredFormat') ?? f.scheme('itemFormat'),
    needBeforeDate: f.dateTime('needBeforeDate'),
    copyrightCompliance: f.scheme('copyrightCompliance'),
    anyEdition: f.choice('anyEdition', YES_NO) ?? preferredEdition(f, context),
    startDate: f.dateTime('startDate'),
    endDate: f.dateTime('endDate'),
    note: f.text('note'),
  });
}

/** 2021 `preferredEdition` recommends itself over the deprecated `anyEdition`; map what v1.2 can say. */
function preferredEdition(f: Fields, context: ReadContext): Iso18626YesNo | undefined {
  const value = f.choice('preferredEdition', PREFERRED_EDITION);
  if (value === 'AnyEdition') return 'Y';
  if (value === 'ThisEdition') return 'N';
  if (value === 'MostRecentEdition') {
    context.warn('ignored-element', f.at('preferredEdition'), 'MostRecentEdition has no v1.2 equivalent');
  }
  return undefined;
}

const SUPPLIER_INFO: ChildSpec = {
  order: [
    'sortOrder',
    'supplierCode',
    'supplierDescription',
    'bibliographicRecordId',
    'callNumber',
    'summaryHoldings',
    'availabilityNote',
  ],
};

function readSupplierInfo(f: Fields): SupplierInfo {
  const record = f.group('bibliographicRecordId', BIBLIOGRAPHIC_RECORD_ID);
  return defined({
    sortOrder: f.integer('sortOrder'),
    supplierCode: agencyId(f, 'supplierCode'),
    supplierDescription: f.text('supplierDescription'),
    bibliographicRecordId: record === undefined ? undefined : bibliographicRecordId(record),
    callNumber: f.text('callNumber'),
    summaryHoldings: f.text('summaryHoldings'),
    availabilityNote: f.text('availabilityNote'),
  });
}

const REQUESTED_DELIVERY_INFO: ChildSpec = {
  order: ['sortOrder', 'address'],
  ignored2021: ['deliveryMethod', 'courierName'],
};

function readRequestedDeliveryInfo(f: Fields): RequestedDeliveryInfo {
  return defined({ sortOrder: f.integer('sortOrder'), address: address(f) });
}

const REQUESTING_AGENCY_INFO: ChildSpec = { order: ['name', 'contactName', 'address'] };

function readRequestingAgencyInfo(parent: Fields): RequestingAgencyInfo | undefined {
  const f = parent.group('requestingAgencyInfo', REQUESTING_AGENCY_INFO);
  if (f === undefined) return undefined;
  return defined({ name: f.text('name'), contactName: f.text('contactName'), address: addresses(f) });
}

const PATRON_INFO: ChildSpec = {
  order: ['patronId', 'surname', 'givenName', 'patronType', 'sendToPatron', 'address'],
};

function readPatronInfo(parent: Fields): PatronInfo | undefined {
  const f = parent.group('patronInfo', PATRON_INFO);
  if (f === undefined) return undefined;
  return defined({
    patronId: f.text('patronId'),
    surname: f.text('surname'),
    givenName: f.text('givenName'),
    patronType: f.scheme('patronType'),
    sendToPatron: f.choice('sendToPatron', YES_NO),
    address: addresses(f),
  });
}

const BILLING_INFO: ChildSpec = {
  order: ['paymentMethod', 'maximumCosts', 'billingMethod', 'billingName', 'address'],
};

function readBillingInfo(parent: Fields): BillingInfo | undefined {
  const f = parent.group('billingInfo', BILLING_INFO);
  if (f === undefined) return undefined;
  return defined({
    paymentMethod: f.scheme('paymentMethod'),
    maximumCosts: costs(f, 'maximumCosts'),
    billingMethod: f.scheme('billingMethod'),
    billingName: f.text('billingName'),
    address: address(f),
  });
}

const REQUEST: ChildSpec = {
  order: [
    'header',
    'bibliographicInfo',
    'publicationInfo',
    'serviceInfo',
    'supplierInfo',
    'requestedDeliveryInfo',
    'requestingAgencyInfo',
    'patronInfo',
    'billingInfo',
  ],
};

function readRequest(element: XmlElement, context: ReadContext): Iso18626Request {
  const f = new Fields(context, element, '', REQUEST);
  const header = readRequestHeader(f);
  const bibliographicInfo = readBibliographicInfo(f);
  return defined({
    kind: 'request',
    header,
    bibliographicInfo,
    publicationInfo: readPublicationInfo(f),
    serviceInfo: readServiceInfo(f, context),
    supplierInfo: nonEmpty(each(f, 'supplierInfo', SUPPLIER_INFO).map(readSupplierInfo)),
    requestedDeliveryInfo: nonEmpty(
      each(f, 'requestedDeliveryInfo', REQUESTED_DELIVERY_INFO)
        .map(readRequestedDeliveryInfo)
        .filter((info) => Object.keys(info).length > 0),
    ),
    requestingAgencyInfo: readRequestingAgencyInfo(f),
    patronInfo: readPatronInfo(f),
    billingInfo: readBillingInfo(f),
  });
}

// --- Supplying agency message ------------------------------------------------------------------------

const MESSAGE_INFO: ChildSpec = {
  order: [
    'reasonForMessage',
    'answerYesNo',
    'note',
    'reasonUnfilled',
    'reasonRetry',
    'offeredCosts',
    'retryAfter',
    'retryBefore',
  ],
};
// 2021 moved offeredCosts, retryAfter and retryBefore from messageInfo into retryInfo.
const RETRY_INFO: ChildSpec = {
  order: [],
  also: ['offeredCosts', 'retryBefore', 'retryAfter'],
  ignored2021: [
    'loanCondition',
    'edition',
    'itemFormat',
    'volume',
    'serviceType',
    'serviceLevel',
    'deliveryMethod',
    'courierName',
    'paymentMethod',
  ],
};
const STATUS_INFO: ChildSpec = { order: ['status', 'expectedDeliveryDate', 'dueDate', 'lastChange'] };
const DELIVERY_INFO: ChildSpec = {
  order: [
    'dateSent',
    'itemId',
    'sentVia',
    'sentToPatron',
    'loanCondition',
    'deliveredFormat',
    'deliveryCosts',
  ],
  also: ['deliveryMethod', 'itemFormat'],
  ignored2021: ['URL', 'address', 'serviceType', 'paymentMethod'],
};
const RETURN_INFO: ChildSpec = { order: ['returnAgencyId', 'name', 'physicalAddress'] };
const SUPPLYING_AGENCY_MESSAGE: ChildSpec = {
  order: ['header', 'messageInfo', 'statusInfo', 'deliveryInfo', 'returnInfo'],
  also: ['retryInfo'],
  ignored2021: ['shippingInfo'],
};

function readMessageInfo(parent: Fields): MessageInfo {
  const f = parent.requiredGroup('messageInfo', MESSAGE_INFO);
  const retry = parent.group('retryInfo', RETRY_INFO);
  return defined({
    reasonForMessage: f.requiredChoice('reasonForMessage', REASON),
    answerYesNo: f.choice('answerYesNo', YES_NO),
    note: f.text('note'),
    reasonUnfilled: f.scheme('reasonUnfilled'),
    reasonRetry: f.scheme('reasonRetry'),
    offeredCosts: costs(f, 'offeredCosts') ?? (retry && costs(retry, 'offeredCosts', true)),
    retryAfter: f.dateTime('retryAfter') ?? retry?.dateTime('retryAfter'),
    retryBefore: f.dateTime('retryBefore') ?? retry?.dateTime('retryBefore'),
  });
}

function readStatusInfo(parent: Fields, context: ReadContext, timestamp: string): StatusInfo {
  const f = parent.requiredGroup('statusInfo', STATUS_INFO);
  const status = f.requiredChoice('status', STATUS);
  let lastChange = f.dateTime('lastChange');
  if (lastChange === undefined) {
    // Mandatory, but only informative; senders that leave it out still mean "now".
    context.warn('value-defaulted', f.at('lastChange'), 'missing or empty: took the header timestamp');
    lastChange = timestamp;
  }
  return defined({
    status,
    expectedDeliveryDate: f.dateTime('expectedDeliveryDate'),
    dueDate: f.dateTime('dueDate'),
    lastChange,
  });
}

function readDeliveryInfo(parent: Fields): DeliveryInfo | undefined {
  const f = parent.group('deliveryInfo', DELIVERY_INFO);
  if (f === undefined) return undefined;
  return defined({
    dateSent: f.requiredDateTime('dateSent'),
    itemId: f.text('itemId', true),
    // 2021 renamed sentVia to deliveryMethod and deliveredFormat to itemFormat.
    sentVia: f.scheme('sentVia') ?? f.scheme('deliveryMethod'),
    sentToPatron: f.boolean('sentToPatron'),
    loanCondition: f.scheme('loanCondition', true),
    deliveredFormat: f.scheme('deliveredFormat') ?? f.scheme('itemFormat'),
    deliveryCosts: costs(f, 'deliveryCosts', true),
  });
}

function readReturnInfo(parent: Fields): ReturnInfo | undefined {
  const f = parent.group('returnInfo', RETURN_INFO);
  if (f === undefined) return undefined;
  return defined({
    returnAgencyId: agencyId(f, 'returnAgencyId'),
    name: f.text('name'),
    physicalAddress: physicalAddress(f, 'physicalAddress'),
  });
}

function readSupplyingAgencyMessage(element: XmlElement, context: ReadContext): Iso18626Message {
  const f = new Fields(context, element, '', SUPPLYING_AGENCY_MESSAGE);
  const header = readHeader(f);
  const messageInfo = readMessageInfo(f);
  return defined({
    kind: 'supplyingAgencyMessage',
    header,
    messageInfo,
    statusInfo: readStatusInfo(f, context, header.timestamp),
    deliveryInfo: readDeliveryInfo(f),
    returnInfo: readReturnInfo(f),
  });
}

// --- Requesting agency message -----------------------------------------------------------------------

const REQUESTING_AGENCY_MESSAGE: ChildSpec = { order: ['header', 'action', 'note'] };

function readRequestingAgencyMessage(element: XmlElement, context: ReadContext): Iso18626Message {
  const f = new Fields(context, element, '', REQUESTING_AGENCY_MESSAGE);
  const header = readHeader(f);
  return defined({
    kind: 'requestingAgencyMessage',
    header,
    action: f.requiredChoice('action', ACTION),
    note: f.text('note'),
  });
}

// --- Confirmations -----------------------------------------------------------------------------------

const CONFIRMATION_HEADER: ChildSpec = {
  order: [
    'supplyingAgencyId',
    'requestingAgencyId',
    'timestamp',
    'requestingAgencyRequestId',
    'multipleItemRequestId',
    'timestampReceived',
    'messageStatus',
  ],
};
const ERROR_DATA: ChildSpec = { order: ['errorType', 'errorValue'] };
const CONFIRMATION_BODY: Record<Iso18626Confirmation['kind'], ChildSpec> = {
  requestConfirmation: { order: ['confirmationHeader', 'errorData'] },
  supplyingAgencyMessageConfirmation: { order: ['confirmationHeader', 'reasonForMessage', 'errorData'] },
  requestingAgencyMessageConfirmation: { order: ['confirmationHeader', 'action', 'errorData'] },
};

function readConfirmationHeader(parent: Fields): Iso18626ConfirmationHeader {
  const f = parent.requiredGroup('confirmationHeader', CONFIRMATION_HEADER);
  return defined({
    supplyingAgencyId: agencyId(f, 'supplyingAgencyId'),
    requestingAgencyId: agencyId(f, 'requestingAgencyId'),
    timestamp: f.requiredDateTime('timestamp'),
    requestingAgencyRequestId: f.text('requestingAgencyRequestId'),
    multipleItemRequestId: f.text('multipleItemRequestId'),
    timestampReceived: f.requiredDateTime('timestampReceived'),
    messageStatus: f.requiredChoice('messageStatus', listOf(ISO18626_MESSAGE_STATUSES)),
  });
}

function readErrorData(parent: Fields): Iso18626ErrorData | undefined {
  // One in v1.2, repeatable in 2021: the first error is the one a v1.2 model can hold.
  const f = parent.group('errorData', ERROR_DATA, true);
  if (f === undefined) return undefined;
  return defined({
    errorType: f.requiredChoice('errorType', listOf(ISO18626_ERROR_TYPES)),
    errorValue: f.text('errorValue'),
  });
}

function readConfirmation(
  kind: Iso18626Confirmation['kind'],
  element: XmlElement,
  context: ReadContext,
): Iso18626Confirmation {
  const f = new Fields(context, element, '', CONFIRMATION_BODY[kind]);
  const confirmationHeader = readConfirmationHeader(f);
  if (kind === 'requestConfirmation') {
    return defined({ kind, confirmationHeader, errorData: readErrorData(f) });
  }
  if (kind === 'supplyingAgencyMessageConfirmation') {
    return defined({
      kind,
      confirmationHeader,
      reasonForMessage: f.choice('reasonForMessage', REASON),
      errorData: readErrorData(f),
    });
  }
  return defined({
    kind,
    confirmationHeader,
    action: f.choice('action', ACTION),
    errorData: readErrorData(f),
  });
}
