/**
 * Why a request or transaction needs attention, one sentence per attention code of the server
 * (`AttentionReason`), with its parameters. Typed over the server's codes, so that a code added
 * without a sentence here does not compile; `catalogue.test.ts` checks the server's list too.
 * `staff/requests/attention.ts` fills the parameters in (labels for states and messages).
 */
import type { AttentionCode } from '../../../../src/workflow/attention.ts';
import type { Message } from '../message-types.ts';
import { prefixed } from '../message-types.ts';

const HELD =
  'Later messages to this partner in the transaction are held until it is sent again or set aside.';

const reasons: Record<AttentionCode, Message> = {
  partner_message_refused:
    '{partner} sent {message}, which cannot be applied now: {event} is not allowed while this library’s side of the transaction is {state}.',
  message_refused: `The {message} message to {partner} was refused: {error}. ${HELD}`,
  message_undeliverable: `The {message} message to {partner} could not be delivered after {attempts} attempts: {error}. ${HELD}`,
  cancellation_given_up: {
    one: 'The supplier did not answer the cancellation within its {count} day to respond, so Interlend gave the transaction up as cancelled and the request went on as after a Cancel Reply-Yes. Check with the supplier that it will not send the item; an answer it sends later is recorded, and a shipment is refused and flagged.',
    other:
      'The supplier did not answer the cancellation within its {count} days to respond, so Interlend gave the transaction up as cancelled and the request went on as after a Cancel Reply-Yes. Check with the supplier that it will not send the item; an answer it sends later is recorded, and a shipment is refused and flagged.',
  },
  cancel_refused_after_end:
    'The supplier refused the cancellation after the transaction had ended as cancelled (it was given up when no answer came in time). The supplier may still send the item: contact it.',
  status_disagreement:
    'Asked where the request stands, the partner answered {reported}, but this library’s side of the transaction is {state}. A message between you may have been lost: check with the partner.',
  legacy_text: '{text}',
};

export const attentionMessages = prefixed('attention', reasons);
