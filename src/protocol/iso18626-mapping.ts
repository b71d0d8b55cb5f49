/**
 * Between the engine's protocol messages and ISO 18626 v1.2, for both roles. Outgoing: an engine
 * message becomes a Request, a SupplyingAgencyMessage or a RequestingAgencyMessage. Incoming: an ISO
 * 18626 message becomes the engine event it stands for, reading both conventions for conditions in use
 * (RetryPossible with LoanCondition or cost, answered by a Retry request; and WillSupply with a loan
 * condition as ReShare and Alma send it, answered by a Notification). Pure functions.
 */
import type {
  AgencyId,
  BibliographicInfo,
  Iso18626BusinessMessage,
  Iso18626Request,
  Iso18626RequestingAgencyMessage,
  Iso18626ServiceType,
  Iso18626Status,
  Iso18626SupplyingAgencyMessage,
  PublicationInfo,
} from '../iso18626/index.ts';
import type { EventData } from '../workflow/model.ts';
import type { Phase } from '../workflow/states.ts';
import { REQUESTER_MESSAGES, RESPONDER_MESSAGES } from '../workflow/vocabulary.ts';
import type { MessageType, ServiceType } from '../workflow/vocabulary.ts';

/** How a supplier offered conditions; the borrower answers in the same convention. */
export type ConditionsConvention = 'retry-possible' | 'loan-condition';

/** Note markers Interlend writes and reads where ISO 18626 v1.2 has no element. */
export const MARKERS = {
  lost: '#Lost#',
  damaged: '#Damaged#',
  locationsProvided: '#LocationsProvided#',
  expired: '#Expired#',
  conditionsAccepted: '#ReShareLoanConditionAgreeResponse#',
  conditionsRejected: '#ReShareLoanConditionRejectResponse#',
  conditionsOffered: '#ReShareAddLoanCondition#',
} as const;

/**
 * The phases of a transaction each supplier status is consistent with, so that the borrower can tell a
 * status report that contradicts its own record (`iso10161-to-18626.md` §4.1). RetryPossible fits both a
 * supplier whose conditions await an answer and one that said "not now".
 */
const STATUS_PHASES: Readonly<Record<Iso18626Status, readonly Phase[]>> = {
  RequestReceived: ['awaiting-supply'],
  ExpectToSupply: ['awaiting-supply'],
  WillSupply: ['awaiting-supply'],
  RetryPossible: ['awaiting-supply', 'ended-without-supply'],
  Unfilled: ['ended-without-supply'],
  Cancelled: ['ended-without-supply'],
  Loaned: ['supplied'],
  Overdue: ['supplied'],
  Recalled: ['supplied'],
  CopyCompleted: ['supplied'],
  LoanCompleted: ['closed'],
  CompletedWithoutReturn: ['closed'],
};

/** Retry reasons that offer conditions rather than saying "not now". */
const CONDITION_RETRY_REASONS = new Set(['LoanCondition', 'CostExceedsMaxCost']);

/** The request fields an outgoing Request carries. */
export interface RequestFields {
  readonly type: 'book' | 'article' | 'journal' | 'chapter' | 'thesis' | 'other';
  readonly serviceType: 'loan' | 'copy' | 'either';
  readonly title: string;
  readonly author: string | null;
  readonly articleTitle: string | null;
  readonly part: string | null;
  readonly volume: string | null;
  readonly issue: string | null;
  readonly pages: string | null;
  readonly year: string | null;
  readonly edition: string | null;
  readonly publisher: string | null;
  readonly place: string | null;
  readonly isbn: string | null;
  readonly issn: string | null;
  readonly doi: string | null;
  readonly oclcNumber: string | null;
  readonly otherIdentifiers: string | null;
  readonly needBefore: string | null;
  readonly maxCost: { readonly amount: string; readonly currency: string } | null;
  readonly patronNotes: string | null;
  readonly copyrightAccepted: boolean;
}

/** Everything an outgoing message is built from. */
export interface OutgoingContext {
  readonly message: MessageType;
  readonly role: 'requester' | 'responder';
  readonly requestingAgency: string;
  readonly supplyingAgency: string;
  readonly requestingAgencyRequestId: string;
  readonly supplyingAgencyRequestId: string | null;
  /** The previous id, when a Retry accepts a supplier's conditions. */
  readonly previousRequestId?: string;
  readonly timestamp: string;
  readonly data: EventData;
  readonly request: RequestFields;
  readonly transaction: {
    readonly state: string;
    readonly shippedServiceType: ServiceType | null;
    readonly currentServiceType: ServiceType;
    readonly dueDate: string | null;
    readonly conditionsConvention: ConditionsConvention | null;
    /** Whether this supplier has already sent a supplying agency message in this transaction. */
    readonly answeredBefore: boolean;
  };
  readonly credential: string | null;
}

/**
 * The agency id of a symbol. A symbol may name its type (`ISIL:US-MOCK`, `OCLC:ABC`); a bare symbol is
 * taken as an ISIL.
 */
export function agencyId(symbol: string): AgencyId {
  const colon = symbol.indexOf(':');
  return colon > 0
    ? { agencyIdType: { value: symbol.slice(0, colon) }, agencyIdValue: symbol.slice(colon + 1) }
    : { agencyIdType: { value: 'ISIL' }, agencyIdValue: symbol };
}

/** The symbols an agency id may be stored under: `TYPE:VALUE`, or the bare value. */
export function symbolsOf(id: AgencyId): string[] {
  return [`${id.agencyIdType.value}:${id.agencyIdValue}`, id.agencyIdValue];
}

const agency = agencyId;

function header(context: OutgoingContext) {
  return {
    supplyingAgencyId: agency(context.supplyingAgency),
    requestingAgencyId: agency(context.requestingAgency),
    multipleItemRequestId: '',
    timestamp: context.timestamp,
    requestingAgencyRequestId: context.requestingAgencyRequestId,
    ...(context.supplyingAgencyRequestId !== null
      ? { supplyingAgencyRequestId: context.supplyingAgencyRequestId }
      : {}),
    ...(context.credential !== null && context.role === 'requester'
      ? { requestingAgencyAuthentication: { securityCode: context.credential } }
      : {}),
  };
}

const SERVICE_TYPE: Readonly<Record<RequestFields['serviceType'], Iso18626ServiceType>> = {
  loan: 'Loan',
  copy: 'Copy',
  either: 'CopyOrLoan',
};

const PUBLICATION_TYPE: Readonly<Record<RequestFields['type'], string>> = {
  book: 'Book',
  article: 'Article',
  journal: 'Journal',
  chapter: 'Chapter',
  thesis: 'Thesis',
  other: 'Book',
};

function present<T>(value: T | null | undefined): value is T {
  return value !== null && value !== undefined && value !== '';
}

function bibliographicInfo(request: RequestFields): BibliographicInfo {
  const itemIds = [
    ...(present(request.isbn)
      ? [{ bibliographicItemIdentifier: request.isbn, bibliographicItemIdentifierCode: { value: 'ISBN' } }]
      : []),
    ...(present(request.issn)
      ? [{ bibliographicItemIdentifier: request.issn, bibliographicItemIdentifierCode: { value: 'ISSN' } }]
      : []),
  ];
  const recordIds = [
    ...(present(request.oclcNumber)
      ? [
          {
            bibliographicRecordIdentifierCode: { value: 'OCLC' },
            bibliographicRecordIdentifier: request.oclcNumber,
          },
        ]
      : []),
    ...(present(request.doi)
      ? [{ bibliographicRecordIdentifierCode: { value: 'DOI' }, bibliographicRecordIdentifier: request.doi }]
      : []),
  ];
  return {
    title: request.title,
    ...(present(request.author) ? { author: request.author } : {}),
    ...(present(request.edition) ? { edition: request.edition } : {}),
    ...(present(request.articleTitle) ? { titleOfComponent: request.articleTitle } : {}),
    ...(present(request.volume) ? { volume: request.volume } : {}),
    ...(present(request.issue) ? { issue: request.issue } : {}),
    ...(present(request.pages) ? { pagesRequested: request.pages } : {}),
    ...(itemIds.length > 0 ? { bibliographicItemId: itemIds } : {}),
    ...(recordIds.length > 0 ? { bibliographicRecordId: recordIds } : {}),
    ...(present(request.otherIdentifiers) ? { informationSource: request.otherIdentifiers } : {}),
    ...(present(request.part) ? { seriesTitle: request.part } : {}),
  };
}

function publicationInfo(request: RequestFields): PublicationInfo {
  return {
    ...(present(request.publisher) ? { publisher: request.publisher } : {}),
    publicationType: { value: PUBLICATION_TYPE[request.type] },
    ...(present(request.year) ? { publicationDate: request.year } : {}),
    ...(present(request.place) ? { placeOfPublication: request.place } : {}),
  };
}

function notes(...parts: (string | undefined | null)[]): string | undefined {
  const text = parts.filter(present).join(' ').trim();
  return text === '' ? undefined : text;
}

function buildRequest(context: OutgoingContext, retry: boolean): Iso18626Request {
  const { request } = context;
  return {
    kind: 'request',
    header: header(context),
    bibliographicInfo: bibliographicInfo(request),
    publicationInfo: publicationInfo(request),
    serviceInfo: {
      requestType: retry ? 'Retry' : 'New',
      ...(retry && context.previousRequestId !== undefined
        ? { requestingAgencyPreviousRequestId: context.previousRequestId }
        : {}),
      serviceType: SERVICE_TYPE[request.serviceType],
      ...(present(request.needBefore) ? { needBeforeDate: `${request.needBefore}T23:59:59Z` } : {}),
      ...(request.copyrightAccepted ? { copyrightCompliance: { value: 'Other' } } : {}),
      ...(notes(request.patronNotes, context.data.note) !== undefined
        ? { note: notes(request.patronNotes, context.data.note) }
        : {}),
    },
    ...(request.maxCost !== null
      ? {
          billingInfo: {
            maximumCosts: {
              currencyCode: { value: request.maxCost.currency },
              monetaryValue: request.maxCost.amount,
            },
          },
        }
      : {}),
  };
}

function requestingAgencyMessage(
  context: OutgoingContext,
  action: Iso18626RequestingAgencyMessage['action'],
  note?: string,
): Iso18626RequestingAgencyMessage {
  return {
    kind: 'requestingAgencyMessage',
    header: header(context),
    action,
    ...(note !== undefined ? { note } : {}),
  };
}

/** The supplier's status as the borrower should see it at the lender's current state. */
function currentStatus(context: OutgoingContext): Iso18626Status {
  const { transaction } = context;
  switch (transaction.state) {
    case 'shipped':
    case 'renew_pending':
      return transaction.shippedServiceType === 'copy' ? 'CopyCompleted' : 'Loaned';
    case 'checked_in':
      return 'LoanCompleted';
    case 'lost':
      return 'CompletedWithoutReturn';
    case 'not_supplied':
      return 'Unfilled';
    case 'cancelled':
      return 'Cancelled';
    case 'conditional':
      return 'RetryPossible';
    default:
      return transaction.answeredBefore ? 'WillSupply' : 'RequestReceived';
  }
}

function supplyingAgencyMessage(
  context: OutgoingContext,
  reasonForMessage: Iso18626SupplyingAgencyMessage['messageInfo']['reasonForMessage'],
  status: Iso18626Status,
  extra: {
    note?: string | undefined;
    answerYesNo?: 'Y' | 'N';
    reasonUnfilled?: string;
    reasonRetry?: string;
    retryAfter?: string;
    retryBefore?: string;
    offeredCosts?: { amount: string; currency: string };
    dueDate?: string | null;
    expectedDeliveryDate?: string;
    delivery?: { dateSent: string; itemId?: string };
  } = {},
): Iso18626SupplyingAgencyMessage {
  return {
    kind: 'supplyingAgencyMessage',
    header: header(context),
    messageInfo: {
      reasonForMessage,
      ...(extra.answerYesNo !== undefined ? { answerYesNo: extra.answerYesNo } : {}),
      ...(extra.note !== undefined ? { note: extra.note } : {}),
      ...(extra.reasonUnfilled !== undefined ? { reasonUnfilled: { value: extra.reasonUnfilled } } : {}),
      ...(extra.reasonRetry !== undefined ? { reasonRetry: { value: extra.reasonRetry } } : {}),
      ...(extra.offeredCosts !== undefined
        ? {
            offeredCosts: {
              currencyCode: { value: extra.offeredCosts.currency },
              monetaryValue: extra.offeredCosts.amount,
            },
          }
        : {}),
      ...(extra.retryAfter !== undefined ? { retryAfter: extra.retryAfter } : {}),
      ...(extra.retryBefore !== undefined ? { retryBefore: extra.retryBefore } : {}),
    },
    statusInfo: {
      status,
      ...(extra.expectedDeliveryDate !== undefined
        ? { expectedDeliveryDate: extra.expectedDeliveryDate }
        : {}),
      ...(present(extra.dueDate) ? { dueDate: `${extra.dueDate}T23:59:59Z` } : {}),
      lastChange: context.timestamp,
    },
    ...(extra.delivery !== undefined
      ? {
          deliveryInfo: {
            dateSent: extra.delivery.dateSent,
            ...(extra.delivery.itemId !== undefined ? { itemId: extra.delivery.itemId } : {}),
          },
        }
      : {}),
  };
}

const dayStart = (date: string | undefined, fallback: string): string =>
  date === undefined ? fallback : `${date}T00:00:00Z`;

/**
 * Which role may send each message in ISO 18626: a requesting agency cannot send a supplying agency
 * message (StatusRequestResponse included), nor a supplying agency a request or a requesting agency
 * message (StatusRequest included). The shared ones (lost, damaged, note) each role sends its own way.
 */
const SENT_BY: ReadonlyMap<MessageType, OutgoingContext['role']> = new Map([
  ...REQUESTER_MESSAGES.map((message) => [message, 'requester'] as const),
  ...RESPONDER_MESSAGES.map((message) => [message, 'responder'] as const),
  ['status-query', 'requester'],
  ['status-report', 'responder'],
]);

/**
 * Build the ISO 18626 message for an engine message. Throws for a message its role cannot send in ISO
 * 18626; the transport reports that as a refusal, so staff see it rather than a partner misreading it.
 */
export function toIso18626(context: OutgoingContext): Iso18626BusinessMessage {
  const sender = SENT_BY.get(context.message);
  if (sender !== undefined && sender !== context.role) {
    throw new Error(`ISO 18626 has no ${context.message} message from the ${context.role}`);
  }
  const { data, transaction } = context;
  const note = data.note;
  const answer = transaction.answeredBefore ? 'StatusChange' : 'RequestResponse';
  switch (context.message) {
    // Borrower (requesting agency).
    case 'request':
      return buildRequest(context, false);
    case 'conditional-reply-yes':
      return transaction.conditionsConvention === 'loan-condition'
        ? requestingAgencyMessage(context, 'Notification', notes(MARKERS.conditionsAccepted, note))
        : buildRequest(context, true);
    case 'conditional-reply-no':
      return requestingAgencyMessage(context, 'Cancel', notes('Conditions rejected.', note));
    case 'cancel':
      return requestingAgencyMessage(context, 'Cancel', note);
    case 'received':
      return requestingAgencyMessage(context, 'Received', note);
    case 'returned':
      return requestingAgencyMessage(
        context,
        'ShippedReturn',
        notes(data.returnedVia ? `Returned via ${data.returnedVia}.` : undefined, note),
      );
    case 'renew':
      return requestingAgencyMessage(
        context,
        'Renew',
        notes(data.desiredDueDate ? `Desired due date ${data.desiredDueDate}.` : undefined, note),
      );
    case 'status-query':
      return requestingAgencyMessage(context, 'StatusRequest', note);
    // Lender (supplying agency).
    case 'answer-will-supply':
      return supplyingAgencyMessage(context, answer, 'WillSupply', {
        note,
        ...(data.expectedDeliveryDate
          ? { expectedDeliveryDate: dayStart(data.expectedDeliveryDate, context.timestamp) }
          : {}),
      });
    case 'answer-hold-placed':
      return supplyingAgencyMessage(context, answer, 'ExpectToSupply', {
        note,
        ...(data.estimatedDateAvailable
          ? { expectedDeliveryDate: dayStart(data.estimatedDateAvailable, context.timestamp) }
          : {}),
      });
    case 'answer-conditional':
      return supplyingAgencyMessage(context, answer, 'RetryPossible', {
        note: notes(data.conditions, note),
        reasonRetry: data.cost !== undefined ? 'CostExceedsMaxCost' : 'LoanCondition',
        ...(data.cost !== undefined ? { offeredCosts: data.cost } : {}),
        ...(data.replyBy ? { retryBefore: `${data.replyBy}T23:59:59Z` } : {}),
      });
    case 'answer-retry':
      // Not now, but ask again (ISO 10161 RETRY): RetryPossible with the reason, and what would make a
      // retry work — a date to ask after (OnLoan), a corrected item id (NotFoundAsCited), conditions
      // or a cost. Never Unfilled: the borrower would take it as final.
      return supplyingAgencyMessage(context, answer, 'RetryPossible', {
        note: notes(data.conditions, note),
        ...(present(data.reason) ? { reasonRetry: data.reason } : {}),
        ...(data.cost !== undefined ? { offeredCosts: data.cost } : {}),
        ...(data.estimatedDateAvailable ? { retryAfter: `${data.estimatedDateAvailable}T00:00:00Z` } : {}),
        ...(data.replyBy ? { retryBefore: `${data.replyBy}T23:59:59Z` } : {}),
        ...(data.itemId !== undefined
          ? { delivery: { dateSent: context.timestamp, itemId: data.itemId } }
          : {}),
      });
    case 'answer-unfilled':
    case 'answer-estimate':
      return supplyingAgencyMessage(context, answer, 'Unfilled', {
        note,
        reasonUnfilled: data.reason ?? 'unavailable',
      });
    case 'answer-locations-provided':
      return supplyingAgencyMessage(context, answer, 'Unfilled', {
        note: notes(MARKERS.locationsProvided, data.locations, note),
        reasonUnfilled: 'transfer',
      });
    case 'expired':
      return supplyingAgencyMessage(context, answer, 'Unfilled', {
        note: notes(MARKERS.expired, 'The need-before date has passed.', note),
        reasonUnfilled: 'other',
      });
    case 'shipped': {
      const copy =
        (data.serviceType ?? transaction.shippedServiceType ?? transaction.currentServiceType) === 'copy';
      return supplyingAgencyMessage(context, answer, copy ? 'CopyCompleted' : 'Loaned', {
        note,
        dueDate: copy ? null : (data.dueDate ?? transaction.dueDate),
        delivery: {
          dateSent: dayStart(data.dateShipped, context.timestamp),
          ...(data.itemId !== undefined ? { itemId: data.itemId } : {}),
        },
      });
    }
    case 'cancel-reply-yes':
      return supplyingAgencyMessage(context, 'CancelResponse', 'Cancelled', { note, answerYesNo: 'Y' });
    case 'cancel-reply-no':
      return supplyingAgencyMessage(context, 'CancelResponse', currentStatus(context), {
        note,
        answerYesNo: 'N',
      });
    case 'overdue':
      return supplyingAgencyMessage(context, 'StatusChange', 'Overdue', {
        note,
        dueDate: transaction.dueDate,
      });
    case 'recall':
      return supplyingAgencyMessage(context, 'StatusChange', 'Recalled', {
        note,
        dueDate: transaction.dueDate,
      });
    case 'renew-reply-yes':
      return supplyingAgencyMessage(context, 'RenewResponse', 'Loaned', {
        note,
        answerYesNo: 'Y',
        dueDate: data.dueDate ?? transaction.dueDate,
      });
    case 'renew-reply-no':
      return supplyingAgencyMessage(context, 'RenewResponse', 'Loaned', {
        note,
        answerYesNo: 'N',
        dueDate: transaction.dueDate,
      });
    case 'checked-in':
      return supplyingAgencyMessage(context, 'StatusChange', 'LoanCompleted', { note });
    case 'status-report':
      return supplyingAgencyMessage(context, 'StatusRequestResponse', currentStatus(context), {
        note,
        dueDate: transaction.dueDate,
      });
    // Either party.
    case 'lost':
      return context.role === 'responder'
        ? supplyingAgencyMessage(context, 'StatusChange', 'CompletedWithoutReturn', {
            note: notes(MARKERS.lost, note),
          })
        : requestingAgencyMessage(context, 'Notification', notes(MARKERS.lost, note));
    case 'damaged':
      return context.role === 'responder'
        ? supplyingAgencyMessage(context, 'Notification', currentStatus(context), {
            note: notes(MARKERS.damaged, note),
          })
        : requestingAgencyMessage(context, 'Notification', notes(MARKERS.damaged, note));
    case 'note':
      return context.role === 'responder'
        ? supplyingAgencyMessage(context, 'Notification', currentStatus(context), { note: note ?? '' })
        : requestingAgencyMessage(context, 'Notification', note ?? '');
  }
}

/** What an incoming message means to the engine. */
export type Incoming =
  | {
      readonly kind: 'event';
      readonly message: MessageType;
      readonly data: EventData;
      /** Set when the message offers conditions, so that the answer follows the same convention. */
      readonly conditionsConvention?: ConditionsConvention;
    }
  /** A message that changes nothing for the engine (an acknowledgement such as RequestReceived). */
  | { readonly kind: 'acknowledgement'; readonly note?: string }
  | {
      readonly kind: 'unsupported';
      readonly errorType: 'UnsupportedActionType' | 'UnrecognisedDataValue';
      readonly errorValue: string;
    };

function hasMarker(note: string | undefined, marker: string): boolean {
  return note !== undefined && note.includes(marker);
}

function stripMarkers(note: string | undefined): string | undefined {
  if (note === undefined) return undefined;
  let text = note;
  for (const marker of Object.values(MARKERS)) text = text.split(marker).join('');
  text = text.trim();
  return text === '' ? undefined : text;
}

function dateOf(value: string | undefined): string | undefined {
  return value === undefined ? undefined : value.slice(0, 10);
}

function withNote(note: string | undefined): EventData {
  const text = stripMarkers(note);
  return text === undefined ? {} : { note: text };
}

/** The engine event a supplying agency message stands for, at the borrower. */
export function fromSupplyingAgencyMessage(message: Iso18626SupplyingAgencyMessage): Incoming {
  const { messageInfo, statusInfo, deliveryInfo } = message;
  const note = messageInfo.note;
  const event = (
    name: MessageType,
    data: EventData = {},
    conditionsConvention?: ConditionsConvention,
  ): Incoming => ({
    kind: 'event',
    message: name,
    data: { ...withNote(note), ...data },
    ...(conditionsConvention !== undefined ? { conditionsConvention } : {}),
  });
  switch (messageInfo.reasonForMessage) {
    case 'CancelResponse':
      return messageInfo.answerYesNo === 'Y' || statusInfo.status === 'Cancelled'
        ? event('cancel-reply-yes')
        : event('cancel-reply-no');
    case 'RenewResponse':
      return messageInfo.answerYesNo === 'Y'
        ? event(
            'renew-reply-yes',
            dateOf(statusInfo.dueDate) !== undefined ? { dueDate: dateOf(statusInfo.dueDate) } : {},
          )
        : event('renew-reply-no');
    case 'StatusRequestResponse':
      return event('status-report', {
        reportedStatus: statusInfo.status,
        reportedPhases: STATUS_PHASES[statusInfo.status],
        ...(dateOf(statusInfo.dueDate) !== undefined ? { dueDate: dateOf(statusInfo.dueDate) } : {}),
      });
    case 'Notification':
      if (hasMarker(note, MARKERS.damaged)) return event('damaged');
      if (hasMarker(note, MARKERS.lost)) return event('lost');
      return event('note', { note: stripMarkers(note) ?? '' });
    case 'RequestResponse':
    case 'StatusChange':
      break;
  }
  switch (statusInfo.status) {
    case 'RequestReceived':
      return { kind: 'acknowledgement', ...(note !== undefined ? { note } : {}) };
    case 'ExpectToSupply':
      return event(
        'answer-hold-placed',
        dateOf(statusInfo.expectedDeliveryDate) !== undefined
          ? { estimatedDateAvailable: dateOf(statusInfo.expectedDeliveryDate) }
          : {},
      );
    case 'WillSupply': {
      const offersConditions =
        deliveryInfo?.loanCondition !== undefined ||
        messageInfo.offeredCosts !== undefined ||
        hasMarker(note, MARKERS.conditionsOffered) ||
        /respond\s+ACCEPT\s+or\s+REJECT|unless\s+REJECT/i.test(note ?? '');
      if (offersConditions) {
        const conditions = [deliveryInfo?.loanCondition?.value, stripMarkers(note)]
          .filter(present)
          .join(': ');
        return event(
          'answer-conditional',
          {
            conditions: conditions === '' ? 'Conditions offered' : conditions,
            ...(messageInfo.offeredCosts !== undefined
              ? {
                  cost: {
                    amount: messageInfo.offeredCosts.monetaryValue,
                    currency: messageInfo.offeredCosts.currencyCode.value,
                  },
                }
              : {}),
          },
          'loan-condition',
        );
      }
      return event(
        'answer-will-supply',
        dateOf(statusInfo.expectedDeliveryDate) !== undefined
          ? { expectedDeliveryDate: dateOf(statusInfo.expectedDeliveryDate) }
          : {},
      );
    }
    case 'RetryPossible': {
      const reason = messageInfo.reasonRetry?.value;
      if (reason !== undefined && CONDITION_RETRY_REASONS.has(reason)) {
        const conditions = [
          reason === 'CostExceedsMaxCost'
            ? 'The cost exceeds your maximum'
            : deliveryInfo?.loanCondition?.value,
          stripMarkers(note),
        ]
          .filter(present)
          .join(': ');
        return event(
          'answer-conditional',
          {
            conditions: conditions === '' ? reason : conditions,
            ...(dateOf(messageInfo.retryBefore) !== undefined
              ? { replyBy: dateOf(messageInfo.retryBefore) }
              : {}),
            ...(messageInfo.offeredCosts !== undefined
              ? {
                  cost: {
                    amount: messageInfo.offeredCosts.monetaryValue,
                    currency: messageInfo.offeredCosts.currencyCode.value,
                  },
                }
              : {}),
          },
          'retry-possible',
        );
      }
      // Not now (OnLoan, NotFoundAsCited, …): the transaction ends like Unfilled and the rota moves on;
      // what a retry would need (the date to ask after, the corrected item id, the cost) is kept for staff.
      return event('answer-retry', {
        ...(reason !== undefined ? { reason } : {}),
        ...(dateOf(messageInfo.retryAfter) !== undefined
          ? { estimatedDateAvailable: dateOf(messageInfo.retryAfter) }
          : {}),
        ...(deliveryInfo?.itemId !== undefined ? { itemId: deliveryInfo.itemId } : {}),
        ...(messageInfo.offeredCosts !== undefined
          ? {
              cost: {
                amount: messageInfo.offeredCosts.monetaryValue,
                currency: messageInfo.offeredCosts.currencyCode.value,
              },
            }
          : {}),
      });
    }
    case 'Unfilled':
      if (hasMarker(note, MARKERS.locationsProvided))
        return event('answer-locations-provided', { locations: stripMarkers(note) ?? '' });
      if (hasMarker(note, MARKERS.expired)) return event('expired');
      return event(
        'answer-unfilled',
        messageInfo.reasonUnfilled !== undefined ? { reason: messageInfo.reasonUnfilled.value } : {},
      );
    case 'Loaned':
      return event('shipped', {
        serviceType: 'loan',
        ...(dateOf(statusInfo.dueDate) !== undefined ? { dueDate: dateOf(statusInfo.dueDate) } : {}),
        ...(deliveryInfo?.dateSent !== undefined ? { dateShipped: dateOf(deliveryInfo.dateSent) } : {}),
        ...(deliveryInfo?.itemId !== undefined ? { itemId: deliveryInfo.itemId } : {}),
      });
    case 'CopyCompleted':
      return event('shipped', {
        serviceType: 'copy',
        ...(deliveryInfo?.dateSent !== undefined ? { dateShipped: dateOf(deliveryInfo.dateSent) } : {}),
      });
    case 'Overdue':
      return event('overdue');
    case 'Recalled':
      return event('recall');
    case 'LoanCompleted':
      return event('checked-in');
    case 'CompletedWithoutReturn':
      return event('lost');
    case 'Cancelled':
      return event('cancel-reply-yes');
  }
}

/** The engine event a requesting agency message stands for, at the lender in a given state. */
export function fromRequestingAgencyMessage(
  message: Iso18626RequestingAgencyMessage,
  lenderState: string,
): Incoming {
  const note = message.note;
  const event = (name: MessageType, data: EventData = {}): Incoming => ({
    kind: 'event',
    message: name,
    data: { ...withNote(note), ...data },
  });
  switch (message.action) {
    case 'Cancel':
      // A Cancel that answers conditions rejects them (CrossLink, ReShare).
      return lenderState === 'conditional' ? event('conditional-reply-no') : event('cancel');
    case 'Received':
      return event('received');
    case 'ShippedReturn':
    case 'ShippedForward':
      return event('returned');
    case 'Renew': {
      const desired = /Desired due date (\d{4}-\d{2}-\d{2})/.exec(note ?? '')?.[1];
      return event('renew', desired !== undefined ? { desiredDueDate: desired } : {});
    }
    case 'StatusRequest':
      return event('status-query');
    case 'Notification': {
      if (lenderState === 'conditional') {
        if (hasMarker(note, MARKERS.conditionsAccepted) || /^\s*ACCEPT\b/i.test(note ?? ''))
          return event('conditional-reply-yes');
        if (hasMarker(note, MARKERS.conditionsRejected) || /^\s*REJECT\b/i.test(note ?? ''))
          return event('conditional-reply-no');
      }
      if (hasMarker(note, MARKERS.lost)) return event('lost');
      if (hasMarker(note, MARKERS.damaged)) return event('damaged');
      return event('note', { note: stripMarkers(note) ?? '' });
    }
  }
}

/** The request fields an incoming Request carries, in Interlend's terms. */
export function requestFieldsFrom(message: Iso18626Request): {
  type: RequestFields['type'];
  serviceType: RequestFields['serviceType'];
  title: string;
  details: Record<string, string>;
  needBefore: string | null;
  note: string | null;
} {
  const bib = message.bibliographicInfo;
  const pub = message.publicationInfo;
  const service = message.serviceInfo;
  const publicationType = pub?.publicationType?.value;
  const type: RequestFields['type'] =
    publicationType === 'Article'
      ? 'article'
      : publicationType === 'Journal'
        ? 'journal'
        : publicationType === 'Chapter'
          ? 'chapter'
          : publicationType === 'Thesis'
            ? 'thesis'
            : bib.titleOfComponent !== undefined
              ? 'article'
              : 'book';
  const serviceType: RequestFields['serviceType'] =
    service?.serviceType === 'Copy' ? 'copy' : service?.serviceType === 'CopyOrLoan' ? 'either' : 'loan';
  const itemId = (code: string) =>
    bib.bibliographicItemId?.find((id) => id.bibliographicItemIdentifierCode.value.toUpperCase() === code)
      ?.bibliographicItemIdentifier;
  const recordId = (code: string) =>
    bib.bibliographicRecordId?.find((id) => id.bibliographicRecordIdentifierCode.value.toUpperCase() === code)
      ?.bibliographicRecordIdentifier;
  const candidates: Record<string, string | undefined> = {
    author: bib.author,
    articleTitle: bib.titleOfComponent,
    volume: bib.volume,
    issue: bib.issue,
    pages: bib.pagesRequested,
    edition: bib.edition,
    publisher: pub?.publisher,
    place: pub?.placeOfPublication,
    year: pub?.publicationDate?.slice(0, 4),
    isbn: itemId('ISBN'),
    issn: itemId('ISSN'),
    oclcNumber: recordId('OCLC'),
    doi: recordId('DOI'),
    otherIdentifiers:
      [bib.supplierUniqueRecordId, bib.informationSource].filter(present).join('; ') || undefined,
  };
  const details = Object.fromEntries(
    Object.entries(candidates).filter((entry): entry is [string, string] => present(entry[1])),
  );
  return {
    type,
    serviceType,
    title: bib.title ?? bib.titleOfComponent ?? '(untitled)',
    details,
    needBefore: service?.needBeforeDate !== undefined ? service.needBeforeDate.slice(0, 10) : null,
    note: service?.note ?? null,
  };
}
