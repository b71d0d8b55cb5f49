/**
 * Who may read and change a library's configuration: staff with `ill` or `configure` read it, staff
 * with `configure` change it. Both answer 401 for anyone but staff and 403 for missing permissions.
 */
import type { FastifyRequest } from 'fastify';
import { staffOf, staffWithAnyOf } from '../auth/guards.ts';
import { PERMISSIONS, type StaffPrincipal } from '../auth/principal.ts';

/** The staff caller, when they hold `ill` or `configure`. */
export function configReader(request: FastifyRequest): StaffPrincipal {
  return staffWithAnyOf(request, PERMISSIONS.ill, PERMISSIONS.configure);
}

/** The staff caller, when they hold `configure`. */
export function configWriter(request: FastifyRequest): StaffPrincipal {
  return staffOf(request, PERMISSIONS.configure);
}

/** A preValidation hook admitting readers, so that a caller without access learns nothing from 400s. */
export async function requireConfigReader(request: FastifyRequest): Promise<void> {
  configReader(request);
}

/** A preValidation hook admitting writers, so that a caller without access learns nothing from 400s. */
export async function requireConfigWriter(request: FastifyRequest): Promise<void> {
  configWriter(request);
}
