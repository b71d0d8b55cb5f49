/**
 * Builds the confirmation that answers a business message, synchronously, in the HTTP response.
 *
 * A confirmation says whether the message was received and could be processed, not whether the
 * answer is yes: a supplier that cannot lend still confirms OK, then sends `Unfilled`. It echoes
 * the ids of the confirmed message (so the sender can match it) and its reasonForMessage or action.
 */
import type { Iso18626ParseError } from './iso18626-parse.ts';
import {
  ISO18626_CONFIRMATION_OF,
  type Iso18626BusinessMessage,
  type Iso18626Confirmation,
  type Iso18626ConfirmationHeader,
  type Iso18626ErrorData,
  type Iso18626Request,
  type Iso18626RequestConfirmation,
  type Iso18626RequestingAgencyMessage,
  type Iso18626RequestingAgencyMessageConfirmation,
  type Iso18626SupplyingAgencyMessage,
  type Iso18626SupplyingAgencyMessageConfirmation,
} from './iso18626-types.ts';

/** The two times every confirmation carries. */
export interface ConfirmationTimes {
  /** When the confirmation is written. */
  timestamp: Date | string;
  /** When the confirmed message was received. */
  timestampReceived: Date | string;
}

const iso = (time: Date | string): string => (typeof time === 'string' ? time : time.toISOString());

function confirmationHeader(
  ids: Partial<
    Pick<
      Iso18626ConfirmationHeader,
      'supplyingAgencyId' | 'requestingAgencyId' | 'requestingAgencyRequestId' | 'multipleItemRequestId'
    >
  >,
  times: ConfirmationTimes,
  error: Iso18626ErrorData | undefined,
): Iso18626ConfirmationHeader {
  const header: Iso18626ConfirmationHeader = {
    timestamp: iso(times.timestamp),
    timestampReceived: iso(times.timestampReceived),
    messageStatus: error === undefined ? 'OK' : 'ERROR',
  };
  if (ids.supplyingAgencyId !== undefined) header.supplyingAgencyId = ids.supplyingAgencyId;
  if (ids.requestingAgencyId !== undefined) header.requestingAgencyId = ids.requestingAgencyId;
  if (ids.requestingAgencyRequestId !== undefined)
    header.requestingAgencyRequestId = ids.requestingAgencyRequestId;
  if (ids.multipleItemRequestId !== undefined) header.multipleItemRequestId = ids.multipleItemRequestId;
  return header;
}

/**
 * The confirmation of a parsed message: OK, or ERROR with `error` when the message was readable but
 * cannot be applied (unknown transaction id, action not allowed in the current state…).
 */
export function confirmationFor(
  message: Iso18626Request,
  times: ConfirmationTimes,
  error?: Iso18626ErrorData,
): Iso18626RequestConfirmation;
export function confirmationFor(
  message: Iso18626SupplyingAgencyMessage,
  times: ConfirmationTimes,
  error?: Iso18626ErrorData,
): Iso18626SupplyingAgencyMessageConfirmation;
export function confirmationFor(
  message: Iso18626RequestingAgencyMessage,
  times: ConfirmationTimes,
  error?: Iso18626ErrorData,
): Iso18626RequestingAgencyMessageConfirmation;
export function confirmationFor(
  message: Iso18626BusinessMessage,
  times: ConfirmationTimes,
  error?: Iso18626ErrorData,
): Iso18626Confirmation;
export function confirmationFor(
  message: Iso18626BusinessMessage,
  times: ConfirmationTimes,
  error?: Iso18626ErrorData,
): Iso18626Confirmation {
  const header = confirmationHeader(message.header, times, error);
  const errorData = error === undefined ? {} : { errorData: error };
  switch (message.kind) {
    case 'request':
      return { kind: 'requestConfirmation', confirmationHeader: header, ...errorData };
    case 'supplyingAgencyMessage':
      return {
        kind: 'supplyingAgencyMessageConfirmation',
        confirmationHeader: header,
        reasonForMessage: message.messageInfo.reasonForMessage,
        ...errorData,
      };
    case 'requestingAgencyMessage':
      return {
        kind: 'requestingAgencyMessageConfirmation',
        confirmationHeader: header,
        action: message.action,
        ...errorData,
      };
  }
}

/**
 * The ERROR confirmation of a message the parser refused, addressed with whatever header it could
 * read. Undefined when there is no business message to confirm (not XML, no message element, or a
 * confirmation posted as a message): answer those with a plain HTTP 400, as CrossLink does.
 */
export function errorConfirmationFor(
  error: Iso18626ParseError,
  times: ConfirmationTimes,
): Iso18626Confirmation | undefined {
  const kind = error.messageKind;
  if (kind !== 'request' && kind !== 'supplyingAgencyMessage' && kind !== 'requestingAgencyMessage')
    return undefined;
  const errorData: Iso18626ErrorData = { errorType: error.errorType, errorValue: error.errorValue };
  const header = confirmationHeader(error.header ?? {}, times, errorData);
  const confirmationKind = ISO18626_CONFIRMATION_OF[kind];
  if (confirmationKind === 'supplyingAgencyMessageConfirmation') {
    return error.reasonForMessage === undefined
      ? { kind: confirmationKind, confirmationHeader: header, errorData }
      : {
          kind: confirmationKind,
          confirmationHeader: header,
          reasonForMessage: error.reasonForMessage,
          errorData,
        };
  }
  if (confirmationKind === 'requestingAgencyMessageConfirmation') {
    return error.action === undefined
      ? { kind: confirmationKind, confirmationHeader: header, errorData }
      : { kind: confirmationKind, confirmationHeader: header, action: error.action, errorData };
  }
  return { kind: confirmationKind, confirmationHeader: header, errorData };
}
