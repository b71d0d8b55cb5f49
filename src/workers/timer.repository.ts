/** SQL for durable timers: claim the due ones, so that several Interlend processes never fire one twice. */
import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';

export interface DueTimer {
  readonly id: string;
  readonly requestId: string;
  readonly libraryId: string;
  readonly rotaPosition: number | null;
  readonly machine: string;
  readonly name: string;
  readonly dueAt: Date;
}

export class TimerRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /**
   * A due timer whose request no other transaction holds, with that request locked until the end of
   * the caller's transaction; null when none is due. Every writer locks a request before its timers, so
   * locking in that same order here never deadlocks with a staff action on the same request, and
   * SKIP LOCKED lets several processes fire different requests' timers side by side.
   */
  async claimDue(now: Date): Promise<DueTimer | null> {
    const candidates = await this.db
      .selectFrom('timer')
      .innerJoin('request', 'request.id', 'timer.request_id')
      .select(['timer.id', 'timer.request_id', 'request.library_id'])
      .where('timer.due_at', '<=', now)
      .orderBy('timer.due_at')
      .orderBy('timer.id')
      .limit(20)
      .execute();
    for (const candidate of candidates) {
      const locked = await this.db
        .selectFrom('request')
        .select('id')
        .where('id', '=', candidate.request_id)
        .forUpdate()
        .skipLocked()
        .executeTakeFirst();
      if (locked === undefined) continue;
      const timer = await this.db
        .selectFrom('timer')
        .select(['id', 'rota_position', 'machine', 'name', 'due_at'])
        .where('id', '=', candidate.id)
        .where('due_at', '<=', now)
        .executeTakeFirst();
      if (timer === undefined) continue;
      return {
        id: String(timer.id),
        requestId: candidate.request_id,
        libraryId: candidate.library_id,
        rotaPosition: timer.rota_position,
        machine: timer.machine,
        name: timer.name,
        dueAt: timer.due_at,
      };
    }
    return null;
  }

  async delete(id: string): Promise<void> {
    await this.db.deleteFrom('timer').where('id', '=', id).execute();
  }

  /** When the next timer falls due, so that a worker can sleep until then. */
  async nextDueAt(): Promise<Date | null> {
    const row = await this.db
      .selectFrom('timer')
      .select(sql<Date>`min(due_at)`.as('next'))
      .executeTakeFirst();
    return row?.next ?? null;
  }
}
