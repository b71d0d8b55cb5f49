import { describe, expect, it } from 'vitest';
import { libpqEnvironment, parsePgbenchOutput } from './pgbench.ts';

const PGBENCH_15 = `pgbench (15.18 (Debian 15.18-0+deb12u1), server 18.4)
starting vacuum...end.
transaction type: <builtin: TPC-B (sort of)>
scaling factor: 10
query mode: simple
number of clients: 4
number of threads: 2
maximum number of tries: 1
duration: 8 s
number of transactions actually processed: 14580
number of failed transactions: 0 (0.000%)
latency average = 2.188 ms
initial connection time = 6.671 ms
tps = 1827.766939 (without initial connection time)
`;

describe('pgbench output', () => {
  it('gives the TPS without connection time, the latency and the transactions', () => {
    expect(parsePgbenchOutput(PGBENCH_15)).toEqual({
      tps: 1827.766939,
      latencyMs: 2.188,
      transactions: 14580,
      version: '15.18',
    });
  });

  it('reads the older wording too', () => {
    const old =
      'tps = 612.5 (including connections establishing)\ntps = 615.25 (excluding connections establishing)\n';
    expect(parsePgbenchOutput(old).tps).toBe(615.25);
  });

  it('fails without a TPS line', () => {
    expect(() => parsePgbenchOutput('connection to server failed')).toThrow(/no tps line/);
  });
});

describe('libpq environment', () => {
  it('carries the URL’s parts, the password out of the command line', () => {
    expect(libpqEnvironment('postgres://bench%20user:p%40ss@127.0.0.1:5433/interlend_bench')).toEqual({
      PGHOST: '127.0.0.1',
      PGPORT: '5433',
      PGUSER: 'bench user',
      PGPASSWORD: 'p@ss',
      PGDATABASE: 'interlend_bench',
      PGSSLMODE: 'prefer',
    });
  });
});
