/**
 * The built-in English text of every notice and partner email: what a library sends until it writes
 * its own (in any language), and what "delete" returns a template to.
 */
import type { MessageType } from '../workflow/vocabulary.ts';
import type { NoticeKindName, TemplateKind } from './notice-catalogue.ts';

export interface TemplateText {
  readonly subject: string;
  readonly body: string;
}

/** The language of the built-in templates. */
export const BUILT_IN_LANGUAGE = 'en';

const patron = (subject: string, lines: string): TemplateText => ({
  subject,
  body: `Dear {{patron.name}},

${lines}

{{library.name}}
{{#library.email}}{{library.email}}{{/library.email}}`,
});

const staff = (subject: string, lines: string): TemplateText => ({
  subject,
  body: `${lines}

Interlend, {{library.name}} ({{library.symbol}})`,
});

const NOTICE_DEFAULTS: Readonly<Record<NoticeKindName, TemplateText>> = {
  'request-placed': patron(
    'Your interlibrary loan request {{request.reference}}: {{request.title}}',
    `We have received your interlibrary loan request {{request.reference}}:

{{request.details}}

We will tell you when it arrives. Please quote {{request.reference}} if you contact us about it.`,
  ),
  'pickup-ready': patron(
    'Ready for pickup: {{request.title}} ({{request.reference}})',
    `The item you requested through interlibrary loan has arrived and is ready for you to collect{{#pickupBranch.name}} at {{pickupBranch.name}}{{/pickupBranch.name}}:

{{request.details}}
{{#dueDate}}
It is due back on {{dueDate}}.{{/dueDate}}{{#note}}

{{note}}{{/note}}`,
  ),
  'request-unavailable': patron(
    'We could not obtain {{request.title}} ({{request.reference}})',
    `We are sorry: none of the libraries we asked could supply your interlibrary loan request {{request.reference}}:

{{request.details}}
{{#note}}
{{note}}{{/note}}

Please contact us if you would like us to try again or look for another copy.`,
  ),
  'request-update': patron(
    'News about your interlibrary loan request {{request.reference}}',
    `There is news about your interlibrary loan request {{request.reference}} for {{request.title}}.
{{#note}}
{{note}}{{/note}}`,
  ),
  'due-soon': patron(
    'Due soon: {{request.title}} ({{request.reference}})',
    `The interlibrary loan {{request.title}} ({{request.reference}}) is due back on {{dueDate}}.

Please return it on time: it belongs to another library.`,
  ),
  overdue: patron(
    'Overdue: {{request.title}} ({{request.reference}})',
    `The interlibrary loan {{request.title}} ({{request.reference}}) was due back{{#dueDate}} on {{dueDate}}{{/dueDate}}. Please return it as soon as you can: it belongs to another library.
{{#note}}
{{note}}{{/note}}`,
  ),
  recalled: patron(
    'Recalled: please return {{request.title}} ({{request.reference}})',
    `The library that lent you {{request.title}} ({{request.reference}}) has recalled it. Please return it{{#dueDate}} by {{dueDate}}{{/dueDate}} as soon as you can.
{{#note}}
{{note}}{{/note}}`,
  ),
  'user-alert': patron(
    'About your interlibrary loan request {{request.reference}}',
    `{{patronNote}}

Request {{request.reference}}: {{request.title}}`,
  ),
  'cancellation-requested': staff(
    '{{request.reference}}: the patron asked to cancel',
    `{{patron.name}} asked to cancel the interlibrary loan request {{request.reference}} ({{request.title}}).
{{#note}}
Their note: {{note}}{{/note}}

Take Cancel or refuse it on the request page.`,
  ),
  'request-modified': staff(
    '{{request.reference}}: the patron edited the request',
    `{{patron.name}} edited the interlibrary loan request {{request.reference}} ({{request.title}}).
{{#note}}
Their note: {{note}}{{/note}}`,
  ),
  'partner-note': staff(
    '{{request.reference}}: a note from {{partner.name}}',
    `{{partner.name}}{{#partner.symbol}} ({{partner.symbol}}){{/partner.symbol}} sent a note about {{request.reference}} ({{request.title}}):

{{note}}`,
  ),
  'delivery-failed': staff(
    'Delivery failed: {{failure.subject}}',
    `Interlend could not deliver {{failure.what}} to {{failure.recipient}}{{#request.reference}} for {{request.reference}}{{/request.reference}}.

Subject: {{failure.subject}}
The last answer: {{failure.error}}

{{failure.advice}}`,
  ),
};

/** What each partner message says, in the frame every partner email shares. */
const PARTNER_LEADS: Readonly<Record<MessageType, { readonly what: string; readonly lines: string }>> = {
  request: {
    what: 'Interlibrary loan request',
    lines: `{{library.name}} ({{library.symbol}}) asks whether you can supply the following:

{{request.details}}

Service wanted: {{request.serviceType}}{{#request.needBefore}}
Needed before: {{request.needBefore}}{{/request.needBefore}}

Please reply to this email, quoting {{request.reference}}, to say whether you will supply it.`,
  },
  cancel: { what: 'Cancellation', lines: 'We no longer need this item: please cancel our request.' },
  received: {
    what: 'Item received',
    lines: 'We have received the item{{#dateReceived}} (on {{dateReceived}}){{/dateReceived}}. Thank you.',
  },
  returned: {
    what: 'Item returned',
    lines:
      'We have sent the item back{{#dateReturned}} on {{dateReturned}}{{/dateReturned}}{{#returnedVia}} by {{returnedVia}}{{/returnedVia}}.',
  },
  renew: {
    what: 'Renewal request',
    lines: 'Could you renew this loan{{#desiredDueDate}} until {{desiredDueDate}}{{/desiredDueDate}}?',
  },
  'conditional-reply-yes': {
    what: 'Conditions accepted',
    lines: 'We accept your conditions{{#conditions}}: {{conditions}}{{/conditions}}.',
  },
  'conditional-reply-no': {
    what: 'Conditions declined',
    lines: 'We do not accept your conditions; please cancel our request.',
  },
  lost: { what: 'Item lost', lines: 'We are sorry to report that the item has been lost.' },
  damaged: { what: 'Item damaged', lines: 'We are sorry to report that the item has been damaged.' },
  note: { what: 'Note', lines: '{{note}}' },
  'status-query': { what: 'Status query', lines: 'Could you tell us where this request stands?' },
  'status-report': { what: 'Status report', lines: 'This is where the request stands on our side.' },
  'answer-will-supply': {
    what: 'We will supply',
    lines:
      'We will supply this item{{#expectedDeliveryDate}}; we expect to send it by {{expectedDeliveryDate}}{{/expectedDeliveryDate}}.',
  },
  'answer-hold-placed': {
    what: 'Hold placed',
    lines:
      'The item is on loan; we have placed a hold on it{{#estimatedDateAvailable}} and expect it back by {{estimatedDateAvailable}}{{/estimatedDateAvailable}}.',
  },
  'answer-unfilled': {
    what: 'Cannot supply',
    lines: 'We are sorry: we cannot supply this item{{#reason}} (reason: {{reason}}){{/reason}}.',
  },
  'answer-retry': {
    what: 'Please try again later',
    lines:
      'We cannot supply this item now; please ask again later{{#estimatedDateAvailable}}, after {{estimatedDateAvailable}}{{/estimatedDateAvailable}}{{#reason}} (reason: {{reason}}){{/reason}}.{{#itemId}}\nPlease ask for this item: {{itemId}}{{/itemId}}{{#cost}}\nCost: {{cost}}{{/cost}}',
  },
  'answer-locations-provided': {
    what: 'Other locations',
    lines: 'We cannot supply this item, but these libraries may: {{locations}}',
  },
  'answer-estimate': {
    what: 'Cost estimate',
    lines: 'We can supply this item{{#cost}} for {{cost}}{{/cost}}.',
  },
  'answer-conditional': {
    what: 'Conditions',
    lines:
      'We can supply this item on these conditions: {{conditions}}{{#cost}}\nCost: {{cost}}{{/cost}}{{#replyBy}}\nPlease answer by {{replyBy}}.{{/replyBy}}',
  },
  'cancel-reply-yes': { what: 'Cancelled', lines: 'As you asked, we have cancelled your request.' },
  'cancel-reply-no': {
    what: 'Cannot cancel',
    lines: 'We cannot cancel your request: the item is already on its way.',
  },
  shipped: {
    what: 'Shipped',
    lines:
      'We have sent you the item{{#dateShipped}} on {{dateShipped}}{{/dateShipped}}{{#serviceType}} ({{serviceType}}){{/serviceType}}.{{#dueDate}}\nIt is due back on {{dueDate}}.{{/dueDate}}{{#itemId}}\nItem: {{itemId}}{{/itemId}}',
  },
  overdue: {
    what: 'Overdue',
    lines:
      'The item we lent you is overdue{{#dueDate}} (it was due on {{dueDate}}){{/dueDate}}. Please return it.',
  },
  recall: {
    what: 'Recall',
    lines:
      'We need the item back: please return it as soon as you can{{#dueDate}}, by {{dueDate}} at the latest{{/dueDate}}.',
  },
  'renew-reply-yes': {
    what: 'Renewed',
    lines: 'We have renewed the loan{{#dueDate}}; it is now due on {{dueDate}}{{/dueDate}}.',
  },
  'renew-reply-no': {
    what: 'Not renewed',
    lines: 'We cannot renew the loan; please return the item when it is due.',
  },
  'checked-in': {
    what: 'Checked in',
    lines: 'The item is back with us{{#dateCheckedIn}} since {{dateCheckedIn}}{{/dateCheckedIn}}. Thank you.',
  },
  expired: {
    what: 'Expired',
    lines: 'We did not hear from you in time, so this request has expired on our side.',
  },
};

function partnerTemplate(message: MessageType): TemplateText {
  const lead = PARTNER_LEADS[message];
  return {
    subject: `{{#resent}}Sent again: {{/resent}}${lead.what}: {{request.reference}}{{#request.partnerReference}} (your ref. {{request.partnerReference}}){{/request.partnerReference}} {{request.title}}`,
    body: `To {{partner.name}}{{#partner.symbol}} ({{partner.symbol}}){{/partner.symbol}}

${lead.lines}

Our reference: {{request.reference}}{{#request.partnerReference}}
Your reference: {{request.partnerReference}}{{/request.partnerReference}}
Title: {{request.title}}{{#request.author}}
Author: {{request.author}}{{/request.author}}{{#note}}

Note: {{note}}{{/note}}

Please reply to this email, keeping {{request.reference}} in the subject.

{{library.name}} ({{library.symbol}}){{#library.address}}
{{library.address}}{{/library.address}}
{{library.email}}`,
  };
}

/** The built-in English template of a notice or partner message. */
export function builtInTemplate(kind: TemplateKind, name: string): TemplateText | undefined {
  if (kind === 'notice') return NOTICE_DEFAULTS[name as NoticeKindName];
  return name in PARTNER_LEADS ? partnerTemplate(name as MessageType) : undefined;
}
