/**
 * A consortium of libraries in one Interlend deployment, for protocol tests: a real HTTP server on
 * 127.0.0.1, each library a partner of the others at that server's own /iso18626 endpoint, staff
 * callers for each, and the workers that deliver messages and fire timers. Every ISO 18626 body sent
 * is kept with the confirmation that answered it, so tests can validate both against the schema.
 */
import type { AddressInfo } from 'node:net';
import type { Kysely } from 'kysely';
import { ManualClock } from '../../src/clock.ts';
import type { Database, Library, Partner } from '../../src/db/schema.ts';
import type { RequestCaller } from '../../src/requests/request.service.ts';
import { buildApp } from '../../src/server/app.ts';
import type { App } from '../../src/server/app.ts';
import { createServices } from '../../src/server/services.ts';
import type { Services } from '../../src/server/services.ts';
import { createWorkers } from '../../src/workers/workers.ts';
import type { Workers } from '../../src/workers/workers.ts';
import { insertLibrary, staffPrincipal } from './request-factories.ts';

export interface Member {
  readonly library: Library;
  readonly staff: Extract<RequestCaller, { kind: 'staff' }>;
  /** This library's directory entry for another member, by symbol. */
  readonly partners: Map<string, Partner>;
}

export interface Consortium {
  readonly app: App;
  readonly base: string;
  readonly clock: ManualClock;
  readonly services: Services;
  readonly workers: Workers;
  readonly members: Map<string, Member>;
  /**
   * Every ISO 18626 message body posted by the outbox worker, in order, with the HTTP status and body
   * (the confirmation) the receiving endpoint answered.
   */
  readonly sent: { url: string; body: string; status?: number; confirmation?: string }[];
  /** Deliver outgoing messages (and what they cause) until nothing is left to send. */
  deliver(): Promise<number>;
  member(symbol: string): Member;
  close(): Promise<void>;
}

export async function startConsortium(
  db: Kysely<Database>,
  symbols: readonly string[],
  options: { credentials?: boolean; clock?: ManualClock } = {},
): Promise<Consortium> {
  const clock = options.clock ?? new ManualClock('2026-11-25T09:00:00Z');
  const services = createServices(db, { clock });
  const app = await buildApp({ db, services });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  const sent: Consortium['sent'] = [];
  const recordingFetch: typeof fetch = async (input, init) => {
    const entry: Consortium['sent'][number] = { url: String(input), body: String(init?.body ?? '') };
    sent.push(entry);
    const response = await fetch(input, init);
    entry.status = response.status;
    entry.confirmation = await response.clone().text();
    return response;
  };
  const workers = createWorkers(db, {
    clock,
    requestWorkflow: services.requestWorkflow,
    fetch: recordingFetch,
    outbox: { baseBackoffMs: 1, maxBackoffMs: 10 },
  });

  const members = new Map<string, Member>();
  const unique = Math.random().toString(36).slice(2, 7).toUpperCase();
  for (const symbol of symbols) {
    const library = await insertLibrary(db, { symbol: `${symbol}-${unique}`, name: `${symbol} Library` });
    members.set(symbol, {
      library,
      staff: { kind: 'staff', principal: staffPrincipal(library.id, ['ill']) },
      partners: new Map(),
    });
  }
  const { hashSecret } = await import('../../src/auth/passwords.ts');
  for (const [symbol, member] of members) {
    for (const [otherSymbol, other] of members) {
      if (otherSymbol === symbol) continue;
      // The credential `member` sends to `other`, and that `other` expects from `member`.
      const credential = options.credentials ? `secret-${symbol}-to-${otherSymbol}` : null;
      const partner = await db
        .insertInto('partner')
        .values({
          library_id: member.library.id,
          symbol: other.library.symbol,
          name: other.library.name,
          protocol: 'iso18626',
          endpoint_url: `${base}/iso18626`,
          outbound_credential: credential,
          inbound_credential_hash: options.credentials
            ? await hashSecret(`secret-${otherSymbol}-to-${symbol}`)
            : null,
          days_to_respond: 5,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      member.partners.set(otherSymbol, partner);
    }
  }

  return {
    app,
    base,
    clock,
    services,
    workers,
    members,
    sent,
    member(symbol) {
      const found = members.get(symbol);
      if (found === undefined) throw new Error(`no member ${symbol}`);
      return found;
    },
    async deliver() {
      let total = 0;
      for (let round = 0; round < 50; round++) {
        const done = await workers.outbox.runDue();
        total += done;
        if (done === 0) return total;
      }
      throw new Error('messages kept coming after 50 rounds');
    },
    async close() {
      await app.close();
    },
  };
}
