import type { UnitOfWork } from '../db/unit-of-work.ts';
import { ConflictError, NotFoundError } from '../errors.ts';
import type { LibrarySettingsChanges, LibrarySettingsRow } from './library-settings.repository.ts';
import type {
  LibrarySettings,
  LibrarySettingsPatch,
  NewPickupBranch,
  PickupBranch,
  PickupBranchPatch,
} from './library-settings.schemas.ts';
import type { PickupBranchRow } from './pickup-branch.repository.ts';
import type { LibraryConfigRepositories } from './repositories.ts';
import { isProtocol, Issues, normalizeTimeZone, optionalText } from './validation.ts';

/** The repositories the settings service uses. */
export type LibrarySettingsRepositories = Pick<LibraryConfigRepositories, 'settings' | 'pickupBranches'>;

function presentSettings(row: LibrarySettingsRow): LibrarySettings {
  return {
    id: row.id,
    symbol: row.symbol,
    name: row.name,
    email: row.email,
    address: row.address,
    timezone: row.timezone,
    illModuleEnabled: row.ill_module_enabled,
    copyrightClearance: row.copyright_clearance,
    unauthenticatedRequests: row.unauthenticated_requests,
    autoAdvance: row.auto_advance,
    defaultDaysToRespond: row.default_days_to_respond,
    enabledBackends: row.enabled_backends.filter(isProtocol),
  };
}

function presentBranch(row: PickupBranchRow): PickupBranch {
  return { id: row.id, code: row.code, name: row.name };
}

function branchNotFound(): NotFoundError {
  return new NotFoundError('The library has no such pickup branch.');
}

/**
 * A library's own settings (Koha's ILL system preferences, per library) and its pickup branches.
 * Every method works on the caller's library only.
 */
export class LibrarySettingsService {
  constructor(
    private readonly repositories: LibrarySettingsRepositories,
    private readonly transactions: UnitOfWork<LibrarySettingsRepositories>,
  ) {}

  /** @throws NotFoundError when the library does not exist */
  async getSettings(libraryId: string): Promise<LibrarySettings> {
    const row = await this.repositories.settings.find(libraryId);
    if (row === undefined) throw new NotFoundError('No such library.');
    return presentSettings(row);
  }

  /**
   * Changes the given settings; the others stay as they are.
   * @throws ValidationError naming each field and broken rule; nothing is written then
   */
  async updateSettings(libraryId: string, patch: LibrarySettingsPatch): Promise<LibrarySettings> {
    const issues = new Issues();
    const changes: LibrarySettingsChanges = {};
    if (patch.name !== undefined) changes.name = patch.name.trim();
    if (patch.email !== undefined) changes.email = optionalText(patch.email);
    if (patch.address !== undefined) changes.address = optionalText(patch.address);
    if (patch.timezone !== undefined) {
      const timezone = normalizeTimeZone(patch.timezone.trim());
      if (timezone === null) {
        issues.add(
          'body.timezone',
          'timezone',
          `body.timezone must be an IANA time zone name such as Europe/Paris, not ${patch.timezone}`,
        );
      } else changes.timezone = timezone;
    }
    if (patch.illModuleEnabled !== undefined) changes.ill_module_enabled = patch.illModuleEnabled;
    if (patch.copyrightClearance !== undefined)
      changes.copyright_clearance = optionalText(patch.copyrightClearance);
    if (patch.unauthenticatedRequests !== undefined)
      changes.unauthenticated_requests = patch.unauthenticatedRequests;
    if (patch.autoAdvance !== undefined) changes.auto_advance = patch.autoAdvance;
    if (patch.defaultDaysToRespond !== undefined)
      changes.default_days_to_respond = patch.defaultDaysToRespond;
    if (patch.enabledBackends !== undefined) {
      const backends = [...new Set(patch.enabledBackends)];
      if (backends.length === 0) {
        issues.add('body.enabledBackends', 'minItems', 'body.enabledBackends must name at least one backend');
      }
      changes.enabled_backends = backends;
    }
    issues.throwIfAny();
    const row = await this.repositories.settings.update(libraryId, changes);
    if (row === undefined) throw new NotFoundError('No such library.');
    return presentSettings(row);
  }

  async listPickupBranches(libraryId: string): Promise<PickupBranch[]> {
    return (await this.repositories.pickupBranches.list(libraryId)).map(presentBranch);
  }

  /** @throws ConflictError (field `code`) when the library already has a branch with the code */
  async createPickupBranch(libraryId: string, branch: NewPickupBranch): Promise<PickupBranch> {
    const row = await this.repositories.pickupBranches.insert(libraryId, {
      code: branch.code,
      name: branch.name.trim(),
    });
    return presentBranch(row);
  }

  /**
   * @throws NotFoundError when the library has no such branch
   * @throws ConflictError (field `code`) when another branch has the new code
   */
  async updatePickupBranch(libraryId: string, id: string, patch: PickupBranchPatch): Promise<PickupBranch> {
    const row = await this.repositories.pickupBranches.update(libraryId, id, {
      ...(patch.code !== undefined ? { code: patch.code } : {}),
      ...(patch.name !== undefined ? { name: patch.name.trim() } : {}),
    });
    if (row === undefined) throw branchNotFound();
    return presentBranch(row);
  }

  /**
   * Deletes a branch no request names as its pickup location.
   * @throws NotFoundError when the library has no such branch
   * @throws ConflictError when requests use it
   */
  async deletePickupBranch(libraryId: string, id: string): Promise<void> {
    await this.transactions.run(async ({ pickupBranches }) => {
      // Locked, so that no request can name the branch between the count and the delete.
      const branch = await pickupBranches.find(libraryId, id, true);
      if (branch === undefined) throw branchNotFound();
      const requests = await pickupBranches.countRequestsUsing(libraryId, id);
      if (requests > 0) {
        throw new ConflictError(
          `The pickup branch ${branch.code} is the pickup location of ${requests} request(s), so it cannot be deleted.`,
          { reason: 'in_use', requests },
        );
      }
      await pickupBranches.delete(libraryId, id);
    });
  }
}
