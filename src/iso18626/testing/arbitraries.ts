/**
 * fast-check generators of canonical ISO 18626 messages, the form the parser produces: trimmed
 * non-empty strings, absent (never empty) optional fields and lists, UTC timestamps. For those,
 * `parseIso18626(emitIso18626(m)).message` must deep-equal `m`.
 */
import fc from 'fast-check';
import {
  ISO18626_ACTIONS,
  ISO18626_ERROR_TYPES,
  ISO18626_MESSAGE_STATUSES,
  ISO18626_REASONS_FOR_MESSAGE,
  ISO18626_REQUEST_SUB_TYPES,
  ISO18626_REQUEST_TYPES,
  ISO18626_SERVICE_TYPES,
  ISO18626_STATUSES,
  ISO18626_YES_NO,
  KNOWN_AGENCY_ID_TYPES,
  type Address,
  type AgencyId,
  type Costs,
  type Iso18626ConfirmationHeader,
  type Iso18626Header,
  type Iso18626Message,
  type Iso18626Request,
  type Iso18626RequestHeader,
  type PhysicalAddress,
  type SchemeValue,
} from '../iso18626-types.ts';

const PLACEHOLDER = /^(?:[A-Za-z][A-Za-z0-9]*_holder|_[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*_)$/;

// Characters that stress escaping and decoding, mixed with ordinary and astral ones.
const tricky = fc.constantFrom(
  '<',
  '>',
  '&',
  '"',
  "'",
  ' ',
  '\n',
  '\t',
  '\r',
  ']]>',
  '&amp;',
  'é',
  '漢',
  '📚',
  '_',
);
const unit = fc.oneof(
  { arbitrary: fc.string({ unit: 'grapheme-ascii', maxLength: 1 }), weight: 4 },
  { arbitrary: tricky, weight: 1 },
);

/** A free-text value as the parser returns it: trimmed, non-empty, not a template placeholder. */
export const text: fc.Arbitrary<string> = fc
  .string({ unit, minLength: 1, maxLength: 24 })
  .map((s) => s.trim())
  .filter((s) => s !== '' && !PLACEHOLDER.test(s));

/** Short identifier-like values, sometimes with leading zeros that must stay text. */
export const id: fc.Arbitrary<string> = fc
  .oneof(fc.stringMatching(/^0{0,2}[A-Za-z0-9~:._-]{1,20}$/), text)
  .filter((s) => !PLACEHOLDER.test(s));

const schemeUri = fc.oneof(fc.webUrl(), fc.constantFrom('RESHARE', 'urn:iso:std:iso:4217', 'http://uri1'));

export function schemeValue(values: fc.Arbitrary<string> = text): fc.Arbitrary<SchemeValue> {
  return fc.record({ value: values, scheme: schemeUri }, { requiredKeys: ['value'], noNullPrototype: true });
}

const dateTimeText: fc.Arbitrary<string> = fc
  .tuple(
    fc.date({
      min: new Date('0001-01-01T00:00:00Z'),
      max: new Date('9999-12-31T23:59:59Z'),
      noInvalidDate: true,
    }),
    fc.constantFrom('', '.5', '.123', '.000', '.629710681'),
  )
  .map(([date, fraction]) => `${date.toISOString().slice(0, 19)}${fraction}Z`);

export const dateTime = dateTimeText;

const agencyId: fc.Arbitrary<AgencyId> = fc.record(
  { agencyIdType: schemeValue(fc.oneof(fc.constantFrom(...KNOWN_AGENCY_ID_TYPES), id)), agencyIdValue: id },
  { noNullPrototype: true },
);

const costs: fc.Arbitrary<Costs> = fc.record(
  {
    currencyCode: schemeValue(fc.constantFrom('USD', 'EUR', 'GBP', 'XTS')),
    monetaryValue: fc.stringMatching(/^[+-]?(?:\d{1,6}(?:\.\d{0,4})?|\.\d{1,4})$/),
  },
  { noNullPrototype: true },
);

const integerText = fc.stringMatching(/^[+-]?\d{1,4}$/);

/** Optional keys are left out (not set to undefined), as the parser does. */
function partial<T extends object>(model: { [K in keyof T]: fc.Arbitrary<T[K]> }): fc.Arbitrary<Partial<T>> {
  return fc.record(model, { requiredKeys: [], noNullPrototype: true }) as fc.Arbitrary<Partial<T>>;
}

/** A list of one to `max` items, or absent. */
function someOf<T>(item: fc.Arbitrary<T>, max = 3): fc.Arbitrary<T[] | undefined> {
  return fc.option(fc.array(item, { minLength: 1, maxLength: max }), { nil: undefined });
}

function withOptional<T extends object>(
  required: fc.Arbitrary<T>,
  optional: fc.Arbitrary<object>,
): fc.Arbitrary<T> {
  return fc.tuple(required, optional).map(([a, b]) => ({ ...a, ...b }) as T);
}

/** Drops keys whose value is undefined, so that absent lists are absent keys. */
function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

const physicalAddress: fc.Arbitrary<PhysicalAddress> = partial<PhysicalAddress>({
  line1: text,
  line2: text,
  locality: text,
  postalCode: id,
  region: schemeValue(),
  country: schemeValue(fc.constantFrom('US', 'GB', 'DE', 'AU')),
}).filter((a) => Object.keys(a).length > 0);

const address: fc.Arbitrary<Address> = fc.oneof(
  physicalAddress.map((physical): Address => ({ physicalAddress: physical })),
  withOptional(
    fc.record({ electronicAddressData: text }, { noNullPrototype: true }),
    partial({ electronicAddressType: schemeValue(fc.constantFrom('Email', 'FTP', 'URL')) }),
  ).map((electronic): Address => ({ electronicAddress: electronic })),
);

function headerFields(): fc.Arbitrary<Omit<Iso18626Header, 'supplyingAgencyId'>> {
  return withOptional(
    fc.record(
      { requestingAgencyId: agencyId, timestamp: dateTime, requestingAgencyRequestId: id },
      { noNullPrototype: true },
    ),
    partial({
      multipleItemRequestId: id,
      supplyingAgencyRequestId: id,
      requestingAgencyAuthentication: partial({ accountId: id, securityCode: text }).filter(
        (auth) => Object.keys(auth).length > 0,
      ),
    }),
  );
}

const header: fc.Arbitrary<Iso18626Header> = fc
  .tuple(agencyId, headerFields())
  .map(([supplyingAgencyId, rest]) => ({ supplyingAgencyId, ...rest }));

const requestHeader: fc.Arbitrary<Iso18626RequestHeader> = fc
  .tuple(fc.option(agencyId, { nil: undefined }), headerFields())
  .map(([supplyingAgencyId, rest]) => compact({ supplyingAgencyId, ...rest }));

const bibliographicRecordId = fc.record(
  {
    bibliographicRecordIdentifierCode: schemeValue(fc.constantFrom('OCLC', 'LCCN', 'local')),
    bibliographicRecordIdentifier: id,
  },
  { noNullPrototype: true },
);

const request: fc.Arbitrary<Iso18626Request> = fc
  .record(
    {
      header: requestHeader,
      bibliographicInfo: fc
        .tuple(
          partial({
            supplierUniqueRecordId: id,
            title: text,
            author: text,
            subtitle: text,
            seriesTitle: text,
            edition: text,
            titleOfComponent: text,
            authorOfComponent: text,
            volume: text,
            issue: id,
            pagesRequested: text,
            estimatedNoPages: id,
            sponsor: text,
            informationSource: text,
          }),
          someOf(
            fc.record(
              {
                bibliographicItemIdentifier: id,
                bibliographicItemIdentifierCode: schemeValue(fc.constantFrom('ISBN', 'ISSN', 'ISMN')),
              },
              { noNullPrototype: true },
            ),
          ),
          someOf(bibliographicRecordId),
        )
        .map(([fields, bibliographicItemId, bibliographicRecordIdList]) =>
          compact({ ...fields, bibliographicItemId, bibliographicRecordId: bibliographicRecordIdList }),
        ),
      publicationInfo: fc.option(
        partial({
          publisher: text,
          publicationType: schemeValue(),
          publicationDate: id,
          placeOfPublication: text,
        }).filter((p) => Object.keys(p).length > 0),
        { nil: undefined },
      ),
      serviceInfo: fc.option(
        withOptional(
          fc.record({ serviceType: fc.constantFrom(...ISO18626_SERVICE_TYPES) }, { noNullPrototype: true }),
          partial({
            requestType: fc.constantFrom(...ISO18626_REQUEST_TYPES),
            requestSubType: fc.uniqueArray(fc.constantFrom(...ISO18626_REQUEST_SUB_TYPES), {
              minLength: 1,
              maxLength: 3,
            }),
            requestingAgencyPreviousRequestId: id,
            serviceLevel: schemeValue(),
            preferredFormat: schemeValue(),
            needBeforeDate: dateTime,
            copyrightCompliance: schemeValue(),
            anyEdition: fc.constantFrom(...ISO18626_YES_NO),
            startDate: dateTime,
            endDate: dateTime,
            note: text,
          }),
        ),
        { nil: undefined },
      ),
      supplierInfo: someOf(
        partial({
          sortOrder: integerText,
          supplierCode: agencyId,
          supplierDescription: text,
          bibliographicRecordId,
          callNumber: text,
          summaryHoldings: text,
          availabilityNote: text,
        }).filter((s) => Object.keys(s).length > 0),
      ),
      requestedDeliveryInfo: someOf(
        partial({ sortOrder: integerText, address }).filter((d) => Object.keys(d).length > 0),
      ),
      requestingAgencyInfo: fc.option(
        fc
          .tuple(partial({ name: text, contactName: text }), someOf(address))
          .map(([fields, list]) => compact({ ...fields, address: list }))
          .filter((r) => Object.keys(r).length > 0),
        { nil: undefined },
      ),
      patronInfo: fc.option(
        fc
          .tuple(
            partial({
              patronId: id,
              surname: text,
              givenName: text,
              patronType: schemeValue(),
              sendToPatron: fc.constantFrom(...ISO18626_YES_NO),
            }),
            someOf(address),
          )
          .map(([fields, list]) => compact({ ...fields, address: list }))
          .filter((p) => Object.keys(p).length > 0),
        { nil: undefined },
      ),
      billingInfo: fc.option(
        partial({
          paymentMethod: schemeValue(),
          maximumCosts: costs,
          billingMethod: schemeValue(),
          billingName: text,
          address,
        }).filter((b) => Object.keys(b).length > 0),
        { nil: undefined },
      ),
    },
    { noNullPrototype: true },
  )
  .map((fields) => compact({ kind: 'request' as const, ...fields }));

const supplyingAgencyMessage: fc.Arbitrary<Iso18626Message> = fc
  .record(
    {
      header,
      messageInfo: withOptional(
        fc.record(
          { reasonForMessage: fc.constantFrom(...ISO18626_REASONS_FOR_MESSAGE) },
          { noNullPrototype: true },
        ),
        partial({
          answerYesNo: fc.constantFrom(...ISO18626_YES_NO),
          note: text,
          reasonUnfilled: schemeValue(),
          reasonRetry: schemeValue(),
          offeredCosts: costs,
          retryAfter: dateTime,
          retryBefore: dateTime,
        }),
      ),
      statusInfo: withOptional(
        fc.record(
          { status: fc.constantFrom(...ISO18626_STATUSES), lastChange: dateTime },
          { noNullPrototype: true },
        ),
        partial({ expectedDeliveryDate: dateTime, dueDate: dateTime }),
      ),
      deliveryInfo: fc.option(
        withOptional(
          fc.record({ dateSent: dateTime }, { noNullPrototype: true }),
          partial({
            itemId: id,
            sentVia: schemeValue(),
            sentToPatron: fc.boolean(),
            loanCondition: schemeValue(),
            deliveredFormat: schemeValue(),
            deliveryCosts: costs,
          }),
        ),
        { nil: undefined },
      ),
      returnInfo: fc.option(
        partial({ returnAgencyId: agencyId, name: text, physicalAddress }).filter(
          (r) => Object.keys(r).length > 0,
        ),
        { nil: undefined },
      ),
    },
    { noNullPrototype: true },
  )
  .map((fields) => compact({ kind: 'supplyingAgencyMessage' as const, ...fields }));

const requestingAgencyMessage: fc.Arbitrary<Iso18626Message> = withOptional(
  fc.record({ header, action: fc.constantFrom(...ISO18626_ACTIONS) }, { noNullPrototype: true }),
  partial({ note: text }),
).map((fields) => ({ kind: 'requestingAgencyMessage' as const, ...fields }));

const confirmationHeader: fc.Arbitrary<Iso18626ConfirmationHeader> = withOptional(
  fc.record(
    {
      timestamp: dateTime,
      timestampReceived: dateTime,
      messageStatus: fc.constantFrom(...ISO18626_MESSAGE_STATUSES),
    },
    { noNullPrototype: true },
  ),
  partial({
    supplyingAgencyId: agencyId,
    requestingAgencyId: agencyId,
    requestingAgencyRequestId: id,
    multipleItemRequestId: id,
  }),
);

const errorData = withOptional(
  fc.record({ errorType: fc.constantFrom(...ISO18626_ERROR_TYPES) }, { noNullPrototype: true }),
  partial({ errorValue: text }),
);

const requestConfirmation: fc.Arbitrary<Iso18626Message> = withOptional(
  fc.record({ confirmationHeader }, { noNullPrototype: true }),
  partial({ errorData }),
).map((fields) => ({ kind: 'requestConfirmation' as const, ...fields }));

const supplyingAgencyMessageConfirmation: fc.Arbitrary<Iso18626Message> = withOptional(
  fc.record({ confirmationHeader }, { noNullPrototype: true }),
  partial({ reasonForMessage: fc.constantFrom(...ISO18626_REASONS_FOR_MESSAGE), errorData }),
).map((fields) => ({ kind: 'supplyingAgencyMessageConfirmation' as const, ...fields }));

const requestingAgencyMessageConfirmation: fc.Arbitrary<Iso18626Message> = withOptional(
  fc.record({ confirmationHeader }, { noNullPrototype: true }),
  partial({ action: fc.constantFrom(...ISO18626_ACTIONS), errorData }),
).map((fields) => ({ kind: 'requestingAgencyMessageConfirmation' as const, ...fields }));

/** Canonical messages of each kind, by kind. */
export const messagesByKind = {
  request,
  requestConfirmation,
  supplyingAgencyMessage,
  supplyingAgencyMessageConfirmation,
  requestingAgencyMessage,
  requestingAgencyMessageConfirmation,
} satisfies Record<Iso18626Message['kind'], fc.Arbitrary<Iso18626Message>>;

/** A canonical message of any kind. */
export const anyMessage: fc.Arbitrary<Iso18626Message> = fc.oneof(...Object.values(messagesByKind));
