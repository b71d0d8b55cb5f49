import { api } from '../../api/client.ts';
import { t } from '../../i18n/catalogue.ts';
import { useApi, type Loaded } from '../../ui/use-api.ts';
import type { LocalAction } from './api-types.ts';
import { CheckboxGroup } from './controls.tsx';
import { permissionLabel } from './labels.ts';
import { canGrant, FIXED_PERMISSIONS, permissionChoices } from './permissions.ts';

/**
 * The library's locally-defined actions, for permission choices. Staff who may not read them (only
 * `manage-users`) get an empty list: the local permissions already held are still shown.
 */
export function useLocalActions(): Loaded<readonly LocalAction[]> {
  return useApi(
    (signal) =>
      api
        .get<{ items: LocalAction[] }>('/api/library/local-actions', undefined, { signal })
        .then((result) => result.items as readonly LocalAction[])
        .catch((error: unknown) => {
          if (signal.aborted) throw error;
          return [] as readonly LocalAction[];
        }),
    [],
  );
}

/** Checkboxes of the permissions to give; those the giver does not hold are offered disabled. */
export function PermissionsField({
  id,
  legend,
  hint,
  error,
  selected,
  onChange,
  giver,
  localActions,
  initiallyHeld = [],
}: {
  id: string;
  legend: string;
  hint?: string;
  error?: string | undefined;
  selected: readonly string[];
  onChange: (selected: string[]) => void;
  /** The permissions of who is giving them. */
  giver: readonly string[];
  localActions: readonly LocalAction[];
  /** What the user or token holds already, so that nothing held is left out. */
  initiallyHeld?: readonly string[];
}) {
  const choices = permissionChoices(
    localActions.map((action) => action.id),
    initiallyHeld,
  );
  return (
    <CheckboxGroup
      id={id}
      name="permissions"
      legend={legend}
      {...(hint === undefined ? {} : { hint })}
      error={error}
      selected={selected}
      onChange={onChange}
      options={choices.map((permission) => {
        const grantable = canGrant(giver, permission);
        const fixed = (FIXED_PERMISSIONS as readonly string[]).includes(permission);
        return {
          value: permission,
          label: permissionLabel(permission, localActions),
          disabled: !grantable,
          hint: !grantable
            ? t('config.permission.notHeld')
            : fixed
              ? t(`config.permission.hint.${permission as (typeof FIXED_PERMISSIONS)[number]}`)
              : t('config.permission.hint.local', { permission }),
        };
      })}
    />
  );
}
