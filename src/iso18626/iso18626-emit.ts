/**
 * Writes ISO 18626 messages as XML that validates against the v1.2 schema, whatever peers accept.
 *
 * Strict peers (and mod-rs, which validates its own output) reject anything else, so: the root is
 * `ISO18626Message` with the namespace as default and bound to `ill:` for the qualified attributes
 * the schema requires (`attributeFormDefault="qualified"`: `ill:version`, `ill:scheme`); children in
 * schema sequence order; `multipleItemRequestId` always present (mandatory, may be empty); dates as
 * xs:dateTime in UTC. Values the schema would refuse (an unknown status, a date that is not one, an
 * amount that is not a decimal) throw `Iso18626EmitError`: that is a bug in the caller, and a
 * message that does not validate must never leave the system.
 */
import { readDateTime } from './iso18626-datetime.ts';
import { XS_DECIMAL, XS_INTEGER, isSchemaAnyUri } from './iso18626-lexical.ts';
import {
  ISO18626_ACTIONS,
  ISO18626_EMITTED_VERSION,
  ISO18626_ERROR_TYPES,
  ISO18626_MESSAGE_STATUSES,
  ISO18626_NAMESPACE,
  ISO18626_REASONS_FOR_MESSAGE,
  ISO18626_REQUEST_SUB_TYPES,
  ISO18626_REQUEST_TYPES,
  ISO18626_SERVICE_TYPES,
  ISO18626_STATUSES,
  ISO18626_V1_2_SCHEMA_URL,
  ISO18626_YES_NO,
  type Address,
  type AgencyId,
  type BibliographicRecordId,
  type Costs,
  type Iso18626Confirmation,
  type Iso18626ConfirmationHeader,
  type Iso18626ErrorData,
  type Iso18626Message,
  type Iso18626Request,
  type Iso18626RequestHeader,
  type Iso18626RequestingAgencyMessage,
  type Iso18626SupplyingAgencyMessage,
  type PhysicalAddress,
  type SchemeValue,
} from './iso18626-types.ts';

/** A message could not be written as schema-valid v1.2; `path` names the offending element. */
export class Iso18626EmitError extends Error {
  override readonly name = 'Iso18626EmitError';

  constructor(
    readonly path: string,
    detail: string,
  ) {
    super(`${path}: ${detail}`);
  }
}

/** Options of `emitIso18626`. */
export interface Iso18626EmitOptions {
  /** Indentation per level; `''` writes everything on one line. Default two spaces. */
  indent?: string;
  /** Add the conventional `xsi:schemaLocation` hint (CrossLink and mod-rs do). Default false; v1.2 only. */
  schemaLocation?: boolean;
  /**
   * The schema to write: v1.2 (default), or ISO 18626:2021 for a confirmation answering a 2021 sender
   * (its confirmation header has no `multipleItemRequestId`). Business messages are written in v1.2 only.
   */
  version?: '1.2' | '2021';
  /**
   * The `ill:version` written for `version: '2021'`: the sender's own (`2021-1`, `1.3`…), so that it
   * reads the answer as the schema it speaks. Default `2021-2`.
   */
  versionAttribute?: string;
}

/** The `version` attribute of a 2021 document when the sender's own is not known. */
export const ISO18626_2021_VERSION = '2021-2';

const CONFIRMATION_KINDS: ReadonlySet<string> = new Set([
  'requestConfirmation',
  'supplyingAgencyMessageConfirmation',
  'requestingAgencyMessageConfirmation',
]);

/**
 * Writes any of the six messages as a complete v1.2 `ISO18626Message` document, or a confirmation as a
 * 2021 one (`options.version`).
 */
export function emitIso18626(message: Iso18626Message, options: Iso18626EmitOptions = {}): string {
  const w = new Writer(options.indent ?? '  ');
  const v2021 = options.version === '2021';
  if (v2021 && !CONFIRMATION_KINDS.has(message.kind)) {
    throw new Iso18626EmitError('ISO18626Message', 'only confirmations are written in the 2021 schema');
  }
  const version = v2021
    ? /^(?:1\.3|2021(?:[-.]\d+)?)$/.test(options.versionAttribute ?? '')
      ? (options.versionAttribute as string)
      : ISO18626_2021_VERSION
    : ISO18626_EMITTED_VERSION;
  const schemaLocation =
    options.schemaLocation && !v2021
      ? ` xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="${ISO18626_NAMESPACE} ${ISO18626_V1_2_SCHEMA_URL}"`
      : '';
  w.open(
    'ISO18626Message',
    ` xmlns="${ISO18626_NAMESPACE}" xmlns:ill="${ISO18626_NAMESPACE}" ill:version="${version}"${schemaLocation}`,
  );
  switch (message.kind) {
    case 'request':
      writeRequest(w, message);
      break;
    case 'supplyingAgencyMessage':
      writeSupplyingAgencyMessage(w, message);
      break;
    case 'requestingAgencyMessage':
      writeRequestingAgencyMessage(w, message);
      break;
    case 'requestConfirmation':
    case 'supplyingAgencyMessageConfirmation':
    case 'requestingAgencyMessageConfirmation':
      writeConfirmation(w, message, v2021);
      break;
    default:
      throw new Iso18626EmitError(
        'ISO18626Message',
        `unknown message kind ${JSON.stringify((message as { kind: unknown }).kind)}`,
      );
  }
  w.close('ISO18626Message');
  return `<?xml version="1.0" encoding="UTF-8"?>\n${w.toString()}`;
}

/** Writes a confirmation (OK, or ERROR with errorData) as a complete v1.2 (or 2021) document. */
export function emitConfirmation(
  confirmation: Iso18626Confirmation,
  options: Iso18626EmitOptions = {},
): string {
  return emitIso18626(confirmation, options);
}

// --- Escaping ------------------------------------------------------------------------------------------

// Characters XML 1.0 cannot carry at all, not even as references (C0 controls, lone surrogates,
// U+FFFE/U+FFFF). A patron's pasted text can contain them; U+FFFD keeps the rest of the value.
const NOT_XML = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

function escapeText(value: string): string {
  return value
    .replace(NOT_XML, '\uFFFD')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\r/g, '&#13;'); // a literal CR would be read back as LF
}

function escapeAttribute(value: string): string {
  return escapeText(value).replace(/"/g, '&quot;').replace(/\t/g, '&#9;').replace(/\n/g, '&#10;');
}

// --- Writer ----------------------------------------------------------------------------------------------

/** Appends elements with indentation, keeping the path of open elements for error messages. */
class Writer {
  private readonly parts: string[] = [];
  private readonly stack: string[] = [];

  constructor(private readonly indent: string) {}

  private line(text: string): void {
    const newline = this.indent === '' || this.parts.length === 0 ? '' : '\n';
    this.parts.push(`${newline}${this.indent.repeat(this.stack.length)}${text}`);
  }

  /** The path of `name` (or of the open element) below the message element, for errors. */
  at(name?: string): string {
    const path = this.stack.slice(2);
    return (name === undefined ? path : [...path, name]).join('/');
  }

  open(name: string, attributes = ''): void {
    this.line(`<${name}${attributes}>`);
    this.stack.push(name);
  }

  close(name: string): void {
    this.stack.pop();
    this.line(`</${name}>`);
  }

  /** A simple element; an empty value writes `<name/>`. */
  leaf(name: string, value: string, attributes = ''): void {
    this.line(
      value === '' ? `<${name}${attributes}/>` : `<${name}${attributes}>${escapeText(value)}</${name}>`,
    );
  }

  toString(): string {
    return this.parts.join('');
  }
}

// --- Value checks ---------------------------------------------------------------------------------------

function checkString(w: Writer, name: string, value: unknown): string {
  if (typeof value !== 'string')
    throw new Iso18626EmitError(w.at(name), `expected a string, got ${typeof value}`);
  return value;
}

/** An optional simple element: nothing is written for undefined or ''. */
function optional(w: Writer, name: string, value: string | undefined): void {
  if (value === undefined) return;
  const text = checkString(w, name, value);
  if (text !== '') w.leaf(name, text);
}

/** A mandatory simple element that must carry a value. */
function required(w: Writer, name: string, value: string | undefined): void {
  const text = checkString(w, name, value);
  if (text.trim() === '') throw new Iso18626EmitError(w.at(name), 'cannot be empty');
  w.leaf(name, text);
}

function choice(
  w: Writer,
  name: string,
  value: string | undefined,
  values: readonly string[],
  mandatory: boolean,
): void {
  if (value === undefined) {
    if (mandatory) throw new Iso18626EmitError(w.at(name), 'missing');
    return;
  }
  if (!values.includes(value))
    throw new Iso18626EmitError(w.at(name), `${JSON.stringify(value)} is not a v1.2 value`);
  w.leaf(name, value);
}

function dateTime(w: Writer, name: string, value: string | undefined, mandatory = false): void {
  if (value === undefined) {
    if (mandatory) throw new Iso18626EmitError(w.at(name), 'missing');
    return;
  }
  const reading = readDateTime(checkString(w, name, value));
  if (!reading.ok) throw new Iso18626EmitError(w.at(name), `${JSON.stringify(value)} is not a date and time`);
  w.leaf(name, reading.value);
}

function integer(w: Writer, name: string, value: string | undefined): void {
  if (value === undefined || value === '') return;
  if (!XS_INTEGER.test(checkString(w, name, value))) {
    throw new Iso18626EmitError(w.at(name), `${JSON.stringify(value)} is not an integer`);
  }
  w.leaf(name, value);
}

function scheme(w: Writer, name: string, value: SchemeValue | undefined, mandatory = false): void {
  if (value === undefined) {
    if (mandatory) throw new Iso18626EmitError(w.at(name), 'missing');
    return;
  }
  const text = checkString(w, name, value.value);
  if (text === '' && !mandatory) return;
  const schemeUri =
    value.scheme === undefined || value.scheme === '' ? undefined : checkString(w, name, value.scheme);
  if (schemeUri !== undefined && !isSchemaAnyUri(schemeUri)) {
    throw new Iso18626EmitError(`${w.at(name)}/@scheme`, `${JSON.stringify(schemeUri)} is not a URI`);
  }
  w.leaf(name, text, schemeUri === undefined ? '' : ` ill:scheme="${escapeAttribute(schemeUri)}"`);
}

// --- Shared complex types ---------------------------------------------------------------------------------

function agencyId(w: Writer, name: string, id: AgencyId | undefined): void {
  if (id === undefined) return;
  w.open(name);
  scheme(w, 'agencyIdType', id.agencyIdType, true);
  if (id.agencyIdType.value.trim() === '')
    throw new Iso18626EmitError(w.at('agencyIdType'), 'cannot be empty');
  required(w, 'agencyIdValue', id.agencyIdValue);
  w.close(name);
}

function costs(w: Writer, name: string, value: Costs | undefined): void {
  if (value === undefined) return;
  w.open(name);
  scheme(w, 'currencyCode', value.currencyCode, true);
  const amount = checkString(w, 'monetaryValue', value.monetaryValue);
  if (!XS_DECIMAL.test(amount)) {
    throw new Iso18626EmitError(w.at('monetaryValue'), `${JSON.stringify(amount)} is not a decimal`);
  }
  w.leaf('monetaryValue', amount);
  w.close(name);
}

function physicalAddress(w: Writer, value: PhysicalAddress | undefined): void {
  if (value === undefined) return;
  w.open('physicalAddress');
  optional(w, 'line1', value.line1);
  optional(w, 'line2', value.line2);
  optional(w, 'locality', value.locality);
  optional(w, 'postalCode', value.postalCode);
  scheme(w, 'region', value.region);
  scheme(w, 'country', value.country);
  w.close('physicalAddress');
}

function address(w: Writer, value: Address | undefined): void {
  if (value === undefined) return;
  w.open('address');
  if (value.electronicAddress !== undefined && value.physicalAddress !== undefined) {
    throw new Iso18626EmitError(w.at(), 'holds both an electronic and a physical address');
  }
  if (value.electronicAddress !== undefined) {
    w.open('electronicAddress');
    // Mandatory in the schema, but may be empty: an absent type is written empty.
    const type = value.electronicAddress.electronicAddressType;
    if (type === undefined || type.value === '') w.leaf('electronicAddressType', '');
    else scheme(w, 'electronicAddressType', type, true);
    required(w, 'electronicAddressData', value.electronicAddress.electronicAddressData);
    w.close('electronicAddress');
  } else if (value.physicalAddress !== undefined) {
    physicalAddress(w, value.physicalAddress);
  } else {
    throw new Iso18626EmitError(w.at(), 'needs an electronic or a physical address');
  }
  w.close('address');
}

function bibliographicRecordId(w: Writer, value: BibliographicRecordId | undefined): void {
  if (value === undefined) return;
  w.open('bibliographicRecordId');
  scheme(w, 'bibliographicRecordIdentifierCode', value.bibliographicRecordIdentifierCode, true);
  required(w, 'bibliographicRecordIdentifier', value.bibliographicRecordIdentifier);
  w.close('bibliographicRecordId');
}

function list<T>(items: readonly T[] | undefined): readonly T[] {
  return items ?? [];
}

// --- Headers -----------------------------------------------------------------------------------------------

function header(w: Writer, value: Iso18626RequestHeader, supplierMandatory: boolean): void {
  w.open('header');
  if (value.supplyingAgencyId !== undefined) {
    agencyId(w, 'supplyingAgencyId', value.supplyingAgencyId);
  } else if (supplierMandatory) {
    throw new Iso18626EmitError(w.at('supplyingAgencyId'), 'missing');
  } else {
    // A request to a broker or the requester's own system names no supplier; v1.2 wants the element.
    w.open('supplyingAgencyId');
    w.leaf('agencyIdType', '');
    w.leaf('agencyIdValue', '');
    w.close('supplyingAgencyId');
  }
  if (value.requestingAgencyId === undefined)
    throw new Iso18626EmitError(w.at('requestingAgencyId'), 'missing');
  agencyId(w, 'requestingAgencyId', value.requestingAgencyId);
  // Mandatory in v1.2 even though nobody uses it: strict peers refuse a header without it.
  w.leaf('multipleItemRequestId', checkString(w, 'multipleItemRequestId', value.multipleItemRequestId ?? ''));
  dateTime(w, 'timestamp', value.timestamp, true);
  required(w, 'requestingAgencyRequestId', value.requestingAgencyRequestId);
  optional(w, 'supplyingAgencyRequestId', value.supplyingAgencyRequestId);
  const auth = value.requestingAgencyAuthentication;
  if (auth !== undefined) {
    w.open('requestingAgencyAuthentication');
    optional(w, 'accountId', auth.accountId);
    optional(w, 'securityCode', auth.securityCode);
    w.close('requestingAgencyAuthentication');
  }
  w.close('header');
}

function confirmationHeader(w: Writer, value: Iso18626ConfirmationHeader, v2021: boolean): void {
  w.open('confirmationHeader');
  agencyId(w, 'supplyingAgencyId', value.supplyingAgencyId);
  agencyId(w, 'requestingAgencyId', value.requestingAgencyId);
  dateTime(w, 'timestamp', value.timestamp, true);
  optional(w, 'requestingAgencyRequestId', value.requestingAgencyRequestId);
  // The 2021 confirmation header has no multipleItemRequestId.
  if (!v2021) optional(w, 'multipleItemRequestId', value.multipleItemRequestId);
  dateTime(w, 'timestampReceived', value.timestampReceived, true);
  choice(w, 'messageStatus', value.messageStatus, ISO18626_MESSAGE_STATUSES, true);
  w.close('confirmationHeader');
}

function errorData(w: Writer, value: Iso18626ErrorData | undefined): void {
  if (value === undefined) return;
  w.open('errorData');
  choice(w, 'errorType', value.errorType, ISO18626_ERROR_TYPES, true);
  optional(w, 'errorValue', value.errorValue);
  w.close('errorData');
}

// --- Messages --------------------------------------------------------------------------------------------

function writeRequest(w: Writer, m: Iso18626Request): void {
  w.open('request');
  header(w, m.header, false);

  const bib = m.bibliographicInfo;
  if (bib === undefined) throw new Iso18626EmitError(w.at('bibliographicInfo'), 'missing');
  w.open('bibliographicInfo');
  optional(w, 'supplierUniqueRecordId', bib.supplierUniqueRecordId);
  optional(w, 'title', bib.title);
  optional(w, 'author', bib.author);
  optional(w, 'subtitle', bib.subtitle);
  optional(w, 'seriesTitle', bib.seriesTitle);
  optional(w, 'edition', bib.edition);
  optional(w, 'titleOfComponent', bib.titleOfComponent);
  optional(w, 'authorOfComponent', bib.authorOfComponent);
  optional(w, 'volume', bib.volume);
  optional(w, 'issue', bib.issue);
  optional(w, 'pagesRequested', bib.pagesRequested);
  optional(w, 'estimatedNoPages', bib.estimatedNoPages);
  for (const id of list(bib.bibliographicItemId)) {
    w.open('bibliographicItemId');
    required(w, 'bibliographicItemIdentifier', id.bibliographicItemIdentifier);
    scheme(w, 'bibliographicItemIdentifierCode', id.bibliographicItemIdentifierCode, true);
    w.close('bibliographicItemId');
  }
  optional(w, 'sponsor', bib.sponsor);
  optional(w, 'informationSource', bib.informationSource);
  for (const id of list(bib.bibliographicRecordId)) bibliographicRecordId(w, id);
  w.close('bibliographicInfo');

  const pub = m.publicationInfo;
  if (pub !== undefined) {
    w.open('publicationInfo');
    optional(w, 'publisher', pub.publisher);
    scheme(w, 'publicationType', pub.publicationType);
    optional(w, 'publicationDate', pub.publicationDate);
    optional(w, 'placeOfPublication', pub.placeOfPublication);
    w.close('publicationInfo');
  }

  const service = m.serviceInfo;
  if (service !== undefined) {
    w.open('serviceInfo');
    choice(w, 'requestType', service.requestType, ISO18626_REQUEST_TYPES, false);
    const subTypes = list(service.requestSubType);
    if (subTypes.length > 3) throw new Iso18626EmitError(w.at('requestSubType'), 'v1.2 allows at most 3');
    for (const subType of subTypes) choice(w, 'requestSubType', subType, ISO18626_REQUEST_SUB_TYPES, true);
    optional(w, 'requestingAgencyPreviousRequestId', service.requestingAgencyPreviousRequestId);
    choice(w, 'serviceType', service.serviceType, ISO18626_SERVICE_TYPES, true);
    scheme(w, 'serviceLevel', service.serviceLevel);
    scheme(w, 'preferredFormat', service.preferredFormat);
    dateTime(w, 'needBeforeDate', service.needBeforeDate);
    scheme(w, 'copyrightCompliance', service.copyrightCompliance);
    choice(w, 'anyEdition', service.anyEdition, ISO18626_YES_NO, false);
    dateTime(w, 'startDate', service.startDate);
    dateTime(w, 'endDate', service.endDate);
    optional(w, 'note', service.note);
    w.close('serviceInfo');
  }

  for (const supplier of list(m.supplierInfo)) {
    w.open('supplierInfo');
    integer(w, 'sortOrder', supplier.sortOrder);
    agencyId(w, 'supplierCode', supplier.supplierCode);
    optional(w, 'supplierDescription', supplier.supplierDescription);
    bibliographicRecordId(w, supplier.bibliographicRecordId);
    optional(w, 'callNumber', supplier.callNumber);
    optional(w, 'summaryHoldings', supplier.summaryHoldings);
    optional(w, 'availabilityNote', supplier.availabilityNote);
    w.close('supplierInfo');
  }

  for (const delivery of list(m.requestedDeliveryInfo)) {
    w.open('requestedDeliveryInfo');
    integer(w, 'sortOrder', delivery.sortOrder);
    address(w, delivery.address);
    w.close('requestedDeliveryInfo');
  }

  const agency = m.requestingAgencyInfo;
  if (agency !== undefined) {
    w.open('requestingAgencyInfo');
    optional(w, 'name', agency.name);
    optional(w, 'contactName', agency.contactName);
    for (const a of list(agency.address)) address(w, a);
    w.close('requestingAgencyInfo');
  }

  const patron = m.patronInfo;
  if (patron !== undefined) {
    w.open('patronInfo');
    optional(w, 'patronId', patron.patronId);
    optional(w, 'surname', patron.surname);
    optional(w, 'givenName', patron.givenName);
    scheme(w, 'patronType', patron.patronType);
    choice(w, 'sendToPatron', patron.sendToPatron, ISO18626_YES_NO, false);
    for (const a of list(patron.address)) address(w, a);
    w.close('patronInfo');
  }

  const billing = m.billingInfo;
  if (billing !== undefined) {
    w.open('billingInfo');
    scheme(w, 'paymentMethod', billing.paymentMethod);
    costs(w, 'maximumCosts', billing.maximumCosts);
    scheme(w, 'billingMethod', billing.billingMethod);
    optional(w, 'billingName', billing.billingName);
    address(w, billing.address);
    w.close('billingInfo');
  }
  w.close('request');
}

function writeSupplyingAgencyMessage(w: Writer, m: Iso18626SupplyingAgencyMessage): void {
  w.open('supplyingAgencyMessage');
  header(w, m.header, true);

  const info = m.messageInfo;
  if (info === undefined) throw new Iso18626EmitError(w.at('messageInfo'), 'missing');
  w.open('messageInfo');
  choice(w, 'reasonForMessage', info.reasonForMessage, ISO18626_REASONS_FOR_MESSAGE, true);
  choice(w, 'answerYesNo', info.answerYesNo, ISO18626_YES_NO, false);
  optional(w, 'note', info.note);
  scheme(w, 'reasonUnfilled', info.reasonUnfilled);
  scheme(w, 'reasonRetry', info.reasonRetry);
  costs(w, 'offeredCosts', info.offeredCosts);
  dateTime(w, 'retryAfter', info.retryAfter);
  dateTime(w, 'retryBefore', info.retryBefore);
  w.close('messageInfo');

  const status = m.statusInfo;
  if (status === undefined) throw new Iso18626EmitError(w.at('statusInfo'), 'missing');
  w.open('statusInfo');
  choice(w, 'status', status.status, ISO18626_STATUSES, true);
  dateTime(w, 'expectedDeliveryDate', status.expectedDeliveryDate);
  dateTime(w, 'dueDate', status.dueDate);
  dateTime(w, 'lastChange', status.lastChange, true);
  w.close('statusInfo');

  const delivery = m.deliveryInfo;
  if (delivery !== undefined) {
    w.open('deliveryInfo');
    dateTime(w, 'dateSent', delivery.dateSent, true);
    optional(w, 'itemId', delivery.itemId);
    scheme(w, 'sentVia', delivery.sentVia);
    if (delivery.sentToPatron !== undefined) {
      if (typeof delivery.sentToPatron !== 'boolean') {
        throw new Iso18626EmitError(w.at('sentToPatron'), 'expected a boolean');
      }
      w.leaf('sentToPatron', String(delivery.sentToPatron));
    }
    scheme(w, 'loanCondition', delivery.loanCondition);
    scheme(w, 'deliveredFormat', delivery.deliveredFormat);
    costs(w, 'deliveryCosts', delivery.deliveryCosts);
    w.close('deliveryInfo');
  }

  const ret = m.returnInfo;
  if (ret !== undefined) {
    w.open('returnInfo');
    agencyId(w, 'returnAgencyId', ret.returnAgencyId);
    optional(w, 'name', ret.name);
    physicalAddress(w, ret.physicalAddress);
    w.close('returnInfo');
  }
  w.close('supplyingAgencyMessage');
}

function writeRequestingAgencyMessage(w: Writer, m: Iso18626RequestingAgencyMessage): void {
  w.open('requestingAgencyMessage');
  header(w, m.header, true);
  choice(w, 'action', m.action, ISO18626_ACTIONS, true);
  optional(w, 'note', m.note);
  w.close('requestingAgencyMessage');
}

function writeConfirmation(w: Writer, m: Iso18626Confirmation, v2021: boolean): void {
  w.open(m.kind);
  if (m.confirmationHeader === undefined) throw new Iso18626EmitError(w.at('confirmationHeader'), 'missing');
  confirmationHeader(w, m.confirmationHeader, v2021);
  if (m.kind === 'supplyingAgencyMessageConfirmation') {
    choice(w, 'reasonForMessage', m.reasonForMessage, ISO18626_REASONS_FOR_MESSAGE, false);
  } else if (m.kind === 'requestingAgencyMessageConfirmation') {
    choice(w, 'action', m.action, ISO18626_ACTIONS, false);
  }
  errorData(w, m.errorData);
  w.close(m.kind);
}
