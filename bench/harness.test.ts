/**
 * The whole bench, end to end, in its tiny mode: every phase against the test run's embedded
 * PostgreSQL, two real server processes, pgbench. Needs pgbench (CI installs Debian's PostgreSQL);
 * without it the test is skipped, except under CI=true where that fails.
 */
import { describe, expect, inject, it } from 'vitest';
import { runBench } from './harness.ts';
import { parseOptions } from './options.ts';
import { findPgbench } from './pgbench.ts';
import { toJson } from './report.ts';

function pgbenchAvailable(): boolean {
  try {
    findPgbench();
    return true;
  } catch {
    return false;
  }
}

const available = pgbenchAvailable() || process.env.CI === 'true';

describe.runIf(available)('npm run bench', () => {
  it('measures every figure against its reference, in a tiny run', { timeout: 180_000 }, async () => {
    const options = parseOptions(['--tiny', '--database-url', inject('embeddedAdminUrl')], {});
    if (options === null) throw new Error('no options');
    const lines: string[] = [];
    const result = await runBench(options, (line) => lines.push(line));

    expect(result.figures.map((figure) => figure.name)).toEqual([
      'ISO 18626 messages received',
      'Durable staff actions over HTTP',
      'Work-queue page p95',
      'Keyword search p95',
      'Request list sorted, filtered, paged p95',
      'Count of a keyword search p95',
      'Dashboard (every work queue counted) p95',
      'Message hop between two servers p50',
      'Peak RSS of the server under load',
    ]);
    for (const figure of result.figures) {
      expect(figure.value, figure.name).toBeGreaterThan(0);
      expect(figure.referenceValue, figure.name).toBeGreaterThan(0);
      expect(figure.ratio, figure.name).toBeGreaterThan(0);
    }
    expect(result.context.generated.requests).toBe(options.requests);
    // The inbound phase's requests came on top of the generated ones.
    expect(result.context.requestsInDatabase).toBeGreaterThan(options.requests);
    expect(toJson(result.figures).map((figure) => figure.goal)).toEqual([
      '>= 0.5',
      '>= 0.75',
      '<= 3',
      '<= 3',
      '<= 3',
      null,
      '<= 3',
      null,
      null,
    ]);
    expect(lines.at(-1)).toBe('stopping…');
  });
});
