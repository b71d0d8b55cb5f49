/**
 * The bench's command line: `--quick`, `--json`, `--database-url`, `--clients`, `--requests`, and the
 * sizes and durations of each mode. Pure.
 */

/** How much the bench does. */
export type BenchMode = 'full' | 'quick' | 'tiny';

/** Everything a run needs to know. */
export interface BenchOptions {
  readonly mode: BenchMode;
  /** Print the JSON array instead of the table. */
  readonly json: boolean;
  /** A role with CREATEDB on an external PostgreSQL; without it an embedded PostgreSQL 18 is started. */
  readonly databaseUrl: string | undefined;
  /** Concurrent HTTP clients, and pgbench's client count: the same number on both sides. */
  readonly clients: number;
  /** Requests the generator puts in the database before the latencies are measured. */
  readonly requests: number;
  /** pgbench's scale factor (10 = one million accounts); at least the client count. */
  readonly pgbenchScale: number;
  /**
   * Each throughput figure alternates this many times between a pgbench run and an Interlend window,
   * so that a change in what else the machine is doing weighs on both sides alike.
   */
  readonly rounds: number;
  /** Each pgbench reference run (whole seconds). */
  readonly referenceSeconds: number;
  /** Each Interlend throughput window, after its warm-up. */
  readonly loadSeconds: number;
  readonly warmupSeconds: number;
  /** Samples of each latency (work-queue page, keyword search, request by id). */
  readonly latencySamples: number;
  /** Message hops between the two servers, and round trips of their reference. */
  readonly hops: number;
}

/** The sizes of each mode; `--requests` and `--clients` override theirs. */
export const MODES: Readonly<Record<BenchMode, Omit<BenchOptions, 'mode' | 'json' | 'databaseUrl'>>> = {
  full: {
    clients: 4,
    requests: 1_000_000,
    pgbenchScale: 10,
    rounds: 3,
    referenceSeconds: 6,
    loadSeconds: 8,
    warmupSeconds: 3,
    latencySamples: 400,
    hops: 100,
  },
  quick: {
    clients: 4,
    requests: 50_000,
    pgbenchScale: 10,
    rounds: 1,
    referenceSeconds: 5,
    loadSeconds: 6,
    warmupSeconds: 1,
    latencySamples: 120,
    hops: 25,
  },
  // For the harness's own end-to-end test: every phase, as small as still meaningful.
  tiny: {
    clients: 2,
    requests: 2_000,
    pgbenchScale: 2,
    rounds: 1,
    referenceSeconds: 1,
    loadSeconds: 1,
    warmupSeconds: 0.2,
    latencySamples: 10,
    hops: 3,
  },
};

/** Usage text of `npm run bench -- --help`. */
export const USAGE = `Usage: npm run bench -- [options]

Measures Interlend against what its PostgreSQL can do, in one run on one machine, and prints each
figure as a ratio to a reference measured in the same run (docs/performance.md).

Options:
  --quick              reduced run (50 000 requests, short windows), under two minutes
  --json               print a JSON array of {name, value, unit, reference, referenceValue, ratio, goal}
  --database-url URL   bench an external PostgreSQL (a role with CREATEDB; default: DATABASE_URL,
                       else an embedded PostgreSQL 18 in a temporary directory)
  --clients N          concurrent clients of Interlend and of pgbench (default 4)
  --requests N         requests to generate (default 1 000 000, 50 000 with --quick)
  --help               this text

Needs pgbench (Debian: apt-get install postgresql-client, or postgresql).`;

/** A command-line problem, with the usage to show. */
export class UsageError extends Error {
  override name = 'UsageError' as const;
}

function positiveInteger(flag: string, raw: string | undefined): number {
  if (raw === undefined || !/^\d+$/.test(raw) || Number(raw) < 1) {
    throw new UsageError(`${flag} needs a positive whole number, got ${raw ?? 'nothing'}`);
  }
  return Number(raw);
}

/**
 * Reads the arguments after `npm run bench --`. Returns null for `--help`.
 *
 * @throws UsageError for an unknown or malformed option
 */
export function parseOptions(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): BenchOptions | null {
  let mode: BenchMode = 'full';
  let json = false;
  let databaseUrl = env.DATABASE_URL?.trim() || undefined;
  let clients: number | undefined;
  let requests: number | undefined;
  for (let index = 0; index < argv.length; index++) {
    const argument = argv[index] as string;
    const [flag, inline] =
      argument.startsWith('--') && argument.includes('=')
        ? [argument.slice(0, argument.indexOf('=')), argument.slice(argument.indexOf('=') + 1)]
        : [argument, undefined];
    const value = (): string | undefined => inline ?? argv[++index];
    switch (flag) {
      case '--help':
      case '-h':
        return null;
      case '--quick':
        mode = 'quick';
        break;
      case '--tiny':
        mode = 'tiny';
        break;
      case '--json':
        json = true;
        break;
      case '--database-url': {
        const url = value();
        if (url === undefined || !/^postgres(ql)?:\/\//.test(url)) {
          throw new UsageError('--database-url needs a postgres:// URL');
        }
        databaseUrl = url;
        break;
      }
      case '--clients':
        clients = positiveInteger('--clients', value());
        break;
      case '--requests':
        requests = positiveInteger('--requests', value());
        break;
      default:
        throw new UsageError(`unknown option ${argument}`);
    }
  }
  const sizes = MODES[mode];
  const clientCount = clients ?? sizes.clients;
  return {
    ...sizes,
    mode,
    json,
    databaseUrl,
    clients: clientCount,
    requests: requests ?? sizes.requests,
    // pgbench's TPC-B updates one branch row per transaction: fewer branches than clients would
    // measure lock waits on them rather than the server.
    pgbenchScale: Math.max(sizes.pgbenchScale, clientCount),
  };
}
