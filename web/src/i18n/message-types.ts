/** A message: plain text with `{placeholders}`, or plural forms chosen by the `count` parameter. */
export type Message = string | PluralMessage;

/** Plural forms by Intl.PluralRules category; `other` is always required. */
export interface PluralMessage {
  readonly zero?: string;
  readonly one?: string;
  readonly two?: string;
  readonly few?: string;
  readonly many?: string;
  readonly other: string;
}

/** A part of the catalogue: message keys to messages. */
export type MessageTable = Readonly<Record<string, Message>>;

/** Prefixes every key of a label map, e.g. `prefixed('action', {confirm: 'Confirm'})` → `action.confirm`. */
export function prefixed<P extends string, K extends string>(
  prefix: P,
  labels: Readonly<Record<K, Message>>,
): Record<`${P}.${K}`, Message> {
  return Object.fromEntries(
    Object.entries(labels).map(([key, value]) => [`${prefix}.${key}`, value]),
  ) as Record<`${P}.${K}`, Message>;
}
