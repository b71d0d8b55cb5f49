/**
 * Staff endpoints for one request: create, read, edit, act, delete, extend the rota. Each validates
 * with its schema, authorises, and delegates to the request service.
 */
import { Type } from 'typebox';
import type { FastifyReply } from 'fastify';
import { staffOf } from '../auth/guards.ts';
import { PERMISSIONS } from '../auth/principal.ts';
import { idempotencyClaim } from '../idempotency/idempotency.ts';
import type { IdempotentResult } from '../idempotency/idempotency.ts';
import type { RoutePlugin } from '../server/routes/route-plugin.ts';
import { RequestService } from './request.service.ts';
import type { RequestCaller } from './request.service.ts';
import {
  ActionBody,
  ClearAttentionBody,
  CreateRequestBody,
  EditRequestBody,
  RequestDetailView,
  RequestIdParams,
  RotaBody,
} from './request.schemas.ts';

const errors = {
  400: Type.Ref('ErrorResponse', { description: 'A field is missing or invalid; nothing was changed.' }),
  401: Type.Ref('ErrorResponse', { description: 'Not logged in.' }),
  403: Type.Ref('ErrorResponse', { description: 'Missing permission (or CSRF token).' }),
  404: Type.Ref('ErrorResponse', { description: 'No such request in your library.' }),
  409: Type.Ref('ErrorResponse', {
    description:
      'The workflow does not allow this now, or someone else changed the request; the body holds the current state.',
  }),
};

/** Send an idempotent result, marking replays. */
export function sendIdempotent<T>(reply: FastifyReply, result: IdempotentResult<T>): FastifyReply {
  if (result.replayed) reply.header('idempotent-replayed', 'true');
  return reply.code(result.statusCode).send(result.body);
}

const IdempotencyHeaders = Type.Object({
  'idempotency-key': Type.Optional(
    Type.String({
      description: 'Repeat a request safely: the same key gives the same response and changes nothing twice.',
    }),
  ),
});

/** Routes of the staff client and API clients for one request. */
export const requestRoutes: RoutePlugin = async (app, { services }) => {
  const staff = (request: Parameters<typeof staffOf>[0]): Extract<RequestCaller, { kind: 'staff' }> => ({
    kind: 'staff',
    principal: staffOf(request, PERMISSIONS.ill),
  });

  app.post(
    '/api/requests',
    {
      schema: {
        summary: 'Create a borrowing request (staff, for a patron or the library)',
        tags: ['requests'],
        headers: IdempotencyHeaders,
        body: CreateRequestBody,
        response: {
          201: RequestDetailView,
          ...errors,
          403: Type.Ref('ErrorResponse', {
            description:
              'Missing permission (or CSRF token), or the library’s ILL module is off (`details.reason` `ill_module_off`): it takes no new requests, while existing ones stay workable.',
          }),
        },
      },
    },
    async (request, reply) => {
      const caller = staff(request);
      const claim = idempotencyClaim(request, RequestService.idempotencyPrincipal(caller));
      return sendIdempotent(reply, await services.requests.create(caller, request.body, claim));
    },
  );

  app.get(
    '/api/requests/:id',
    {
      schema: {
        summary: 'A request with its rota, history, notes and the actions you may take now',
        tags: ['requests'],
        params: RequestIdParams,
        response: { 200: RequestDetailView, ...errors },
      },
    },
    async (request) => services.requests.detail(staff(request), request.params.id),
  );

  app.patch(
    '/api/requests/:id',
    {
      schema: {
        summary: 'Edit a request’s details (Edit request / Local Change Request Details)',
        tags: ['requests'],
        headers: IdempotencyHeaders,
        params: RequestIdParams,
        body: EditRequestBody,
        response: { 200: RequestDetailView, ...errors },
      },
    },
    async (request, reply) => {
      const caller = staff(request);
      const claim = idempotencyClaim(request, RequestService.idempotencyPrincipal(caller));
      return sendIdempotent(
        reply,
        await services.requests.edit(caller, request.params.id, request.body, claim),
      );
    },
  );

  app.post(
    '/api/requests/:id/actions',
    {
      schema: {
        summary: 'Take an action on a request or one of its transactions',
        description:
          'Any protocol action of GET /api/workflow, or a locally-defined action (`local:<id>`). The engine checks it against the transition table; the change, its history and any message to the partner are stored together.',
        tags: ['requests'],
        headers: IdempotencyHeaders,
        params: RequestIdParams,
        body: ActionBody,
        response: { 200: RequestDetailView, ...errors },
      },
    },
    async (request, reply) => {
      const caller = staff(request);
      const claim = idempotencyClaim(request, RequestService.idempotencyPrincipal(caller));
      return sendIdempotent(
        reply,
        await services.requests.act(caller, request.params.id, request.body, claim),
      );
    },
  );

  app.delete(
    '/api/requests/:id',
    {
      schema: {
        summary: 'Delete a request entirely (Koha Delete: nothing is retained)',
        description:
          'Deletes the request with its rota, transactions, history, notes, messages, notices, mail and the stored responses of idempotent calls that showed it.',
        tags: ['requests'],
        headers: IdempotencyHeaders,
        params: RequestIdParams,
        querystring: Type.Object(
          { expectedVersion: Type.Optional(Type.Integer({ minimum: 1 })) },
          { additionalProperties: false },
        ),
        response: { 204: Type.Null(), ...errors },
      },
    },
    async (request, reply) => {
      const caller = staff(request);
      const claim = idempotencyClaim(request, RequestService.idempotencyPrincipal(caller));
      const result = await services.requests.remove(
        caller,
        request.params.id,
        request.query.expectedVersion,
        claim,
      );
      if (result.replayed) reply.header('idempotent-replayed', 'true');
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/api/requests/:id/attention/clear',
    {
      schema: {
        summary: 'Clear what made a request need attention, once it has been dealt with',
        description:
          'Clears the attention reason of the request and of its transactions (a partner message that could not be applied, a message that could not be delivered). The history records who cleared which reasons. A request that needs no attention is returned unchanged.',
        tags: ['requests'],
        headers: IdempotencyHeaders,
        params: RequestIdParams,
        body: ClearAttentionBody,
        response: { 200: RequestDetailView, ...errors },
      },
    },
    async (request, reply) => {
      const caller = staff(request);
      const claim = idempotencyClaim(request, RequestService.idempotencyPrincipal(caller));
      return sendIdempotent(
        reply,
        await services.requests.clearAttention(caller, request.params.id, request.body, claim),
      );
    },
  );

  app.post(
    '/api/requests/:id/rota',
    {
      schema: {
        summary: 'Add locations to the end of a borrowing request’s rota',
        tags: ['requests'],
        headers: IdempotencyHeaders,
        params: RequestIdParams,
        body: RotaBody,
        response: { 200: RequestDetailView, ...errors },
      },
    },
    async (request, reply) => {
      const caller = staff(request);
      const claim = idempotencyClaim(request, RequestService.idempotencyPrincipal(caller));
      return sendIdempotent(
        reply,
        await services.requests.extendRota(
          caller,
          request.params.id,
          request.body.partnerIds,
          request.body.expectedVersion,
          claim,
        ),
      );
    },
  );
};
