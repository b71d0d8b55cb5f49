/**
 * Route guards: Fastify preHandlers that let a request through only for the right principal. The
 * auth plugin (`auth.plugin.ts`) resolves `request.principal` before they run.
 */
import type { FastifyRequest } from 'fastify';
import { ForbiddenError, UnauthenticatedError } from '../errors.ts';
import type { PatronPrincipal, Principal, StaffPrincipal } from './principal.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** Who is calling; `anonymous` until the auth plugin has resolved a session or token. */
    principal: Principal;
  }
}

/** The staff principal of a request, or 401; 403 when a required permission is missing. */
export function staffOf(request: FastifyRequest, ...permissions: string[]): StaffPrincipal {
  const principal = request.principal;
  if (principal.kind !== 'staff') throw new UnauthenticatedError('Log in as library staff.');
  const missing = permissions.filter((permission) => !principal.permissions.has(permission));
  if (missing.length > 0) {
    throw new ForbiddenError(`This needs the permission ${missing.join(', ')}.`, { missing });
  }
  return principal;
}

/**
 * The staff principal of a request holding at least one of `permissions`, or 401 / 403. For reads
 * several roles need, e.g. patron look-up by `ill` staff (picking a patron) and `manage-users`.
 */
export function staffWithAnyOf(request: FastifyRequest, ...permissions: string[]): StaffPrincipal {
  const principal = staffOf(request);
  if (permissions.length > 0 && !permissions.some((permission) => principal.permissions.has(permission))) {
    throw new ForbiddenError(`This needs one of the permissions ${permissions.join(', ')}.`, {
      anyOf: permissions,
    });
  }
  return principal;
}

/** The patron principal of a request, or 401. */
export function patronOf(request: FastifyRequest): PatronPrincipal {
  const principal = request.principal;
  if (principal.kind !== 'patron') throw new UnauthenticatedError('Log in with your library card.');
  return principal;
}

/** A preHandler admitting staff holding every given permission. */
export function requireStaff(...permissions: string[]) {
  return async (request: FastifyRequest): Promise<void> => {
    staffOf(request, ...permissions);
  };
}

/** A preHandler admitting logged-in patrons. */
export function requirePatron() {
  return async (request: FastifyRequest): Promise<void> => {
    patronOf(request);
  };
}
