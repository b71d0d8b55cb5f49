/**
 * What Interlend can tell patrons and staff by email, and the messages it emails to partners: the
 * names templates and trigger switches are keyed by, with Koha's notice codes where Koha has one.
 */
import { MESSAGES } from '../workflow/vocabulary.ts';
import type { MessageType } from '../workflow/vocabulary.ts';

/** Notices to patrons and staff. The engine's notices plus `due-soon` and `delivery-failed`. */
export const NOTICE_NAMES = [
  'request-placed',
  'pickup-ready',
  'request-unavailable',
  'request-update',
  'due-soon',
  'overdue',
  'recalled',
  'user-alert',
  'cancellation-requested',
  'request-modified',
  'partner-note',
  'delivery-failed',
] as const;
export type NoticeKindName = (typeof NOTICE_NAMES)[number];

export interface NoticeDefinition {
  readonly audience: 'patron' | 'staff';
  /** Koha's letter code, when Koha has the notice. */
  readonly kohaCode: string | null;
  readonly description: string;
}

export const NOTICES: Readonly<Record<NoticeKindName, NoticeDefinition>> = {
  'request-placed': {
    audience: 'patron',
    kohaCode: null,
    description: 'The library received the patron’s request.',
  },
  'pickup-ready': {
    audience: 'patron',
    kohaCode: 'ILL_PICKUP_READY',
    description: 'The item has arrived and is ready for pickup.',
  },
  'request-unavailable': {
    audience: 'patron',
    kohaCode: 'ILL_REQUEST_UNAVAIL',
    description: 'The request cannot be supplied, or every library of the rota said no (End of Rota).',
  },
  'request-update': {
    audience: 'patron',
    kohaCode: 'ILL_REQUEST_UPDATE',
    description: 'Other news about the request.',
  },
  'due-soon': {
    audience: 'patron',
    kohaCode: null,
    description: 'The loan is due back soon (the library sets how many days before).',
  },
  overdue: { audience: 'patron', kohaCode: null, description: 'The loan is overdue.' },
  recalled: { audience: 'patron', kohaCode: null, description: 'The lending library recalled the item.' },
  'user-alert': {
    audience: 'patron',
    kohaCode: null,
    description:
      'VDX Send User Alert, or a locally-defined action with a user alert: an ad-hoc message to the patron.',
  },
  'cancellation-requested': {
    audience: 'staff',
    kohaCode: 'ILL_REQUEST_CANCEL',
    description: 'A patron asked to cancel a request.',
  },
  'request-modified': {
    audience: 'staff',
    kohaCode: 'ILL_REQUEST_MODIFIED',
    description: 'A patron edited a request.',
  },
  'partner-note': { audience: 'staff', kohaCode: null, description: 'A partner sent a note.' },
  'delivery-failed': {
    audience: 'staff',
    kohaCode: null,
    description: 'A message or notice could not be delivered.',
  },
};

/** Messages emailed to partners: every message of the workflow (`request` is Koha's ILL_PARTNER_REQ). */
export const PARTNER_MESSAGE_NAMES: readonly MessageType[] = MESSAGES;

/** Templates are of notices or of partner messages. */
export const TEMPLATE_KINDS = ['notice', 'partner'] as const;
export type TemplateKind = (typeof TEMPLATE_KINDS)[number];

export function isNoticeName(name: string): name is NoticeKindName {
  return (NOTICE_NAMES as readonly string[]).includes(name);
}

export function isPartnerMessageName(name: string): name is MessageType {
  return (PARTNER_MESSAGE_NAMES as readonly string[]).includes(name);
}

/** Whether `name` is a template of `kind`. */
export function isTemplateName(kind: TemplateKind, name: string): boolean {
  return kind === 'notice' ? isNoticeName(name) : isPartnerMessageName(name);
}

/** Language tags as templates and patrons use them: `en`, `fr`, `pt-BR`. */
export const LANGUAGE_PATTERN = '^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$';
