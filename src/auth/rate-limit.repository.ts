import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';

/** A bucket's state right after it was counted or read. */
export interface BucketState {
  /** Hits counted in the current window. */
  count: number;
  /** Whole seconds until the window ends (at least 1 while it lasts). */
  secondsLeft: number;
}

/**
 * SQL for the `rate_limit_bucket` table: fixed-window counters kept in PostgreSQL, so that every
 * Interlend process sharing the database counts together. Times are the database's clock.
 */
export class RateLimitRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /**
   * Adds one hit to `key` in one atomic upsert, starting a new window of `windowSeconds` when the
   * previous one has ended, and returns the count in the window.
   */
  async increment(key: string, windowSeconds: number): Promise<BucketState> {
    const { rows } = await sql<{ count: number; seconds_left: number }>`
      insert into rate_limit_bucket as b (key, count, window_start, expires_at)
      values (${key}, 1, now(), now() + make_interval(secs => ${windowSeconds}))
      on conflict (key) do update set
        count = case when b.expires_at <= now() then 1 else b.count + 1 end,
        window_start = case when b.expires_at <= now() then now() else b.window_start end,
        expires_at = case when b.expires_at <= now() then excluded.expires_at else b.expires_at end
      returning b.count, greatest(1, ceil(extract(epoch from b.expires_at - now())))::int as seconds_left
    `.execute(this.db);
    const row = rows[0];
    if (!row) throw new Error(`rate limit upsert of ${key} returned no row`);
    return { count: row.count, secondsLeft: row.seconds_left };
  }

  /** The current window of `key`, or null when there is none (never hit, or the window ended). */
  async read(key: string): Promise<BucketState | null> {
    const row = await this.db
      .selectFrom('rate_limit_bucket')
      .select([
        'count',
        sql<number>`greatest(1, ceil(extract(epoch from expires_at - now())))::int`.as('seconds_left'),
      ])
      .where('key', '=', key)
      .where('expires_at', '>', sql<Date>`now()`)
      .executeTakeFirst();
    return row ? { count: row.count, secondsLeft: row.seconds_left } : null;
  }

  /** Takes one hit back from the current window of `key` (never below zero). */
  async decrement(key: string): Promise<void> {
    await this.db
      .updateTable('rate_limit_bucket')
      .set({ count: sql<number>`greatest(count - 1, 0)` })
      .where('key', '=', key)
      .where('expires_at', '>', sql<Date>`now()`)
      .execute();
  }

  /** Forgets `key` altogether. */
  async delete(key: string): Promise<void> {
    await this.db.deleteFrom('rate_limit_bucket').where('key', '=', key).execute();
  }

  /** Deletes buckets whose window has ended; returns how many. */
  async deleteExpired(): Promise<number> {
    const result = await this.db
      .deleteFrom('rate_limit_bucket')
      .where('expires_at', '<=', sql<Date>`now()`)
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}
