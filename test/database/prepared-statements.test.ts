/**
 * Statements prepared by name on each pooled connection (`src/db/prepared-statements.ts`), read back
 * from PostgreSQL's own `pg_prepared_statements` on a pool of one connection: the query builder's
 * statements are prepared once and then run on a generic plan, the list's keyword searches are not
 * prepared, a failed execution leaves the statement usable, and the option turns it all off.
 */
import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import { afterEach, expect, it } from 'vitest';
import { createDatabase } from '../../src/db/database.ts';
import { unitOfWork } from '../../src/db/unit-of-work.ts';
import type { Database } from '../../src/db/schema.ts';
import { RequestSearchRepository } from '../../src/requests/request-search.repository.ts';
import type { SearchCriteria } from '../../src/requests/request-search.repository.ts';
import { describeEachDatabase } from '../support/databases.ts';
import { wordsKeyword } from '../support/keyword-match.ts';
import { insertLibrary } from '../support/request-factories.ts';

interface PreparedRow {
  name: string;
  statement: string;
  generic_plans: string;
  custom_plans: string;
}

describeEachDatabase('statements prepared by name', (database) => {
  const opened: Kysely<Database>[] = [];
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((db) => db.destroy()));
  });

  /** A pool of one connection, so that every statement runs on the connection that is inspected. */
  function onePool(preparedStatements?: boolean): Kysely<Database> {
    const db = createDatabase(database.connectionString, {
      maxConnections: 1,
      ...(preparedStatements !== undefined ? { preparedStatements } : {}),
    });
    opened.push(db);
    return db;
  }

  const prepared = async (db: Kysely<Database>) =>
    (
      await sql<PreparedRow>`select name, statement, generic_plans::text, custom_plans::text
                               from pg_prepared_statements where not from_sql order by name`.execute(db)
    ).rows;

  const librarySymbol = (db: Kysely<Database>, symbol: string) =>
    db.selectFrom('library').select(['id', 'name']).where('symbol', '=', symbol);

  it('prepares a query builder statement once and then runs it on a generic plan', async () => {
    const library = await insertLibrary(database.db);
    const db = onePool();
    const text = librarySymbol(db, library.symbol).compile().sql;
    for (let run = 0; run < 8; run++) {
      const rows = await librarySymbol(db, library.symbol).execute();
      expect(rows).toEqual([{ id: library.id, name: library.name }]);
    }
    const statements = await prepared(db);
    const mine = statements.filter((row) => row.statement === text);
    expect(mine).toHaveLength(1);
    expect(mine[0]?.name).toMatch(/^il_[0-9a-f]{24}$/);
    // PostgreSQL plans the first five executions for their values, then settles on a generic plan.
    expect(Number(mine[0]?.generic_plans)).toBeGreaterThanOrEqual(1);
    expect(Number(mine[0]?.generic_plans) + Number(mine[0]?.custom_plans)).toBe(8);
  });

  it('leaves the list’s keyword search unprepared, planned for its words each time', async () => {
    const library = await insertLibrary(database.db);
    const db = onePool();
    for (let run = 0; run < 3; run++) {
      await new RequestSearchRepository(db).list(
        {
          libraryId: library.id,
          timezone: 'UTC',
          includeCompleted: false,
          filters: [
            {
              keyword: wordsKeyword("'history':*"),
            },
          ],
        },
        { sort: 'updatedAt', order: 'desc', after: null, limit: 51 },
      );
    }
    const statements = await prepared(db);
    expect(statements.filter((row) => row.statement.includes('to_tsquery'))).toEqual([]);
  });

  it('prepares the counts of work queues, and leaves a keyword’s count unprepared', async () => {
    const library = await insertLibrary(database.db);
    const db = onePool();
    const repository = new RequestSearchRepository(db);
    const criteria = (filters: SearchCriteria['filters']): SearchCriteria => ({
      libraryId: library.id,
      timezone: 'UTC',
      includeCompleted: false,
      filters,
    });
    await repository.countEach([criteria([{ role: 'borrowing' }]), criteria([{ role: 'lending' }])], 10_000);
    await repository.countEach([criteria([{ keyword: wordsKeyword("'history':*") }])], 10_000);
    const counts = (await prepared(db)).filter((row) => row.statement.includes('count(*)'));
    expect(counts).toHaveLength(1);
    expect(counts[0]?.statement).not.toContain('to_tsquery');
  });

  it('runs a prepared statement again after an execution of it failed', async () => {
    const library = await insertLibrary(database.db);
    const db = onePool();
    const insert = (symbol: string) =>
      db.insertInto('library').values({ symbol, name: 'Copy' }).returning('symbol').execute();
    await expect(insert(library.symbol)).rejects.toThrow(/duplicate key/);
    await expect(insert(`${library.symbol}-2`)).resolves.toEqual([{ symbol: `${library.symbol}-2` }]);
    const text = db
      .insertInto('library')
      .values({ symbol: 'x', name: 'Copy' })
      .returning('symbol')
      .compile().sql;
    expect((await prepared(db)).filter((row) => row.statement === text)).toHaveLength(1);
  });

  it('prepares nothing when told not to', async () => {
    const library = await insertLibrary(database.db);
    const db = onePool(false);
    for (let run = 0; run < 3; run++) await librarySymbol(db, library.symbol).execute();
    expect(await prepared(db)).toEqual([]);
  });

  // Another Interlend process migrating the shared database, e.g. adding a column to a table that
  // statements read with `select *`, must not fail this process's statements.
  it('prepares a statement afresh when a column was added to what it selects, in and out of transactions', async () => {
    await sql`create table stale_probe (id int primary key, label text)`.execute(database.db);
    await sql`insert into stale_probe values (1, 'one')`.execute(database.db);
    const db = onePool();
    const read = (on: Kysely<Database>) =>
      sql<Record<string, unknown>>`select * from stale_probe where id = ${1}`.execute(on);
    const transactions = unitOfWork(db, (transaction) => ({ read: () => read(transaction) }));
    expect((await read(db)).rows).toEqual([{ id: 1, label: 'one' }]);
    expect((await transactions.run(({ read: inside }) => inside())).rows).toEqual([{ id: 1, label: 'one' }]);

    await sql`alter table stale_probe add column note text default 'added'`.execute(database.db);
    expect((await read(db)).rows).toEqual([{ id: 1, label: 'one', note: 'added' }]);

    await sql`alter table stale_probe add column shelf text default 'A1'`.execute(database.db);
    expect((await transactions.run(({ read: inside }) => inside())).rows).toEqual([
      { id: 1, label: 'one', note: 'added', shelf: 'A1' },
    ]);
    const names = (await prepared(db))
      .filter((row) => row.statement.includes('stale_probe'))
      .map((row) => row.name);
    expect(names).toHaveLength(3);
  });
});
