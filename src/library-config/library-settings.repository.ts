import type { Kysely, Updateable } from 'kysely';
import type { Database, LibraryTable } from '../db/schema.ts';

const SETTINGS_COLUMNS = [
  'id',
  'symbol',
  'name',
  'email',
  'address',
  'timezone',
  'ill_module_enabled',
  'copyright_clearance',
  'unauthenticated_requests',
  'auto_advance',
  'default_days_to_respond',
  'enabled_backends',
] as const;

/** A library's row as its settings show it. */
export interface LibrarySettingsRow {
  id: string;
  symbol: string;
  name: string;
  email: string | null;
  address: string | null;
  timezone: string;
  ill_module_enabled: boolean;
  copyright_clearance: string | null;
  unauthenticated_requests: boolean;
  auto_advance: boolean;
  default_days_to_respond: number;
  enabled_backends: string[];
}

/** What a settings change may write: everything but the id and the symbol partners know it by. */
export type LibrarySettingsChanges = Omit<Updateable<LibraryTable>, 'id' | 'symbol' | 'created_at'>;

/** SQL for the settings columns of the `library` table. Pass a transaction as `db` to take part in it. */
export class LibrarySettingsRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async find(libraryId: string): Promise<LibrarySettingsRow | undefined> {
    return this.db
      .selectFrom('library')
      .select(SETTINGS_COLUMNS)
      .where('id', '=', libraryId)
      .executeTakeFirst();
  }

  /** Writes the changes and returns the row as it is now; undefined when the library does not exist. */
  async update(libraryId: string, changes: LibrarySettingsChanges): Promise<LibrarySettingsRow | undefined> {
    if (Object.keys(changes).length === 0) return this.find(libraryId);
    return this.db
      .updateTable('library')
      .set(changes)
      .where('id', '=', libraryId)
      .returning(SETTINGS_COLUMNS)
      .executeTakeFirst();
  }
}
