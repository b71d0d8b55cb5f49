import { Type } from 'typebox';
import type { RoutePlugin } from '../server/routes/route-plugin.ts';
import { configReader, configWriter, requireConfigReader, requireConfigWriter } from './access.ts';
import { errorResponses } from './schema-helpers.ts';
import {
  ActionMenuSchema,
  CustomStatusListSchema,
  CustomStatusParamsSchema,
  CustomStatusPatchSchema,
  CustomStatusSchema,
  LocalActionListSchema,
  LocalActionParamsSchema,
  LocalActionPatchSchema,
  LocalActionSchema,
  NewCustomStatusSchema,
  NewLocalActionSchema,
  type ActionMenuSettings,
  type CustomStatus,
  type LocalAction,
} from './workflow-config.schemas.ts';

const tags = ['library'];
const deleted = Type.Null({ description: 'Deleted.' });

/**
 * The caller's library's workflow configuration: `/api/library/custom-statuses`,
 * `/api/library/local-actions` and `/api/library/action-menu`. Staff with `ill` or `configure` read
 * it; changing it needs `configure`.
 */
export const workflowConfigRoutes: RoutePlugin = async (app, { services }) => {
  const readers = { preValidation: requireConfigReader };
  const writers = { preValidation: requireConfigWriter };

  app.get(
    '/api/library/custom-statuses',
    {
      ...readers,
      schema: {
        summary: 'List the library’s custom statuses (Koha ILLSTATUS)',
        tags,
        response: { 200: CustomStatusListSchema, ...errorResponses(401, 403) },
      },
    },
    async (request): Promise<{ items: CustomStatus[] }> => ({
      items: await services.libraryConfig.listCustomStatuses(configReader(request).libraryId),
    }),
  );

  app.post(
    '/api/library/custom-statuses',
    {
      ...writers,
      schema: {
        summary: 'Add a custom status',
        tags,
        body: NewCustomStatusSchema,
        response: { 201: CustomStatusSchema, ...errorResponses(400, 401, 403, 409) },
      },
    },
    async (request, reply): Promise<CustomStatus> => {
      const status = await services.libraryConfig.createCustomStatus(
        configWriter(request).libraryId,
        request.body,
      );
      return reply.code(201).send(status);
    },
  );

  app.patch(
    '/api/library/custom-statuses/:code',
    {
      ...writers,
      schema: {
        summary: 'Change a custom status’s labels',
        tags,
        params: CustomStatusParamsSchema,
        body: CustomStatusPatchSchema,
        response: { 200: CustomStatusSchema, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request): Promise<CustomStatus> =>
      services.libraryConfig.updateCustomStatus(
        configWriter(request).libraryId,
        request.params.code,
        request.body,
      ),
  );

  app.delete(
    '/api/library/custom-statuses/:code',
    {
      ...writers,
      schema: {
        summary: 'Delete a custom status no request carries',
        tags,
        params: CustomStatusParamsSchema,
        response: { 204: deleted, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      await services.libraryConfig.deleteCustomStatus(configWriter(request).libraryId, request.params.code);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/api/library/local-actions',
    {
      ...readers,
      schema: {
        summary: 'List the library’s locally-defined actions (VDX type 2)',
        tags,
        response: { 200: LocalActionListSchema, ...errorResponses(401, 403) },
      },
    },
    async (request): Promise<{ items: LocalAction[] }> => ({
      items: await services.libraryConfig.listLocalActions(configReader(request).libraryId),
    }),
  );

  app.post(
    '/api/library/local-actions',
    {
      ...writers,
      schema: {
        summary: 'Add a locally-defined action',
        description:
          'Staff need the permission `local:<id>` to take it; grant it with their other permissions.',
        tags,
        body: NewLocalActionSchema,
        response: { 201: LocalActionSchema, ...errorResponses(400, 401, 403, 409) },
      },
    },
    async (request, reply): Promise<LocalAction> => {
      const action = await services.libraryConfig.createLocalAction(
        configWriter(request).libraryId,
        request.body,
      );
      return reply.code(201).send(action);
    },
  );

  app.patch(
    '/api/library/local-actions/:id',
    {
      ...writers,
      schema: {
        summary: 'Change a locally-defined action; its id stays',
        tags,
        params: LocalActionParamsSchema,
        body: LocalActionPatchSchema,
        response: { 200: LocalActionSchema, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request): Promise<LocalAction> =>
      services.libraryConfig.updateLocalAction(
        configWriter(request).libraryId,
        request.params.id,
        request.body,
      ),
  );

  app.delete(
    '/api/library/local-actions/:id',
    {
      ...writers,
      schema: {
        summary: 'Delete a locally-defined action',
        description:
          'Also drops it from the action menu’s hidden and order rules and revokes its permission from ' +
          'the library’s staff and API tokens. Requests’ histories keep their entries.',
        tags,
        params: LocalActionParamsSchema,
        response: { 204: deleted, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      await services.libraryConfig.deleteLocalAction(configWriter(request).libraryId, request.params.id);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/api/library/action-menu',
    {
      ...readers,
      schema: {
        summary: 'Read which actions the library hides and how it orders them per status',
        tags,
        response: { 200: ActionMenuSchema, ...errorResponses(401, 403) },
      },
    },
    async (request): Promise<ActionMenuSettings> =>
      services.libraryConfig.getActionMenu(configReader(request).libraryId),
  );

  app.put(
    '/api/library/action-menu',
    {
      ...writers,
      schema: {
        summary: 'Replace which actions the library hides and how it orders them per status',
        tags,
        body: ActionMenuSchema,
        response: { 200: ActionMenuSchema, ...errorResponses(400, 401, 403) },
      },
    },
    async (request): Promise<ActionMenuSettings> =>
      services.libraryConfig.replaceActionMenu(configWriter(request).libraryId, request.body),
  );
};
