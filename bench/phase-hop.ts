/**
 * One message hop between two Interlend servers on loopback: a borrowing request placed with the
 * other server's library (Confirm request) until that library has recorded it. The times are those
 * both servers write in their histories: when the first decided to send (its write path's clock) and
 * when the second applied the message (its own), on one machine and so one clock. The hop thus holds
 * the first server's commit, the outbox worker's wake-up (NOTIFY), building and posting the message,
 * and the second server's parsing, routing and recording it.
 */
import { performance } from 'node:perf_hooks';
import { setTimeout as delay } from 'node:timers/promises';
import { sql } from 'kysely';
import type { Kysely, RawBuilder } from 'kysely';
import type { Database } from '../src/db/schema.ts';
import type { HttpClient, StaffSession } from './http.ts';

/** Options of {@link measureHops}. */
export interface HopOptions {
  /** Staff of the sending library, on the first server. */
  readonly session: StaffSession;
  /** The sending library's directory entry of the receiving library. */
  readonly partnerId: string;
  readonly sender: Kysely<Database>;
  readonly receiver: Kysely<Database>;
  readonly hops: number;
  readonly warmup: number;
  /** Bound of each hop. */
  readonly timeoutMs?: number;
}

async function millisecondsOf(
  db: Kysely<Database>,
  query: RawBuilder<{ ms: number }>,
): Promise<number | undefined> {
  const result = await query.execute(db);
  const row = result.rows[0];
  return row === undefined ? undefined : Number(row.ms);
}

/** Sends requests one at a time and returns each hop's duration in milliseconds. */
export async function measureHops(options: HopOptions): Promise<number[]> {
  const hops: number[] = [];
  for (let round = -options.warmup; round < options.hops; round++) {
    const created = await options.session.post<{ id: string; number: number }>(
      '/api/requests',
      {
        details: {
          type: 'book',
          title: `Hop ${round + options.warmup}: a study of latency`,
          serviceType: 'loan',
        },
        backend: 'iso18626',
        rota: [options.partnerId],
        copyrightAccepted: true,
      },
      201,
    );
    await options.session.send(`/api/requests/${created.id}/actions`, { action: 'confirm' });
    const sentAt = await millisecondsOf(
      options.sender,
      sql<{ ms: number }>`
        select extract(epoch from at) * 1000 as ms from history
         where request_id = ${created.id} and event_name = 'confirm' order by id limit 1`,
    );
    if (sentAt === undefined) throw new Error(`no Confirm in the history of request ${created.number}`);
    const reference = `ILL-${created.number}-1`;
    const deadline = performance.now() + (options.timeoutMs ?? 15_000);
    let appliedAt: number | undefined;
    while (appliedAt === undefined) {
      appliedAt = await millisecondsOf(
        options.receiver,
        sql<{ ms: number }>`
          select extract(epoch from h.at) * 1000 as ms
            from request r join history h on h.request_id = r.id
           where r.partner_request_id = ${reference} and h.event_kind = 'message' and h.event_name = 'request'`,
      );
      if (appliedAt !== undefined) break;
      if (performance.now() > deadline)
        throw new Error(`the request ${reference} did not reach the other server`);
      await delay(2);
    }
    if (round >= 0) hops.push(appliedAt - sentAt);
  }
  return hops;
}

/** Round trips of GET /health, one at a time, in milliseconds. */
export async function measureHealth(http: HttpClient, count: number, warmup: number): Promise<number[]> {
  const times: number[] = [];
  for (let round = -warmup; round < count; round++) {
    const started = performance.now();
    await http.expect('GET', '/health', 200);
    if (round >= 0) times.push(performance.now() - started);
  }
  return times;
}
