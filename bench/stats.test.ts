import { describe, expect, it } from 'vitest';
import { percentile, perSecond, ratio, summarise } from './stats.ts';

describe('percentile', () => {
  it('is a sample that was really observed, by nearest rank', () => {
    const samples = [5, 1, 4, 2, 3];
    expect(percentile(samples, 50)).toBe(3);
    expect(percentile(samples, 80)).toBe(4);
    expect(percentile(samples, 81)).toBe(5);
    expect(percentile(samples, 100)).toBe(5);
    expect(percentile(samples, 0)).toBe(1);
  });

  it('puts the p95 of a hundred samples at the 95th smallest', () => {
    const samples = Array.from({ length: 100 }, (_, index) => 100 - index);
    expect(percentile(samples, 95)).toBe(95);
    expect(percentile(samples, 99)).toBe(99);
  });

  it('refuses no samples and percentiles outside 0–100', () => {
    expect(() => percentile([], 50)).toThrow(RangeError);
    expect(() => percentile([1], 101)).toThrow(RangeError);
    expect(() => percentile([1], Number.NaN)).toThrow(RangeError);
  });

  it('does not reorder the caller’s samples', () => {
    const samples = [3, 1, 2];
    percentile(samples, 50);
    expect(samples).toEqual([3, 1, 2]);
  });
});

describe('summarise', () => {
  it('gives the usual percentiles, the mean and the maximum', () => {
    const summary = summarise([10, 20, 30, 40]);
    expect(summary).toEqual({ count: 4, p50: 20, p95: 40, p99: 40, mean: 25, max: 40 });
  });
});

describe('ratio', () => {
  it('divides and rounds to three decimals', () => {
    expect(ratio(1, 3)).toBe(0.333);
    expect(ratio(3000, 4000)).toBe(0.75);
  });

  it('is null when there is no reference to divide by', () => {
    expect(ratio(1, 0)).toBeNull();
    expect(ratio(1, Number.NaN)).toBeNull();
    expect(ratio(Number.POSITIVE_INFINITY, 1)).toBeNull();
  });
});

describe('perSecond', () => {
  it('turns a count over milliseconds into a rate', () => {
    expect(perSecond(500, 2000)).toBe(250);
    expect(() => perSecond(1, 0)).toThrow(RangeError);
  });
});
