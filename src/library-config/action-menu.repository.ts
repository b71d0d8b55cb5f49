import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { LocalActionRow } from './local-action.repository.ts';

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

/** The library's hidden-action rules as a JSON array: global ones first, then by status and action. */
const hiddenRules = (libraryId: string) => sql<HiddenActionRow[]>`
  coalesce((select json_agg(json_build_object('action', v.action, 'status', v.status)
                            order by v.status asc nulls first, v.action)
              from action_visibility v where v.library_id = ${libraryId}), '[]')`;

/** The library's action orders as a JSON array, by status. */
const statusOrders = (libraryId: string) => sql<ActionOrderRow[]>`
  coalesce((select json_agg(json_build_object('status', o.status, 'actions', o.actions) order by o.status)
              from action_order o where o.library_id = ${libraryId}), '[]')`;

/**
 * SQL for `action_visibility` and `action_order`: which actions a library hides from all staff, and
 * in which order it lists the actions at each status (VDX). Pass a transaction as `db` to take part.
 */
export class ActionMenuRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /**
   * The library's locally-defined actions (by id) with its rules, as {@link load} gives them, in one
   * statement: every action reads them, and each statement is a round trip to PostgreSQL.
   */
  async loadWithLocalActions(
    libraryId: string,
  ): Promise<{ localActions: LocalActionRow[]; hidden: HiddenActionRow[]; order: ActionOrderRow[] }> {
    const { rows } = await sql<{
      local_actions: LocalActionRow[];
      hidden: HiddenActionRow[];
      order: ActionOrderRow[];
    }>`
      select
        coalesce((select json_agg(json_build_object('library_id', a.library_id, 'id', a.id, 'name', a.name,
                                                     'party', a.party, 'statuses', a.statuses,
                                                     'user_alert_note', a.user_alert_note) order by a.id)
                    from local_action a where a.library_id = ${libraryId}), '[]') as local_actions,
        ${hiddenRules(libraryId)} as hidden, ${statusOrders(libraryId)} as "order"`.execute(this.db);
    const row = rows[0];
    return { localActions: row?.local_actions ?? [], hidden: row?.hidden ?? [], order: row?.order ?? [] };
  }

  /** The library's rules: hidden actions (everywhere first, then by status and action) and orders. */
  async load(libraryId: string): Promise<{ hidden: HiddenActionRow[]; order: ActionOrderRow[] }> {
    const { rows } = await sql<{ hidden: HiddenActionRow[]; order: ActionOrderRow[] }>`
      select ${hiddenRules(libraryId)} as hidden, ${statusOrders(libraryId)} as "order"`.execute(this.db);
    const row = rows[0];
    return { hidden: row?.hidden ?? [], order: row?.order ?? [] };
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
