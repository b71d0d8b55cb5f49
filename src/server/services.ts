import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { unitOfWork } from '../db/unit-of-work.ts';
import { HealthRepository } from '../health/health.repository.ts';
import { HealthService } from '../health/health.service.ts';
import { LibraryConfigService } from '../library-config/library-config.service.ts';
import { LibrarySettingsService } from '../library-config/library-settings.service.ts';
import { PartnerService } from '../library-config/partner.service.ts';
import { libraryConfigRepositories } from '../library-config/repositories.ts';
import { WorkflowService } from '../workflow/workflow.service.ts';

/**
 * The services that routes delegate to. Each service receives only the repositories it uses;
 * routes never see a repository or the database.
 */
export interface Services {
  health: HealthService;
  workflow: WorkflowService;
  /** The caller's library's settings and pickup branches. */
  librarySettings: LibrarySettingsService;
  /** The partner directory, and importing it from a Koha export. */
  partners: PartnerService;
  /** Custom statuses, local actions, action visibility and order; `loadActionMenuConfig`. */
  libraryConfig: LibraryConfigService;
}

/** Wires repositories into services over one database. */
export function createServices(db: Kysely<Database>): Services {
  const configRepositories = libraryConfigRepositories(db);
  const configTransactions = unitOfWork(db, libraryConfigRepositories);
  return {
    health: new HealthService(new HealthRepository(db)),
    workflow: new WorkflowService(),
    librarySettings: new LibrarySettingsService(configRepositories, configTransactions),
    partners: new PartnerService(configRepositories, configTransactions),
    libraryConfig: new LibraryConfigService(configRepositories, configTransactions),
  };
}
