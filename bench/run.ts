/**
 * `npm run bench`: measures Interlend against what its PostgreSQL can do, and prints each figure as a
 * ratio to a reference measured in the same run (a table, or `--json`). Progress goes to stderr.
 * See docs/performance.md.
 */
import { runBench } from './harness.ts';
import type { RunContext } from './harness.ts';
import { USAGE, UsageError, parseOptions } from './options.ts';
import type { BenchOptions } from './options.ts';
import { PgbenchMissingError } from './pgbench.ts';
import { formatTable, meetsGoal, toJson } from './report.ts';

function describe(context: RunContext): string {
  const generated = context.generated;
  const seconds = (generated.timings.loadMs + generated.timings.indexMs + generated.timings.vacuumMs) / 1000;
  return [
    `Interlend ${context.interlend} bench (${context.mode}), ${context.startedAt}, ${context.totalSeconds} s`,
    `Machine:   ${context.machine}; Node ${context.node}`,
    `Database:  ${context.postgres}; ${context.pgbench}; ${context.clients} clients on each side`,
    `Dataset:   ${context.requestsInDatabase.toLocaleString('en')} requests when the latencies were taken ` +
      `(${generated.requests.toLocaleString('en')} generated with ${generated.transactions.toLocaleString('en')} transactions, ` +
      `${generated.history.toLocaleString('en')} history rows and ${generated.patrons.toLocaleString('en')} patrons in ${seconds.toFixed(0)} s)`,
  ].join('\n');
}

async function main(argv: readonly string[], signal: AbortSignal): Promise<number> {
  let options: BenchOptions | null;
  try {
    options = parseOptions(argv, process.env);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`${error.message}\n\n${USAGE}`);
    return 2;
  }
  if (options === null) {
    console.log(USAGE);
    return 0;
  }
  const started = Date.now();
  const log = (line: string) =>
    console.error(`[bench ${String(Math.round((Date.now() - started) / 1000)).padStart(4)} s] ${line}`);
  try {
    const result = await runBench(options, log, signal);
    if (options.json) {
      console.log(JSON.stringify(toJson(result.figures), null, 2));
    } else {
      console.log(`\n${describe(result.context)}\n\n${formatTable(result.figures)}`);
    }
    const missed = result.figures.filter((figure) => meetsGoal(figure.ratio, figure.goal) === false);
    if (missed.length > 0) log(`goals not met: ${missed.map((figure) => figure.name).join(', ')}`);
    return 0;
  } catch (error) {
    if (error instanceof PgbenchMissingError) {
      console.error(error.message);
      return 3;
    }
    console.error(error);
    return 1;
  }
}

// Ctrl+C or SIGTERM: the run closes what it opened (servers, PostgreSQL, temporary files) and
// exits; a second signal leaves at once.
const interrupt = new AbortController();
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (interrupt.signal.aborted) process.exit(130);
    console.error(`${signal}: stopping the bench…`);
    interrupt.abort();
  });
}

// Exit as soon as the report is out: helpers' bounded waits (such as a 30 s stop timeout that lost
// its race) need not hold the process.
process.exit(await main(process.argv.slice(2), interrupt.signal));
