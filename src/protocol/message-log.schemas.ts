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
});
export type MessageLogEntry = Static<typeof MessageLogEntry>;

export const MessageLog = Type.Object({ items: Type.Array(MessageLogEntry) });
export type MessageLog = Static<typeof MessageLog>;
