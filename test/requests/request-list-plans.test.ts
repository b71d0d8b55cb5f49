/**
 * The list's slow cases at a million requests are served by the open-request indexes of migration
 * 0016: a keyword search of open requests reads the library's open requests' words, and a sort by
 * title, status or due date walks an index in sort order. These tests read PostgreSQL's plan for the
 * very statements the repository sends, with the alternatives that would hide a mismatch (a full
 * scan, a sort of all rows) priced out, so that an index whose expression drifts from the query's
 * fails here rather than only in the bench.
 */
import type { CompiledQuery } from 'kysely';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ManualClock } from '../../src/clock.ts';
import type { Database } from '../../src/db/schema.ts';
import { RequestSearchRepository } from '../../src/requests/request-search.repository.ts';
import type { PageRequest, SearchCriteria } from '../../src/requests/request-search.repository.ts';
import type { SortKey } from '../../src/requests/request-search.schemas.ts';
import { requestScenarios, type TestLibrary } from '../queues/request-scenarios.ts';
import { describeEachDatabase } from '../support/databases.ts';
import { wordsKeyword } from '../support/keyword-match.ts';

/** Names of the indexes anywhere in an `explain (format json)` plan. */
function indexesOf(plan: unknown): string[] {
  const found: string[] = [];
  const visit = (node: unknown) => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (node === null || typeof node !== 'object') return;
    const record = node as Record<string, unknown>;
    if (typeof record['Index Name'] === 'string') found.push(record['Index Name']);
    Object.values(record).forEach(visit);
  };
  visit(plan);
  return found;
}

/** Requests added for a plan, one in ten open. */
const MANY = 20_000;

describeEachDatabase('the plans of the request list', (database) => {
  const clock = new ManualClock('2026-11-25T09:00:00Z');
  const sent: CompiledQuery[] = [];
  let pool: pg.Pool;
  let recorded: Kysely<Database>;
  let lib: TestLibrary;
  let templateId: string;

  beforeAll(async () => {
    pool = new pg.Pool({ connectionString: database.connectionString, max: 2 });
    recorded = new Kysely<Database>({
      dialect: new PostgresDialect({ pool }),
      log: (event) => {
        if (event.level === 'query') sent.push(event.query);
      },
    });
    const kit = requestScenarios(database.db, clock);
    lib = await kit.library();
    const titles = ['History of Modern Europe', 'Modern Poetry', 'A History of Tea', 'Tea and Empire'];
    for (const title of titles) await kit.borrowing(lib, 'new', { title });
    templateId = await kit.borrowing(lib, 'shipped', { title: 'Shipped History' });
  });

  afterAll(async () => {
    await recorded.destroy();
  });

  /**
   * Adds `MANY` copies of request `id` with other numbers, titles and times, most of them completed as
   * in a library's real history, and analyses the table: on a handful of rows any plan is cheap, and
   * PostgreSQL would rightly read them all.
   */
  async function addManyLike(client: pg.PoolClient, id: string): Promise<void> {
    const { rows } = await client.query<{ column_name: string }>(
      `select column_name from information_schema.columns
        where table_schema = current_schema() and table_name = 'request' and is_generated = 'NEVER'
        order by ordinal_position`,
    );
    const replaced: Record<string, string> = {
      id: 'gen_random_uuid()',
      number: '(select max(number) from request) + g',
      title: `'Volume ' || g || ' of ' || (array['history', 'modern', 'poetry', 'empire', 'science', 'tea'])[g % 6 + 1]
                || ' and ' || (array['europe', 'asia', 'ideas', 'trade', 'modern'])[g % 5 + 1]`,
      completed_at: `case when g % 10 = 0 then null else now() end`,
      updated_at: `now() - g * interval '1 minute'`,
    };
    const columns = rows.map((row) => row.column_name);
    await client.query(
      `insert into request (${columns.map((column) => client.escapeIdentifier(column)).join(', ')})
       select ${columns.map((column) => replaced[column] ?? `r.${client.escapeIdentifier(column)}`).join(', ')}
         from request r, generate_series(1, ${MANY}) g where r.id = $1`,
      [id],
    );
    await client.query('analyze request');
  }

  /** The plan of the statement the repository sends for one page, with `settings` for its transaction. */
  async function planOf(
    criteria: Omit<SearchCriteria, 'libraryId' | 'timezone'>,
    page: PageRequest,
    settings: readonly string[],
    /** Indexes dropped for the plan (and restored by its rollback). */
    dropped: readonly string[] = [],
  ): Promise<string[]> {
    sent.length = 0;
    await new RequestSearchRepository(recorded).list(
      { libraryId: lib.id, timezone: 'UTC', ...criteria },
      page,
    );
    const query = sent.at(-1);
    if (query === undefined) throw new Error('the repository sent no statement');
    const client = await pool.connect();
    try {
      await client.query('begin');
      await addManyLike(client, templateId);
      for (const index of dropped) await client.query(`drop index ${client.escapeIdentifier(index)}`);
      for (const setting of settings) await client.query(`set local ${setting} = off`);
      const { rows } = await client.query<{ 'QUERY PLAN': unknown }>(`explain (format json) ${query.sql}`, [
        ...query.parameters,
      ]);
      return indexesOf(rows[0]?.['QUERY PLAN']);
    } finally {
      await client.query('rollback');
      client.release();
    }
  }

  const SORTED: ReadonlyArray<{ sort: SortKey; index: string }> = [
    { sort: 'title', index: 'request_open_title' },
    { sort: 'status', index: 'request_open_status' },
    { sort: 'dueDate', index: 'request_open_due_date' },
  ];

  for (const { sort, index } of SORTED) {
    for (const order of ['asc', 'desc'] as const) {
      it(`walks ${index} for open requests sorted by ${sort} ${order}, without sorting them all`, async () => {
        const indexes = await planOf(
          { filters: [{ role: 'borrowing' }], includeCompleted: false },
          { sort, order, after: null, limit: 51 },
          ['enable_seqscan', 'enable_bitmapscan', 'enable_sort', 'enable_incremental_sort'],
        );
        expect(indexes).toContain(index);
      });
    }
  }

  it('continues a page sorted by status from its cursor through the same index', async () => {
    const indexes = await planOf(
      { filters: [], includeCompleted: false },
      {
        sort: 'status',
        order: 'asc',
        after: { isNull: false, value: 'new', id: '00000000-0000-4000-8000-000000000000' },
        limit: 51,
      },
      ['enable_seqscan', 'enable_bitmapscan', 'enable_sort', 'enable_incremental_sort'],
    );
    expect(indexes).toContain('request_open_status');
  });

  // Which of the two word indexes PostgreSQL prefers depends on the size of the table (at a million
  // requests, the open requests' one); what must hold at any size is that the open requests' index
  // serves the search on its own: its keys and condition match the statement's.
  it('can search the words of the library’s open requests through their own index alone', async () => {
    const indexes = await planOf(
      {
        filters: [{ keyword: wordsKeyword("'history':* & 'modern':*") }],
        includeCompleted: false,
      },
      { sort: 'updatedAt', order: 'desc', after: null, limit: 51 },
      ['enable_seqscan', 'enable_indexscan'],
      ['request_search'],
    );
    expect(indexes).toEqual(expect.arrayContaining(['request_open_search']));
    expect(
      indexes.filter((index) => index.startsWith('request_') && index !== 'request_open_search'),
    ).toEqual([]);
  });

  it('searches completed requests too, when asked, through the index of every request’s words', async () => {
    const indexes = await planOf(
      {
        filters: [{ keyword: wordsKeyword("'history':*") }],
        includeCompleted: true,
      },
      { sort: 'updatedAt', order: 'desc', after: null, limit: 51 },
      ['enable_seqscan', 'enable_indexscan'],
    );
    expect(indexes).toContain('request_search');
  });

  // Every search reads a GIN index's whole pending list; PostgreSQL's default of 4 MB made two-word
  // searches four to eight times slower after a day of changes at a million requests.
  it('keeps the pending lists of the GIN indexes that searches read short', async () => {
    const { rows } = await sql<{ name: string; options: string[] | null }>`
      select c.relname as name, c.reloptions as options from pg_class c
       where c.relname in ('request_search', 'request_open_search', 'request_title_trgm')
       order by c.relname`.execute(database.db);
    expect(rows).toEqual([
      { name: 'request_open_search', options: ['gin_pending_list_limit=128'] },
      { name: 'request_search', options: ['gin_pending_list_limit=128'] },
      { name: 'request_title_trgm', options: ['gin_pending_list_limit=128'] },
    ]);
  });
});
