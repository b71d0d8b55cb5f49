import { Type } from 'typebox';
import type { RoutePlugin } from '../server/routes/route-plugin.ts';
import { configReader, configWriter, requireConfigReader, requireConfigWriter } from './access.ts';
import {
  NewPartnerSchema,
  PartnerImportResultSchema,
  PartnerImportSchema,
  PartnerListQuerySchema,
  PartnerListSchema,
  PartnerParamsSchema,
  PartnerPatchSchema,
  PartnerSchema,
  type PartnerBody,
  type PartnerImportResult,
  type PartnerList,
} from './partner.schemas.ts';
import { errorResponses } from './schema-helpers.ts';

const tags = ['partners'];

/**
 * `/api/partners`: the caller's library's partner directory. Staff with `ill` or `configure` read it;
 * changing it needs `configure`. Credentials are write-only.
 */
export const partnerRoutes: RoutePlugin = async (app, { services }) => {
  const readers = { preValidation: requireConfigReader };
  const writers = { preValidation: requireConfigWriter };

  app.get(
    '/api/partners',
    {
      ...readers,
      schema: {
        summary: 'List the partner directory, filtered and a page at a time',
        tags,
        querystring: PartnerListQuerySchema,
        response: { 200: PartnerListSchema, ...errorResponses(400, 401, 403) },
      },
    },
    async (request): Promise<PartnerList> =>
      services.partners.list(configReader(request).libraryId, request.query),
  );

  app.post(
    '/api/partners',
    {
      ...writers,
      schema: {
        summary: 'Add a partner',
        tags,
        body: NewPartnerSchema,
        response: { 201: PartnerSchema, ...errorResponses(400, 401, 403, 409) },
      },
    },
    async (request, reply): Promise<PartnerBody> => {
      const partner = await services.partners.create(configWriter(request).libraryId, request.body);
      return reply.code(201).send(partner);
    },
  );

  app.post(
    '/api/partners/import',
    {
      ...writers,
      schema: {
        summary: 'Import partner libraries from a Koha patron export (CSV), or preview the import',
        description:
          'Each row becomes an email partner: new symbols are created, email partners whose name or ' +
          'address changed are updated, other rows are skipped with their reason. With `dryRun: true` ' +
          'nothing is written and rows in error are listed; a real run writes everything in one ' +
          'transaction, or nothing (400) when any row is in error.',
        tags,
        body: PartnerImportSchema,
        response: { 200: PartnerImportResultSchema, ...errorResponses(400, 401, 403, 409) },
      },
    },
    async (request): Promise<PartnerImportResult> =>
      services.partners.importPartners(configWriter(request).libraryId, request.body),
  );

  app.get(
    '/api/partners/:id',
    {
      ...readers,
      schema: {
        summary: 'Read a partner',
        tags,
        params: PartnerParamsSchema,
        response: { 200: PartnerSchema, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request): Promise<PartnerBody> =>
      services.partners.get(configReader(request).libraryId, request.params.id),
  );

  app.patch(
    '/api/partners/:id',
    {
      ...writers,
      schema: {
        summary: 'Change a partner; `active: false` retires it',
        tags,
        params: PartnerParamsSchema,
        body: PartnerPatchSchema,
        response: { 200: PartnerSchema, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request): Promise<PartnerBody> =>
      services.partners.update(configWriter(request).libraryId, request.params.id, request.body),
  );

  app.delete(
    '/api/partners/:id',
    {
      ...writers,
      schema: {
        summary: 'Delete a partner that no request refers to',
        description: 'A partner in use answers 409 saying where; retire it with `active: false` instead.',
        tags,
        params: PartnerParamsSchema,
        response: {
          204: Type.Null({ description: 'Deleted.' }),
          ...errorResponses(400, 401, 403, 404, 409),
        },
      },
    },
    async (request, reply) => {
      await services.partners.delete(configWriter(request).libraryId, request.params.id);
      return reply.code(204).send(null);
    },
  );
};
