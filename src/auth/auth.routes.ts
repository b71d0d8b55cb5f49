import { Type } from 'typebox';
import type { RoutePlugin } from '../server/routes/route-plugin.ts';
import { SESSION_COOKIE } from './auth.plugin.ts';
import {
  MeResponseSchema,
  PatronLoginBodySchema,
  PatronLoginResponseSchema,
  StaffLoginBodySchema,
  StaffLoginResponseSchema,
  type MeResponse,
} from './auth.schemas.ts';
import { errorResponses, STAFF_SECURITY } from './openapi.ts';
import { UnauthenticatedError } from '../errors.ts';

/**
 * `POST /api/auth/staff/login`, `POST /api/auth/patron/login`, `POST /api/auth/logout` and
 * `GET /api/auth/me`: sessions in the `interlend_session` cookie.
 */
export const authRoutes: RoutePlugin = async (app, { services }) => {
  const loginErrors = errorResponses(
    400,
    [401, 'Wrong credentials. One message for every cause, so accounts cannot be discovered.'],
    [403, 'The request came from another site (Origin or Sec-Fetch-Site).'],
    429,
  );

  app.post(
    '/api/auth/staff/login',
    {
      config: { csrf: 'same-origin' },
      schema: {
        summary: 'Log a staff user in with username and password',
        description:
          'Starts a session: sets the HttpOnly cookie `interlend_session` and returns the csrfToken to ' +
          'send as `X-CSRF-Token` with every POST, PUT, PATCH and DELETE. Any previous session of ' +
          'this browser ends.',
        tags: ['auth'],
        security: [],
        body: StaffLoginBodySchema,
        response: { 200: StaffLoginResponseSchema, ...loginErrors },
      },
    },
    async (request, reply) => {
      const result = await services.auth.loginStaff({
        ...request.body,
        ip: request.ip,
        previousSessionToken: request.cookies[SESSION_COOKIE],
      });
      app.sessionCookie.set(request, reply, result.sessionToken);
      return { user: result.user, csrfToken: result.csrfToken };
    },
  );

  app.post(
    '/api/auth/patron/login',
    {
      config: { csrf: 'same-origin' },
      schema: {
        summary: 'Log a patron in with library symbol, card number and PIN or password',
        description:
          'Starts a patron session, like the staff login: sets the cookie `interlend_session` and ' +
          'returns the csrfToken.',
        tags: ['auth'],
        security: [],
        body: PatronLoginBodySchema,
        response: { 200: PatronLoginResponseSchema, ...loginErrors },
      },
    },
    async (request, reply) => {
      const result = await services.auth.loginPatron({
        ...request.body,
        ip: request.ip,
        previousSessionToken: request.cookies[SESSION_COOKIE],
      });
      app.sessionCookie.set(request, reply, result.sessionToken);
      return { user: result.user, csrfToken: result.csrfToken };
    },
  );

  app.post(
    '/api/auth/logout',
    {
      schema: {
        summary: 'End the current session',
        description: 'Deletes the session and its cookie. Answers 204 even when there was no session.',
        tags: ['auth'],
        security: [{ session: [] }],
        response: { 204: Type.Null({ description: 'Logged out.' }), ...errorResponses(403) },
      },
    },
    async (request, reply) => {
      const sessionToken = request.cookies[SESSION_COOKIE];
      if (request.authentication.via === 'session' && sessionToken) await services.auth.logout(sessionToken);
      if (sessionToken !== undefined) app.sessionCookie.clear(request, reply);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/api/auth/me',
    {
      schema: {
        summary: 'Who am I: the logged-in staff user, patron or API token',
        description: "For sessions, includes the session's csrfToken (e.g. after a page reload).",
        tags: ['auth'],
        security: STAFF_SECURITY,
        response: { 200: MeResponseSchema, ...errorResponses(401) },
      },
    },
    async (request): Promise<MeResponse> => {
      const authentication = request.authentication;
      if (authentication.via === 'none') throw new UnauthenticatedError('Not logged in.');
      return authentication.me;
    },
  );
};
