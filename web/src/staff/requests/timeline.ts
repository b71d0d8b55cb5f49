/**
 * The request page's timelines: the history grouped per machine and rota position (the borrowing
 * request itself, then each transaction with its supplier, or the lender's one transaction), each
 * entry told in the catalogue's words with what was recorded with it (dates, item, cost, reason…)
 * and attributed to our side or the partner's.
 */
import type { RequestDetailView } from '../../api/types.ts';
import { formatDate, formatMoney, t, tOr } from '../../i18n/catalogue.ts';
import { stateLabel, statusLabel } from './state-presentation.ts';

type HistoryEntry = RequestDetailView['history'][number];
type Recorded = NonNullable<HistoryEntry['data']>;
type Partner = RequestDetailView['rota'][number]['partner'];

export interface TimelineEntry {
  readonly id: string;
  readonly at: string;
  /**
   * What happened, with what was recorded with it, e.g. "Answer: conditional" or "Informed Shipped —
   * shipped Dec 1, 2026, due Jan 15, 2027".
   */
  readonly event: string;
  /** Where it came from: staff, the patron, the partner, or Interlend itself (timers, the rota). */
  readonly party: 'us' | 'partner' | 'patron' | 'system';
  readonly actor: string;
  /** The state before and after; equal when the event changed no state. */
  readonly from: string;
  readonly to: string;
  readonly note: string | null;
  /** The message it sent the partner, in the catalogue's words, e.g. "Sent to the partner: Shipped". */
  readonly sent: string | null;
}

export interface Timeline {
  /** `request`, or `<machine>:<rota position>`. */
  readonly key: string;
  readonly machine: string;
  readonly rotaPosition: number | null;
  /** The partner at the other end of a transaction's timeline. */
  readonly partner: Partner | null;
  readonly entries: readonly TimelineEntry[];
}

/** The words for one history event, from the catalogue (unknown names are shown as they are). */
export function eventLabel(event: { kind: string; name: string }): string {
  switch (event.kind) {
    case 'create':
      return t('staff.history.created');
    case 'action':
      return tOr(`action.${event.name}`, event.name);
    case 'message':
      return t('staff.history.message', { message: tOr(`message.${event.name}`, event.name) });
    case 'timer':
      return t('staff.history.timer', { timer: tOr(`timer.${event.name}`, event.name) });
    case 'outcome':
      return tOr(`outcome.${event.name}`, event.name);
    case 'rota':
      return event.name === 'add-locations'
        ? t('staff.history.locationsAdded')
        : tOr(`outcome.${event.name}`, event.name);
    case 'attention':
      return t('staff.history.attentionCleared');
    case 'custom-status':
      return t(
        event.name === 'cleared' ? 'staff.history.customStatusCleared' : 'staff.history.customStatusSet',
      );
    case 'local-action':
      return t('staff.history.localAction', { name: event.name });
    default:
      return event.name;
  }
}

const DATE_FIELDS = new Set<keyof Recorded>([
  'dateShipped',
  'dueDate',
  'desiredDueDate',
  'dateReceived',
  'dateReturned',
  'dateCheckedIn',
  'expectedDeliveryDate',
  'estimatedDateAvailable',
  'needBefore',
  'replyBy',
]);

/** The recorded fields in the order they are told. */
const RECORDED_ORDER: readonly (keyof Recorded)[] = [
  'serviceType',
  'dateShipped',
  'dueDate',
  'desiredDueDate',
  'itemId',
  'cost',
  'dateReceived',
  'dateReturned',
  'dateCheckedIn',
  'returnedVia',
  'expectedDeliveryDate',
  'estimatedDateAvailable',
  'needBefore',
  'reason',
  'conditions',
  'replyBy',
  'locations',
  'patronNote',
  'privateNote',
  'reportedStatus',
  'details',
  'customStatus',
];

function recordedValue(field: keyof Recorded, data: Recorded): string {
  if (field === 'cost') return formatMoney(data.cost);
  if (field === 'details') {
    return Object.keys(data.details ?? {})
      .map((name) => tOr(`field.${name}`, name))
      .join(t('recorded.separator'));
  }
  if (field === 'customStatus') {
    const change = data.customStatus;
    return change === undefined ? '' : `${change.from ?? t('form.none')} → ${change.to ?? t('form.none')}`;
  }
  const value = data[field] ?? '';
  if (DATE_FIELDS.has(field)) return formatDate(value);
  if (field === 'serviceType') return tOr(`serviceType.${value}`, value);
  if (field === 'reason') {
    return tOr(`staff.reasonUnfilled.${value}`, tOr(`staff.reasonRetry.${value}`, value));
  }
  return value;
}

/**
 * What staff, the partner or Interlend recorded with an event, in words: "shipped Dec 1, 2026, due
 * Jan 15, 2027, item 39015012345678". Empty when nothing was (and for patrons, who never get it).
 */
export function recordedDetails(data: HistoryEntry['data']): string {
  if (data === undefined) return '';
  return RECORDED_ORDER.filter((field) => data[field] !== undefined)
    .map((field) => ({ field, value: recordedValue(field, data) }))
    .filter(({ value }) => value !== '')
    .map(({ field, value }) => t(`recorded.field.${field}`, { value }))
    .join(t('recorded.separator'));
}

function partyOf(kind: string): TimelineEntry['party'] {
  switch (kind) {
    case 'partner':
      return 'partner';
    case 'patron':
      return 'patron';
    case 'staff':
      return 'us';
    default:
      return 'system';
  }
}

/** A state's words on its machine's timeline. */
export function machineStateLabel(machine: string, state: string): string {
  if (machine === 'request') return statusLabel(state);
  return stateLabel(machine === 'responder' ? 'responder' : 'requester', state);
}

function entryOf(entry: HistoryEntry): TimelineEntry {
  const event = eventLabel(entry.event);
  const details = recordedDetails(entry.data);
  return {
    id: entry.id,
    at: entry.at,
    event: details === '' ? event : t('recorded.joined', { event, details }),
    party: partyOf(entry.actor.kind),
    actor: entry.actor.name,
    from: machineStateLabel(entry.machine, entry.from),
    to: machineStateLabel(entry.machine, entry.to),
    note: entry.note,
    sent:
      entry.message.sent === null
        ? null
        : t('staff.history.sent', { message: tOr(`message.${entry.message.sent}`, entry.message.sent) }),
  };
}

/**
 * The history as timelines: the request's first, then each transaction by rota position, each in
 * the order things happened. A lending request's one transaction has the borrowing library as partner.
 */
export function timelinesOf(detail: Pick<RequestDetailView, 'history' | 'rota' | 'role'>): Timeline[] {
  const groups = new Map<string, { machine: string; rotaPosition: number | null; entries: HistoryEntry[] }>();
  for (const entry of detail.history) {
    const key = entry.machine === 'request' ? 'request' : `${entry.machine}:${entry.rotaPosition ?? 0}`;
    const group = groups.get(key) ?? {
      machine: entry.machine,
      rotaPosition: entry.machine === 'request' ? null : (entry.rotaPosition ?? 0),
      entries: [],
    };
    group.entries.push(entry);
    groups.set(key, group);
  }
  const partners = new Map(detail.rota.map((entry) => [entry.position, entry.partner]));
  return [...groups.entries()]
    .map(([key, group]) => ({
      key,
      machine: group.machine,
      rotaPosition: group.rotaPosition,
      partner: group.rotaPosition === null ? null : (partners.get(group.rotaPosition) ?? null),
      entries: [...group.entries]
        .sort((a, b) => a.at.localeCompare(b.at) || Number(a.id) - Number(b.id))
        .map(entryOf),
    }))
    .sort((a, b) => (a.rotaPosition ?? -1) - (b.rotaPosition ?? -1));
}
