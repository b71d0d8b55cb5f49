/**
 * The patron's own requests, for the OPAC: place a request, list and read one's requests, edit a New
 * one, and ask for cancellation. A patron only ever sees their own requests.
 */
import { Type } from 'typebox';
import { patronOf } from '../auth/guards.ts';
import { idempotencyClaim } from '../idempotency/idempotency.ts';
import type { RoutePlugin } from '../server/routes/route-plugin.ts';
import { sendIdempotent } from './request.routes.ts';
import { RequestService } from './request.service.ts';
import type { RequestCaller } from './request.service.ts';
import {
  CancellationBody,
  EditRequestBody,
  PatronCreateRequestBody,
  PatronRequestListQuery,
  PatronRequestPage,
  RequestDetailView,
  RequestIdParams,
} from './request.schemas.ts';

const errors = {
  400: Type.Ref('ErrorResponse', { description: 'A field is missing or invalid; nothing was changed.' }),
  401: Type.Ref('ErrorResponse', { description: 'Not logged in.' }),
  403: Type.Ref('ErrorResponse', { description: 'Interlibrary loan is off, or the CSRF token is missing.' }),
  404: Type.Ref('ErrorResponse', { description: 'No such request of yours.' }),
  409: Type.Ref('ErrorResponse', { description: 'Not possible at the request’s current status.' }),
};

export const patronRequestRoutes: RoutePlugin = async (app, { services }) => {
  const patron = (request: Parameters<typeof patronOf>[0]): Extract<RequestCaller, { kind: 'patron' }> => ({
    kind: 'patron',
    principal: patronOf(request),
  });

  app.get(
    '/api/patron/requests',
    {
      schema: {
        summary: 'My requests, newest first, a page at a time',
        tags: ['patron'],
        querystring: PatronRequestListQuery,
        response: { 200: PatronRequestPage, ...errors },
      },
    },
    async (request) =>
      services.requests.listForPatron(patron(request).principal, {
        includeCompleted: request.query.includeCompleted ?? true,
        ...(request.query.limit !== undefined ? { limit: request.query.limit } : {}),
        ...(request.query.cursor !== undefined ? { cursor: request.query.cursor } : {}),
      }),
  );

  app.post(
    '/api/patron/requests',
    {
      schema: {
        summary: 'Place a request',
        tags: ['patron'],
        body: PatronCreateRequestBody,
        response: { 201: RequestDetailView, ...errors },
      },
    },
    async (request, reply) => {
      const caller = patron(request);
      const claim = idempotencyClaim(request, RequestService.idempotencyPrincipal(caller));
      const { copyrightAccepted, details } = request.body;
      return sendIdempotent(
        reply,
        await services.requests.create(
          caller,
          { details, ...(copyrightAccepted !== undefined ? { copyrightAccepted } : {}) },
          claim,
        ),
      );
    },
  );

  app.get(
    '/api/patron/requests/:id',
    {
      schema: {
        summary: 'One of my requests, with its timeline',
        tags: ['patron'],
        params: RequestIdParams,
        response: { 200: RequestDetailView, ...errors },
      },
    },
    async (request) => services.requests.detail(patron(request), request.params.id),
  );

  app.patch(
    '/api/patron/requests/:id',
    {
      schema: {
        summary: 'Change my request while the library has not acted on it',
        tags: ['patron'],
        params: RequestIdParams,
        body: EditRequestBody,
        response: { 200: RequestDetailView, ...errors },
      },
    },
    async (request, reply) => {
      const caller = patron(request);
      const claim = idempotencyClaim(request, RequestService.idempotencyPrincipal(caller));
      return sendIdempotent(
        reply,
        await services.requests.edit(caller, request.params.id, request.body, claim),
      );
    },
  );

  app.post(
    '/api/patron/requests/:id/cancel',
    {
      schema: {
        summary: 'Ask the library to cancel my request (status Cancellation requested)',
        tags: ['patron'],
        params: RequestIdParams,
        body: CancellationBody,
        response: { 200: RequestDetailView, ...errors },
      },
    },
    async (request, reply) => {
      const caller = patron(request);
      const claim = idempotencyClaim(request, RequestService.idempotencyPrincipal(caller));
      return sendIdempotent(
        reply,
        await services.requests.act(
          caller,
          request.params.id,
          {
            action: 'request-cancellation',
            ...(request.body.note !== undefined ? { data: { note: request.body.note } } : {}),
          },
          claim,
        ),
      );
    },
  );
};
