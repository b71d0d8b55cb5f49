/** Work queues with their counts, and a library's saved queues. Staff with `ill`. */
import { Type } from 'typebox';
import { staffOf } from '../auth/guards.ts';
import { PERMISSIONS } from '../auth/principal.ts';
import type { RoutePlugin } from '../server/routes/route-plugin.ts';
import {
  CreateSavedQueueBody,
  QueuesResponse,
  SavedQueueParams,
  SavedQueueView,
  UpdateSavedQueueBody,
} from './queue.schemas.ts';

const errors = {
  400: Type.Ref('ErrorResponse', { description: 'A field is invalid; `details.issues` names it.' }),
  401: Type.Ref('ErrorResponse', { description: 'Not logged in.' }),
  403: Type.Ref('ErrorResponse', { description: 'Missing the `ill` permission (or CSRF token).' }),
};
const notFound = { 404: Type.Ref('ErrorResponse', { description: 'No such saved queue in your library.' }) };
const conflict = {
  409: Type.Ref('ErrorResponse', { description: 'Your library already has a saved queue of that name.' }),
};

export const queueRoutes: RoutePlugin = async (app, { services }) => {
  const staff = (request: Parameters<typeof staffOf>[0]) => staffOf(request, PERMISSIONS.ill);

  app.get(
    '/api/queues',
    {
      schema: {
        summary: 'Your library’s work queues and saved queues, with how many requests each holds',
        description:
          'The VDX borrower and lender queues (ids and filters; labels are the client’s) and the saved queues. Completed requests are in no built-in queue. Counts stop at 10 000 (`relation: gte`).',
        tags: ['queues'],
        response: { 200: QueuesResponse, ...errors },
      },
    },
    async (request) => services.queues.overview(staff(request)),
  );

  app.get(
    '/api/saved-queues',
    {
      schema: {
        summary: 'Your library’s saved queues',
        tags: ['queues'],
        response: { 200: Type.Array(SavedQueueView), ...errors },
      },
    },
    async (request) => services.queues.listSaved(staff(request)),
  );

  app.post(
    '/api/saved-queues',
    {
      schema: {
        summary: 'Save a filter of the request list as a queue of your library',
        tags: ['queues'],
        body: CreateSavedQueueBody,
        response: { 201: SavedQueueView, ...errors, ...conflict },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await services.queues.createSaved(staff(request), request.body)),
  );

  app.patch(
    '/api/saved-queues/:id',
    {
      schema: {
        summary: 'Rename a saved queue or change its filter',
        tags: ['queues'],
        params: SavedQueueParams,
        body: UpdateSavedQueueBody,
        response: { 200: SavedQueueView, ...errors, ...notFound, ...conflict },
      },
    },
    async (request) => services.queues.updateSaved(staff(request), request.params.id, request.body),
  );

  app.delete(
    '/api/saved-queues/:id',
    {
      schema: {
        summary: 'Delete a saved queue',
        tags: ['queues'],
        params: SavedQueueParams,
        response: { 204: Type.Null({ description: 'Deleted.' }), ...errors, ...notFound },
      },
    },
    async (request, reply) => {
      await services.queues.removeSaved(staff(request), request.params.id);
      return reply.code(204).send(null);
    },
  );
};
