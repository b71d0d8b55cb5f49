/**
 * Who is making a request: a staff user (by session cookie or API token), a patron (by session
 * cookie), or nobody. Resolved once per HTTP request by the auth plugin and read by routes.
 */

/** Permissions a staff user can hold in their library. Locally-defined actions add `local:<id>`. */
export const PERMISSIONS = {
  /** Koha's `ill`: create and modify interlibrary loan requests; needed for every protocol action. */
  ill: 'ill',
  /** Configure the library: settings, partners, statuses, local actions, action menus, notices. */
  configure: 'configure',
  /** Manage staff users and patrons. */
  manageUsers: 'manage-users',
} as const;

export type Permission = (typeof PERMISSIONS)[keyof typeof PERMISSIONS] | `local:${string}`;

/** The permission that grants a locally-defined action (VDX resource groups). */
export function localActionPermission(localActionId: string): `local:${string}` {
  return `local:${localActionId}`;
}

export interface StaffPrincipal {
  readonly kind: 'staff';
  readonly userId: string | null;
  /** The API token's id when the caller authenticated with one; null for a session. */
  readonly tokenId: string | null;
  readonly libraryId: string;
  /** Shown in the history as who did what. */
  readonly name: string;
  readonly permissions: ReadonlySet<string>;
}

export interface PatronPrincipal {
  readonly kind: 'patron';
  readonly patronId: string;
  readonly libraryId: string;
  readonly name: string;
}

export interface AnonymousPrincipal {
  readonly kind: 'anonymous';
}

export type Principal = StaffPrincipal | PatronPrincipal | AnonymousPrincipal;

export const ANONYMOUS: AnonymousPrincipal = { kind: 'anonymous' };
