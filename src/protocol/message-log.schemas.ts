/** Schemas of a request's message log (`/api/requests/:id/messages`): the TypeScript types and the OpenAPI document. */
import { Type, type Static } from 'typebox';

export const MessageLogEntry = Type.Object({
  id: Type.String(),
  message: Type.String(),
  sequence: Type.Integer(),
  resend: Type.Boolean(),
  protocol: Type.String(),
  status: Type.Enum(['pending', 'sent', 'failed', 'dead']),
  attempts: Type.Integer(),
  nextAttemptAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  lastError: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String({ format: 'date-time' }),
  sentAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  rotaPosition: Type.Integer(),
  partner: Type.String(),
  heldBy: Type.Union([Type.String(), Type.Null()], {
    description:
      'The earlier message of the same transaction this one waits for (messages reach a partner in order); null when it is not waiting.',
  }),
  setAside: Type.Union(
    [
      Type.Object({
        at: Type.String({ format: 'date-time' }),
        by: Type.String(),
      }),
      Type.Null(),
    ],
    { description: 'When and by whom staff set this undelivered message aside: it will never be sent.' },
  ),
});
export type MessageLogEntry = Static<typeof MessageLogEntry>;

export const MessageLog = Type.Object({ items: Type.Array(MessageLogEntry) });
export type MessageLog = Static<typeof MessageLog>;
