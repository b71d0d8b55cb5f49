/**
 * The permissions a staff user or API token can be given, and which of them the person giving them
 * may hand out. The server holds the same rule (`src/auth/permissions.ts`): nobody hands out a
 * permission they lack, `configure` counting as every locally-defined action's `local:<id>`.
 */

/** The fixed permissions, in the order forms list them. */
export const FIXED_PERMISSIONS = ['ill', 'configure', 'manage-users'] as const;

/** Whether someone holding `held` may give `permission`. */
export function canGrant(held: readonly string[], permission: string): boolean {
  return held.includes(permission) || (permission.startsWith('local:') && held.includes('configure'));
}

/**
 * Every permission a form offers: the fixed ones, then one per local action, then any other local
 * permission someone already holds (of an action since deleted, say), so that nothing held is hidden.
 */
export function permissionChoices(
  localActionIds: readonly string[],
  alreadyHeld: readonly string[],
): string[] {
  const local = localActionIds.map((id) => `local:${id}`);
  const others = alreadyHeld.filter(
    (permission) =>
      !(FIXED_PERMISSIONS as readonly string[]).includes(permission) && !local.includes(permission),
  );
  return [...FIXED_PERMISSIONS, ...local, ...others];
}

/** `permissions` in the order of `choices`, without duplicates. */
export function inChoiceOrder(permissions: readonly string[], choices: readonly string[]): string[] {
  const set = new Set(permissions);
  return [...choices.filter((choice) => set.has(choice)), ...[...set].filter((p) => !choices.includes(p))];
}
