import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Logger } from '../logger.ts';
import { StatementNames, inTransactionAfter, isStaleResultType } from './prepared-statements.ts';
import type { Database } from './schema.ts';

/** Options of {@link createDatabase}. */
export interface DatabaseOptions {
  /** Upper bound of pooled connections. Default 10. */
  maxConnections?: number;
  /** Give up opening a connection after this many milliseconds, so a dead host fails fast. Default 5 s. */
  connectionTimeoutMs?: number;
  /**
   * How long a query may wait for a pooled connection while all of them are busy. A burst of requests
   * queues here (each waits its turn, e.g. behind a row lock) rather than failing; default 30 s. Opening
   * a new connection stays bounded by `connectionTimeoutMs`.
   */
  acquireTimeoutMs?: number;
  /** Receives errors of idle pooled connections (e.g. the server restarted). */
  logger?: Logger;
  /**
   * Prepare statements by name on each connection (`prepared-statements.ts`). Default true; false
   * sends every statement unnamed, as Kysely does by itself.
   */
  preparedStatements?: boolean;
}

// A PostgreSQL `date` is a calendar date with no time zone: keep it as the `YYYY-MM-DD` string rather
// than letting `pg` turn it into a JavaScript Date at local midnight.
pg.types.setTypeParser(pg.types.builtins.DATE, (value) => value);

/**
 * Makes `client` prepare Kysely's statements by name. Kysely calls `query(text, parameters)` and
 * nothing else; other calls (a config object, a callback) pass through as they are.
 */
function nameStatements(client: pg.Client): void {
  const names = new StatementNames();
  let inTransaction = false;
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  client.query = ((...args: unknown[]) => {
    const [text, values] = args;
    if (args.length === 2 && typeof text === 'string' && Array.isArray(values)) {
      const wasInTransaction = inTransaction;
      // Transaction control has no parameters; the other statements need not be looked at.
      if (values.length === 0) inTransaction = inTransactionAfter(text, inTransaction);
      const name = names.nameFor(text, values.length);
      if (name !== undefined) {
        return (query({ name, text, values }) as Promise<unknown>).catch((error: unknown) => {
          if (!isStaleResultType(error)) throw error;
          names.renew(text);
          // Inside a transaction the error has failed it: the unit of work runs it again
          // (`unit-of-work.ts`). Outside one, the statement simply runs again, prepared afresh.
          if (wasInTransaction) throw error;
          return query({ name: names.nameFor(text, values.length), text, values });
        });
      }
    }
    return query(...args);
  }) as pg.Client['query'];
}

/**
 * Creates the Kysely instance over a `pg` connection pool. Call `destroy()` on it to close the pool.
 */
export function createDatabase(connectionString: string, options: DatabaseOptions = {}): Kysely<Database> {
  const connectTimeoutMs = options.connectionTimeoutMs ?? 5_000;
  // pg-pool applies its connectionTimeoutMillis both to opening a connection and to waiting in its
  // queue for a free one. Keep the two apart: each client bounds its own connect, the pool the wait.
  const prepare = options.preparedStatements ?? true;
  class BoundedConnectClient extends pg.Client {
    constructor(config?: string | pg.ClientConfig) {
      super({
        ...(typeof config === 'string' ? { connectionString: config } : config),
        connectionTimeoutMillis: connectTimeoutMs,
      });
      if (prepare) nameStatements(this);
    }
  }
  const pool = new pg.Pool({
    connectionString,
    max: options.maxConnections ?? 10,
    connectionTimeoutMillis: Math.max(options.acquireTimeoutMs ?? 30_000, connectTimeoutMs),
    Client: BoundedConnectClient,
    application_name: 'interlend',
  });
  // Without a listener, an idle connection dropped by the server would crash the process.
  pool.on('error', (error) => {
    options.logger?.warn({ err: error }, 'an idle database connection failed');
  });
  // Nor may a checked-out one: a connection the server drops while its transaction waits on something
  // else (an outbox worker's HTTP delivery) emits 'error' with no query to reject. The transaction's
  // next query fails and rolls back on its own; the process must live on.
  pool.on('connect', (client) => {
    client.on('error', (error) => {
      options.logger?.warn({ err: error }, 'a database connection in use failed');
    });
  });
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}
