import type { Kysely, Selectable } from 'kysely';
import type { CustomStatusTable, Database } from '../db/schema.ts';
import { ConflictError } from '../errors.ts';
import { uniqueViolation } from './database-errors.ts';

export type CustomStatusRow = Selectable<CustomStatusTable>;

/**
 * SQL for `custom_status`: Koha's ILLSTATUS authorised values, labels a library adds on top of the
 * system statuses. Every query is scoped to one library. Pass a transaction as `db` to take part in it.
 */
export class CustomStatusRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async list(libraryId: string): Promise<CustomStatusRow[]> {
    return this.db
      .selectFrom('custom_status')
      .selectAll()
      .where('library_id', '=', libraryId)
      .orderBy('code')
      .execute();
  }

  /** The status; with `lock`, locked until the transaction ends. */
  async find(libraryId: string, code: string, lock = false): Promise<CustomStatusRow | undefined> {
    let query = this.db
      .selectFrom('custom_status')
      .selectAll()
      .where('library_id', '=', libraryId)
      .where('code', '=', code);
    if (lock) query = query.forUpdate();
    return query.executeTakeFirst();
  }

  /** @throws ConflictError (field `code`) when the library already has a status with this code */
  async insert(status: CustomStatusRow): Promise<CustomStatusRow> {
    try {
      return await this.db
        .insertInto('custom_status')
        .values(status)
        .returningAll()
        .executeTakeFirstOrThrow();
    } catch (error) {
      if (uniqueViolation(error) === 'custom_status_pk') {
        throw new ConflictError(`The library already has a custom status with the code ${status.code}.`, {
          field: 'code',
        });
      }
      throw error;
    }
  }

  async update(
    libraryId: string,
    code: string,
    changes: { label?: string; opac_label?: string | null },
  ): Promise<CustomStatusRow | undefined> {
    if (Object.keys(changes).length === 0) return this.find(libraryId, code);
    return this.db
      .updateTable('custom_status')
      .set(changes)
      .where('library_id', '=', libraryId)
      .where('code', '=', code)
      .returningAll()
      .executeTakeFirst();
  }

  /** How many of the library's requests carry the status. */
  async countRequestsUsing(libraryId: string, code: string): Promise<number> {
    const { count } = await this.db
      .selectFrom('request')
      .select((eb) => eb.fn.countAll<string>().as('count'))
      .where('library_id', '=', libraryId)
      .where('custom_status', '=', code)
      .executeTakeFirstOrThrow();
    return Number(count);
  }

  async delete(libraryId: string, code: string): Promise<boolean> {
    const result = await this.db
      .deleteFrom('custom_status')
      .where('library_id', '=', libraryId)
      .where('code', '=', code)
      .executeTakeFirst();
    return result.numDeletedRows > 0n;
  }
}
