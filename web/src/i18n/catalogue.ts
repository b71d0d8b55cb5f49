/**
 * The one message catalogue of the web client: every user-facing text is looked up here by key,
 * so that translating Interlend means adding a locale, not editing components. Each area of the UI
 * keeps its messages in its own file under `messages/`; they are merged here, and a key defined
 * twice is a build error (see `catalogue.test.ts`).
 */
import { attentionMessages } from './messages/attention.ts';
import { commonMessages } from './messages/common.ts';
import { configMessages } from './messages/config.ts';
import { errorMessages } from './messages/errors.ts';
import { mailMessages } from './messages/mail.ts';
import { opacMessages } from './messages/opac.ts';
import { staffMessages } from './messages/staff.ts';
import { workflowMessages } from './messages/workflow.ts';
import type { Message, MessageTable, PluralMessage } from './message-types.ts';

/** The source locale's catalogue; other locales translate its keys. */
export const en = {
  ...commonMessages,
  ...workflowMessages,
  ...opacMessages,
  ...staffMessages,
  ...configMessages,
  ...mailMessages,
  ...errorMessages,
  ...attentionMessages,
} as const;

export type MessageKey = keyof typeof en;
export type MessageParams = Readonly<Record<string, string | number>>;

/** Every locale Interlend has, with its messages; missing keys fall back to English. */
const locales: Readonly<Record<string, Partial<Record<MessageKey, Message>>>> = { en };

let locale = 'en';

/** The locale texts and dates are shown in. */
export function currentLocale(): string {
  return locale;
}

/** Switches locale (one of `availableLocales()`); components re-render on their next render. */
export function setLocale(next: string): void {
  if (locales[next] === undefined) throw new Error(`No messages for locale ${next}`);
  locale = next;
  document.documentElement.lang = next;
}

export function availableLocales(): string[] {
  return Object.keys(locales);
}

function pluralForm(message: PluralMessage, count: number): string {
  if (count === 0 && message.zero !== undefined) return message.zero;
  const category = new Intl.PluralRules(locale).select(count);
  return message[category] ?? message.other;
}

/** Fills `{name}` placeholders; a placeholder without a parameter stays visible, to be noticed. */
export function interpolate(text: string, params: MessageParams = {}): string {
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    if (value === undefined) return whole;
    return typeof value === 'number' ? new Intl.NumberFormat(locale).format(value) : value;
  });
}

/** The text of a message in the current locale. Plural messages choose by `params.count`. */
export function t(key: MessageKey, params?: MessageParams): string {
  const message: Message = locales[locale]?.[key] ?? en[key];
  if (typeof message === 'string') return interpolate(message, params);
  const count = params?.count;
  return interpolate(pluralForm(message, typeof count === 'number' ? count : 0), params);
}

/** Whether a key exists; for labels of values the server may add to (custom statuses have their own). */
export function hasMessage(key: string): key is MessageKey {
  return Object.hasOwn(en, key);
}

/** Looks up a computed key, falling back to `fallback` when the catalogue lacks it. */
export function tOr(key: string, fallback: string, params?: MessageParams): string {
  return hasMessage(key) ? t(key, params) : fallback;
}

/** A date (`2026-11-25` or a timestamp) in the current locale, e.g. "25 Nov 2026". */
export function formatDate(value: string | Date | null | undefined): string {
  if (value === null || value === undefined || value === '') return '';
  const date =
    typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)
      ? new Date(`${value}T00:00:00`)
      : new Date(value);
  if (Number.isNaN(date.getTime())) return String(value);
  return new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short', year: 'numeric' }).format(date);
}

/** A timestamp with its time of day, e.g. "25 Nov 2026, 14:05". */
export function formatDateTime(value: string | Date | null | undefined): string {
  if (value === null || value === undefined || value === '') return '';
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return String(value);
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(date);
}

/** An amount with its currency, e.g. "€12.50". */
export function formatMoney(money: { amount: string; currency: string } | null | undefined): string {
  if (money === null || money === undefined) return '';
  const amount = Number(money.amount);
  if (Number.isNaN(amount)) return `${money.amount} ${money.currency}`;
  try {
    return new Intl.NumberFormat(locale, { style: 'currency', currency: money.currency }).format(amount);
  } catch {
    return `${money.amount} ${money.currency}`;
  }
}

export type { Message, MessageTable };
