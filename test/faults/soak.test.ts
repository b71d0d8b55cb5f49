/**
 * Fault test: a soak. A real server process is first driven as hard as a few staff clients can (the
 * peak), then held at half that rate for a long while (2 minutes in the quick form, 30 in the full
 * one) with the same mix: whole manual-partner loans from creation to completion, and work-queue
 * pages read between them. Its resident memory must not grow by 10% or more from the first interval
 * after the warm-up to the last, its p99 latency must stay steady, and every call must succeed.
 */
import { randomUUID } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { residentMemory } from '../../bench/server.ts';
import type { ServerProcess } from '../support/databases.ts';
import { describeEachDatabase, killAllServers, startServerProcess } from '../support/databases.ts';
import { createApiToken, createLibrary } from '../support/factories.ts';
import { insertPartner } from '../support/request-factories.ts';
import { FAULT_BUDGET } from './support/budget.ts';
import { percentile, send } from './support/http.ts';

/** Concurrent staff clients, at the peak and in the soak. */
const CLIENTS = 6;

const { peakMs, warmUpMs, durationMs, intervalMs } = FAULT_BUDGET.soak;

/** One call made and how long it took, for the interval it ended in. */
interface Sample {
  readonly at: number;
  readonly ms: number;
}

/** One interval of the soak: its calls' p99 and the server's mean resident memory. */
interface Interval {
  readonly calls: number;
  readonly p99Ms: number;
  readonly rssMiB: number;
}

describeEachDatabase('a soak at half of peak throughput', (database) => {
  let server: ServerProcess;
  let token: string;
  let partnerId: string;

  beforeAll(async () => {
    const library = await createLibrary(database.db);
    await database.db
      .updateTable('library')
      .set({ enabled_backends: ['manual'] })
      .where('id', '=', library.id)
      .execute();
    partnerId = (await insertPartner(database.db, library.id, { protocol: 'manual' })).id;
    token = (await createApiToken(database.db, { libraryId: library.id, permissions: ['ill'] })).token;
    server = await startServerProcess({ databaseUrl: database.connectionString });
  });

  afterAll(async () => {
    await server?.stop('SIGTERM').catch(() => undefined);
    killAllServers();
  });

  /** A staff client's endless round: a manual loan from creation to completion, with queue reads. */
  function client(): () => Promise<void> {
    let requestId = '';
    let step = 0;
    const call = async (method: string, path: string, json?: unknown): Promise<{ id?: string }> => {
      const answer = await send<{ id?: string }>(server.baseUrl, method, path, {
        credentials: { token },
        ...(json !== undefined ? { json } : {}),
        headers: method === 'POST' ? { 'idempotency-key': randomUUID() } : {},
        timeoutMs: 30_000,
      });
      if (answer.status >= 300)
        throw new Error(`${method} ${path} answered ${answer.status}: ${answer.text}`);
      return answer.body;
    };
    const act = (action: string, extra: Record<string, unknown> = {}) =>
      call('POST', `/api/requests/${requestId}/actions`, { action, ...extra });
    const steps: (() => Promise<unknown>)[] = [
      async () => {
        const created = await call('POST', '/api/requests', {
          details: { type: 'book', serviceType: 'loan', title: `Soak ${randomUUID().slice(0, 8)}` },
          rota: [partnerId],
        });
        requestId = created.id ?? '';
      },
      () => act('confirm'),
      () => call('GET', '/api/queues'),
      () =>
        act('informed-shipped', { rotaPosition: 0, data: { serviceType: 'loan', dueDate: '2027-06-30' } }),
      () => act('received', { rotaPosition: 0 }),
      () => call('GET', `/api/requests?queue=borrowing.received&limit=25`),
      () => act('returned', { rotaPosition: 0 }),
      () => act('complete'),
      () => call('GET', `/api/requests/${requestId}`),
    ];
    return async () => {
      await (steps[step] as () => Promise<unknown>)();
      step = (step + 1) % steps.length;
    };
  }

  /** Runs the clients until `until`, each waiting `paceMs` between the starts of its calls. */
  async function drive(until: number, paceMs: number, samples: Sample[]): Promise<void> {
    await Promise.all(
      Array.from({ length: CLIENTS }, async () => {
        const next = client();
        while (Date.now() < until) {
          const started = performance.now();
          await next();
          const ms = performance.now() - started;
          samples.push({ at: Date.now(), ms });
          if (paceMs > ms) await delay(paceMs - ms);
        }
      }),
    );
  }

  it('holds half of its peak throughput with steady p99 and memory growth under 10%', async () => {
    const pid = server.child.pid as number;
    const peakSamples: Sample[] = [];
    const peakStarted = Date.now();
    await drive(peakStarted + peakMs, 0, peakSamples);
    const peakPerSecond = peakSamples.length / ((Date.now() - peakStarted) / 1000);
    const rate = peakPerSecond / 2;
    // Each client starts a call every CLIENTS / rate seconds, so that together they make `rate` calls a second.
    const paceMs = (CLIENTS / rate) * 1000;

    const samples: Sample[] = [];
    const rss: { at: number; kiB: number }[] = [];
    const sampler = setInterval(() => {
      const memory = residentMemory(pid);
      if (memory !== undefined) rss.push({ at: Date.now(), kiB: memory.rssKiB });
    }, 1_000);
    const soakStarted = Date.now();
    const measuredFrom = soakStarted + warmUpMs;
    try {
      await drive(measuredFrom + durationMs, paceMs, samples);
    } finally {
      clearInterval(sampler);
    }

    const intervals: Interval[] = [];
    for (let from = measuredFrom; from + intervalMs <= measuredFrom + durationMs; from += intervalMs) {
      const inside = <T extends { at: number }>(list: readonly T[]) =>
        list.filter((entry) => entry.at >= from && entry.at < from + intervalMs);
      const calls = inside(samples);
      const memory = inside(rss);
      intervals.push({
        calls: calls.length,
        p99Ms: percentile(
          calls.map((sample) => sample.ms),
          99,
        ),
        rssMiB: memory.reduce((sum, entry) => sum + entry.kiB, 0) / Math.max(1, memory.length) / 1024,
      });
    }
    const first = intervals[0] as Interval;
    const last = intervals[intervals.length - 1] as Interval;
    const p99s = intervals.map((interval) => interval.p99Ms).sort((a, b) => a - b);
    const medianP99 = p99s[Math.floor(p99s.length / 2)] as number;
    const soakPerSecond = samples.filter((sample) => sample.at >= measuredFrom).length / (durationMs / 1000);
    console.log(
      `[faults] soak on ${database.label}: peak ${peakPerSecond.toFixed(0)} calls/s, soak ${soakPerSecond.toFixed(0)} calls/s ` +
        `for ${durationMs / 1000} s; p99 per ${intervalMs / 1000} s: ${intervals.map((i) => i.p99Ms.toFixed(0)).join(', ')} ms; ` +
        `RSS ${first.rssMiB.toFixed(0)} → ${last.rssMiB.toFixed(0)} MiB`,
    );

    expect(intervals.length).toBeGreaterThanOrEqual(2);
    // It really ran at about half of the peak, in every interval.
    expect(soakPerSecond).toBeGreaterThan(rate * 0.8);
    expect(soakPerSecond).toBeLessThan(rate * 1.2);
    for (const interval of intervals) expect(interval.calls).toBeGreaterThan(0);
    // Memory: under 10% growth from the first measured interval to the last.
    expect(last.rssMiB / first.rssMiB).toBeLessThan(1.1);
    // p99 steady: no drift from the first interval to the last, and no interval far off the median.
    expect(last.p99Ms).toBeLessThan(Math.max(2 * first.p99Ms, 2 * medianP99));
    for (const p99 of p99s) expect(p99).toBeLessThan(4 * medianP99);
  });
});
