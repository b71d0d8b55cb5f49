/**
 * Where a request is, in words a patron understands: "We have asked another library for it", "On its
 * way to us", "Ready for you to collect at Science Library", "Due back 12 Dec 2026". Patrons never
 * see the workflow's names (Pending, Shipped, End of Rota…): the request's status and the state of
 * its current supplier transaction are read together into one sentence. A library's own status, if
 * the request has one, wins: it is what the library chose to tell patrons. Pure.
 */
import type { RequesterState, RequestStatus } from '../api/types.ts';
import { formatDate, t, type MessageKey } from '../i18n/catalogue.ts';

/** How a status looks: in progress, done (or ready), waiting for someone, or a problem. */
export type StatusTone = 'active' | 'done' | 'waiting' | 'problem';

export interface PatronStatusInput {
  /** The request's status (`new`, `requested`…). */
  readonly status: string;
  /** The borrower's state of the current supplier transaction, if there is one. */
  readonly currentState: string | null;
  /** The library's own status as patrons see it (its OPAC label, or its label). */
  readonly customStatusLabel?: string | null;
  /** The current loan's due date, `YYYY-MM-DD`. */
  readonly dueDate?: string | null;
  /** The name of the library the patron collects from. */
  readonly pickupBranch?: string | null;
  /** The patron asked to cancel (known from the request's history). */
  readonly patronAskedToCancel?: boolean;
}

export interface PatronStatus {
  /** One sentence: where the request is. */
  readonly text: string;
  /** "Due back 12 Dec 2026" while the patron has (or is about to have) a loan; else null. */
  readonly due: string | null;
  readonly tone: StatusTone;
}

/** States in which the item is with the borrowing library or the patron and has a due date. */
const ON_LOAN: ReadonlySet<string> = new Set<RequesterState>([
  'received',
  'renew_pending',
  'renew_overdue',
  'overdue',
  'recall',
]);

/** States in which a supplier has sent the item (whatever happened after). */
const SUPPLIED: ReadonlySet<string> = new Set<RequesterState>([
  'shipped',
  'received',
  'renew_pending',
  'renew_overdue',
  'overdue',
  'not_received_overdue',
  'recall',
  'returned',
  'checked_in',
  'lost',
]);

function sentence(key: MessageKey, tone: StatusTone, params?: Record<string, string>) {
  return { text: t(key, params), tone };
}

/** The sentence for a request being worked on, from its current supplier's state. */
function supplierSentence(state: string | null, pickupBranch: string | null | undefined) {
  switch (state as RequesterState | null) {
    case null:
    case 'idle':
      return sentence('opac.status.preparing', 'active');
    case 'pending':
      return sentence('opac.status.asked', 'active');
    case 'conditional':
      return sentence('opac.status.conditions', 'active');
    case 'cancel_pending':
    case 'not_supplied':
    case 'cancelled':
      return sentence('opac.status.askingAnother', 'active');
    case 'shipped':
      return sentence('opac.status.onItsWay', 'active');
    case 'not_received_overdue':
      return sentence('opac.status.delayed', 'waiting');
    case 'received':
      return pickupBranch
        ? sentence('opac.status.readyAt', 'done', { branch: pickupBranch })
        : sentence('opac.status.ready', 'done');
    case 'renew_pending':
      return sentence('opac.status.renewalAsked', 'active');
    case 'renew_overdue':
      return sentence('opac.status.overdueRenewalAsked', 'problem');
    case 'overdue':
      return sentence('opac.status.overdue', 'problem');
    case 'recall':
      return sentence('opac.status.recalled', 'problem');
    case 'returned':
      return sentence('opac.status.returned', 'done');
    case 'checked_in':
      return sentence('opac.status.backWithLender', 'done');
    case 'lost':
      return sentence('opac.status.lost', 'problem');
    default:
      return sentence('opac.status.inProgress', 'active');
  }
}

/** Where a request is, in the patron's words. */
export function patronStatus(input: PatronStatusInput): PatronStatus {
  const state = input.currentState;
  const due =
    input.dueDate && state !== null && ON_LOAN.has(state)
      ? t(state === 'overdue' || state === 'renew_overdue' ? 'opac.status.wasDue' : 'opac.status.due', {
          date: formatDate(input.dueDate),
        })
      : null;
  const custom = input.customStatusLabel?.trim();
  if (custom) return { text: custom, due, tone: 'active' };

  const status = input.status as RequestStatus;
  const result = ((): { text: string; tone: StatusTone } => {
    switch (status) {
      case 'new':
        return sentence('opac.status.new', 'active');
      case 'requested':
      case 'requested_from_partners':
        return supplierSentence(state, input.pickupBranch);
      case 'cancellation_requested':
        // An item that arrived meanwhile matters more than the question still open.
        return state !== null && SUPPLIED.has(state)
          ? supplierSentence(state, input.pickupBranch)
          : sentence('opac.status.cancellationAsked', 'waiting');
      case 'reverted':
        return sentence('opac.status.reverted', 'active');
      case 'end_of_rota':
        return sentence('opac.status.couldNotGet', 'problem');
      case 'terminated':
        if (input.patronAskedToCancel === true) return sentence('opac.status.cancelled', 'done');
        return state !== null && SUPPLIED.has(state)
          ? supplierSentence(state, input.pickupBranch)
          : sentence('opac.status.closed', 'problem');
      case 'completed':
        if (input.patronAskedToCancel === true && (state === null || !SUPPLIED.has(state))) {
          return sentence('opac.status.cancelled', 'done');
        }
        return state !== null && SUPPLIED.has(state)
          ? sentence('opac.status.finished', 'done')
          : sentence('opac.status.closed', 'done');
      case 'deleted':
        return sentence('opac.status.closed', 'done');
      default:
        return sentence('opac.status.inProgress', 'active');
    }
  })();
  return { ...result, due: status === 'completed' ? null : due };
}
