import { sql, type Kysely } from 'kysely';

/**
 * Indexes for what staff do most on the list of open requests, measured at a million requests
 * (docs/performance.md), and fewer indexes that nothing reads, since every write of a request row
 * inserts into each index whose condition it meets.
 *
 * - A keyword search of open requests reads one GIN index of the library's open requests' words
 *   (`btree_gin` lets the library be a key of it). With only the GIN index of every request, a
 *   prefix word (`histor:*`) was expanded over a million rows' words before the library's open ones
 *   were picked out: 30 to 75 ms for two common words, against 3 to 8 ms with this index.
 * - Sorting the open requests by title, status or due date walks an index in that order and stops
 *   after a page, instead of sorting all of the library's open requests for each page. The
 *   expressions are those of the list's sort keys (`request-search.repository.ts`): empty values
 *   last, through a constant stand-in.
 * - The GIN indexes searches read keep their pending lists short (see GIN_PENDING_LIST_KB).
 * - The plain indexes on ISBN, ISSN, DOI and OCLC number are read by nothing: searches compare the
 *   normalised keys, which have their own indexes. Nor is the author index: the list sorts by
 *   `lower(author)`. The lending partner's index keeps only the rows that have one (lending
 *   requests), keyed by the partner alone, as the partner's usage count asks for it.
 */
/**
 * The pending list of a GIN index holds new entries until it is merged into the index, and every
 * search reads all of it. With PostgreSQL's default of 4 MB, a day of changes to open requests made
 * two-word searches four to eight times slower at a million requests (about 80 ms instead of 10 to
 * 15); 128 kB keeps them fast and the merges small.
 */
const GIN_PENDING_LIST_KB = 128;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on the current schema
export async function up(db: Kysely<any>): Promise<void> {
  // Trusted since PostgreSQL 13: the database's owner may create it, as with pg_trgm.
  await sql`create extension if not exists btree_gin`.execute(db);
  await sql`create index request_open_search on request using gin (library_id, search)
              with (gin_pending_list_limit = ${sql.lit(GIN_PENDING_LIST_KB)}) where completed_at is null`.execute(
    db,
  );
  for (const index of ['request_search', 'request_title_trgm']) {
    await sql`alter index ${sql.id(index)} set (gin_pending_list_limit = ${sql.lit(GIN_PENDING_LIST_KB)})`.execute(
      db,
    );
  }
  await sql`create index request_open_title on request (library_id, lower(title), id) where completed_at is null`.execute(
    db,
  );
  await sql`create index request_open_status on request (library_id, (status is null), coalesce(status, ''), id)
            where completed_at is null`.execute(db);
  await sql`create index request_open_due_date on request
              (library_id, (current_due_date is null), coalesce(current_due_date, '-infinity'::date), id)
            where completed_at is null`.execute(db);
  for (const column of ['isbn', 'issn', 'doi', 'oclc_number', 'author']) {
    await sql`drop index if exists ${sql.id(`request_${column}`)}`.execute(db);
  }
  await sql`drop index if exists request_partner_id`.execute(db);
  await sql`create index request_partner on request (partner_id) where partner_id is not null`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on the current schema
export async function down(db: Kysely<any>): Promise<void> {
  for (const index of ['request_search', 'request_title_trgm']) {
    await sql`alter index ${sql.id(index)} reset (gin_pending_list_limit)`.execute(db);
  }
  await sql`drop index if exists request_partner`.execute(db);
  for (const column of ['isbn', 'issn', 'doi', 'oclc_number', 'author', 'partner_id']) {
    await sql`create index if not exists ${sql.id(`request_${column}`)} on request (library_id, ${sql.ref(column)})`.execute(
      db,
    );
  }
  for (const index of [
    'request_open_due_date',
    'request_open_status',
    'request_open_title',
    'request_open_search',
  ]) {
    await sql`drop index if exists ${sql.id(index)}`.execute(db);
  }
  // btree_gin stays: another index may have come to use it.
}
