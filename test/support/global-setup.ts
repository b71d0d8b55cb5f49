import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { EmbeddedPostgresServer } from '../../src/db/embedded-postgres.ts';
import { createLogger } from '../../src/logger.ts';
import type { ExternalDatabaseInfo } from './databases.ts';
import { buildWeb } from '../../scripts/build-web.ts';

/**
 * Runs once per `vitest run`: builds the web client if its build is stale, starts ONE embedded PostgreSQL in a fresh temporary directory for all
 * database tests (each suite creates its own database in it), and describes the external server
 * named by TEST_DATABASE_URL, if any. Test files read both with `inject()`.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  // The server serves dist/web; browser tests need the current build of the web client.
  await buildWeb({ ifStale: true });
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'interlend-test-pg-'));
  const logger = createLogger(process.env.TEST_LOG_LEVEL === 'debug' ? 'debug' : 'warn');
  const postgres = await new EmbeddedPostgresServer({
    dataDir,
    logger,
    database: 'postgres',
    // A throw-away cluster: durability buys nothing here, speed does.
    postgresFlags: ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'],
  })
    .start()
    .catch(async (error: unknown) => {
      await fs.rm(dataDir, { recursive: true, force: true });
      throw error;
    });
  project.provide('embeddedAdminUrl', postgres.adminConnectionString);
  project.provide('embeddedStartMs', Math.round(postgres.timings.totalMs));
  project.provide('externalDatabase', await describeExternal(process.env.TEST_DATABASE_URL));

  return async () => {
    await postgres.stop();
    await fs.rm(dataDir, { recursive: true, force: true });
  };
}

async function describeExternal(adminUrl: string | undefined): Promise<ExternalDatabaseInfo> {
  if (adminUrl === undefined || adminUrl.trim() === '') return { status: 'missing' };
  const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 10_000 });
  try {
    await client.connect();
    const { rows } = await client.query<{ server_version: string }>('show server_version');
    const { rows: privileges } = await client.query<{ can_create: boolean }>(
      'select rolcreatedb or rolsuper as can_create from pg_roles where rolname = current_user',
    );
    if (!privileges[0]?.can_create) {
      return {
        status: 'error',
        message: 'the TEST_DATABASE_URL role lacks CREATEDB, needed for fresh databases',
      };
    }
    const version = (rows[0]?.server_version ?? 'unknown').split(' ')[0] ?? 'unknown';
    return { status: 'available', adminUrl, version };
  } catch (error) {
    return { status: 'error', message: `cannot use TEST_DATABASE_URL: ${(error as Error).message}` };
  } finally {
    await client.end().catch(() => undefined);
  }
}
