import { Type } from 'typebox';
import { PERMISSIONS } from './principal.ts';
import type { RoutePlugin } from '../server/routes/route-plugin.ts';
import {
  ApiTokenListSchema,
  CreateApiTokenBodySchema,
  CreatedApiTokenSchema,
  TokenIdParamsSchema,
} from './auth.schemas.ts';
import { staffOf } from './guards.ts';
import { errorResponses, STAFF_SECURITY } from './openapi.ts';

/** `/api/tokens`: API tokens of the caller's library, for staff with `configure`. */
export const apiTokenRoutes: RoutePlugin = async (app, { services }) => {
  app.post(
    '/api/tokens',
    {
      schema: {
        summary: 'Create an API token for another system',
        description:
          'The token is returned once, in `token`; only its hash is kept. It acts for your library with ' +
          'the permissions given, which must be among your own.',
        tags: ['api tokens'],
        security: STAFF_SECURITY,
        body: CreateApiTokenBodySchema,
        response: { 201: CreatedApiTokenSchema, ...errorResponses(400, 401, 403) },
      },
    },
    async (request, reply) => {
      const caller = staffOf(request, PERMISSIONS.configure);
      const created = await services.apiTokens.create(caller, request.body);
      return reply.code(201).send(created);
    },
  );

  app.get(
    '/api/tokens',
    {
      schema: {
        summary: "List your library's API tokens",
        description: 'Newest first, with revoked and expired ones. Secrets are never shown again.',
        tags: ['api tokens'],
        security: STAFF_SECURITY,
        response: { 200: ApiTokenListSchema, ...errorResponses(401, 403) },
      },
    },
    async (request) => {
      const caller = staffOf(request, PERMISSIONS.configure);
      return { items: await services.apiTokens.list(caller) };
    },
  );

  app.delete(
    '/api/tokens/:id',
    {
      schema: {
        summary: 'Revoke an API token',
        description: 'It stops working at once. Revoking a revoked token changes nothing.',
        tags: ['api tokens'],
        security: STAFF_SECURITY,
        params: TokenIdParamsSchema,
        response: { 204: Type.Null({ description: 'Revoked.' }), ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const caller = staffOf(request, PERMISSIONS.configure);
      await services.apiTokens.revoke(caller, request.params.id);
      return reply.code(204).send(null);
    },
  );
};
