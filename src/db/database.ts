import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Logger } from '../logger.ts';
import type { Database } from './schema.ts';

/** Options of {@link createDatabase}. */
export interface DatabaseOptions {
  /** Upper bound of pooled connections. Default 10. */
  maxConnections?: number;
  /** Give up connecting after this many milliseconds, so a dead host fails fast. Default 5 s. */
  connectionTimeoutMs?: number;
  /** Receives errors of idle pooled connections (e.g. the server restarted). */
  logger?: Logger;
}

// A PostgreSQL `date` is a calendar date with no time zone: keep it as the `YYYY-MM-DD` string rather
// than letting `pg` turn it into a JavaScript Date at local midnight.
pg.types.setTypeParser(pg.types.builtins.DATE, (value) => value);

/**
 * Creates the Kysely instance over a `pg` connection pool. Call `destroy()` on it to close the pool.
 */
export function createDatabase(connectionString: string, options: DatabaseOptions = {}): Kysely<Database> {
  const pool = new pg.Pool({
    connectionString,
    max: options.maxConnections ?? 10,
    connectionTimeoutMillis: options.connectionTimeoutMs ?? 5_000,
    application_name: 'interlend',
  });
  // Without a listener, an idle connection dropped by the server would crash the process.
  pool.on('error', (error) => {
    options.logger?.warn({ err: error }, 'an idle database connection failed');
  });
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}
