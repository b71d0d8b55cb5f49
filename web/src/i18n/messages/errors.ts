/**
 * What the server's errors mean, in the user's words: one message per stable error code, per reason
 * the workflow refuses an action (its refusal codes and the guards it names) and per validation rule.
 * The server's own English is shown only where it sends something these do not cover (see
 * `server-errors.ts`). The maps are typed over the server's vocabularies, so that a code or guard
 * added there without a message here does not compile.
 */
import type { ErrorCode } from '../../../../src/errors.ts';
import type { GuardName } from '../../../../src/workflow/guards.ts';
import type { RefusalCode } from '../../../../src/workflow/model.ts';
import { prefixed } from '../message-types.ts';

/** The error codes `common.ts` has no message for yet (`server-errors.ts` maps every code). */
const errorCodes = {
  validation_failed: 'Some of what was sent is not valid.',
  unauthenticated: 'You are not logged in, or your session has ended. Please log in again.',
  conflict: 'This clashes with what is already recorded.',
  transition_refused: 'This cannot be done to the request as it is now.',
  payload_too_large: 'What was sent is too large. Send less at a time.',
  internal: 'Something unexpected went wrong on the server. Please try again.',
  unavailable: 'The service is unavailable for a moment. Please try again shortly.',
} as const satisfies Partial<Record<ErrorCode, string>>;

/**
 * Why the workflow refused an action, by refusal code (`details.refusal.code`). `backend` is the
 * request service's own code for an action its backend does not offer.
 */
const refusalCodes: Record<RefusalCode | 'backend', string> = {
  not_allowed_in_state: 'This action is not possible while the request is in its current state.',
  guard_failed: 'This action is not possible for this request now.',
  protocol_not_supported: 'This action is not available with the way this partner exchanges messages.',
  actor_not_allowed: 'You cannot take this action here.',
  permission_missing: 'This local action needs its own permission, which you do not have.',
  invalid_fields: 'Some fields of the action are not valid.',
  no_such_transaction: 'That supplier has not been asked yet, so there is nothing to act on.',
  wrong_party: 'This is an action of the other library in this loan.',
  action_hidden: 'Your library has hidden this action at the request’s current status.',
  backend: 'This action is not offered for requests sent through this backend.',
};

/** Why a guard refused an action (`details.refusal.rule` of `guard_failed`): what it needs. */
const guards: Record<GuardName | 'loan-only', string> = {
  rotaHasUntriedEntry: 'Not possible: every location on the rota has already been asked.',
  rotaExhausted: 'Not possible yet: the rota still has locations that have not been asked.',
  hasLiveTransaction: 'Not possible: no supplier is working on the request.',
  noLiveTransaction: 'Not possible while a supplier is still working on the request.',
  autoAdvanceOn: 'Not possible: your library sends requests on along the rota by hand.',
  autoAdvanceOff: 'Not needed: your library sends requests on along the rota automatically.',
  notYetSupplied: 'Not possible: a supplier has already shipped the item.',
  currentTransactionWithdrawable: 'Not possible: the current supplier has already shipped the item.',
  placedWithPartners: 'Only for a request placed with several partners at once.',
  notPlacedWithPartners: 'Not possible for a request placed with several partners at once.',
  loanInProcess: 'Only for a loan: a copy is never returned.',
  canHoldNotRefused: 'Not possible: the request says the supplier may not place a hold.',
  anotherRequestedServiceType: 'Not possible: the borrower asked for no other service type.',
  shipmentRecorded: 'Not possible: no shipment was announced before the item was received.',
  shipmentNotRecorded: 'Not possible: the shipment was announced before the item was received.',
  recalled: 'Only once the lender has recalled the item.',
  notRecalled: 'Not possible: the lender has recalled the item.',
  partnerAllowsUndo: 'Not possible: this partner does not allow undoing a step.',
  lastMessageStillValid: 'Not possible: the last message sent no longer fits the current state.',
  notCompleted: 'Not possible: the request is completed.',
  itemBackWithLender: 'Only once the item is back with the lender.',
  'loan-only': 'Only when the item was shipped as a loan.',
};

/**
 * What is wrong with a field, by the validation rule the server names (`details.issues[].rule`):
 * JSON Schema keywords and Interlend's own rules. `{detail}` is the server's text, for the few rules
 * whose message cannot say what is at fault without it.
 */
const rules = {
  required: '{field} is required.',
  minLength: '{field} is too short.',
  maxLength: '{field} is too long.',
  pattern: '{field} has characters that are not allowed here.',
  format: '{field} is not in the right form.',
  url: '{field} must be a web address starting with http:// or https://.',
  minimum: '{field} is too small.',
  exclusiveMinimum: '{field} is too small.',
  maximum: '{field} is too large.',
  exclusiveMaximum: '{field} is too large.',
  type: '{field} is not the right kind of value.',
  enum: '{field} is not one of the choices.',
  const: '{field} is not one of the choices.',
  anyOf: '{field} is not one of the choices.',
  oneOf: '{field} is not one of the choices.',
  minItems: '{field} needs at least one entry.',
  maxItems: '{field} has too many entries.',
  uniqueItems: '{field} lists the same entry twice.',
  minProperties: '{field} needs at least one value.',
  additionalProperties: '{field} is not a field the server accepts here.',
  unique: '{field} is already used: each must be different.',
  conflict: '{field} is already used: each must be different.',
  exists: '{field} names something that does not exist in your library.',
  active: '{field} names a partner that is not active.',
  protocol: '{field} does not suit this partner’s protocol.',
  future: '{field} must be in the future.',
  timezone: '{field} must be a time zone name such as Europe/Paris.',
  enabled: '{field} is switched off in your library’s settings.',
  backend: '{field} is not available for this backend.',
  party: '{field} does not suit the library’s side of the loan it belongs to.',
  'known-action': '{field} is not an action Interlend knows.',
  'loan-only': '{field} is only for a loan.',
  invalid: '{field} is not valid.',
  self: '{field} cannot be your own library.',
  cursor: 'The page asked for no longer exists. Start again from the first page.',
  forbidden: '{field} cannot be set by you.',
  csv: '{field} could not be read as CSV.',
  header: '{field} has a heading row that is missing a column.',
  columns: 'The row has more values than the heading row has columns.',
  // Notice templates: the server's detail names the placeholder or section at fault.
  placeholder: '{field} uses a placeholder Interlend does not know ({detail}).',
  syntax: '{field} has a placeholder or section that is not written correctly ({detail}).',
  'required-placeholder':
    '{field} must show the request’s reference, so that the partner’s replies can be matched to the request.',
} as const satisfies Record<string, string>;

/** What fields are called that have no label among the request's or the actions' fields. */
const fieldNames = {
  copyrightAccepted: 'The copyright declaration',
  patronId: 'The patron',
  contact: 'Your contact details',
  rota: 'The rota',
  backend: 'The backend',
  expectedVersion: 'The version of the request',
} as const satisfies Record<string, string>;

export const errorMessages = {
  ...prefixed('error.code', errorCodes),
  ...prefixed('error.refusal', refusalCodes),
  ...prefixed('error.guard', guards),
  ...prefixed('error.rule', rules),
  ...prefixed('error.field', fieldNames),
  'error.inUse': 'It is still in use, so it cannot be deleted.',
  'error.inUseByRequests': {
    one: 'It is still used by {count} request, so it cannot be deleted.',
    other: 'It is still used by {count} requests, so it cannot be deleted.',
  },
  'error.partnerInUse':
    'Requests, transactions or messages refer to this partner, so it cannot be deleted. Deactivate it instead.',
  'error.illModuleOff':
    'Interlibrary loan is switched off at this library: it takes no new requests. Existing requests carry on.',
  'error.loginRequired': 'This library takes requests only from patrons who have logged in.',
  'error.unknownRule': '{field} is not accepted.',
  'error.thisField': 'This field',
  'error.serverSaid': '{message} (The server said: {detail})',
} as const;
