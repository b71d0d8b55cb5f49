import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { HealthRepository } from '../health/health.repository.ts';
import { HealthService } from '../health/health.service.ts';
import { WorkflowService } from '../workflow/workflow.service.ts';

/**
 * The services that routes delegate to. Each service receives only the repositories it uses;
 * routes never see a repository or the database.
 */
export interface Services {
  health: HealthService;
  workflow: WorkflowService;
}

/** Wires repositories into services over one database. */
export function createServices(db: Kysely<Database>): Services {
  return {
    health: new HealthService(new HealthRepository(db)),
    workflow: new WorkflowService(),
  };
}
