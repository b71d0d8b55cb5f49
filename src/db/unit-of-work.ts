/**
 * Database transactions for services, without handing them the database: a service receives a
 * `UnitOfWork` that runs a function with repositories bound to one transaction, committed when the
 * function returns and rolled back when it throws.
 */
import type { Kysely } from 'kysely';
import { isStaleResultType } from './prepared-statements.ts';
import type { Database } from './schema.ts';

export interface UnitOfWork<Repositories> {
  run<T>(work: (repositories: Repositories) => Promise<T>): Promise<T>;
}

/**
 * How many times a transaction runs at most while it fails only because a prepared statement's result
 * columns changed: more than a pool has connections (10 by default), each of which may still hold the
 * statement once.
 */
export const STALE_STATEMENT_ATTEMPTS = 16;

/**
 * A unit of work over `db` whose repositories `make` builds for each transaction.
 *
 * A transaction that fails because PostgreSQL refused a prepared statement whose result columns
 * changed (another Interlend process migrated the schema, e.g. added a column to a table read with
 * `select *`) changed nothing, and the connection prepares the statement afresh next time
 * (`prepared-statements.ts`): it runs again, rather than failing the caller once per connection.
 */
export function unitOfWork<Repositories>(
  db: Kysely<Database>,
  make: (transaction: Kysely<Database>) => Repositories,
): UnitOfWork<Repositories> {
  return {
    async run(work) {
      for (let attempt = 1; ; attempt++) {
        try {
          return await db.transaction().execute((transaction) => work(make(transaction)));
        } catch (error) {
          if (!isStaleResultType(error) || attempt >= STALE_STATEMENT_ATTEMPTS) throw error;
        }
      }
    },
  };
}
