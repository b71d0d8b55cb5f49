import { staffOf } from '../auth/guards.ts';
import { errorResponses, STAFF_SECURITY } from '../auth/openapi.ts';
import { PERMISSIONS } from '../auth/principal.ts';
import type { RoutePlugin } from '../server/routes/route-plugin.ts';
import {
  CreateStaffUserBodySchema,
  IdParamsSchema,
  PageQuerySchema,
  StaffUserPageSchema,
  StaffUserSchema,
  UpdateStaffUserBodySchema,
} from './people.schemas.ts';

const TAGS = ['staff users'];

/** `/api/staff-users`: the staff of the caller's library, for staff with `manage-users`. */
export const staffUserRoutes: RoutePlugin = async (app, { services }) => {
  app.get(
    '/api/staff-users',
    {
      schema: {
        summary: "List your library's staff users",
        description: '`query` matches part of the username or name. Sorted by username.',
        tags: TAGS,
        security: STAFF_SECURITY,
        querystring: PageQuerySchema,
        response: { 200: StaffUserPageSchema, ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => {
      const caller = staffOf(request, PERMISSIONS.manageUsers);
      return services.staffUsers.list(caller, request.query);
    },
  );

  app.post(
    '/api/staff-users',
    {
      schema: {
        summary: 'Create a staff user in your library',
        description: 'You can grant only permissions you hold. Usernames are unique across all libraries.',
        tags: TAGS,
        security: STAFF_SECURITY,
        body: CreateStaffUserBodySchema,
        response: { 201: StaffUserSchema, ...errorResponses(400, 401, 403, 409) },
      },
    },
    async (request, reply) => {
      const caller = staffOf(request, PERMISSIONS.manageUsers);
      return reply.code(201).send(await services.staffUsers.create(caller, request.body));
    },
  );

  app.get(
    '/api/staff-users/:id',
    {
      schema: {
        summary: 'Show a staff user of your library',
        tags: TAGS,
        security: STAFF_SECURITY,
        params: IdParamsSchema,
        response: { 200: StaffUserSchema, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const caller = staffOf(request, PERMISSIONS.manageUsers);
      return services.staffUsers.get(caller, request.params.id);
    },
  );

  app.patch(
    '/api/staff-users/:id',
    {
      schema: {
        summary: 'Change a staff user of your library',
        description:
          'Name, email, active, permissions (the whole list) or a new password. You can change only users ' +
          'whose permissions you all hold, and grant only permissions you hold. A new password or ' +
          'deactivation ends their sessions.',
        tags: TAGS,
        security: STAFF_SECURITY,
        params: IdParamsSchema,
        body: UpdateStaffUserBodySchema,
        response: { 200: StaffUserSchema, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const caller = staffOf(request, PERMISSIONS.manageUsers);
      return services.staffUsers.update(caller, request.params.id, request.body);
    },
  );
};
