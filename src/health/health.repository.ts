import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';

/** SQL used to check that the database answers. */
export class HealthRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** Runs `select 1`; rejects when the database cannot be reached. */
  async ping(): Promise<void> {
    await sql`select 1`.execute(this.db);
  }
}
