/**
 * Fault test: 1,000 staff actions on ONE request at the same time, over HTTP to a real server process,
 * round after round along a request's life. The actions conflict: the same action that cannot be taken
 * twice, with or without the version the caller saw, or different actions all made against that same
 * version. Each round exactly one applies; every other caller gets 409 (state or version conflict), no
 * other status; the request's version moves by exactly one, and its history is the winner's history,
 * append-only and unbroken.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { ServerProcess } from '../support/databases.ts';
import { describeEachDatabase, killAllServers, startServerProcess } from '../support/databases.ts';
import { createLibrary, createStaffUser } from '../support/factories.ts';
import { insertPartner } from '../support/request-factories.ts';
import { FAULT_BUDGET } from './support/budget.ts';
import { loginStaffOverHttp, send } from './support/http.ts';
import type { HttpAnswer, HttpSession } from './support/http.ts';

interface HistoryEntry {
  id: string;
  actor: { kind: string; name: string };
  machine: string;
  rotaPosition: number | null;
  event: { kind: string; name: string };
  from: string;
  to: string;
}

interface Detail {
  id: string;
  status: string;
  version: number;
  history: HistoryEntry[];
  actions: { id: string; rotaPosition?: number | null }[];
}

/** A manual-partner loan from creation to completion: each step cannot be taken twice. */
const LIFE: readonly { action: string; rotaPosition?: number; data?: Record<string, unknown> }[] = [
  { action: 'confirm' },
  { action: 'informed-shipped', rotaPosition: 0, data: { serviceType: 'loan', dueDate: '2027-01-31' } },
  { action: 'received', rotaPosition: 0 },
  { action: 'returned', rotaPosition: 0 },
  { action: 'complete' },
];

const { rounds, actionsPerRound } = FAULT_BUDGET.conflicts;

describeEachDatabase('1,000 concurrent conflicting actions on one request', (database) => {
  let server: ServerProcess;
  let session: HttpSession;
  let partnerId: string;

  beforeAll(async () => {
    const library = await createLibrary(database.db);
    await database.db
      .updateTable('library')
      .set({ enabled_backends: ['manual'] })
      .where('id', '=', library.id)
      .execute();
    partnerId = (await insertPartner(database.db, library.id, { protocol: 'manual' })).id;
    const staff = await createStaffUser(database.db, { libraryId: library.id, permissions: ['ill'] });
    server = await startServerProcess({ databaseUrl: database.connectionString });
    session = await loginStaffOverHttp(server.baseUrl, staff);
  });

  afterAll(async () => {
    await server?.stop('SIGTERM').catch(() => undefined);
    killAllServers();
  });

  async function detail(id: string): Promise<Detail> {
    const answer = await send<Detail>(server.baseUrl, 'GET', `/api/requests/${id}`, { credentials: session });
    expect(answer.status).toBe(200);
    return answer.body;
  }

  async function newRequest(): Promise<string> {
    const answer = await send<Detail>(server.baseUrl, 'POST', '/api/requests', {
      credentials: session,
      json: {
        details: { type: 'book', serviceType: 'loan', title: `Contested ${randomUUID()}` },
        rota: [partnerId],
      },
    });
    expect(answer.status).toBe(201);
    return answer.body.id;
  }

  /** The from→to chain of each machine (and rota position) has no gap: every entry starts where the last ended. */
  function expectUnbrokenChains(history: readonly HistoryEntry[]): void {
    const last = new Map<string, string>();
    for (const entry of history) {
      const key = `${entry.machine}/${entry.rotaPosition ?? '-'}`;
      const previous = last.get(key);
      if (previous !== undefined) expect({ key, from: entry.from }).toEqual({ key, from: previous });
      last.set(key, entry.to);
    }
  }

  it(`applies exactly one of ${actionsPerRound} concurrent conflicting actions per round, ${rounds} rounds, and answers 409 to all others`, async () => {
    const summary: string[] = [];
    let requestId = await newRequest();
    let step = 0;
    for (let round = 0; round < rounds; round++) {
      if (step === LIFE.length) {
        requestId = await newRequest();
        step = 0;
      }
      const before = await detail(requestId);
      const primary = LIFE[step] as (typeof LIFE)[number];
      expect(before.actions.map((action) => action.id)).toContain(primary.action);
      const base = {
        action: primary.action,
        ...(primary.rotaPosition !== undefined ? { rotaPosition: primary.rotaPosition } : {}),
        ...(primary.data !== undefined ? { data: primary.data } : {}),
      };
      // Even rounds: the same action, half with the version seen and half without (the state decides).
      // Odd rounds: different actions, all against the version seen (the version decides).
      const competing = round % 2 === 1;
      const bodies = Array.from({ length: actionsPerRound }, (_, index) => {
        if (!competing) return index % 2 === 0 ? { ...base, expectedVersion: before.version } : base;
        return index % 4 === 3
          ? {
              action: 'add-private-note',
              data: { note: `Note ${index} of round ${round}` },
              expectedVersion: before.version,
            }
          : { ...base, expectedVersion: before.version };
      });

      const started = performance.now();
      const answers = await Promise.all(
        bodies.map((json) =>
          send<Detail & { error?: { code: string } }>(
            server.baseUrl,
            'POST',
            `/api/requests/${requestId}/actions`,
            { credentials: session, json, timeoutMs: 120_000 },
          ).catch((error: unknown) => ({ status: 0, text: String(error) }) as HttpAnswer<never>),
        ),
      );
      const ms = Math.round(performance.now() - started);

      const byStatus = new Map<number, number>();
      for (const answer of answers) byStatus.set(answer.status, (byStatus.get(answer.status) ?? 0) + 1);
      const others = answers.filter((answer) => answer.status !== 200 && answer.status !== 409);
      if (others.length > 0)
        console.log(
          server
            .output()
            .split('\n')
            .filter((l) => l.includes('"level":50'))
            .slice(0, 2)
            .join('\n')
            .slice(0, 4000),
        );
      expect(
        others.slice(0, 3).map((answer) => `${answer.status} ${answer.text.slice(0, 300)}`),
        `round ${round}: ${JSON.stringify([...byStatus])}`,
      ).toEqual([]);
      const winners = answers.filter((answer) => answer.status === 200);
      expect(winners, `round ${round}: ${JSON.stringify([...byStatus])}`).toHaveLength(1);
      const losers = answers.filter((answer) => answer.status === 409);
      expect(losers).toHaveLength(actionsPerRound - 1);
      for (const loser of losers) {
        expect(['conflict', 'transition_refused']).toContain(loser.body.error?.code);
      }

      const winner = (winners[0] as HttpAnswer<Detail>).body;
      const after = await detail(requestId);
      // One change: the version moved by one, the history is exactly what the winner saw, and what was
      // there before is still there, unchanged, at its start.
      expect(after.version).toBe(before.version + 1);
      expect(winner.version).toBe(after.version);
      expect(after.history).toEqual(winner.history);
      expect(after.history.slice(0, before.history.length)).toEqual(before.history);
      const added = after.history.slice(before.history.length);
      expect(added.length).toBeGreaterThan(0);
      expect(added.filter((entry) => entry.actor.kind === 'staff' && entry.event.kind === 'action')).toEqual([
        expect.objectContaining({ event: { kind: 'action', name: expect.any(String) } }),
      ]);
      expectUnbrokenChains(after.history);
      const stored = await database.db
        .selectFrom('history')
        .select('id')
        .where('request_id', '=', requestId)
        .execute();
      expect(stored).toHaveLength(after.history.length);

      const applied = added.find((entry) => entry.event.kind === 'action')?.event.name;
      if (applied === primary.action) step++;
      summary.push(`round ${round}: ${applied} won in ${ms} ms, ${losers.length} × 409`);
    }
    console.log(`[faults] conflicting actions on ${database.label}:\n  ${summary.join('\n  ')}`);
  });
});
