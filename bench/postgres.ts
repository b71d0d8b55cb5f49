/**
 * The PostgreSQL server of a bench run: an embedded PostgreSQL 18 started in a temporary directory
 * (with the same settings `npm start` uses, durable commits included), or an external server named by
 * a URL whose role may create databases. Every database the bench uses lives on this one server, so
 * that pgbench and Interlend are measured on the same PostgreSQL.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { EmbeddedPostgresServer } from '../src/db/embedded-postgres.ts';
import { createLogger } from '../src/logger.ts';

/** The server and the databases created on it. */
export interface BenchPostgres {
  /** e.g. `embedded PostgreSQL 18.4` or `external PostgreSQL 15.18`. */
  readonly label: string;
  /** URL of a database on this server, by name. */
  urlOf(database: string): string;
  /** Create a fresh database with a unique name starting with `prefix`; returns its name. */
  createDatabase(prefix: string): Promise<string>;
  /** Drop the databases created, then stop the embedded server if there is one. */
  close(): Promise<void>;
}

async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

function replaceDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${encodeURIComponent(database)}`;
  return parsed.toString();
}

/**
 * Starts an embedded PostgreSQL under `dataDir`, or connects to `adminUrl` (a role with CREATEDB).
 */
export async function openPostgres(options: { adminUrl?: string; dataDir: string }): Promise<BenchPostgres> {
  let adminUrl = options.adminUrl;
  let stop: () => Promise<void> = async () => undefined;
  let kind = 'external';
  if (adminUrl === undefined) {
    const running = await new EmbeddedPostgresServer({
      dataDir: options.dataDir,
      logger: createLogger('warn'),
      database: 'postgres',
    }).start();
    adminUrl = running.adminConnectionString;
    stop = () => running.stop();
    kind = 'embedded';
  }
  const admin = adminUrl;
  const version = await withClient(admin, async (client) => {
    const { rows } = await client.query<{ server_version: string; can_create: boolean }>(
      `select current_setting('server_version') as server_version,
              (select rolcreatedb or rolsuper from pg_roles where rolname = current_user) as can_create`,
    );
    if (!rows[0]?.can_create) {
      throw new Error('the bench creates its own databases: the role of the database URL needs CREATEDB');
    }
    return (rows[0].server_version.split(' ')[0] ?? 'unknown').trim();
  });
  const created: string[] = [];
  return {
    label: `${kind} PostgreSQL ${version}`,
    urlOf: (database) => replaceDatabase(admin, database),
    async createDatabase(prefix) {
      const name = `${prefix}_${randomBytes(4).toString('hex')}`;
      await withClient(admin, (client) => client.query(`create database ${client.escapeIdentifier(name)}`));
      created.push(name);
      return name;
    },
    async close() {
      try {
        for (const name of created.splice(0).reverse()) {
          await withClient(admin, (client) =>
            client.query(`drop database if exists ${client.escapeIdentifier(name)} with (force)`),
          );
        }
      } finally {
        await stop();
      }
    },
  };
}
