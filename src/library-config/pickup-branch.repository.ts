import type { Kysely, Selectable } from 'kysely';
import type { Database, PickupBranchTable } from '../db/schema.ts';
import { ConflictError } from '../errors.ts';
import { uniqueViolation } from './database-errors.ts';

export type PickupBranchRow = Selectable<PickupBranchTable>;

function codeTaken(error: unknown, code: string | undefined): never {
  if (uniqueViolation(error) === 'pickup_branch_library_code') {
    throw new ConflictError(`The library already has a pickup branch with the code ${code}.`, {
      field: 'code',
    });
  }
  throw error;
}

/**
 * SQL for `pickup_branch`: where a borrowing library's patrons collect their items. Every query is
 * scoped to one library. Pass a transaction as `db` to take part in it.
 */
export class PickupBranchRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async list(libraryId: string): Promise<PickupBranchRow[]> {
    return this.db
      .selectFrom('pickup_branch')
      .selectAll()
      .where('library_id', '=', libraryId)
      .orderBy('code')
      .execute();
  }

  /** The branch; with `lock`, locked until the transaction ends so no request can start using it. */
  async find(libraryId: string, id: string, lock = false): Promise<PickupBranchRow | undefined> {
    let query = this.db
      .selectFrom('pickup_branch')
      .selectAll()
      .where('library_id', '=', libraryId)
      .where('id', '=', id);
    if (lock) query = query.forUpdate();
    return query.executeTakeFirst();
  }

  /** @throws ConflictError (field `code`) when the library already has a branch with this code */
  async insert(libraryId: string, branch: { code: string; name: string }): Promise<PickupBranchRow> {
    try {
      return await this.db
        .insertInto('pickup_branch')
        .values({ library_id: libraryId, ...branch })
        .returningAll()
        .executeTakeFirstOrThrow();
    } catch (error) {
      return codeTaken(error, branch.code);
    }
  }

  /** @throws ConflictError (field `code`) when another branch of the library has the new code */
  async update(
    libraryId: string,
    id: string,
    changes: { code?: string; name?: string },
  ): Promise<PickupBranchRow | undefined> {
    if (Object.keys(changes).length === 0) return this.find(libraryId, id);
    try {
      return await this.db
        .updateTable('pickup_branch')
        .set(changes)
        .where('library_id', '=', libraryId)
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirst();
    } catch (error) {
      return codeTaken(error, changes.code);
    }
  }

  /** How many requests name the branch as their pickup location. */
  async countRequestsUsing(libraryId: string, id: string): Promise<number> {
    const { count } = await this.db
      .selectFrom('request')
      .select((eb) => eb.fn.countAll<string>().as('count'))
      .where('library_id', '=', libraryId)
      .where('pickup_branch_id', '=', id)
      .executeTakeFirstOrThrow();
    return Number(count);
  }

  async delete(libraryId: string, id: string): Promise<boolean> {
    const result = await this.db
      .deleteFrom('pickup_branch')
      .where('library_id', '=', libraryId)
      .where('id', '=', id)
      .executeTakeFirst();
    return result.numDeletedRows > 0n;
  }
}
