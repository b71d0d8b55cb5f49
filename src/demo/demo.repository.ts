/** SQL the demo seed needs beyond the services it plays its scenarios through. */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';

export class DemoRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /**
   * Give a request one of its library's custom statuses, as a change by staff would: the request's
   * version goes up, so that open screens see it changed.
   */
  async setCustomStatus(requestId: string, code: string, now: Date): Promise<void> {
    await this.db
      .updateTable('request')
      .set((eb) => ({ custom_status: code, updated_at: now, version: eb('version', '+', 1) }))
      .where('id', '=', requestId)
      .execute();
  }
}
