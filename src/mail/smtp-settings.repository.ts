/** SQL for a library's own SMTP server. Pass a transaction as `db` to take part in it. */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { LibrarySmtpRow } from './smtp-config.ts';

export class SmtpSettingsRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async find(libraryId: string): Promise<LibrarySmtpRow | undefined> {
    return this.db
      .selectFrom('library_smtp')
      .select(['host', 'port', 'secure', 'username', 'password', 'from_address'])
      .where('library_id', '=', libraryId)
      .executeTakeFirst();
  }

  async save(libraryId: string, row: LibrarySmtpRow, at: Date): Promise<void> {
    await this.db
      .insertInto('library_smtp')
      .values({ library_id: libraryId, ...row, updated_at: at })
      .onConflict((oc) => oc.column('library_id').doUpdateSet({ ...row, updated_at: at }))
      .execute();
  }

  /** True when the library had its own server. */
  async delete(libraryId: string): Promise<boolean> {
    const result = await this.db
      .deleteFrom('library_smtp')
      .where('library_id', '=', libraryId)
      .executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }
}
