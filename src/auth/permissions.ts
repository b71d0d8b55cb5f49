/**
 * Which permission strings exist, and the rule that nobody hands out a permission they lack
 * (granting it to a staff user or to an API token).
 */
import { Type } from 'typebox';
import { ForbiddenError } from '../errors.ts';
import { PERMISSIONS } from './principal.ts';

/** The well-formed permissions: the fixed ones and `local:<local action id>`. */
export const PERMISSION_PATTERN = `^(${Object.values(PERMISSIONS).join('|')}|local:[a-z0-9-]{1,48})$`;

const permissionRegExp = new RegExp(PERMISSION_PATTERN);

/** Whether `value` is a well-formed permission. */
export function isPermission(value: string): boolean {
  return permissionRegExp.test(value);
}

/** A permission in request and response bodies. */
export const PermissionSchema = Type.String({
  pattern: PERMISSION_PATTERN,
  description:
    '`ill` (work on ILL requests), `configure` (library settings, partners, API tokens), `manage-users` ' +
    '(staff users and patrons) or `local:<id>` (a locally-defined action).',
  examples: ['ill'],
});

/** A list of permissions, each at most once. */
export const PermissionListSchema = Type.Array(PermissionSchema, { maxItems: 100, uniqueItems: true });

/**
 * The permissions of `wanted` that `held` does not let the caller hand out, sorted. `configure`
 * defines the library's locally-defined actions, so it lets its holder hand out every `local:<id>`:
 * otherwise the permission of a newly defined action could never be granted to anyone.
 */
export function missingPermissions(held: ReadonlySet<string>, wanted: Iterable<string>): string[] {
  const grantsLocal = held.has(PERMISSIONS.configure);
  return [...new Set(wanted)]
    .filter((permission) => !held.has(permission) && !(grantsLocal && permission.startsWith('local:')))
    .sort();
}

/** Sorted and without duplicates, as stored and shown. */
export function normalisePermissions(permissions: Iterable<string>): string[] {
  return [...new Set(permissions)].sort();
}

/**
 * Refuses to hand out permissions the caller does not hold: staff cannot raise anyone, themselves
 * included, nor an API token, above their own permissions (`configure` counting as every
 * `local:<id>`, see {@link missingPermissions}).
 *
 * @throws ForbiddenError with `details.missing`
 */
export function assertCanGrant(held: ReadonlySet<string>, wanted: Iterable<string>, what: string): void {
  const missing = missingPermissions(held, wanted);
  if (missing.length > 0) {
    throw new ForbiddenError(
      `You cannot ${what} with the permission ${missing.join(', ')}: you do not hold it yourself.`,
      { missing },
    );
  }
}
