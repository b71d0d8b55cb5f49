/** The repositories of a library's configuration, built together over one database or transaction. */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { ActionMenuRepository } from './action-menu.repository.ts';
import { CustomStatusRepository } from './custom-status.repository.ts';
import { LibrarySettingsRepository } from './library-settings.repository.ts';
import { LocalActionRepository } from './local-action.repository.ts';
import { PartnerRepository } from './partner.repository.ts';
import { PickupBranchRepository } from './pickup-branch.repository.ts';

export interface LibraryConfigRepositories {
  settings: LibrarySettingsRepository;
  pickupBranches: PickupBranchRepository;
  partners: PartnerRepository;
  customStatuses: CustomStatusRepository;
  localActions: LocalActionRepository;
  actionMenu: ActionMenuRepository;
}

/** Every configuration repository over `db`; pass a transaction to bind them all to it. */
export function libraryConfigRepositories(db: Kysely<Database>): LibraryConfigRepositories {
  return {
    settings: new LibrarySettingsRepository(db),
    pickupBranches: new PickupBranchRepository(db),
    partners: new PartnerRepository(db),
    customStatuses: new CustomStatusRepository(db),
    localActions: new LocalActionRepository(db),
    actionMenu: new ActionMenuRepository(db),
  };
}
