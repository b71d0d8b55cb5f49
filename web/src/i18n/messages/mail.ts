/**
 * Messages of mail and notices in the staff client: what a timeline entry recorded (dates, item,
 * cost…), the mail outbox and notice log pages, and the form recording a request a partner emailed.
 */
import type { HistoryEntryData } from '../../../../src/requests/request.schemas.ts';
import { prefixed } from '../message-types.ts';

/** How each field staff or a partner recorded with an event reads after the event, `{value}` its value. */
const recorded: Record<keyof HistoryEntryData, string> = {
  serviceType: 'service: {value}',
  dateShipped: 'shipped {value}',
  dueDate: 'due {value}',
  desiredDueDate: 'asked until {value}',
  itemId: 'item {value}',
  cost: 'cost {value}',
  dateReceived: 'received {value}',
  dateReturned: 'returned {value}',
  dateCheckedIn: 'checked in {value}',
  returnedVia: 'via {value}',
  expectedDeliveryDate: 'expected {value}',
  estimatedDateAvailable: 'available about {value}',
  needBefore: 'needed before {value}',
  reason: 'reason: {value}',
  conditions: 'conditions: {value}',
  replyBy: 'reply by {value}',
  locations: 'other locations: {value}',
  patronNote: 'to the patron: “{value}”',
  privateNote: 'private note: “{value}”',
  reportedStatus: 'the partner reports {value}',
  details: 'changed: {value}',
  customStatus: 'custom status: {value}',
};

export const mailMessages = {
  'recorded.joined': '{event} — {details}',
  'recorded.separator': ', ',
  ...prefixed('recorded.field', recorded),

  // Navigation and the mail page of ILL work
  'mail.nav': 'Mail',
  'mail.page.title': 'Mail',
  'mail.page.intro':
    'Every email Interlend writes for your library: notices to patrons and staff, and messages to partners without ISO 18626. Mail held because no mail server is set, or that failed, can be sent again from here.',
  'mail.page.noticeLog': 'Notice log',
  'mail.page.noticeLogWhat': 'every notice to patrons and staff, and what became of it.',
  'mail.outbox.from': 'From',
  'mail.outbox.replyTo': 'Reply to',
  'mail.outbox.notTriedYet': 'Set when it is sent',
  'mail.outbox.noReplyTo': 'None',

  // Notice log
  'mail.log.title': 'Notice log',
  'mail.log.intro':
    'Each notice to patrons and staff, newest first: to whom, and whether it was sent, held, is waiting, failed or was not sent (with the reason).',
  'mail.log.filters': 'Filter notices',
  'mail.log.status': 'Status',
  'mail.log.anyStatus': 'Any status',
  'mail.log.audience': 'For',
  'mail.log.anyAudience': 'Patrons and staff',
  'mail.log.audienceOption.patron': 'Patrons',
  'mail.log.audienceOption.staff': 'Staff',
  'mail.log.from': 'Written from',
  'mail.log.to': 'Written until',
  'mail.log.datesHint': 'Both days included.',
  'mail.log.datesOutOfOrder': 'The first day must not be after the last.',
  'mail.log.apply': 'Show notices',
  'mail.log.clear': 'Clear filters',
  'mail.log.empty': 'No notice matches these filters.',
  'mail.log.caption': 'Notices, newest first',
  'mail.log.created': 'Written',
  'mail.log.notice': 'Notice',
  'mail.log.recipient': 'Recipient',
  'mail.log.request': 'Request',
  'mail.log.statusColumn': 'Status',
  'mail.log.details': 'Details',
  'mail.log.noRecipient': 'No address',
  'mail.log.noRequest': 'None',
  'mail.log.attempts': { one: '{count} attempt', other: '{count} attempts' },
  'mail.log.nextAttempt': 'Next attempt {at}.',
  'mail.log.sentAt': 'Sent {at}.',
  'mail.log.older': 'Older notices',
  'mail.log.newest': 'Back to the newest notices',
  'mail.log.outbox': 'Mail outbox',
  'mail.log.outboxWhat': 'the mail itself, with Send again.',

  // A request a partner emailed
  'mail.incoming.link': 'Record a request a partner emailed',
  'mail.incoming.title': 'Record a request a partner emailed',
  'mail.incoming.intro':
    'A partner library without ISO 18626 sent you a request by email: record it here as a lending request. Your answers (Will supply, Shipped…) then go back to the partner by email, quoting their reference.',
  'mail.incoming.from': 'From',
  'mail.incoming.partner': 'Partner library',
  'mail.incoming.partnerHint': 'Partners that work by email or by hand.',
  'mail.incoming.noPartners':
    'Your library has no active partner working by email or by hand. An administrator can add one under Configuration, Partners.',
  'mail.incoming.partnerRequestId': 'Their reference',
  'mail.incoming.partnerRequestIdHint': 'The request number the partner gives in its email.',
  'mail.incoming.item': 'The item',
  'mail.incoming.service': 'What they ask for',
  'mail.incoming.note': 'Their note',
  'mail.incoming.submit': 'Record request',
  'mail.incoming.recorded': 'Lending request {reference} recorded.',
  'mail.incoming.recordedAlready': 'Request {reference} of {partner} is recorded already.',
} as const;
