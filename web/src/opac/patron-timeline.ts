/**
 * A request's story for its patron: the steps of its history a patron cares about, each in a plain
 * sentence ("We asked Westmere Public Library for it", "It has arrived"), with the notes the patron
 * wrote and the public notes the server lets them read. Steps that only matter to staff (a private
 * note, a message resent, a state that did not change) are left out. Pure.
 */
import type { RequestDetailView } from '../api/types.ts';
import { t, type MessageKey } from '../i18n/catalogue.ts';

/** One step of the story. */
export interface TimelineItem {
  readonly id: string;
  /** When it happened (ISO timestamp). */
  readonly at: string;
  readonly text: string;
  /** What the patron wrote with it, or a public note's text. */
  readonly note: string | null;
}

type Detail = Pick<RequestDetailView, 'history' | 'notes' | 'rota' | 'details'>;
type Entry = RequestDetailView['history'][number];

/** The sentence of the request machine's step, or null when it is not the patron's concern. */
function requestStep(entry: Entry): MessageKey | null {
  if (entry.event.kind === 'create') {
    return entry.actor.kind === 'patron' ? 'opac.timeline.created' : 'opac.timeline.createdByLibrary';
  }
  if (entry.event.kind === 'action' && entry.event.name === 'local-change-request-details') {
    return entry.actor.kind === 'patron' ? 'opac.timeline.youEdited' : 'opac.timeline.libraryEdited';
  }
  if (entry.event.kind === 'action' && entry.event.name === 'send-user-alert') {
    return 'opac.timeline.messageSent';
  }
  if (entry.from === entry.to) return null;
  switch (entry.to) {
    case 'requested':
    case 'requested_from_partners':
      if (entry.from === 'cancellation_requested') return 'opac.timeline.carriedOn';
      if (entry.from === 'new') return 'opac.timeline.started';
      if (entry.from === 'end_of_rota') return 'opac.timeline.askingMore';
      return null;
    case 'cancellation_requested':
      return entry.actor.kind === 'patron' ? 'opac.timeline.youAskedToCancel' : 'opac.timeline.cancelAsked';
    case 'reverted':
      return 'opac.timeline.reverted';
    case 'end_of_rota':
      return 'opac.timeline.nobodyCould';
    case 'terminated':
      if (entry.event.kind === 'timer') return 'opac.timeline.tooLate';
      if (entry.from === 'cancellation_requested') return 'opac.timeline.cancelled';
      return 'opac.timeline.stopped';
    case 'completed':
      return 'opac.timeline.completed';
    default:
      return null;
  }
}

/** The sentence of a supplier transaction's step, or null. `{library}` is the supplier. */
function supplierStep(entry: Entry): MessageKey | null {
  if (entry.event.kind === 'message' && entry.from === entry.to) {
    if (entry.event.name === 'answer-will-supply') return 'opac.timeline.willSupply';
    if (entry.event.name === 'answer-hold-placed') return 'opac.timeline.onHold';
    return null;
  }
  if (entry.from === entry.to) return null;
  switch (entry.to) {
    case 'pending':
      return entry.from === 'idle'
        ? 'opac.timeline.asked'
        : entry.from === 'conditional'
          ? 'opac.timeline.conditionsAccepted'
          : null;
    case 'conditional':
      return 'opac.timeline.conditions';
    case 'not_supplied':
      return 'opac.timeline.couldNot';
    case 'cancelled':
      return 'opac.timeline.withdrawn';
    case 'shipped':
      return 'opac.timeline.shipped';
    case 'received':
      if (entry.event.name === 'renew-reply-yes' || entry.event.name === 'informed-renewed') {
        return 'opac.timeline.renewed';
      }
      if (entry.event.name === 'renew-reply-no') return 'opac.timeline.renewalRefused';
      if (entry.from === 'renew_pending') return 'opac.timeline.renewalAnswered';
      return 'opac.timeline.arrived';
    case 'renew_pending':
      return 'opac.timeline.renewalAsked';
    case 'overdue':
    case 'renew_overdue':
      return entry.from === 'overdue' || entry.from === 'renew_overdue' ? null : 'opac.timeline.overdue';
    case 'recall':
      return 'opac.timeline.recalled';
    case 'returned':
      return 'opac.timeline.returned';
    case 'checked_in':
      return 'opac.timeline.checkedIn';
    case 'lost':
      return 'opac.timeline.lost';
    default:
      return null;
  }
}

/** The steps of a request a patron reads, oldest first. */
export function patronTimeline(detail: Detail): TimelineItem[] {
  const libraries = new Map(detail.rota.map((entry) => [entry.position, entry.partner.name]));
  const branch = detail.details.pickupBranch?.name ?? null;
  const items: TimelineItem[] = [];
  for (const entry of detail.history) {
    const key =
      entry.machine === 'request'
        ? requestStep(entry)
        : entry.machine === 'requester'
          ? supplierStep(entry)
          : null;
    if (key === null) continue;
    const library =
      (entry.rotaPosition === null ? undefined : libraries.get(entry.rotaPosition)) ??
      t('opac.timeline.aLibrary');
    const text =
      key === 'opac.timeline.arrived' && branch !== null
        ? t('opac.timeline.arrivedAt', { branch })
        : t(key, { library });
    // Only the patron's own words come with a step (the server keeps the rest from patrons).
    const note = entry.actor.kind === 'patron' ? entry.note : null;
    items.push({ id: `history-${entry.id}`, at: entry.at, text, note });
  }
  for (const note of detail.notes) {
    if (note.visibility !== 'public') continue;
    items.push({ id: `note-${note.id}`, at: note.at, text: t('opac.timeline.note'), note: note.text });
  }
  return items.sort((a, b) => (a.at === b.at ? 0 : a.at < b.at ? -1 : 1));
}

/** Whether the patron asked to cancel the request at some point. */
export function patronAskedToCancel(detail: Pick<RequestDetailView, 'history'>): boolean {
  return detail.history.some(
    (entry) =>
      entry.machine === 'request' && entry.to === 'cancellation_requested' && entry.actor.kind === 'patron',
  );
}
