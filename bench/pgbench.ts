/**
 * pgbench, the reference of the throughput figures: its TPC-B-like transaction (three updates, a
 * select and an insert, committed durably) at the same client count, on the same PostgreSQL, in a
 * scratch database of its own.
 */
import { execFile } from 'node:child_process';
import { accessSync, constants, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** pgbench could not be found. */
export class PgbenchMissingError extends Error {
  override name = 'PgbenchMissingError' as const;
  constructor() {
    super(
      'pgbench was not found on PATH nor under /usr/lib/postgresql/*/bin. The bench measures Interlend ' +
        'against pgbench on the same PostgreSQL; install it with Debian’s postgresql-client (or ' +
        'postgresql) package: apt-get install postgresql-client',
    );
  }
}

function executable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * The pgbench to use: the first on PATH, else the newest Debian one under /usr/lib/postgresql.
 *
 * @throws PgbenchMissingError when there is none
 */
export function findPgbench(env: Readonly<Record<string, string | undefined>> = process.env): string {
  for (const directory of (env.PATH ?? '').split(path.delimiter)) {
    if (directory !== '' && executable(path.join(directory, 'pgbench')))
      return path.join(directory, 'pgbench');
  }
  let versions: string[] = [];
  try {
    versions = readdirSync('/usr/lib/postgresql').filter((name) => /^\d+$/.test(name));
  } catch {
    // no Debian PostgreSQL packages
  }
  for (const version of versions.sort((a, b) => Number(b) - Number(a))) {
    const candidate = `/usr/lib/postgresql/${version}/bin/pgbench`;
    if (executable(candidate)) return candidate;
  }
  throw new PgbenchMissingError();
}

/** libpq's environment for a postgres:// URL, so that no password appears on a command line. */
export function libpqEnvironment(url: string): Record<string, string> {
  const parsed = new URL(url);
  return {
    PGHOST: parsed.hostname,
    PGPORT: parsed.port === '' ? '5432' : parsed.port,
    PGUSER: decodeURIComponent(parsed.username),
    PGPASSWORD: decodeURIComponent(parsed.password),
    PGDATABASE: decodeURIComponent(parsed.pathname.slice(1)),
    PGSSLMODE: parsed.searchParams.get('sslmode') ?? 'prefer',
  };
}

/** What one pgbench run reports. */
export interface PgbenchResult {
  /** Transactions per second, without the initial connection time. */
  readonly tps: number;
  readonly latencyMs: number | null;
  readonly transactions: number | null;
  readonly version: string | null;
}

/**
 * Reads pgbench's summary. pgbench 14 and later print `tps = … (without initial connection time)`,
 * older ones `tps = … (excluding connections establishing)`.
 *
 * @throws Error when the output has no such line
 */
export function parsePgbenchOutput(output: string): PgbenchResult {
  const tps =
    /^tps = ([\d.]+) \((?:without initial connection time|excluding connections establishing)\)/m.exec(
      output,
    );
  if (tps?.[1] === undefined) throw new Error(`pgbench printed no tps line:\n${output}`);
  const latency = /^latency average = ([\d.]+) ms/m.exec(output);
  const transactions = /^number of transactions actually processed: (\d+)/m.exec(output);
  const version = /^pgbench \(PostgreSQL\) ([\d.]+)|^pgbench \(([\d.]+)/m.exec(output);
  return {
    tps: Number(tps[1]),
    latencyMs: latency?.[1] === undefined ? null : Number(latency[1]),
    transactions: transactions?.[1] === undefined ? null : Number(transactions[1]),
    version: version?.[1] ?? version?.[2] ?? null,
  };
}

/** pgbench on one scratch database. */
export class Pgbench {
  constructor(
    private readonly binary: string,
    /** URL of the scratch database. */
    private readonly url: string,
  ) {}

  /** `pgbench --version`. */
  async version(): Promise<string> {
    const { stdout } = await run(this.binary, ['--version']);
    return stdout.trim();
  }

  /** Create and fill its tables (`pgbench -i`) at this scale factor. */
  async initialise(scale: number): Promise<void> {
    await run(this.binary, ['-i', '-q', '-s', String(scale)], {
      env: { ...process.env, ...libpqEnvironment(this.url) },
      maxBuffer: 16 * 1024 * 1024,
    });
  }

  /**
   * The default TPC-B-like script for `seconds`, with `clients` connections and as many threads as
   * there are cores (at most one per client).
   */
  async run(clients: number, seconds: number): Promise<PgbenchResult> {
    const threads = Math.max(1, Math.min(clients, os.availableParallelism()));
    const { stdout } = await run(
      this.binary,
      ['-c', String(clients), '-j', String(threads), '-T', String(Math.max(1, Math.round(seconds)))],
      {
        env: { ...process.env, ...libpqEnvironment(this.url) },
        maxBuffer: 16 * 1024 * 1024,
        timeout: (seconds + 120) * 1000,
      },
    );
    return parsePgbenchOutput(stdout);
  }
}
