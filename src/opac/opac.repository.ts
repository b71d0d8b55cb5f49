/** SQL for what the OPAC shows about a library before anyone logs in. */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';

export class OpacRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async libraryBySymbol(symbol: string) {
    return this.db
      .selectFrom('library')
      .select([
        'id',
        'symbol',
        'name',
        'ill_module_enabled',
        'copyright_clearance',
        'unauthenticated_requests',
        'enabled_backends',
      ])
      .where('symbol', '=', symbol)
      .executeTakeFirst();
  }

  /** Libraries whose ILL module is on, by name: the OPAC's list to choose from. */
  async librariesWithIll() {
    return this.db
      .selectFrom('library')
      .select(['symbol', 'name'])
      .where('ill_module_enabled', '=', true)
      .orderBy('name')
      .execute();
  }

  async pickupBranches(libraryId: string) {
    return this.db
      .selectFrom('pickup_branch')
      .select(['id', 'code', 'name'])
      .where('library_id', '=', libraryId)
      .orderBy('name')
      .execute();
  }
}
