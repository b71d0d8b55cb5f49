/**
 * Custom statuses (Koha's ILLSTATUS, now ILL_STATUS_ALIAS, authorised values): labels a library
 * defines and staff put on a request over its system status. A custom status is an overlay, never a
 * state: no edge looks at it and it changes no transition. Staff set or clear it with Local Change
 * Request Details (Koha's Edit request), naming a code the library defines; the engine clears it when
 * the status it is shown over changes, as Koha resets the alias whenever the status changes.
 */
import { currentRotaIndex } from './guards.ts';
import type { DecisionContext, WorkflowEvent, WorkflowSnapshot } from './model.ts';

/** The detail of Local Change Request Details that sets (a code) or clears (`null`) the custom status. */
export const CUSTOM_STATUS_DETAIL = 'customStatus';

/** How custom statuses work, for `GET /api/workflow` and the generated documentation. */
export const CUSTOM_STATUS_RULES = {
  /** The action and detail that set or clear a custom status, and who may. */
  action: 'local-change-request-details',
  detail: CUSTOM_STATUS_DETAIL,
  actors: ['staff'],
  /** The effects that set and clear it. */
  setBy: 'setCustomStatus',
  clearedBy: 'clearCustomStatus',
  /** Where a library defines its custom statuses. */
  definedAt: '/api/library/custom-statuses',
  rules: [
    'A custom status is a label the library defines (code, staff label, OPAC label) and shows over a request’s system status, in its place; it is never a state and changes no transition.',
    'Staff set or clear it with Local Change Request Details (Koha’s Edit request), on borrowing and lending requests alike, wherever that action is offered. Patrons cannot set one.',
    'The code must be one of the library’s custom statuses. Koha’s authorised values carry no per-status restriction and no active flag, and neither do Interlend’s: every custom status the library defines may be set at any status, and a library retires one by deleting it, which is refused while requests carry it.',
    'A system status change clears it, as Koha resets the alias when the status changes. The status it is shown over is, for a borrowing request, the request’s status together with its current transaction and that transaction’s state (so the rota moving on clears it too); for a lending request, the lender’s state.',
    'The history records every change of custom status: who set or cleared it, from what to what; a clearing by a status change is recorded as Interlend’s.',
  ],
} as const;

/**
 * The system status a custom status is shown over, as one comparable key: for a borrowing request its
 * status, current transaction and that transaction's state; for a lending request the lender's state.
 * When it changes, the custom status is cleared.
 */
export function statusUnderCustomStatus(snapshot: WorkflowSnapshot): string {
  if (snapshot.kind === 'lending') return `responder:${snapshot.transaction.state}`;
  const current = currentRotaIndex(snapshot);
  const state = current < 0 ? '-' : (snapshot.rota[current]?.transaction?.state ?? '-');
  return `request:${snapshot.status}/${current}:${state}`;
}

/** The custom status an event sets: a code, `null` to clear it, or `undefined` when it names none. */
export function customStatusOf(event: WorkflowEvent): string | null | undefined {
  if (event.trigger !== 'action' || event.action !== CUSTOM_STATUS_RULES.action) return undefined;
  const details = event.data.details;
  if (details === undefined || !(CUSTOM_STATUS_DETAIL in details)) return undefined;
  const value = details[CUSTOM_STATUS_DETAIL];
  return typeof value === 'string' ? value : value === null ? null : undefined;
}

/**
 * What is wrong with the custom status an event sets, keyed by its field (`details.customStatus`), or
 * `null`: only staff set one, and only to a code the library defines (or `null`, to clear it).
 */
export function customStatusProblems(
  event: WorkflowEvent,
  context: DecisionContext,
): Record<string, string> | null {
  if (event.trigger !== 'action' || event.action !== CUSTOM_STATUS_RULES.action) return null;
  const details = event.data.details;
  if (details === undefined || !(CUSTOM_STATUS_DETAIL in details)) return null;
  const field = `details.${CUSTOM_STATUS_DETAIL}`;
  if (event.actor !== 'staff') return { [field]: 'can be set by staff only' };
  const value = details[CUSTOM_STATUS_DETAIL];
  if (value === null) return null;
  if (typeof value !== 'string')
    return { [field]: 'must be the code of a custom status, or null to clear it' };
  if (context.customStatuses?.has(value) !== true) {
    return { [field]: `${value} is not one of the library’s custom statuses` };
  }
  return null;
}
