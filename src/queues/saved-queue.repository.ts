/** SQL of saved queues: filters of the request list that a library keeps under a name. */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';

export interface SavedQueueRow {
  id: string;
  name: string;
  /** The saved filter as stored; check it against the current schema before use. */
  filter: unknown;
  created_at: Date;
}

/** A write broke the one-name-per-library rule. */
export const DUPLICATE_NAME = 'duplicate-name' as const;

function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === '23505';
}

export class SavedQueueRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** The library's saved queues, by name. */
  async listForLibrary(libraryId: string): Promise<SavedQueueRow[]> {
    return this.db
      .selectFrom('saved_queue')
      .select(['id', 'name', 'filter', 'created_at'])
      .where('library_id', '=', libraryId)
      .orderBy('name')
      .orderBy('id')
      .execute();
  }

  /** A saved queue of the library, or undefined (also for another library's). */
  async find(libraryId: string, id: string): Promise<SavedQueueRow | undefined> {
    return this.db
      .selectFrom('saved_queue')
      .select(['id', 'name', 'filter', 'created_at'])
      .where('library_id', '=', libraryId)
      .where('id', '=', id)
      .executeTakeFirst();
  }

  async insert(queue: {
    libraryId: string;
    name: string;
    filter: unknown;
    createdBy: string | null;
  }): Promise<SavedQueueRow | typeof DUPLICATE_NAME> {
    try {
      return await this.db
        .insertInto('saved_queue')
        .values({
          library_id: queue.libraryId,
          name: queue.name,
          filter: JSON.stringify(queue.filter),
          created_by: queue.createdBy,
        })
        .returning(['id', 'name', 'filter', 'created_at'])
        .executeTakeFirstOrThrow();
    } catch (error) {
      if (isUniqueViolation(error)) return DUPLICATE_NAME;
      throw error;
    }
  }

  /** Change a saved queue of the library; undefined when it has none of that id. */
  async update(
    libraryId: string,
    id: string,
    changes: { name?: string; filter?: unknown },
  ): Promise<SavedQueueRow | typeof DUPLICATE_NAME | undefined> {
    try {
      return await this.db
        .updateTable('saved_queue')
        .set({
          ...(changes.name !== undefined ? { name: changes.name } : {}),
          ...(changes.filter !== undefined ? { filter: JSON.stringify(changes.filter) } : {}),
        })
        .where('library_id', '=', libraryId)
        .where('id', '=', id)
        .returning(['id', 'name', 'filter', 'created_at'])
        .executeTakeFirst();
    } catch (error) {
      if (isUniqueViolation(error)) return DUPLICATE_NAME;
      throw error;
    }
  }

  /** Delete a saved queue of the library; whether there was one. */
  async delete(libraryId: string, id: string): Promise<boolean> {
    const result = await this.db
      .deleteFrom('saved_queue')
      .where('library_id', '=', libraryId)
      .where('id', '=', id)
      .executeTakeFirst();
    return result.numDeletedRows > 0n;
  }
}
