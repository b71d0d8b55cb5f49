/**
 * Why a request or transaction needs attention, in the catalogue's words: the server sends a code and
 * its parameters (`AttentionReason`), and this fills the parameters in as staff read them (the names
 * of states and messages from the catalogue, the partner's own error text as it was received).
 */
import type { AttentionReason } from '../../../../src/workflow/attention.ts';
import { hasMessage, t } from '../../i18n/catalogue.ts';
import { stateLabel } from './state-presentation.ts';
import { messageName } from './undelivered.ts';

/** An error text as a clause: the sentence around it has its own full stop. */
function clause(text: string): string {
  return text.trim().replace(/\.+$/, '');
}

/** The sentence saying why staff should look at a request or transaction. */
export function attentionText(reason: AttentionReason): string {
  switch (reason.code) {
    case 'partner_message_refused': {
      const { params } = reason;
      const text = t('attention.partner_message_refused', {
        partner: params.partner,
        message: params.message,
        event: messageName(params.event),
        state: stateLabel(params.role, params.state),
      });
      // A guard names what the message needed, which says more than the state alone.
      const guard = `error.guard.${params.rule}`;
      return params.refusal === 'guard_failed' && hasMessage(guard) ? `${text} ${t(guard)}` : text;
    }
    case 'message_refused':
      return t('attention.message_refused', {
        message: messageName(reason.params.message),
        partner: reason.params.partner,
        error: clause(reason.params.error),
      });
    case 'message_undeliverable':
      return t('attention.message_undeliverable', {
        message: messageName(reason.params.message),
        partner: reason.params.partner,
        attempts: reason.params.attempts,
        error: clause(reason.params.error),
      });
    case 'cancellation_given_up':
      return t('attention.cancellation_given_up', { count: reason.params.days });
    case 'cancel_refused_after_end':
      return t('attention.cancel_refused_after_end');
    case 'status_disagreement':
      return t('attention.status_disagreement', {
        reported: reason.params.reported,
        state: stateLabel('requester', reason.params.state),
      });
    case 'legacy_text':
      return t('attention.legacy_text', { text: reason.params.text });
  }
}
