import type { Kysely, Selectable } from 'kysely';
import type { Database, LocalActionTable } from '../db/schema.ts';
import { ConflictError } from '../errors.ts';
import { uniqueViolation } from './database-errors.ts';

export type LocalActionRow = Selectable<LocalActionTable>;

/**
 * SQL for `local_action`: VDX locally-defined actions (type 2), and the grants of their permissions
 * (`local:<id>`) to the library's staff and API tokens. Every query is scoped to one library. Pass a
 * transaction as `db` to take part in it.
 */
export class LocalActionRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async list(libraryId: string): Promise<LocalActionRow[]> {
    return this.db
      .selectFrom('local_action')
      .selectAll()
      .where('library_id', '=', libraryId)
      .orderBy('id')
      .execute();
  }

  /**
   * The ids of the library's local actions. With `lock`, they stay as they are until the transaction
   * ends, so that a configuration naming them cannot outlive one of them.
   */
  async listIds(libraryId: string, lock = false): Promise<string[]> {
    let query = this.db.selectFrom('local_action').select('id').where('library_id', '=', libraryId);
    if (lock) query = query.forShare();
    return (await query.execute()).map((row) => row.id);
  }

  async find(libraryId: string, id: string, lock = false): Promise<LocalActionRow | undefined> {
    let query = this.db
      .selectFrom('local_action')
      .selectAll()
      .where('library_id', '=', libraryId)
      .where('id', '=', id);
    if (lock) query = query.forUpdate();
    return query.executeTakeFirst();
  }

  /** @throws ConflictError (field `id`) when the library already has a local action with this id */
  async insert(action: LocalActionRow): Promise<LocalActionRow> {
    try {
      return await this.db.insertInto('local_action').values(action).returningAll().executeTakeFirstOrThrow();
    } catch (error) {
      if (uniqueViolation(error) === 'local_action_pk') {
        throw new ConflictError(`The library already has a local action with the id ${action.id}.`, {
          field: 'id',
        });
      }
      throw error;
    }
  }

  async update(
    libraryId: string,
    id: string,
    changes: Partial<Pick<LocalActionRow, 'name' | 'party' | 'statuses' | 'user_alert_note'>>,
  ): Promise<LocalActionRow | undefined> {
    if (Object.keys(changes).length === 0) return this.find(libraryId, id);
    return this.db
      .updateTable('local_action')
      .set(changes)
      .where('library_id', '=', libraryId)
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirst();
  }

  async delete(libraryId: string, id: string): Promise<boolean> {
    const result = await this.db
      .deleteFrom('local_action')
      .where('library_id', '=', libraryId)
      .where('id', '=', id)
      .executeTakeFirst();
    return result.numDeletedRows > 0n;
  }

  /**
   * Takes a permission away from every staff user and API token of the library, so that a local
   * action created later under the same id is not granted by an old grant.
   */
  async revokePermission(libraryId: string, permission: string): Promise<void> {
    await this.db
      .deleteFrom('staff_permission')
      .where('permission', '=', permission)
      .where('staff_user_id', 'in', (eb) =>
        eb.selectFrom('staff_user').select('id').where('library_id', '=', libraryId),
      )
      .execute();
    await this.db
      .updateTable('api_token')
      .set((eb) => ({ permissions: eb.fn<string[]>('array_remove', ['permissions', eb.val(permission)]) }))
      .where('library_id', '=', libraryId)
      .where((eb) => eb(eb.val(permission), '=', eb.fn.any('permissions')))
      .execute();
  }
}
