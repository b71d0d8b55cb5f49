import { Migrator, type Kysely, type MigrationResult } from 'kysely';
import type { Logger } from '../logger.ts';
import { migrations } from './migrations/index.ts';

/** Outcome of {@link migrateToLatest}. */
export interface MigrationSummary {
  /** Names of migrations applied by this call, in order; empty when the schema was up to date. */
  applied: string[];
}

/** Raised when a migration fails; the transaction is rolled back, so nothing of it remains. */
export class MigrationError extends Error {
  override name = 'MigrationError' as const;
}

/**
 * Brings the schema up to date. Safe to run from several processes at once: Kysely's migrator
 * holds a PostgreSQL advisory lock while it reads and applies migrations, and runs them in one
 * transaction.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the migrator is schema-agnostic
export async function migrateToLatest(db: Kysely<any>, logger?: Logger): Promise<MigrationSummary> {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => migrations },
  });
  const { error, results = [] } = await migrator.migrateToLatest();
  const failed = results.find((result: MigrationResult) => result.status === 'Error');
  if (error !== undefined) {
    const where = failed ? `migration ${failed.migrationName} failed` : 'migrations failed';
    throw new MigrationError(`${where}: ${error instanceof Error ? error.message : String(error)}`, {
      cause: error,
    });
  }
  const applied = results
    .filter((result) => result.status === 'Success')
    .map((result) => result.migrationName);
  for (const name of applied) logger?.info({ migration: name }, `applied migration ${name}`);
  return { applied };
}
