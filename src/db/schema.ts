import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';

/**
 * Kysely's view of the database: one interface per table, named after the table, matching what the
 * migrations in `./migrations/` create. Change both together.
 */
export interface Database {
  library: LibraryTable;
}

/** A library taking part in interlibrary loan: a borrower, a supplier, or both. */
export interface LibraryTable {
  id: Generated<string>;
  /** ISIL-style symbol identifying the library to its partners, e.g. `ILN-NORTH`. Unique. */
  symbol: string;
  name: string;
  /** Address for ILL correspondence; null when the library is reached only by ISO 18626. */
  email: string | null;
  created_at: ColumnType<Date, Date | string | undefined, never>;
}

export type Library = Selectable<LibraryTable>;
export type NewLibrary = Insertable<LibraryTable>;
