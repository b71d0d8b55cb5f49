/**
 * A library's configuration of its workflow: Koha's custom statuses (ILLSTATUS authorised values),
 * VDX locally-defined actions (type 2), and which actions the library hides and in which order it
 * lists them at each status. {@link LibraryConfigService.loadActionMenuConfig} hands all of it to
 * the workflow's action menu (`src/workflow/action-menu.ts`).
 */
import { localActionPermission } from '../auth/principal.ts';
import type { UnitOfWork } from '../db/unit-of-work.ts';
import { ConflictError, NotFoundError } from '../errors.ts';
import type {
  ActionMenuConfig,
  HiddenAction,
  LocalActionDefinition,
  StatusKey,
  StatusOrder,
} from '../workflow/action-menu.ts';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { ActionMenuRepository } from './action-menu.repository.ts';
import type { ActionOrderRow, HiddenActionRow } from './action-menu.repository.ts';
import type { CustomStatusRow } from './custom-status.repository.ts';
import type { LocalActionRow } from './local-action.repository.ts';
import type { LibraryConfigRepositories } from './repositories.ts';
import {
  isMenuActionId,
  isProtocolActionId,
  isStatusKey,
  Issues,
  localActionIdOf,
  optionalText,
  statusBelongsToParty,
} from './validation.ts';
import type {
  ActionMenuSettings,
  CustomStatus,
  CustomStatusPatch,
  LocalAction,
  LocalActionPatch,
  NewCustomStatus,
  NewLocalAction,
} from './workflow-config.schemas.ts';

/** The repositories the workflow configuration service uses. */
export type LibraryConfigServiceRepositories = Pick<
  LibraryConfigRepositories,
  'customStatuses' | 'localActions' | 'actionMenu'
>;

function presentStatus(row: CustomStatusRow): CustomStatus {
  return { code: row.code, label: row.label, opacLabel: row.opac_label };
}

function presentLocalAction(row: LocalActionRow): LocalAction {
  return {
    id: row.id,
    name: row.name,
    party: row.party,
    statuses: row.statuses.filter(isStatusKey),
    userAlertNote: row.user_alert_note,
    permission: localActionPermission(row.id),
  };
}

function toDefinition(row: LocalActionRow): LocalActionDefinition {
  return {
    id: row.id,
    name: row.name,
    party: row.party,
    statuses: row.statuses.filter(isStatusKey),
    permission: localActionPermission(row.id),
    userAlert: row.user_alert_note === null ? null : { patronNote: row.user_alert_note },
  };
}

/** The stored rules as the action menu takes them; rules naming what no longer exists are left out. */
function toMenuRules(stored: { hidden: HiddenActionRow[]; order: ActionOrderRow[] }): {
  hidden: HiddenAction[];
  order: StatusOrder[];
} {
  const hidden: HiddenAction[] = [];
  for (const { action, status } of stored.hidden) {
    if (!isMenuActionId(action)) continue;
    if (status === null) hidden.push({ action, status: null });
    else if (isStatusKey(status)) hidden.push({ action, status });
  }
  const order: StatusOrder[] = [];
  for (const { status, actions } of stored.order) {
    if (isStatusKey(status)) order.push({ status, actions: actions.filter(isMenuActionId) });
  }
  return { hidden, order };
}

function presentMenu(rules: { hidden: HiddenAction[]; order: StatusOrder[] }): ActionMenuSettings {
  return {
    hidden: rules.hidden.map((rule) => ({ action: rule.action, status: rule.status })),
    order: rules.order.map((entry) => ({ status: entry.status, actions: [...entry.actions] })),
  };
}

function statusNotFound(): NotFoundError {
  return new NotFoundError('The library has no such custom status.');
}

function localActionNotFound(): NotFoundError {
  return new NotFoundError('The library has no such local action.');
}

/** Adds an issue for each status at which a party's requests never are. */
function checkStatusesOfParty(
  statuses: readonly StatusKey[],
  party: 'requester' | 'responder',
  issues: Issues,
  field: (index: number) => string,
): void {
  statuses.forEach((status, index) => {
    if (!statusBelongsToParty(status, party)) {
      const expected = party === 'responder' ? 'responder:' : 'request: or requester:';
      issues.add(
        field(index),
        'party',
        `${field(index)} is ${status}, but a ${party} action appears only at ${expected} statuses`,
      );
    }
  });
}

/**
 * The library's action-menu configuration read through `repositories`: bind them to the transaction
 * that uses it (see {@link LibraryConfigService.loadActionMenuConfig} for what it holds).
 */
export async function loadActionMenuConfig(
  repositories: Pick<LibraryConfigRepositories, 'actionMenu'>,
  libraryId: string,
): Promise<ActionMenuConfig> {
  const { localActions, ...stored } = await repositories.actionMenu.loadWithLocalActions(libraryId);
  return { ...toMenuRules(stored), localActions: localActions.map(toDefinition) };
}

/**
 * The action-menu configuration source of the workflow over `on`, a transaction: the request services
 * read it in the transaction that holds the request's row lock, never through another pooled
 * connection (holding one connection while waiting for a second deadlocks a busy pool).
 *
 * Each library's configuration is read once per source, that is once per transaction: an action
 * decides with it and then lists the next actions with it, and every statement is a round trip to
 * PostgreSQL, the largest part of an action's cost (docs/performance.md). Make a new source for each
 * transaction; the configuration it returns is shared and must not be changed.
 */
export function actionMenuConfigs(on: Kysely<Database>): {
  load(libraryId: string): Promise<ActionMenuConfig>;
} {
  const repositories = { actionMenu: new ActionMenuRepository(on) };
  const loaded = new Map<string, Promise<ActionMenuConfig>>();
  return {
    load(libraryId) {
      let config = loaded.get(libraryId);
      if (config === undefined) {
        config = loadActionMenuConfig(repositories, libraryId);
        loaded.set(libraryId, config);
      }
      return config;
    },
  };
}

/**
 * Custom statuses, locally-defined actions and the action menu's visibility and order, of one
 * library at a time.
 */
export class LibraryConfigService {
  constructor(
    private readonly repositories: LibraryConfigServiceRepositories,
    private readonly transactions: UnitOfWork<LibraryConfigServiceRepositories>,
  ) {}

  /**
   * The library's configuration of its action menus, as `actionMenu()` and `decideLocalAction()` of
   * `src/workflow/action-menu.ts` take it:
   * - `hidden`: the actions hidden from all staff, at one status or (status null) everywhere;
   * - `order`: per status, the actions listed first, in that order;
   * - `localActions`: the locally-defined actions, each needing the permission `local:<id>` and,
   *   when it has a user alert note, alerting the patron with it (`userAlert.patronNote`).
   *
   * A library that configured nothing gets empty lists, which is `DEFAULT_MENU_CONFIG`. Rules that
   * name an action or a status the workflow no longer has are left out rather than failing.
   */
  async loadActionMenuConfig(libraryId: string): Promise<ActionMenuConfig> {
    return loadActionMenuConfig(this.repositories, libraryId);
  }

  async listCustomStatuses(libraryId: string): Promise<CustomStatus[]> {
    return (await this.repositories.customStatuses.list(libraryId)).map(presentStatus);
  }

  /**
   * Adds a custom status; its code is stored in upper case.
   * @throws ConflictError (field `code`) when the library already has the code
   */
  async createCustomStatus(libraryId: string, status: NewCustomStatus): Promise<CustomStatus> {
    const row = await this.repositories.customStatuses.insert({
      library_id: libraryId,
      code: status.code.toUpperCase(),
      label: status.label.trim(),
      opac_label: optionalText(status.opacLabel) ?? null,
    });
    return presentStatus(row);
  }

  /** @throws NotFoundError when the library has no such status */
  async updateCustomStatus(libraryId: string, code: string, patch: CustomStatusPatch): Promise<CustomStatus> {
    const row = await this.repositories.customStatuses.update(libraryId, code.toUpperCase(), {
      ...(patch.label !== undefined ? { label: patch.label.trim() } : {}),
      ...(patch.opacLabel !== undefined ? { opac_label: optionalText(patch.opacLabel) } : {}),
    });
    if (row === undefined) throw statusNotFound();
    return presentStatus(row);
  }

  /**
   * Deletes a custom status that no request carries.
   * @throws NotFoundError when the library has no such status
   * @throws ConflictError when requests carry it
   */
  async deleteCustomStatus(libraryId: string, code: string): Promise<void> {
    const upper = code.toUpperCase();
    await this.transactions.run(async ({ customStatuses }) => {
      if ((await customStatuses.find(libraryId, upper, true)) === undefined) throw statusNotFound();
      const requests = await customStatuses.countRequestsUsing(libraryId, upper);
      if (requests > 0) {
        throw new ConflictError(
          `The custom status ${upper} is the status of ${requests} request(s), so it cannot be deleted.`,
          { reason: 'in_use', requests },
        );
      }
      await customStatuses.delete(libraryId, upper);
    });
  }

  async listLocalActions(libraryId: string): Promise<LocalAction[]> {
    return (await this.repositories.localActions.list(libraryId)).map(presentLocalAction);
  }

  /**
   * Adds a locally-defined action. Staff need the permission `local:<id>` to take it.
   * @throws ValidationError when a status is not one of the action's party
   * @throws ConflictError (field `id`) when the library already has the id
   */
  async createLocalAction(libraryId: string, action: NewLocalAction): Promise<LocalAction> {
    const statuses = [...new Set(action.statuses ?? [])];
    const issues = new Issues();
    checkStatusesOfParty(statuses, action.party, issues, (i) => `body.statuses.${i}`);
    issues.throwIfAny();
    const row = await this.repositories.localActions.insert({
      library_id: libraryId,
      id: action.id,
      name: action.name.trim(),
      party: action.party,
      statuses,
      user_alert_note: optionalText(action.userAlertNote) ?? null,
    });
    return presentLocalAction(row);
  }

  /**
   * Changes a locally-defined action; its id (and so its permission) stays.
   * @throws NotFoundError when the library has no such action
   * @throws ValidationError when a status is not one of the action's (new) party
   */
  async updateLocalAction(libraryId: string, id: string, patch: LocalActionPatch): Promise<LocalAction> {
    const row = await this.transactions.run(async ({ localActions }) => {
      const existing = await localActions.find(libraryId, id, true);
      if (existing === undefined) throw localActionNotFound();
      const party = patch.party ?? existing.party;
      const issues = new Issues();
      if (patch.statuses !== undefined) {
        checkStatusesOfParty(patch.statuses, party, issues, (i) => `body.statuses.${i}`);
      } else if (patch.party !== undefined) {
        const kept = existing.statuses.filter(isStatusKey);
        if (kept.some((status) => !statusBelongsToParty(status, party))) {
          issues.add(
            'body.party',
            'party',
            `body.party is ${party}, but the action appears at ${kept.join(', ')}; send statuses of a ${party} too`,
          );
        }
      }
      issues.throwIfAny();
      return localActions.update(libraryId, id, {
        ...(patch.name !== undefined ? { name: patch.name.trim() } : {}),
        ...(patch.party !== undefined ? { party: patch.party } : {}),
        ...(patch.statuses !== undefined ? { statuses: [...new Set(patch.statuses)] } : {}),
        ...(patch.userAlertNote !== undefined ? { user_alert_note: optionalText(patch.userAlertNote) } : {}),
      });
    });
    if (row === undefined) throw localActionNotFound();
    return presentLocalAction(row);
  }

  /**
   * Deletes a locally-defined action, with the rules of the action menu naming it and every grant of
   * its permission in the library, so that an action made later under the same id starts ungranted.
   * Its entries in requests' histories stay.
   * @throws NotFoundError when the library has no such action
   */
  async deleteLocalAction(libraryId: string, id: string): Promise<void> {
    await this.transactions.run(async ({ localActions, actionMenu }) => {
      if ((await localActions.find(libraryId, id, true)) === undefined) throw localActionNotFound();
      await actionMenu.removeAction(libraryId, `local:${id}`);
      await localActions.revokePermission(libraryId, localActionPermission(id));
      await localActions.delete(libraryId, id);
    });
  }

  /** The actions the library hides from all staff, and its order of the actions at each status. */
  async getActionMenu(libraryId: string): Promise<ActionMenuSettings> {
    return presentMenu(toMenuRules(await this.repositories.actionMenu.load(libraryId)));
  }

  /**
   * Replaces the whole action-menu configuration in one transaction. Every action must be a protocol
   * action or `local:<id>` of one of the library's local actions, every status a status of the
   * workflow, and nothing may appear twice.
   * @throws ValidationError naming each field and broken rule; nothing is written then
   */
  async replaceActionMenu(libraryId: string, settings: ActionMenuSettings): Promise<ActionMenuSettings> {
    return this.transactions.run(async ({ localActions, actionMenu }) => {
      // Shared locks: no local action named here can be deleted before this commits.
      const localIds = new Set(await localActions.listIds(libraryId, true));
      const issues = new Issues();
      const checkAction = (action: string, field: string) => {
        const local = localActionIdOf(action);
        const known = local === null ? isProtocolActionId(action) : localIds.has(local);
        if (!known) {
          issues.add(
            field,
            'known-action',
            local === null
              ? `${field} is ${action}, which is not a protocol action (see GET /api/workflow)`
              : `${field} is ${action}, but the library has no local action ${local}`,
          );
        }
      };
      const seenHidden = new Set<string>();
      settings.hidden.forEach((rule, i) => {
        checkAction(rule.action, `body.hidden.${i}.action`);
        const key = `${rule.action} ${rule.status ?? '*'}`;
        if (seenHidden.has(key)) {
          issues.add(
            `body.hidden.${i}`,
            'unique',
            `body.hidden.${i} hides ${rule.action} at ${rule.status ?? 'every status'} a second time`,
          );
        }
        seenHidden.add(key);
      });
      const seenStatuses = new Set<string>();
      settings.order.forEach((entry, i) => {
        if (seenStatuses.has(entry.status)) {
          issues.add(
            `body.order.${i}.status`,
            'unique',
            `body.order.${i}.status orders ${entry.status} a second time`,
          );
        }
        seenStatuses.add(entry.status);
        const seenActions = new Set<string>();
        entry.actions.forEach((action, j) => {
          checkAction(action, `body.order.${i}.actions.${j}`);
          if (seenActions.has(action)) {
            issues.add(
              `body.order.${i}.actions.${j}`,
              'unique',
              `body.order.${i}.actions.${j} lists ${action} a second time`,
            );
          }
          seenActions.add(action);
        });
      });
      issues.throwIfAny();
      await actionMenu.replace(libraryId, settings.hidden, settings.order);
      return presentMenu(toMenuRules(await actionMenu.load(libraryId)));
    });
  }
}
