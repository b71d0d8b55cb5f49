/**
 * ISO 18626 v1.2 (ISO 18626:2017) as TypeScript types: the six message types and every element of
 * the OCLC schema `ISO-18626-v1_2.xsd`, field names exactly as the XML element names.
 *
 * Conventions (so that `parse(emit(x))` deep-equals `x`):
 * - every value is a string, as on the wire: an ISBN `0012…` or a sort order `01` stays text;
 *   the only exception is the xs:boolean `sentToPatron`, which is a `boolean`;
 * - dates are ISO 8601 strings in UTC, `YYYY-MM-DDThh:mm:ss[.fraction]Z` (the parser converts every
 *   offset form peers send to this, keeping the fraction digits as sent);
 * - optional elements are absent, never `''`; optional lists are absent, never `[]`;
 * - closed code lists of the schema are string-literal unions; open code lists
 *   (`type_schemeValuePair`) are strings, with the values seen in practice exported as hints.
 *
 * The model is v1.2 on purpose: it is what ReShare, CrossLink, Alma and Koha exchange, and the
 * emitter must always be able to write it back as schema-valid v1.2. The parser maps the 2021
 * structure onto it (see `iso18626-parse.ts`).
 */

/** The XML namespace of every ISO 18626 version (2014, 2017, 2021): the version attribute tells them apart. */
export const ISO18626_NAMESPACE = 'http://illtransactions.org/2013/iso18626';

/** Where the published v1.2 schema lives, for `xsi:schemaLocation` hints. */
export const ISO18626_V1_2_SCHEMA_URL = 'http://illtransactions.org/schemas/ISO-18626-v1_2.xsd';

/** The version this codec emits, as written in the `ill:version` attribute. */
export const ISO18626_EMITTED_VERSION = '1.2';

// --- Closed enumerations (xs:enumeration in the v1.2 schema) -----------------------------------

/** The six message elements, in schema order. A parsed message carries its element name as `kind`. */
export const ISO18626_MESSAGE_KINDS = [
  'request',
  'requestConfirmation',
  'supplyingAgencyMessage',
  'supplyingAgencyMessageConfirmation',
  'requestingAgencyMessage',
  'requestingAgencyMessageConfirmation',
] as const;
export type Iso18626MessageKind = (typeof ISO18626_MESSAGE_KINDS)[number];

/** The three messages a peer sends on its own initiative, each answered synchronously by a confirmation. */
export const ISO18626_BUSINESS_MESSAGE_KINDS = [
  'request',
  'supplyingAgencyMessage',
  'requestingAgencyMessage',
] as const;
export type Iso18626BusinessMessageKind = (typeof ISO18626_BUSINESS_MESSAGE_KINDS)[number];

/** The three confirmations; they only ever travel in the HTTP response to a business message. */
export const ISO18626_CONFIRMATION_KINDS = [
  'requestConfirmation',
  'supplyingAgencyMessageConfirmation',
  'requestingAgencyMessageConfirmation',
] as const;
export type Iso18626ConfirmationKind = (typeof ISO18626_CONFIRMATION_KINDS)[number];

/** `type_status`: the supplier's status of the transaction (`statusInfo/status`). */
export const ISO18626_STATUSES = [
  'RequestReceived',
  'ExpectToSupply',
  'WillSupply',
  'Loaned',
  'Overdue',
  'Recalled',
  'RetryPossible',
  'Unfilled',
  'CopyCompleted',
  'LoanCompleted',
  'CompletedWithoutReturn',
  'Cancelled',
] as const;
export type Iso18626Status = (typeof ISO18626_STATUSES)[number];

/** Statuses ISO 18626:2021 added; a v1.2 system cannot represent them, so the parser refuses them by name. */
export const ISO18626_2021_ONLY_STATUSES = ['HoldReturn', 'ReleaseHoldReturn'] as const;

/** `type_action`: what a requesting agency message asks or tells (`requestingAgencyMessage/action`). */
export const ISO18626_ACTIONS = [
  'StatusRequest',
  'Received',
  'Cancel',
  'Renew',
  'ShippedReturn',
  'ShippedForward',
  'Notification',
] as const;
export type Iso18626Action = (typeof ISO18626_ACTIONS)[number];

/** Actions ISO 18626:2021 added; refused by name (UnsupportedActionType). */
export const ISO18626_2021_ONLY_ACTIONS = ['HoldReturn', 'Lost'] as const;

/** `type_reasonForMessage`: why a supplying agency message was sent (`messageInfo/reasonForMessage`). */
export const ISO18626_REASONS_FOR_MESSAGE = [
  'RequestResponse',
  'StatusRequestResponse',
  'RenewResponse',
  'CancelResponse',
  'StatusChange',
  'Notification',
] as const;
export type Iso18626ReasonForMessage = (typeof ISO18626_REASONS_FOR_MESSAGE)[number];

/** `type_errorType`: the five errors a confirmation can report. */
export const ISO18626_ERROR_TYPES = [
  'UnsupportedActionType',
  'UnsupportedReasonForMessageType',
  'UnrecognisedDataElement',
  'UnrecognisedDataValue',
  'BadlyFormedMessage',
] as const;
export type Iso18626ErrorType = (typeof ISO18626_ERROR_TYPES)[number];

/** `type_messageStatus`: whether the confirmed message was received and could be processed. */
export const ISO18626_MESSAGE_STATUSES = ['OK', 'ERROR'] as const;
export type Iso18626MessageStatus = (typeof ISO18626_MESSAGE_STATUSES)[number];

/** `type_requestType`: a new request, a retry after `RetryPossible`, or a reminder. */
export const ISO18626_REQUEST_TYPES = ['New', 'Retry', 'Reminder'] as const;
export type Iso18626RequestType = (typeof ISO18626_REQUEST_TYPES)[number];

/** `type_requestSubType` (0..3 per request in v1.2). */
export const ISO18626_REQUEST_SUB_TYPES = [
  'BookingRequest',
  'MultipleItemRequest',
  'PatronRequest',
  'TransferRequest',
  'SupplyingLibrarysChoice',
] as const;
export type Iso18626RequestSubType = (typeof ISO18626_REQUEST_SUB_TYPES)[number];

/** `type_serviceType`. */
export const ISO18626_SERVICE_TYPES = ['Copy', 'Loan', 'CopyOrLoan'] as const;
export type Iso18626ServiceType = (typeof ISO18626_SERVICE_TYPES)[number];

/** `type_yesNo`. */
export const ISO18626_YES_NO = ['Y', 'N'] as const;
export type Iso18626YesNo = (typeof ISO18626_YES_NO)[number];

// --- Open code lists (type_schemeValuePair): known values, never a closed set -----------------

/** `agencyIdType` values seen in practice (ISIL almost everywhere; MOCK in illmock, DMMY in mod-rs tests). */
export const KNOWN_AGENCY_ID_TYPES = ['ISIL', 'MOCK', 'DMMY'] as const;
export const KNOWN_SERVICE_LEVELS = [
  'Express',
  'Normal',
  'Rush',
  'SecondaryMail',
  'Standard',
  'Urgent',
] as const;
export const KNOWN_PUBLICATION_TYPES = [
  'ArchiveMaterial',
  'Article',
  'AudioBook',
  'Book',
  'Chapter',
  'ConferenceProc',
  'Game',
  'GovernmentPubl',
  'Image',
  'Journal',
  'Manuscript',
  'Map',
  'Movie',
  'MusicRecording',
  'MusicScore',
  'Newspaper',
  'Patent',
  'Report',
  'SoundRecording',
  'Thesis',
] as const;
/** `loanCondition`; ReShare also sends the non-standard `other`. */
export const KNOWN_LOAN_CONDITIONS = [
  'LibraryUseOnly',
  'NoReproduction',
  'SignatureRequired',
  'SpecCollSupervReq',
  'WatchLibraryUseOnly',
] as const;
export const KNOWN_SENT_VIA = [
  'Mail',
  'Email',
  'FTP',
  'URL',
  'ArticleExchange',
  'Courier',
  'Odyssey',
] as const;
export const KNOWN_DELIVERED_FORMATS = ['PDF', 'Printed', 'PaperCopy'] as const;
export const KNOWN_REASONS_RETRY = [
  'CostExceedsMaxCost',
  'OnLoan',
  'LoanCondition',
  'NotFoundAsCited',
] as const;
/** `reasonUnfilled`: CrossLink treats `Duplicate` as terminal; ReShare sends free text and staff codes. */
export const KNOWN_REASONS_UNFILLED = [
  'Duplicate',
  'unavailable',
  'missing',
  'incorrect',
  'other',
  'transfer',
] as const;
export const KNOWN_BIBLIOGRAPHIC_ITEM_ID_CODES = ['ISBN', 'ISSN', 'ISMN'] as const;
export const KNOWN_BIBLIOGRAPHIC_RECORD_ID_CODES = [
  'AMICUS',
  'BL',
  'FAUST',
  'JNB',
  'LA',
  'LCCN',
  'Medline',
  'NCID',
  'OCLC',
  'PID',
  'PMID',
  'TP',
] as const;
export const KNOWN_ELECTRONIC_ADDRESS_TYPES = ['Email', 'FTP'] as const;
export const KNOWN_COPYRIGHT_COMPLIANCE = [
  'US-CCG',
  'US-CCL',
  'UK-FairDealing',
  'UK-CopyRFeePaid',
  'AU-CopyrightActS49',
  'NZ-CopyrightActS54',
  'Other',
] as const;

// --- Shared complex types ------------------------------------------------------------------------

/**
 * `type_schemeValuePair`: a code of an open list and, optionally, the URI of the list it comes from
 * (written as the namespace-qualified `ill:scheme` attribute). Any string is allowed: the values
 * seen in practice are exported as `KNOWN_…` constants, and checking them is a per-peer decision.
 */
export interface SchemeValue {
  value: string;
  scheme?: string;
}

/** `type_agencyId`: an agency symbol, e.g. `{ agencyIdType: { value: 'ISIL' }, agencyIdValue: 'US-ABC' }`. */
export interface AgencyId {
  /** See `KNOWN_AGENCY_ID_TYPES`. */
  agencyIdType: SchemeValue;
  agencyIdValue: string;
}

/** `type_costs`: an amount in a currency (ISO 4217 code); `monetaryValue` is an xs:decimal kept as text. */
export interface Costs {
  currencyCode: SchemeValue;
  monetaryValue: string;
}

/** `requestingAgencyAuthentication`: the only authentication ISO 18626 defines. */
export interface RequestingAgencyAuthentication {
  accountId?: string;
  securityCode?: string;
}

/** `electronicAddress`. The type is mandatory in the schema but peers send it empty; absent here means empty. */
export interface ElectronicAddress {
  /** See `KNOWN_ELECTRONIC_ADDRESS_TYPES`. */
  electronicAddressType?: SchemeValue;
  electronicAddressData: string;
}

/** `physicalAddress` (region: ISO 3166-2, country: ISO 3166-1). */
export interface PhysicalAddress {
  line1?: string;
  line2?: string;
  locality?: string;
  postalCode?: string;
  region?: SchemeValue;
  country?: SchemeValue;
}

/** `address`: exactly one of an electronic or a physical address. */
export type Address =
  | { electronicAddress: ElectronicAddress; physicalAddress?: never }
  | { physicalAddress: PhysicalAddress; electronicAddress?: never };

// --- Headers ---------------------------------------------------------------------------------------

/** `header` of supplying and requesting agency messages. */
export interface Iso18626Header {
  supplyingAgencyId: AgencyId;
  requestingAgencyId: AgencyId;
  /** Mandatory but usually empty in v1.2 (the 2021 schema calls that "erroneous"); absent means empty. */
  multipleItemRequestId?: string;
  timestamp: string;
  /** The transaction key, assigned by the requester. */
  requestingAgencyRequestId: string;
  /** Assigned by the supplier; absent on the first request. */
  supplyingAgencyRequestId?: string;
  requestingAgencyAuthentication?: RequestingAgencyAuthentication;
}

/**
 * `header` of a request. The supplier may be unknown: a patron request handed to a requester's own
 * system or to a broker (ReShare, illmock), or a 2021 transfer request. The emitter then writes an
 * empty `supplyingAgencyId`, which v1.2 accepts.
 */
export interface Iso18626RequestHeader extends Omit<Iso18626Header, 'supplyingAgencyId'> {
  supplyingAgencyId?: AgencyId;
}

/** `confirmationHeader`: echoes the ids of the confirmed message and says whether it was processed. */
export interface Iso18626ConfirmationHeader {
  supplyingAgencyId?: AgencyId;
  requestingAgencyId?: AgencyId;
  timestamp: string;
  requestingAgencyRequestId?: string;
  multipleItemRequestId?: string;
  /** When the confirmed message was received. */
  timestampReceived: string;
  messageStatus: Iso18626MessageStatus;
}

/** `errorData` of a confirmation; `errorValue` names the element or value, `element: detail`. */
export interface Iso18626ErrorData {
  errorType: Iso18626ErrorType;
  errorValue?: string;
}

// --- Request ---------------------------------------------------------------------------------------

/** `bibliographicItemId`: an identifier of the item, e.g. an ISBN. */
export interface BibliographicItemId {
  bibliographicItemIdentifier: string;
  /** See `KNOWN_BIBLIOGRAPHIC_ITEM_ID_CODES`. */
  bibliographicItemIdentifierCode: SchemeValue;
}

/** `bibliographicRecordId`: an identifier of a catalogue record, e.g. an OCLC number. */
export interface BibliographicRecordId {
  /** See `KNOWN_BIBLIOGRAPHIC_RECORD_ID_CODES`; local codes carry a `scheme` (ReShare: `RESHARE`). */
  bibliographicRecordIdentifierCode: SchemeValue;
  bibliographicRecordIdentifier: string;
}

/** `bibliographicInfo`: mandatory in a request, every field optional. */
export interface BibliographicInfo {
  supplierUniqueRecordId?: string;
  title?: string;
  author?: string;
  subtitle?: string;
  seriesTitle?: string;
  edition?: string;
  titleOfComponent?: string;
  authorOfComponent?: string;
  volume?: string;
  issue?: string;
  pagesRequested?: string;
  estimatedNoPages?: string;
  bibliographicItemId?: BibliographicItemId[];
  sponsor?: string;
  informationSource?: string;
  bibliographicRecordId?: BibliographicRecordId[];
}

/** `publicationInfo`. */
export interface PublicationInfo {
  publisher?: string;
  /** See `KNOWN_PUBLICATION_TYPES`. */
  publicationType?: SchemeValue;
  publicationDate?: string;
  placeOfPublication?: string;
}

/** `serviceInfo`: what is asked for (loan or copy) and how. */
export interface ServiceInfo {
  requestType?: Iso18626RequestType;
  /** At most three, each at most once. */
  requestSubType?: Iso18626RequestSubType[];
  /** The previous transaction's id, on a `Retry`. */
  requestingAgencyPreviousRequestId?: string;
  serviceType: Iso18626ServiceType;
  /** See `KNOWN_SERVICE_LEVELS`. */
  serviceLevel?: SchemeValue;
  /** See `KNOWN_DELIVERED_FORMATS`; called itemFormat in 2021. */
  preferredFormat?: SchemeValue;
  needBeforeDate?: string;
  /** See `KNOWN_COPYRIGHT_COMPLIANCE`. */
  copyrightCompliance?: SchemeValue;
  anyEdition?: Iso18626YesNo;
  startDate?: string;
  endDate?: string;
  note?: string;
}

/** `supplierInfo`: one entry of a requester-supplied lending string. */
export interface SupplierInfo {
  /** xs:integer, kept as text. */
  sortOrder?: string;
  supplierCode?: AgencyId;
  supplierDescription?: string;
  bibliographicRecordId?: BibliographicRecordId;
  callNumber?: string;
  summaryHoldings?: string;
  availabilityNote?: string;
}

/** `requestedDeliveryInfo`: where to deliver, in order of preference. */
export interface RequestedDeliveryInfo {
  /** xs:integer, kept as text. */
  sortOrder?: string;
  address?: Address;
}

/** `requestingAgencyInfo`. */
export interface RequestingAgencyInfo {
  name?: string;
  contactName?: string;
  address?: Address[];
}

/** `patronInfo`. */
export interface PatronInfo {
  patronId?: string;
  surname?: string;
  givenName?: string;
  patronType?: SchemeValue;
  sendToPatron?: Iso18626YesNo;
  address?: Address[];
}

/** `billingInfo`. */
export interface BillingInfo {
  paymentMethod?: SchemeValue;
  maximumCosts?: Costs;
  billingMethod?: SchemeValue;
  billingName?: string;
  address?: Address;
}

/** `request`: opens a transaction (or retries or reminds one). Answered by a `requestConfirmation`. */
export interface Iso18626Request {
  kind: 'request';
  header: Iso18626RequestHeader;
  bibliographicInfo: BibliographicInfo;
  publicationInfo?: PublicationInfo;
  serviceInfo?: ServiceInfo;
  supplierInfo?: SupplierInfo[];
  requestedDeliveryInfo?: RequestedDeliveryInfo[];
  requestingAgencyInfo?: RequestingAgencyInfo;
  patronInfo?: PatronInfo;
  billingInfo?: BillingInfo;
}

// --- Supplying agency message ---------------------------------------------------------------------

/** `messageInfo`: why the supplier writes, and its answer. */
export interface MessageInfo {
  reasonForMessage: Iso18626ReasonForMessage;
  /** The answer to a Renew or Cancel. */
  answerYesNo?: Iso18626YesNo;
  note?: string;
  /** See `KNOWN_REASONS_UNFILLED`. */
  reasonUnfilled?: SchemeValue;
  /** See `KNOWN_REASONS_RETRY`. */
  reasonRetry?: SchemeValue;
  offeredCosts?: Costs;
  retryAfter?: string;
  retryBefore?: string;
}

/** `statusInfo`: mandatory in every supplying agency message, notifications included. */
export interface StatusInfo {
  status: Iso18626Status;
  expectedDeliveryDate?: string;
  dueDate?: string;
  lastChange: string;
}

/** `deliveryInfo`: what was shipped, when and how. */
export interface DeliveryInfo {
  dateSent: string;
  itemId?: string;
  /** See `KNOWN_SENT_VIA`; called deliveryMethod in 2021. */
  sentVia?: SchemeValue;
  sentToPatron?: boolean;
  /** See `KNOWN_LOAN_CONDITIONS`; repeatable in 2021, where only the first is kept. */
  loanCondition?: SchemeValue;
  /** See `KNOWN_DELIVERED_FORMATS`; called itemFormat in 2021. */
  deliveredFormat?: SchemeValue;
  deliveryCosts?: Costs;
}

/** `returnInfo`: where a loan goes back to. */
export interface ReturnInfo {
  returnAgencyId?: AgencyId;
  name?: string;
  physicalAddress?: PhysicalAddress;
}

/** `supplyingAgencyMessage`: the supplier's answers and status changes. */
export interface Iso18626SupplyingAgencyMessage {
  kind: 'supplyingAgencyMessage';
  header: Iso18626Header;
  messageInfo: MessageInfo;
  statusInfo: StatusInfo;
  deliveryInfo?: DeliveryInfo;
  returnInfo?: ReturnInfo;
}

// --- Requesting agency message --------------------------------------------------------------------

/** `requestingAgencyMessage`: an action of the requester on an open transaction. */
export interface Iso18626RequestingAgencyMessage {
  kind: 'requestingAgencyMessage';
  header: Iso18626Header;
  action: Iso18626Action;
  note?: string;
}

// --- Confirmations --------------------------------------------------------------------------------

/** `requestConfirmation`. */
export interface Iso18626RequestConfirmation {
  kind: 'requestConfirmation';
  confirmationHeader: Iso18626ConfirmationHeader;
  errorData?: Iso18626ErrorData;
}

/** `supplyingAgencyMessageConfirmation`: echoes the `reasonForMessage` it confirms. */
export interface Iso18626SupplyingAgencyMessageConfirmation {
  kind: 'supplyingAgencyMessageConfirmation';
  confirmationHeader: Iso18626ConfirmationHeader;
  reasonForMessage?: Iso18626ReasonForMessage;
  errorData?: Iso18626ErrorData;
}

/** `requestingAgencyMessageConfirmation`: echoes the `action` it confirms. */
export interface Iso18626RequestingAgencyMessageConfirmation {
  kind: 'requestingAgencyMessageConfirmation';
  confirmationHeader: Iso18626ConfirmationHeader;
  action?: Iso18626Action;
  errorData?: Iso18626ErrorData;
}

/** A message a peer sends on its own initiative (and which is confirmed synchronously). */
export type Iso18626BusinessMessage =
  Iso18626Request | Iso18626SupplyingAgencyMessage | Iso18626RequestingAgencyMessage;

/** A confirmation, the synchronous answer to a business message. */
export type Iso18626Confirmation =
  | Iso18626RequestConfirmation
  | Iso18626SupplyingAgencyMessageConfirmation
  | Iso18626RequestingAgencyMessageConfirmation;

/** Any of the six ISO 18626 messages; `kind` is the element name inside `ISO18626Message`. */
export type Iso18626Message = Iso18626BusinessMessage | Iso18626Confirmation;

/** Which confirmation answers which business message. */
export const ISO18626_CONFIRMATION_OF = {
  request: 'requestConfirmation',
  supplyingAgencyMessage: 'supplyingAgencyMessageConfirmation',
  requestingAgencyMessage: 'requestingAgencyMessageConfirmation',
} as const satisfies Record<Iso18626BusinessMessageKind, Iso18626ConfirmationKind>;
