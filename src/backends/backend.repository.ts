/** SQL for what the backends need to know about a library. */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';

export class BackendRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** The ids of the backends a library enabled, in its order; undefined for no such library. */
  async enabledBackends(libraryId: string): Promise<readonly string[] | undefined> {
    const row = await this.db
      .selectFrom('library')
      .select('enabled_backends')
      .where('id', '=', libraryId)
      .executeTakeFirst();
    return row?.enabled_backends;
  }
}
