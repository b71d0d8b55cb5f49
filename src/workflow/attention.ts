/**
 * Why a request or one of its transactions needs staff attention, as data: a stable code and named
 * parameters, never a sentence. The staff client words each code through its message catalogue, so
 * that the reason can be translated; what comes from outside Interlend (a partner's or a server's
 * error text) stays a parameter and is shown as it was received. The schema gives both the type and
 * the API's description of the `attention` fields.
 */
import { Type, type Static, type TProperties } from 'typebox';
import { Value } from 'typebox/value';

const text = (description: string) => Type.String({ description });

function reason<C extends string, P extends TProperties>(code: C, description: string, params: P) {
  return Type.Object(
    {
      code: Type.Literal(code),
      params: Type.Object(params, { additionalProperties: false }),
    },
    { additionalProperties: false, description },
  );
}

/** The partner a message went to or came from, as staff know it: its name and symbol. */
const partner = text('The partner, by name and symbol.');
/** A message of the workflow (`GET /api/workflow` lists them), e.g. `request` or `shipped`. */
const message = text('The workflow message, by its id in GET /api/workflow (e.g. `shipped`).');
const error = text('What the partner or the transport answered, exactly as received.');

export const AttentionReasonSchema = Type.Union(
  [
    reason(
      'partner_message_refused',
      'A partner sent a message the transaction cannot take in its state; it was answered with an error.',
      {
        partner: text('The partner’s symbol.'),
        message: text('What the partner sent, in its protocol’s words (e.g. `StatusChange Loaned`).'),
        event: text('The workflow message it stands for, e.g. `shipped`.'),
        role: Type.Union([Type.Literal('requester'), Type.Literal('responder')], {
          description: 'This library’s side of the transaction.',
        }),
        state: text('The state of this library’s side of the transaction when it arrived.'),
        refusal: text('The refusal code of the workflow (e.g. `not_allowed_in_state`).'),
        rule: text('The rule that refused it: a guard name, or the general rule (e.g. `G2 …`).'),
      },
    ),
    reason('message_refused', 'The partner refused a message sent to it; later ones are held.', {
      partner,
      message,
      error,
    }),
    reason(
      'message_undeliverable',
      'A message could not be delivered however often it was tried; later ones are held.',
      { partner, message, attempts: Type.Integer({ minimum: 1 }), error },
    ),
    reason(
      'cancellation_given_up',
      'The supplier never answered a cancellation, so the transaction was given up as cancelled.',
      { days: Type.Integer({ minimum: 0, description: 'The supplier’s days to respond.' }) },
    ),
    reason(
      'cancel_refused_after_end',
      'The supplier refused a cancellation after the transaction had been given up as cancelled.',
      {},
    ),
    reason(
      'status_disagreement',
      'A partner’s answer to a status query says something other than this library’s own record.',
      {
        reported: text('The status the partner reported, in its protocol’s words (e.g. `Unfilled`).'),
        state: text('The state of this library’s side of the transaction.'),
      },
    ),
    reason(
      'legacy_text',
      'A reason recorded before reasons were structured, kept in the words it was written in.',
      { text: text('The reason as it was written.') },
    ),
  ],
  {
    title: 'AttentionReason',
    description:
      'Why staff should look at the request or transaction: a stable code and its parameters, which the staff client words.',
  },
);

/** Why a request or transaction needs staff attention. */
export type AttentionReason = Static<typeof AttentionReasonSchema>;
export type AttentionCode = AttentionReason['code'];

/** Every attention code, in the order of the schema (a test checks the two agree). */
export const ATTENTION_CODES = [
  'partner_message_refused',
  'message_refused',
  'message_undeliverable',
  'cancellation_given_up',
  'cancel_refused_after_end',
  'status_disagreement',
  'legacy_text',
] as const satisfies readonly AttentionCode[];

/**
 * A stored reason, as read from the database: a structured reason as it is, a sentence stored before
 * reasons were structured as `legacy_text`, nothing as `null`.
 */
export function readAttention(value: unknown): AttentionReason | null {
  if (value === null || value === undefined) return null;
  if (Value.Check(AttentionReasonSchema, value)) return value;
  return { code: 'legacy_text', params: { text: typeof value === 'string' ? value : JSON.stringify(value) } };
}
