/**
 * Messages to partners that have not reached them, and why, in a sentence each: the dashboard and
 * the request page say this at a glance, the message log in full.
 */
import type { MessageLogEntry } from '../../api/types.ts';
import { formatDateTime, t, tOr } from '../../i18n/catalogue.ts';

/** A message's name as staff know it ("Request", "Shipped"…). */
export function messageName(message: string): string {
  return tOr(`message.${message}`, message);
}

/** The messages of a request's log that have not been delivered, leaving out those staff set aside. */
export function undeliveredOf(items: readonly MessageLogEntry[]): MessageLogEntry[] {
  return items.filter((entry) => entry.status !== 'sent' && entry.setAside === null);
}

/**
 * Why `entry` has not reached its partner: given up with the last error, failing with it and the next
 * attempt, held behind an earlier message of `items` (a partner gets them in order), or waiting.
 */
export function undeliveredReason(entry: MessageLogEntry, items: readonly MessageLogEntry[]): string {
  const error = entry.lastError ?? '';
  if (entry.status === 'dead') return t('staff.undelivered.givenUp', { error });
  if (entry.status === 'failed') {
    return entry.nextAttemptAt === null
      ? t('staff.undelivered.failing', { error })
      : t('staff.undelivered.failingRetry', { error, at: formatDateTime(entry.nextAttemptAt) });
  }
  const earlier = entry.heldBy === null ? undefined : items.find((other) => other.id === entry.heldBy);
  if (earlier !== undefined) return t('staff.undelivered.held', { message: messageName(earlier.message) });
  return t('staff.undelivered.waiting');
}
