import { patronOf, staffOf, staffWithAnyOf } from '../auth/guards.ts';
import { PatronSummarySchema } from '../auth/auth.schemas.ts';
import { errorResponses, PATRON_SECURITY, STAFF_SECURITY } from '../auth/openapi.ts';
import { PERMISSIONS } from '../auth/principal.ts';
import type { RoutePlugin } from '../server/routes/route-plugin.ts';
import {
  CreatePatronBodySchema,
  IdParamsSchema,
  PageQuerySchema,
  PatronPageSchema,
  PatronSchema,
  UpdateOwnPatronBodySchema,
  UpdatePatronBodySchema,
} from './people.schemas.ts';

const TAGS = ['patrons'];
/** Reading patrons: `ill` staff pick patrons for requests; `manage-users` staff manage them. */
const READERS = [PERMISSIONS.ill, PERMISSIONS.manageUsers];

/**
 * `/api/patrons` for staff of the patron's library, and `/api/patron/me` for the logged-in
 * patron, who sees and changes only themselves.
 */
export const patronRoutes: RoutePlugin = async (app, { services }) => {
  app.get(
    '/api/patrons',
    {
      schema: {
        summary: "Search your library's patrons",
        description:
          '`query` matches the start of the card number or part of the name; an exact card number comes ' +
          'first. Needs `ill` or `manage-users`.',
        tags: TAGS,
        security: STAFF_SECURITY,
        querystring: PageQuerySchema,
        response: { 200: PatronPageSchema, ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => {
      const caller = staffWithAnyOf(request, ...READERS);
      return services.patrons.search(caller, request.query);
    },
  );

  app.post(
    '/api/patrons',
    {
      schema: {
        summary: 'Register a patron in your library',
        tags: TAGS,
        security: STAFF_SECURITY,
        body: CreatePatronBodySchema,
        response: { 201: PatronSchema, ...errorResponses(400, 401, 403, 409) },
      },
    },
    async (request, reply) => {
      const caller = staffOf(request, PERMISSIONS.manageUsers);
      return reply.code(201).send(await services.patrons.create(caller, request.body));
    },
  );

  app.get(
    '/api/patrons/:id',
    {
      schema: {
        summary: 'Show a patron of your library',
        description: 'Needs `ill` or `manage-users`.',
        tags: TAGS,
        security: STAFF_SECURITY,
        params: IdParamsSchema,
        response: { 200: PatronSchema, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const caller = staffWithAnyOf(request, ...READERS);
      return services.patrons.get(caller, request.params.id);
    },
  );

  app.patch(
    '/api/patrons/:id',
    {
      schema: {
        summary: 'Change a patron of your library',
        description: 'A new PIN or password, or deactivation, ends their sessions.',
        tags: TAGS,
        security: STAFF_SECURITY,
        params: IdParamsSchema,
        body: UpdatePatronBodySchema,
        response: { 200: PatronSchema, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const caller = staffOf(request, PERMISSIONS.manageUsers);
      return services.patrons.update(caller, request.params.id, request.body);
    },
  );

  app.get(
    '/api/patron/me',
    {
      schema: {
        summary: 'Your own patron profile',
        tags: TAGS,
        security: PATRON_SECURITY,
        response: { 200: PatronSummarySchema, ...errorResponses(401) },
      },
    },
    async (request) => services.patrons.getOwn(patronOf(request)),
  );

  app.patch(
    '/api/patron/me',
    {
      schema: {
        summary: 'Change your email, notice preference or language',
        tags: TAGS,
        security: PATRON_SECURITY,
        body: UpdateOwnPatronBodySchema,
        response: { 200: PatronSummarySchema, ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => services.patrons.updateOwn(patronOf(request), request.body),
  );
};
