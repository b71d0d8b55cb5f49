/**
 * How request statuses and transaction states look: the tone of their badge, and their labels from the
 * catalogue. The maps are typed over the engine's vocabularies, so that a state added to the workflow
 * without a presentation here does not compile. They also give the list's filters their values.
 */
import type {
  RequestStatus,
  RequesterState,
  ResponderState,
  TransactionState,
} from '../../../../src/workflow/vocabulary.ts';
import type { RequestType } from '../../../../src/requests/request-fields.ts';
import { tOr } from '../../i18n/catalogue.ts';

/** The badge styles of styles.css: under way, waiting on someone, a problem, finished, or plain. */
export type Tone = 'active' | 'waiting' | 'problem' | 'done' | 'neutral';

const statusTones: Record<Exclude<RequestStatus, 'deleted'>, Tone> = {
  new: 'waiting',
  cancellation_requested: 'waiting',
  requested: 'active',
  requested_from_partners: 'active',
  reverted: 'neutral',
  end_of_rota: 'problem',
  terminated: 'problem',
  completed: 'done',
};

const requesterTones: Record<RequesterState, Tone> = {
  idle: 'neutral',
  pending: 'active',
  conditional: 'waiting',
  cancel_pending: 'waiting',
  not_supplied: 'problem',
  cancelled: 'neutral',
  shipped: 'active',
  received: 'active',
  renew_pending: 'waiting',
  renew_overdue: 'problem',
  overdue: 'problem',
  not_received_overdue: 'problem',
  recall: 'problem',
  returned: 'active',
  checked_in: 'done',
  lost: 'problem',
};

const responderTones: Record<ResponderState, Tone> = {
  idle: 'neutral',
  in_process: 'waiting',
  conditional: 'waiting',
  cancel_pending: 'waiting',
  not_supplied: 'neutral',
  cancelled: 'neutral',
  shipped: 'active',
  renew_pending: 'waiting',
  checked_in: 'done',
  lost: 'problem',
};

/** Request-level statuses a listed request can have, in workflow order. */
export const LISTED_STATUSES = Object.keys(statusTones) as Exclude<RequestStatus, 'deleted'>[];
export const REQUESTER_STATE_VALUES = Object.keys(requesterTones) as RequesterState[];
export const RESPONDER_STATE_VALUES = Object.keys(responderTones) as ResponderState[];
/** Every transaction state of either party, each once. */
export const TRANSACTION_STATE_VALUES: TransactionState[] = [
  ...new Set<TransactionState>([...REQUESTER_STATE_VALUES, ...RESPONDER_STATE_VALUES]),
];

const requestTypes: Record<RequestType, true> = {
  book: true,
  article: true,
  journal: true,
  chapter: true,
  thesis: true,
  other: true,
};
export const REQUEST_TYPE_VALUES = Object.keys(requestTypes) as RequestType[];

export const BACKEND_VALUES = ['iso18626', 'email', 'manual'] as const;
export type BackendValue = (typeof BACKEND_VALUES)[number];

export function statusTone(status: string): Tone {
  return (statusTones as Record<string, Tone>)[status] ?? 'neutral';
}

/** The tone of a transaction state, on the borrower's (requester) or lender's (responder) side. */
export function stateTone(role: 'requester' | 'responder', state: string): Tone {
  const tones: Record<string, Tone> = role === 'requester' ? requesterTones : responderTones;
  return tones[state] ?? 'neutral';
}

export function statusLabel(status: string): string {
  return tOr(`status.request.${status}`, status);
}

/** A transaction state's label; states both parties have share their name, so either side's label fits. */
export function stateLabel(role: 'requester' | 'responder' | null, state: string): string {
  if (role !== null) return tOr(`state.${role}.${state}`, state);
  return tOr(`state.requester.${state}`, tOr(`state.responder.${state}`, state));
}
