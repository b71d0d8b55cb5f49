/** Staff endpoints for a request's outgoing messages: list them with their delivery status, retry one. */
import { Type } from 'typebox';
import { staffOf } from '../auth/guards.ts';
import { PERMISSIONS } from '../auth/principal.ts';
import type { RoutePlugin } from '../server/routes/route-plugin.ts';
import { MessageLog } from './message-log.schemas.ts';

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
        response: { 200: MessageLog, ...errors },
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
        response: { 200: MessageLog, ...errors },
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
