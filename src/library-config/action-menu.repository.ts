import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';

/** A stored rule hiding an action, at one status or (status null) everywhere. */
export interface HiddenActionRow {
  action: string;
  status: string | null;
}

/** A stored order of the actions at one status. */
export interface ActionOrderRow {
  status: string;
  actions: string[];
}

/**
 * SQL for `action_visibility` and `action_order`: which actions a library hides from all staff, and
 * in which order it lists the actions at each status (VDX). Pass a transaction as `db` to take part.
 */
export class ActionMenuRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** The library's rules: hidden actions (everywhere first, then by status and action) and orders. */
  async load(libraryId: string): Promise<{ hidden: HiddenActionRow[]; order: ActionOrderRow[] }> {
    const [hidden, order] = await Promise.all([
      this.db
        .selectFrom('action_visibility')
        .select(['action', 'status'])
        .where('library_id', '=', libraryId)
        .orderBy('status', (ob) => ob.asc().nullsFirst())
        .orderBy('action')
        .execute(),
      this.db
        .selectFrom('action_order')
        .select(['status', 'actions'])
        .where('library_id', '=', libraryId)
        .orderBy('status')
        .execute(),
    ]);
    return { hidden, order };
  }

  /** Replaces all of the library's rules. Run it in a transaction: it deletes before it inserts. */
  async replace(
    libraryId: string,
    hidden: readonly HiddenActionRow[],
    order: readonly ActionOrderRow[],
  ): Promise<void> {
    await this.db.deleteFrom('action_visibility').where('library_id', '=', libraryId).execute();
    await this.db.deleteFrom('action_order').where('library_id', '=', libraryId).execute();
    if (hidden.length > 0) {
      await this.db
        .insertInto('action_visibility')
        .values(hidden.map((rule) => ({ library_id: libraryId, action: rule.action, status: rule.status })))
        .execute();
    }
    if (order.length > 0) {
      await this.db
        .insertInto('action_order')
        .values(
          order.map((entry) => ({
            library_id: libraryId,
            status: entry.status,
            actions: [...entry.actions],
          })),
        )
        .execute();
    }
  }

  /** Drops an action from the library's rules, e.g. when its local action is deleted. */
  async removeAction(libraryId: string, action: string): Promise<void> {
    await this.db
      .deleteFrom('action_visibility')
      .where('library_id', '=', libraryId)
      .where('action', '=', action)
      .execute();
    await this.db
      .updateTable('action_order')
      .set((eb) => ({ actions: eb.fn<string[]>('array_remove', ['actions', eb.val(action)]) }))
      .where('library_id', '=', libraryId)
      .where((eb) => eb(eb.val(action), '=', eb.fn.any('actions')))
      .execute();
    await this.db
      .deleteFrom('action_order')
      .where('library_id', '=', libraryId)
      .where(sql`cardinality(actions)`, '=', 0)
      .execute();
  }
}
