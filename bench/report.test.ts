import { describe, expect, it } from 'vitest';
import { formatTable, goalText, meetsGoal, round, toJson } from './report.ts';
import type { Figure } from './report.ts';

const throughput: Figure = {
  name: 'Durable staff actions over HTTP',
  value: 1234.5678,
  unit: 'actions/s',
  reference: 'pgbench TPC-B TPS, 4 clients',
  referenceValue: 4142.25,
  referenceUnit: 'TPS',
  ratio: 0.298,
  goal: { op: '>=', value: 0.75 },
  detail: '3000 actions in 20 s.',
};
const latency: Figure = {
  name: 'Work-queue page p95',
  value: 7.25,
  unit: 'ms',
  reference: 'p95 of one request by id',
  referenceValue: 5,
  referenceUnit: 'ms',
  ratio: 1.45,
  goal: { op: '<=', value: 3 },
};
const memory: Figure = {
  name: 'Peak RSS',
  value: 300,
  unit: 'MiB',
  reference: 'RSS at idle',
  referenceValue: 200,
  referenceUnit: 'MiB',
  ratio: 1.5,
  goal: null,
};

describe('goals', () => {
  it('are met at or beyond their bound, in their direction', () => {
    expect(meetsGoal(0.75, { op: '>=', value: 0.75 })).toBe(true);
    expect(meetsGoal(0.749, { op: '>=', value: 0.75 })).toBe(false);
    expect(meetsGoal(3, { op: '<=', value: 3 })).toBe(true);
    expect(meetsGoal(3.01, { op: '<=', value: 3 })).toBe(false);
  });

  it('say nothing without a goal or without a ratio', () => {
    expect(meetsGoal(1, null)).toBeNull();
    expect(meetsGoal(null, { op: '<=', value: 3 })).toBeNull();
    expect(goalText(null)).toBeNull();
    expect(goalText({ op: '>=', value: 0.5 })).toBe('>= 0.5');
  });
});

describe('the JSON array', () => {
  it('has exactly the fields the issue names, rounded', () => {
    const json = toJson([throughput, memory]);
    expect(json).toEqual([
      {
        name: 'Durable staff actions over HTTP',
        value: 1234.6,
        unit: 'actions/s',
        reference: 'pgbench TPC-B TPS, 4 clients',
        referenceValue: 4142.3,
        ratio: 0.298,
        goal: '>= 0.75',
      },
      {
        name: 'Peak RSS',
        value: 300,
        unit: 'MiB',
        reference: 'RSS at idle',
        referenceValue: 200,
        ratio: 1.5,
        goal: null,
      },
    ]);
    for (const element of json) {
      expect(Object.keys(element).sort()).toEqual(
        ['goal', 'name', 'ratio', 'reference', 'referenceValue', 'unit', 'value'].sort(),
      );
    }
  });
});

describe('round', () => {
  it('keeps three decimals below one, two below a hundred, one above', () => {
    expect(round(0.12345)).toBe(0.123);
    expect(round(12.345)).toBe(12.35);
    expect(round(1234.56)).toBe(1234.6);
  });
});

describe('the table', () => {
  it('has a row per figure with whether its goal is met, then the details', () => {
    const lines = formatTable([throughput, latency, memory]).split('\n');
    expect(lines[0]).toMatch(/^Figure\s+Value\s+Reference\s+Ratio\s+Goal\s+Met$/);
    expect(lines[1]).toMatch(/^-+\s+-+/);
    expect(lines[2]).toMatch(
      /^Durable staff actions over HTTP\s+1234\.6 actions\/s\s+pgbench TPC-B TPS, 4 clients: 4142\.3 TPS\s+0\.298\s+>= 0\.75\s+NO$/,
    );
    expect(lines[3]).toMatch(
      /^Work-queue page p95\s+7\.25 ms\s+p95 of one request by id: 5 ms\s+1\.45\s+<= 3\s+yes$/,
    );
    expect(lines[4]).toMatch(/^Peak RSS\s+300 MiB\s+RSS at idle: 200 MiB\s+1\.5\s+-\s+-$/);
    expect(lines.slice(5)).toEqual(['', '- Durable staff actions over HTTP: 3000 actions in 20 s.']);
  });

  it('lines the columns up', () => {
    const [header = '', , first = '', second = ''] = formatTable([throughput, latency]).split('\n');
    const at = header.indexOf('Reference');
    expect(first.slice(at)).toMatch(/^pgbench TPC-B/);
    expect(second.slice(at)).toMatch(/^p95 of one request/);
    expect(first.slice(at - 2, at)).toBe('  ');
  });
});
