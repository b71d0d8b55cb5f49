import { Type } from 'typebox';
import type { RoutePlugin } from '../server/routes/route-plugin.ts';
import { configReader, configWriter, requireConfigReader, requireConfigWriter } from './access.ts';
import {
  LibrarySettingsPatchSchema,
  LibrarySettingsSchema,
  NewPickupBranchSchema,
  PickupBranchListSchema,
  PickupBranchParamsSchema,
  PickupBranchPatchSchema,
  PickupBranchSchema,
  type LibrarySettings,
  type PickupBranch,
} from './library-settings.schemas.ts';
import { errorResponses } from './schema-helpers.ts';

const tags = ['library'];

/**
 * `/api/library/settings` and `/api/library/pickup-branches`: the caller's library's settings and
 * pickup branches. Staff with `ill` or `configure` read them; changing them needs `configure`.
 */
export const librarySettingsRoutes: RoutePlugin = async (app, { services }) => {
  const readers = { preValidation: requireConfigReader };
  const writers = { preValidation: requireConfigWriter };

  app.get(
    '/api/library/settings',
    {
      ...readers,
      schema: {
        summary: 'Read the library’s settings',
        tags,
        response: { 200: LibrarySettingsSchema, ...errorResponses(401, 403, 404) },
      },
    },
    async (request): Promise<LibrarySettings> =>
      services.librarySettings.getSettings(configReader(request).libraryId),
  );

  app.patch(
    '/api/library/settings',
    {
      ...writers,
      schema: {
        summary: 'Change some of the library’s settings',
        tags,
        body: LibrarySettingsPatchSchema,
        response: { 200: LibrarySettingsSchema, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request): Promise<LibrarySettings> =>
      services.librarySettings.updateSettings(configWriter(request).libraryId, request.body),
  );

  app.get(
    '/api/library/pickup-branches',
    {
      ...readers,
      schema: {
        summary: 'List the library’s pickup branches',
        tags,
        response: { 200: PickupBranchListSchema, ...errorResponses(401, 403) },
      },
    },
    async (request): Promise<{ items: PickupBranch[] }> => ({
      items: await services.librarySettings.listPickupBranches(configReader(request).libraryId),
    }),
  );

  app.post(
    '/api/library/pickup-branches',
    {
      ...writers,
      schema: {
        summary: 'Add a pickup branch',
        tags,
        body: NewPickupBranchSchema,
        response: { 201: PickupBranchSchema, ...errorResponses(400, 401, 403, 409) },
      },
    },
    async (request, reply): Promise<PickupBranch> => {
      const branch = await services.librarySettings.createPickupBranch(
        configWriter(request).libraryId,
        request.body,
      );
      return reply.code(201).send(branch);
    },
  );

  app.patch(
    '/api/library/pickup-branches/:id',
    {
      ...writers,
      schema: {
        summary: 'Change a pickup branch',
        tags,
        params: PickupBranchParamsSchema,
        body: PickupBranchPatchSchema,
        response: { 200: PickupBranchSchema, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request): Promise<PickupBranch> =>
      services.librarySettings.updatePickupBranch(
        configWriter(request).libraryId,
        request.params.id,
        request.body,
      ),
  );

  app.delete(
    '/api/library/pickup-branches/:id',
    {
      ...writers,
      schema: {
        summary: 'Delete a pickup branch no request uses',
        tags,
        params: PickupBranchParamsSchema,
        response: {
          204: Type.Null({ description: 'Deleted.' }),
          ...errorResponses(400, 401, 403, 404, 409),
        },
      },
    },
    async (request, reply) => {
      await services.librarySettings.deletePickupBranch(configWriter(request).libraryId, request.params.id);
      return reply.code(204).send(null);
    },
  );
};
