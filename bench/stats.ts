/**
 * Statistics of the benchmark: percentiles of latency samples and ratios to a reference. Pure
 * functions, so that the figures the bench prints can be checked by unit tests.
 */

/** A summary of latency samples, in milliseconds. */
export interface LatencySummary {
  readonly count: number;
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
  readonly mean: number;
  readonly max: number;
}

/**
 * The `p`-th percentile (0–100) of the samples by the nearest-rank method: the smallest sample such
 * that at least p % of the samples are at or below it. Nearest rank never invents a value between two
 * samples, so a reported p95 is a latency that was really observed.
 *
 * @throws RangeError for no samples or a percentile outside 0–100
 */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) throw new RangeError('no samples');
  if (!(p >= 0 && p <= 100)) throw new RangeError(`percentile ${p} is outside 0–100`);
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1] as number;
}

/** The usual percentiles, mean and maximum of latency samples. */
export function summarise(samples: readonly number[]): LatencySummary {
  if (samples.length === 0) throw new RangeError('no samples');
  const total = samples.reduce((sum, value) => sum + value, 0);
  return {
    count: samples.length,
    p50: percentile(samples, 50),
    p95: percentile(samples, 95),
    p99: percentile(samples, 99),
    mean: total / samples.length,
    max: Math.max(...samples),
  };
}

/** `value / reference`, rounded to three decimals; null when the reference is not a positive number. */
export function ratio(value: number, reference: number): number | null {
  if (!(reference > 0) || !Number.isFinite(value)) return null;
  return Math.round((value / reference) * 1000) / 1000;
}

/** Operations per second of `count` operations done in `milliseconds`. */
export function perSecond(count: number, milliseconds: number): number {
  if (!(milliseconds > 0)) throw new RangeError('the duration must be positive');
  return (count * 1000) / milliseconds;
}
