import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, inject, it } from 'vitest';
import { createDatabase } from '../../src/db/database.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import type { Database } from '../../src/db/schema.ts';

export {
  killAllServers,
  postgresProcessesFor,
  startServerProcess,
  type ServerProcess,
} from './server-process.ts';

/** What the global setup learnt about TEST_DATABASE_URL. */
export type ExternalDatabaseInfo =
  | { status: 'available'; adminUrl: string; version: string }
  | { status: 'missing' }
  | { status: 'error'; message: string };

declare module 'vitest' {
  export interface ProvidedContext {
    /** Superuser URL of the run's embedded PostgreSQL (maintenance database `postgres`). */
    embeddedAdminUrl: string;
    /** How long the embedded PostgreSQL took to start, for the record. */
    embeddedStartMs: number;
    externalDatabase: ExternalDatabaseInfo;
  }
}

/** A fresh database of one suite, created before its tests and dropped after them. */
export interface TestDatabase {
  /** Kysely over a pool on the fresh database. */
  readonly db: Kysely<Database>;
  /** URL of the fresh database, e.g. to hand to another Kysely instance or a server process. */
  readonly connectionString: string;
  /** Name of the fresh database (`t_<random>`). */
  readonly name: string;
  /** Which server it lives on, e.g. `embedded PostgreSQL 18`. */
  readonly label: string;
}

export interface DescribeEachDatabaseOptions {
  /** Apply all migrations before the suite (default true). Set false to test migrating itself. */
  migrated?: boolean;
}

interface Target {
  label: string;
  adminUrl: string;
}

/**
 * Declares the suite `fn` once per available PostgreSQL: the run's embedded PostgreSQL 18 and,
 * when TEST_DATABASE_URL is set, that external server. Each copy gets a fresh database.
 *
 * Without TEST_DATABASE_URL the external copy is skipped, except under CI=true where it becomes a
 * failing test: CI must exercise the external server.
 */
export function describeEachDatabase(
  name: string,
  fn: (database: TestDatabase) => void,
  options: DescribeEachDatabaseOptions = {},
): void {
  describeOn({ label: 'embedded PostgreSQL 18', adminUrl: inject('embeddedAdminUrl') }, name, fn, options);

  const external = inject('externalDatabase');
  if (external.status === 'available') {
    describeOn(
      { label: `external PostgreSQL ${external.version}`, adminUrl: external.adminUrl },
      name,
      fn,
      options,
    );
  } else if (external.status === 'error') {
    describe(`${name} on external PostgreSQL`, () => {
      it('can use the server named by TEST_DATABASE_URL', () => {
        throw new Error(external.message);
      });
    });
  } else if (process.env.CI === 'true') {
    describe(`${name} on external PostgreSQL`, () => {
      it('has TEST_DATABASE_URL set, as CI requires', () => {
        throw new Error(
          'TEST_DATABASE_URL is not set: under CI=true the suites must also run against an external ' +
            'PostgreSQL (e.g. postgres://interlend:secret@127.0.0.1:5432/postgres, a role with CREATEDB).',
        );
      });
    });
  } else {
    describe.skip(`${name} on external PostgreSQL (set TEST_DATABASE_URL to run)`, () => {
      fn(unavailable('the external suite is skipped'));
    });
  }
}

function describeOn(
  target: Target,
  name: string,
  fn: (database: TestDatabase) => void,
  options: DescribeEachDatabaseOptions,
): void {
  describe(`${name} on ${target.label}`, () => {
    let current: Omit<TestDatabase, 'label'> | undefined;

    beforeAll(async () => {
      const created = await createFreshDatabase(target.adminUrl);
      const db = createDatabase(created.connectionString, { maxConnections: 5 });
      current = { ...created, db };
      if (options.migrated ?? true) await migrateToLatest(db);
    });

    afterAll(async () => {
      if (!current) return;
      await current.db.destroy();
      await dropDatabase(target.adminUrl, current.name);
      current = undefined;
    });

    const ready = (): Omit<TestDatabase, 'label'> => {
      if (!current)
        throw new Error('The test database is used outside a test (it exists from beforeAll on).');
      return current;
    };
    fn({
      get db() {
        return ready().db;
      },
      get connectionString() {
        return ready().connectionString;
      },
      get name() {
        return ready().name;
      },
      label: target.label,
    });
  });
}

function unavailable(reason: string): TestDatabase {
  const fail = (): never => {
    throw new Error(reason);
  };
  return {
    get db() {
      return fail();
    },
    get connectionString() {
      return fail();
    },
    get name() {
      return fail();
    },
    label: 'unavailable',
  };
}

/** Creates `t_<random>` on the server and returns its name and URL. */
export async function createFreshDatabase(
  adminUrl: string,
): Promise<{ name: string; connectionString: string }> {
  const name = `t_${randomBytes(6).toString('hex')}`;
  await withAdminClient(adminUrl, (client) =>
    client.query(`create database ${client.escapeIdentifier(name)}`),
  );
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return { name, connectionString: url.toString() };
}

/** Drops a database made by {@link createFreshDatabase}, disconnecting any leftover sessions. */
export async function dropDatabase(adminUrl: string, name: string): Promise<void> {
  await withAdminClient(adminUrl, (client) =>
    client.query(`drop database if exists ${client.escapeIdentifier(name)} with (force)`),
  );
}

async function withAdminClient<T>(adminUrl: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 10_000 });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
