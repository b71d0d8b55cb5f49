import type { Kysely } from 'kysely';
import type { Database, Library, NewLibrary } from '../db/schema.ts';

/** SQL for the `library` table. Pass a transaction as `db` to take part in it. */
export class LibraryRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async count(): Promise<number> {
    const { count } = await this.db
      .selectFrom('library')
      .select((eb) => eb.fn.countAll<string>().as('count'))
      .executeTakeFirstOrThrow();
    return Number(count);
  }

  /**
   * Inserts libraries whose symbol is not taken yet and returns those inserted; existing symbols
   * are left untouched, which makes repeated or concurrent calls harmless.
   */
  async insertMissing(libraries: readonly NewLibrary[]): Promise<Library[]> {
    if (libraries.length === 0) return [];
    return this.db
      .insertInto('library')
      .values([...libraries])
      .onConflict((oc) => oc.column('symbol').doNothing())
      .returningAll()
      .execute();
  }
}
