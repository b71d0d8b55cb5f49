/**
 * How each workflow action appears on the request page: its button's tone, and for the actions that
 * cannot be undone, the question staff must answer before it is taken. Typed over the engine's
 * action ids, so that an action added to the workflow without a presentation does not compile.
 * Labels come from the catalogue (`action.<id>`); locally-defined actions carry their own name.
 */
import type { ActionId } from '../../../../src/workflow/actions.ts';
import { t, tOr, type MessageKey } from '../../i18n/catalogue.ts';

export interface ActionPresentation {
  /** primary: the usual next step; danger: ends or loses something. */
  readonly tone: 'primary' | 'secondary' | 'danger';
  /** Set for destructive actions: the question asked before they are taken. */
  readonly confirm?: MessageKey;
}

const primary: ActionPresentation = { tone: 'primary' };
const secondary: ActionPresentation = { tone: 'secondary' };
const danger: ActionPresentation = { tone: 'danger' };

export const ACTION_PRESENTATION: Record<ActionId, ActionPresentation> = {
  confirm: primary,
  'place-request-with-partners': primary,
  revert: { tone: 'danger', confirm: 'staff.confirm.revert' },
  delete: { tone: 'danger', confirm: 'staff.confirm.delete' },
  'request-cancellation': secondary,
  request: primary,
  cancel: { tone: 'danger', confirm: 'staff.confirm.cancel' },
  'conditional-reply-yes': primary,
  'conditional-reply-no': danger,
  received: primary,
  unreceive: secondary,
  'cost-adjustment': secondary,
  renew: secondary,
  returned: primary,
  'informed-shipped': primary,
  'informed-not-supplied': danger,
  'informed-renewed': secondary,
  'terminate-request': { tone: 'danger', confirm: 'staff.confirm.terminate' },
  'status-query': secondary,
  'send-user-alert': secondary,
  'local-change-request-details': secondary,
  'add-private-note': secondary,
  'send-public-note': secondary,
  'resend-last-message': secondary,
  lost: { tone: 'danger', confirm: 'staff.confirm.lost' },
  damaged: danger,
  complete: secondary,
  'answer-conditional': secondary,
  'answer-will-supply': primary,
  'answer-hold': secondary,
  'answer-nonsupply': danger,
  'answer-retry': secondary,
  'answer-locations-provided': secondary,
  'cancel-reply-yes': primary,
  'cancel-reply-no': secondary,
  'change-current-service-type': secondary,
  shipped: primary,
  unshipped: secondary,
  overdue: secondary,
  recall: secondary,
  'renew-reply-yes': primary,
  'renew-reply-no': secondary,
  'checked-in': primary,
  'informed-cancelled': secondary,
  'informed-received': secondary,
  'informed-returned': secondary,
};

/** The presentation of an action the server lists; locally-defined actions are plain. */
export function presentationOf(actionId: string): ActionPresentation {
  return (ACTION_PRESENTATION as Record<string, ActionPresentation>)[actionId] ?? secondary;
}

/** What an action of the request page is called: the catalogue's name, or a local action's own. */
export function actionLabel(action: { id: string; localName?: string | undefined }): string {
  if (action.localName !== undefined) return action.localName;
  return tOr(`action.${action.id}`, action.id);
}

/** The label of a button of the request page's action bar. */
export function actionButtonLabel(
  action: { id: string; localName?: string | undefined },
  target: { symbol: string } | null,
): string {
  const label = actionLabel(action);
  return target === null ? label : t('staff.action.forPartner', { action: label, partner: target.symbol });
}
