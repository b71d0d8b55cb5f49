/**
 * One bench run, start to end: a PostgreSQL (embedded, or the one given), pgbench's scratch database
 * next to Interlend's, a million generated requests, two Interlend server processes and the bench's own
 * ISO 18626 peer; then each measurement right after its reference, on the same server, at the same
 * client count; then everything stopped and removed again.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import { createDatabase } from '../src/db/database.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import type { Database } from '../src/db/schema.ts';
import { VERSION } from '../src/version.ts';
import { BENCH_PEER, HOP_PEER, pointPartnerAt, seedConsortium, seedHopPeer } from './consortium.ts';
import type { BenchConsortium } from './consortium.ts';
import { generateRequests } from './generator.ts';
import type { GeneratedData } from './generator.ts';
import { HttpClient, StaffSession } from './http.ts';
import { startPeerEndpoint } from './iso-peer.ts';
import type { PeerEndpoint } from './iso-peer.ts';
import type { BenchOptions } from './options.ts';
import { Pgbench, findPgbench } from './pgbench.ts';
import { ACTION_SEQUENCE, ActionWorkload } from './phase-actions.ts';
import { measureHealth, measureHops } from './phase-hop.ts';
import { InboundWorkload } from './phase-inbound.ts';
import { measureLatencies } from './phase-latency.ts';
import type { SearchSample } from './phase-latency.ts';
import { runLoad } from './load.ts';
import type { Operation } from './load.ts';
import { openPostgres } from './postgres.ts';
import type { BenchPostgres } from './postgres.ts';
import type { Figure } from './report.ts';
import { MemorySampler, residentMemory, startInterlend } from './server.ts';
import type { ServerProcess } from './server.ts';
import { perSecond, ratio, summarise } from './stats.ts';
import {
  cpuOfProcess,
  cpuOfProcessTree,
  cpuOfReapedChildren,
  cpuOfSelf,
  parentOf,
  perOperation,
} from './cpu.ts';

/** Where and on what the run was made. */
export interface RunContext {
  readonly mode: BenchOptions['mode'];
  readonly interlend: string;
  readonly node: string;
  readonly machine: string;
  readonly postgres: string;
  readonly pgbench: string;
  readonly clients: number;
  /** Requests in the measured database when the latencies were taken. */
  readonly requestsInDatabase: number;
  readonly generated: GeneratedData;
  readonly startedAt: string;
  readonly totalSeconds: number;
}

/** A finished run. */
export interface BenchResult {
  readonly context: RunContext;
  readonly figures: readonly Figure[];
}

/** Everything a run opened, closed in reverse order whatever happens. */
class Cleanup {
  private readonly steps: { name: string; close: () => Promise<unknown> | unknown }[] = [];

  constructor(private readonly log: (line: string) => void) {}

  add(name: string, close: () => Promise<unknown> | unknown): void {
    this.steps.push({ name, close });
  }

  async run(): Promise<void> {
    for (const { name, close } of this.steps.splice(0).reverse()) {
      const started = Date.now();
      try {
        await close();
      } catch (error) {
        // Keep closing the rest; a failed close must not hide the run's own error.
        this.log(`could not close ${name}: ${(error as Error).message.split('\n')[0]}`);
      }
      if (Date.now() - started > 2_000)
        this.log(`closing ${name} took ${Math.round((Date.now() - started) / 1000)} s`);
    }
  }
}

const MIB = 1024;

function machineDescription(): string {
  const cpus = os.cpus();
  return `${os.availableParallelism()} cores (${cpus[0]?.model.trim() ?? 'unknown CPU'}), ${Math.round(
    os.totalmem() / 1024 ** 3,
  )} GiB RAM, ${os.type()} ${os.release()}`;
}

/** Every request of each library that BENCH-PEER sent and nobody answered yet, oldest first. */
async function unansweredRequests(db: Kysely<Database>, consortium: BenchConsortium): Promise<string[][]> {
  const rows = await db
    .selectFrom('request')
    .select(['id', 'library_id'])
    .where('role', '=', 'lending')
    .where(
      'partner_id',
      'in',
      consortium.libraries.map((library) => library.benchPeerPartnerId),
    )
    .where('current_state', '=', 'in_process')
    .where('lender_answered', '=', false)
    .orderBy('number')
    .execute();
  return consortium.libraries.map((library) =>
    rows.filter((row) => row.library_id === library.id).map((row) => row.id),
  );
}

/** Waits until the outbox is empty, bounded; returns how long that took in ms, or null on time-out. */
async function outboxDrained(
  db: Kysely<Database>,
  timeoutMs: number,
): Promise<{ ms: number | null; backlog: number }> {
  const started = Date.now();
  const count = async () =>
    Number(
      (
        await db
          .selectFrom('outbox_message')
          .select((eb) => eb.fn.countAll<string>().as('count'))
          .where('status', 'in', ['pending', 'failed'])
          .executeTakeFirstOrThrow()
      ).count,
    );
  const backlog = await count();
  for (;;) {
    if ((await count()) === 0) return { ms: Date.now() - started, backlog };
    if (Date.now() - started > timeoutMs) return { ms: null, backlog };
    await delay(200);
  }
}

/** A throughput window against its pgbench reference, over one or more rounds. */
interface Throughput {
  readonly rate: number;
  readonly tps: number;
  readonly operations: number;
  readonly milliseconds: number;
  readonly latencies: readonly number[];
  readonly exhausted: boolean;
  /** Each round's Interlend rate and pgbench TPS. */
  readonly rounds: readonly { rate: number; tps: number }[];
  /** Where the CPU went, on each side, over all rounds. */
  readonly cpu: CpuAccount;
}

/** CPU milliseconds on each side of a throughput comparison, and the operations they served. */
interface CpuAccount {
  readonly reference: { transactions: number; postgresMs: number; pgbenchMs: number };
  readonly interlend: { operations: number; postgresMs: number; serverMs: number; clientMs: number };
}

/** Where each operation's CPU went, e.g. for a figure's detail. */
function describeCpu(cpu: CpuAccount, operation: string, postgresHere: boolean): string {
  const { reference, interlend } = cpu;
  if (!postgresHere)
    return ` CPU per ${operation}: Interlend server ${perOperation(interlend.serverMs, interlend.operations)} ms (PostgreSQL runs on another machine).`;
  return (
    ` CPU per ${operation}: Interlend server ${perOperation(interlend.serverMs, interlend.operations)} ms, ` +
    `PostgreSQL ${perOperation(interlend.postgresMs, interlend.operations)} ms, ` +
    `load client ${perOperation(interlend.clientMs, interlend.operations)} ms; ` +
    `per TPC-B transaction: PostgreSQL ${perOperation(reference.postgresMs, reference.transactions)} ms, ` +
    `pgbench ${perOperation(reference.pgbenchMs, reference.transactions)} ms.`
  );
}

/**
 * Alternates pgbench runs and Interlend windows, `options.rounds` times, and adds them up: the rate
 * over all windows, and the mean TPS of the pgbench runs.
 */
async function alternate(
  options: BenchOptions,
  pgbench: Pgbench,
  pids: { server: number; postmaster: number | undefined },
  operation: Operation,
  maxOperations: () => number,
  log: (line: string) => void,
  what: string,
): Promise<Throughput> {
  const rounds: { rate: number; tps: number }[] = [];
  const latencies: number[] = [];
  let operations = 0;
  let milliseconds = 0;
  let exhausted = false;
  const cpu = {
    reference: { transactions: 0, postgresMs: 0, pgbenchMs: 0 },
    interlend: { operations: 0, postgresMs: 0, serverMs: 0, clientMs: 0 },
  };
  for (let round = 0; round < options.rounds && !exhausted; round++) {
    const label = options.rounds > 1 ? ` (round ${round + 1} of ${options.rounds})` : '';
    log(`pgbench, ${options.clients} clients, ${options.referenceSeconds} s${label}…`);
    const postgresCpu = () => (pids.postmaster === undefined ? 0 : (cpuOfProcessTree(pids.postmaster) ?? 0));
    const [postgresBefore, pgbenchBefore] = [postgresCpu(), cpuOfReapedChildren()];
    const reference = await pgbench.run(options.clients, options.referenceSeconds);
    cpu.reference.postgresMs += postgresCpu() - postgresBefore;
    cpu.reference.pgbenchMs += cpuOfReapedChildren() - pgbenchBefore;
    cpu.reference.transactions += reference.transactions ?? reference.tps * options.referenceSeconds;
    log(`${what}, ${options.clients} clients, ${options.loadSeconds} s${label}…`);
    let opened = { postgres: 0, server: 0, client: 0 };
    const load = await runLoad({
      clients: options.clients,
      // The server warms up in the first round; later rounds only settle after pgbench.
      warmupSeconds: round === 0 ? options.warmupSeconds : Math.min(1, options.warmupSeconds),
      seconds: options.loadSeconds,
      maxOperations: maxOperations(),
      operation,
      onWindowOpen: () => {
        opened = {
          postgres: postgresCpu(),
          server: cpuOfProcess(pids.server) ?? 0,
          client: cpuOfSelf(),
        };
      },
    });
    cpu.interlend.postgresMs += postgresCpu() - opened.postgres;
    cpu.interlend.serverMs += (cpuOfProcess(pids.server) ?? 0) - opened.server;
    cpu.interlend.clientMs += cpuOfSelf() - opened.client;
    cpu.interlend.operations += load.operationsSinceOpen;
    rounds.push({ rate: perSecond(load.operations, load.milliseconds), tps: reference.tps });
    latencies.push(...load.latencies);
    operations += load.operations;
    milliseconds += load.milliseconds;
    exhausted = load.exhausted;
  }
  return {
    rate: perSecond(operations, milliseconds),
    tps: rounds.reduce((sum, round) => sum + round.tps, 0) / rounds.length,
    operations,
    milliseconds,
    latencies,
    exhausted,
    rounds,
    cpu,
  };
}

function describeRounds(throughput: Throughput): string {
  if (throughput.rounds.length < 2) return '';
  return ` Rounds (Interlend/pgbench): ${throughput.rounds
    .map((round) => `${round.rate.toFixed(0)}/${round.tps.toFixed(0)}`)
    .join(', ')}.`;
}

/** Runs the whole bench. `log` receives progress lines (the CLI writes them to stderr). */
export async function runBench(
  options: BenchOptions,
  log: (line: string) => void,
  signal?: AbortSignal,
): Promise<BenchResult> {
  const startedAt = new Date();
  const cleanup = new Cleanup(log);
  // Interrupted: close everything now (the servers, PostgreSQL, the temporary files), then leave.
  signal?.addEventListener('abort', () => {
    void cleanup.run().finally(() => process.exit(130));
  });
  const pgbenchBinary = findPgbench();
  const tempDir = await fs.mkdtemp(path.join(os.tmpdir(), 'interlend-bench-'));
  cleanup.add('the temporary directory', () => fs.rm(tempDir, { recursive: true, force: true }));
  // The embedded PostgreSQL runs as the postgres user when we are root: let it in.
  await fs.chmod(tempDir, 0o755);
  try {
    log(options.databaseUrl === undefined ? 'starting an embedded PostgreSQL…' : 'connecting to PostgreSQL…');
    const postgres: BenchPostgres = await openPostgres({
      dataDir: path.join(tempDir, 'postgres-data'),
      ...(options.databaseUrl !== undefined ? { adminUrl: options.databaseUrl } : {}),
    });
    cleanup.add('PostgreSQL', () => postgres.close());
    const mainName = await postgres.createDatabase('interlend_bench_main');
    const hopName = await postgres.createDatabase('interlend_bench_hop');
    const pgbenchName = await postgres.createDatabase('interlend_bench_pgbench');
    const main = createDatabase(postgres.urlOf(mainName), { maxConnections: 4 });
    const hop = createDatabase(postgres.urlOf(hopName), { maxConnections: 2 });
    cleanup.add('the main database pool', () => main.destroy());
    cleanup.add('the hop database pool', () => hop.destroy());
    await migrateToLatest(main);
    await migrateToLatest(hop);
    const consortium = await seedConsortium(main);
    const first = consortium.libraries[0];
    if (first === undefined) throw new Error('no library was seeded');
    await seedHopPeer(hop, first.symbol, first.name);

    const pgbench = new Pgbench(pgbenchBinary, postgres.urlOf(pgbenchName));
    const pgbenchVersion = await pgbench.version();
    log(
      `generating ${options.requests.toLocaleString('en')} requests; pgbench -i -s ${options.pgbenchScale}…`,
    );
    const [generated] = await Promise.all([
      generateRequests(postgres.urlOf(mainName), { requests: options.requests, now: new Date(), log }),
      pgbench.initialise(options.pgbenchScale),
    ]);
    log(
      `generated in ${Math.round((generated.timings.loadMs + generated.timings.indexMs + generated.timings.vacuumMs) / 1000)} s ` +
        `(rows ${Math.round(generated.timings.loadMs / 1000)} s, indexes ${Math.round(generated.timings.indexMs / 1000)} s, ` +
        `vacuum ${Math.round(generated.timings.vacuumMs / 1000)} s)`,
    );

    const peer: PeerEndpoint = await startPeerEndpoint();
    cleanup.add('the bench peer', () => peer.close());
    await pointPartnerAt(main, BENCH_PEER, peer.url);
    log('starting two Interlend servers…');
    const [serverA, serverB]: ServerProcess[] = await Promise.all([
      startInterlend(postgres.urlOf(mainName), path.join(tempDir, 'server-a')),
      startInterlend(postgres.urlOf(hopName), path.join(tempDir, 'server-b')),
    ]);
    cleanup.add('server A', () => serverA?.stop('SIGTERM'));
    cleanup.add('server B', () => serverB?.stop('SIGTERM'));
    if (serverA === undefined || serverB === undefined || serverA.child.pid === undefined) {
      throw new Error('a server did not start');
    }
    await pointPartnerAt(main, HOP_PEER, `${serverB.baseUrl}/iso18626`);
    await pointPartnerAt(hop, first.symbol, `${serverA.baseUrl}/iso18626`);

    const http = new HttpClient(serverA.baseUrl, options.clients + 1);
    cleanup.add('the HTTP client', () => http.close());
    const sessions: StaffSession[] = [];
    for (const library of consortium.libraries) {
      sessions.push(await StaffSession.login(http, library.username, library.password));
    }
    // Idle: started, logged in, nothing asked yet.
    await delay(1_000);
    const idle = residentMemory(serverA.child.pid);
    if (idle === undefined) throw new Error('cannot read the server’s memory from /proc');
    const memory = new MemorySampler(serverA.child.pid);
    memory.start();
    const figures: Figure[] = [];
    const pgbenchReference = (throughput: Throughput) => ({
      reference: `pgbench TPC-B TPS, ${options.clients} clients`,
      referenceValue: throughput.tps,
      referenceUnit: 'TPS',
      ratio: ratio(throughput.rate, throughput.tps),
    });

    // ISO 18626 messages received.
    // PostgreSQL's processes are the postmaster and its children (found from a backend of ours), when
    // it runs on this machine; a remote server's CPU cannot be read.
    const { rows: backend } = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(main);
    const postmaster = backend[0] === undefined ? undefined : parentOf(backend[0].pid);
    const pids = { server: serverA.child.pid, postmaster };
    const inbound = await alternate(
      options,
      pgbench,
      pids,
      new InboundWorkload({
        http,
        sender: BENCH_PEER,
        libraries: consortium.libraries.map((library) => library.symbol),
        runId: `BENCH-${randomBytes(3).toString('hex')}`,
      }).operation,
      () => 10_000_000,
      log,
      'ISO 18626 requests',
    );
    const inboundLatency = summarise(inbound.latencies);
    figures.push({
      name: 'ISO 18626 messages received',
      value: inbound.rate,
      unit: 'msg/s',
      ...pgbenchReference(inbound),
      goal: { op: '>=', value: 0.5 },
      detail: `${inbound.operations} Request messages in ${(inbound.milliseconds / 1000).toFixed(1)} s from ${options.clients} clients, each parsed, routed, recorded as a lending request through the engine and confirmed; p50 ${inboundLatency.p50.toFixed(1)} ms, p95 ${inboundLatency.p95.toFixed(1)} ms.${describeRounds(inbound)}${describeCpu(inbound.cpu, 'message', postmaster !== undefined)}`,
    });

    // Durable staff actions.
    const workload = new ActionWorkload(sessions, await unansweredRequests(main, consortium));
    const actions = await alternate(
      options,
      pgbench,
      pids,
      workload.operation,
      () => workload.remaining(),
      log,
      'staff actions',
    );
    const drained = await outboxDrained(main, 120_000);
    const actionLatency = summarise(actions.latencies);
    figures.push({
      name: 'Durable staff actions over HTTP',
      value: actions.rate,
      unit: 'actions/s',
      ...pgbenchReference(actions),
      goal: { op: '>=', value: 0.75 },
      detail:
        `${actions.operations} actions (${ACTION_SEQUENCE.join(', ')}) in ${(actions.milliseconds / 1000).toFixed(1)} s ` +
        `from ${options.clients} staff sessions, each committed with its history and outbox rows and answered with the request page; ` +
        `p50 ${actionLatency.p50.toFixed(1)} ms, p95 ${actionLatency.p95.toFixed(1)} ms` +
        `${actions.exhausted ? '; the requests to act on ran out before the window closed' : ''}. ` +
        `The outbox worker delivered the messages meanwhile: ${drained.backlog} were still waiting when the window closed, ` +
        (drained.ms === null
          ? 'and not all were delivered within 120 s.'
          : `all delivered ${(drained.ms / 1000).toFixed(1)} s later.`) +
        describeRounds(actions) +
        describeCpu(actions.cpu, 'action', postmaster !== undefined),
    });

    // Latencies on the full dataset.
    const { count: inDatabase } = await main
      .selectFrom('request')
      .select((eb) => eb.fn.countAll<string>().as('count'))
      .executeTakeFirstOrThrow();
    const sampleRows = await main
      .selectFrom('request')
      .select(['id', 'title', 'article_title', 'author', 'number', 'isbn'])
      .where('library_id', '=', first.id)
      // A random sample over all the library's requests, the same in every run.
      .orderBy(sql`hashint8extended(number, 7)`)
      .limit(Math.max(200, options.latencySamples * 2))
      .execute();
    const searches: SearchSample[] = sampleRows.map((row) => ({
      title: row.article_title ?? row.title,
      author: row.author,
      number: String(row.number),
      isbn: row.isbn,
    }));
    log(
      `latencies: ${options.latencySamples} rounds of by id, work queue, keyword search and its count, browse, dashboard…`,
    );
    const latencies = await measureLatencies({
      session: sessions[0] as StaffSession,
      requestIds: sampleRows.map((row) => row.id),
      searches,
      samples: options.latencySamples,
      warmup: Math.min(25, options.latencySamples),
    });
    const byId = summarise(latencies.byId);
    const queue = summarise(latencies.queue);
    const search = summarise(latencies.search);
    const browse = summarise(latencies.browse);
    const dashboard = summarise(latencies.dashboard);
    const searchCount = summarise(latencies.searchCount);
    const dataset =
      `${Number(inDatabase).toLocaleString('en')} requests in the database` +
      (options.mode === 'full' ? '' : ' (a reduced dataset: --quick)');
    const byIdReference = {
      reference: 'p95 of one request by id',
      referenceValue: byId.p95,
      referenceUnit: 'ms',
    };
    figures.push({
      name: 'Work-queue page p95',
      value: queue.p95,
      unit: 'ms',
      ...byIdReference,
      ratio: ratio(queue.p95, byId.p95),
      goal: { op: '<=', value: 3 },
      detail: `${queue.count} first pages (50 rows, as the staff list asks for them; its count follows apart) of the ${first.symbol} work queues in turn, one client, ${dataset}; p50 ${queue.p50.toFixed(1)} ms, max ${queue.max.toFixed(1)} ms; by id p50 ${byId.p50.toFixed(1)} ms.`,
    });
    figures.push({
      name: 'Keyword search p95',
      value: search.p95,
      unit: 'ms',
      ...byIdReference,
      ratio: ratio(search.p95, byId.p95),
      goal: { op: '<=', value: 3 },
      detail: `${search.count} searches (title words, two words, surnames, ISBNs, request numbers of existing requests), first page of 50 (the count follows apart), one client, ${dataset}; p50 ${search.p50.toFixed(1)} ms, max ${search.max.toFixed(1)} ms; p95 by kind: ${Object.entries(
        latencies.searchByKind,
      )
        .map(([kind, samples]) => `${kind} ${summarise(samples).p95.toFixed(1)} ms`)
        .join(', ')}.`,
    });
    figures.push({
      name: 'Request list sorted, filtered, paged p95',
      value: browse.p95,
      unit: 'ms',
      ...byIdReference,
      ratio: ratio(browse.p95, byId.p95),
      goal: { op: '<=', value: 3 },
      detail: `${browse.count} list pages as staff browse: sorted by title, status or due date, filtered by state and type, and a work queue's next page, each 50 rows, one client, ${dataset}; p50 ${browse.p50.toFixed(1)} ms, max ${browse.max.toFixed(1)} ms.`,
    });
    figures.push({
      name: 'Count of a keyword search p95',
      value: searchCount.p95,
      unit: 'ms',
      ...byIdReference,
      ratio: ratio(searchCount.p95, byId.p95),
      goal: null,
      detail: `${searchCount.count} counts of the same searches' matches (exact up to 10 000), which the staff list shows once they come, after its rows; one client, ${dataset}; p50 ${searchCount.p50.toFixed(1)} ms, max ${searchCount.max.toFixed(1)} ms.`,
    });
    figures.push({
      name: 'Dashboard (every work queue counted) p95',
      value: dashboard.p95,
      unit: 'ms',
      ...byIdReference,
      ratio: ratio(dashboard.p95, byId.p95),
      goal: { op: '<=', value: 3 },
      detail: `${dashboard.count} GET /api/queues: each of the library's borrowing and lending work queues with its count, one client, ${dataset}; p50 ${dashboard.p50.toFixed(1)} ms, max ${dashboard.max.toFixed(1)} ms.`,
    });

    // One message hop between the two servers.
    log(`message hops: ${options.hops}…`);
    const hopClient = new HttpClient(serverB.baseUrl, 1);
    cleanup.add('the HTTP client of server B', () => hopClient.close());
    const health = summarise(await measureHealth(hopClient, options.hops * 4, 10));
    const hopTimes = summarise(
      await measureHops({
        session: sessions[0] as StaffSession,
        partnerId: consortium.hopPartnerId,
        sender: main,
        receiver: hop,
        hops: options.hops,
        warmup: 2,
      }),
    );
    figures.push({
      name: 'Message hop between two servers p50',
      value: hopTimes.p50,
      unit: 'ms',
      reference: 'p50 of a GET /health round trip',
      referenceValue: health.p50,
      referenceUnit: 'ms',
      ratio: ratio(hopTimes.p50, health.p50),
      goal: null,
      detail: `${hopTimes.count} ISO 18626 Requests from ${first.symbol} (server A) to ${HOP_PEER} (server B, its own database), from A deciding to send to B recording it, by the two servers' own history times; p95 ${hopTimes.p95.toFixed(1)} ms. /health runs one SELECT 1.`,
    });

    const peak = memory.stop();
    figures.push({
      name: 'Peak RSS of the server under load',
      value: peak.sampledPeakKiB / MIB,
      unit: 'MiB',
      reference: 'RSS at idle after start',
      referenceValue: idle.rssKiB / MIB,
      referenceUnit: 'MiB',
      ratio: ratio(peak.sampledPeakKiB, idle.rssKiB),
      goal: null,
      detail: `server A's VmRSS sampled every 100 ms through all the loads above (the kernel's VmHWM, which includes start-up: ${(peak.peakKiB / MIB).toFixed(0)} MiB).`,
    });

    return {
      figures,
      context: {
        mode: options.mode,
        interlend: VERSION,
        node: process.version,
        machine: machineDescription(),
        postgres: postgres.label,
        pgbench: pgbenchVersion,
        clients: options.clients,
        requestsInDatabase: Number(inDatabase),
        generated,
        startedAt: startedAt.toISOString(),
        totalSeconds: Math.round((Date.now() - startedAt.getTime()) / 1000),
      },
    };
  } finally {
    log('stopping…');
    await cleanup.run();
  }
}
