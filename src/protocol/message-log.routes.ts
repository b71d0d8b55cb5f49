/** Staff endpoints for a request's outgoing messages: list them with their delivery status, retry one. */
import { Type } from 'typebox';
import { staffOf } from '../auth/guards.ts';
import { PERMISSIONS } from '../auth/principal.ts';
import type { RoutePlugin } from '../server/routes/route-plugin.ts';

const Message = Type.Object({
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
const Messages = Type.Object({ items: Type.Array(Message) });
const errors = {
  401: Type.Ref('ErrorResponse'),
  403: Type.Ref('ErrorResponse'),
  404: Type.Ref('ErrorResponse', { description: 'No such request (or message) in your library.' }),
};

export const messageLogRoutes: RoutePlugin = async (app, { services }) => {
  app.get(
    '/api/requests/:id/messages',
    {
      schema: {
        summary: 'The messages sent to partners for a request, with their delivery status',
        tags: ['requests'],
        params: Type.Object({ id: Type.String({ format: 'uuid' }) }, { additionalProperties: false }),
        response: { 200: Messages, ...errors },
      },
    },
    async (request) => ({
      items: await services.messageLog.list(staffOf(request, PERMISSIONS.ill).libraryId, request.params.id),
    }),
  );

  app.post(
    '/api/requests/:id/messages/:messageId/retry',
    {
      schema: {
        summary: 'Send a failed or given-up message again now',
        tags: ['requests'],
        params: Type.Object(
          { id: Type.String({ format: 'uuid' }), messageId: Type.String({ pattern: '^[0-9]{1,18}$' }) },
          { additionalProperties: false },
        ),
        response: { 200: Messages, ...errors },
      },
    },
    async (request) => ({
      items: await services.messageLog.retry(
        staffOf(request, PERMISSIONS.ill).libraryId,
        request.params.id,
        request.params.messageId,
      ),
    }),
  );
};
