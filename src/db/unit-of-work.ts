/**
 * Database transactions for services, without handing them the database: a service receives a
 * `UnitOfWork` that runs a function with repositories bound to one transaction, committed when the
 * function returns and rolled back when it throws.
 */
import type { Kysely } from 'kysely';
import type { Database } from './schema.ts';

export interface UnitOfWork<Repositories> {
  run<T>(work: (repositories: Repositories) => Promise<T>): Promise<T>;
}

/** A unit of work over `db` whose repositories `make` builds for each transaction. */
export function unitOfWork<Repositories>(
  db: Kysely<Database>,
  make: (transaction: Kysely<Database>) => Repositories,
): UnitOfWork<Repositories> {
  return {
    run: (work) => db.transaction().execute((transaction) => work(make(transaction))),
  };
}
