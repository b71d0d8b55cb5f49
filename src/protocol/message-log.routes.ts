/**
 * Staff endpoints for a request's outgoing messages: list them with their delivery status, send a failed
 * one again, or set it aside.
 */
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

const messageParams = Type.Object(
  { id: Type.String({ format: 'uuid' }), messageId: Type.String({ pattern: '^[0-9]{1,18}$' }) },
  { additionalProperties: false },
);

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
        description:
          'The message goes out before the later messages of its transaction that it holds. Refused (409) for a message set aside, or one a later message has already overtaken.',
        tags: ['requests'],
        params: messageParams,
        response: {
          200: MessageLog,
          ...errors,
          409: Type.Ref('ErrorResponse', { description: 'Set aside, or sending it would be out of order.' }),
        },
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

  app.post(
    '/api/requests/:id/messages/:messageId/set-aside',
    {
      schema: {
        summary: 'Set a failed or given-up message aside, settled some other way',
        description:
          'The message is never sent, and the later messages of its transaction, held so that the partner gets them in order, go out. Who set it aside and when is kept in the message log.',
        tags: ['requests'],
        params: messageParams,
        response: {
          200: MessageLog,
          ...errors,
          409: Type.Ref('ErrorResponse', {
            description: 'The message has not failed, or is set aside already.',
          }),
        },
      },
    },
    async (request) => {
      const staff = staffOf(request, PERMISSIONS.ill);
      return {
        items: await services.messageLog.setAside(
          staff.libraryId,
          request.params.id,
          request.params.messageId,
          staff.name,
        ),
      };
    },
  );
};
