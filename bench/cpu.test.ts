import { spawn, spawnSync } from 'node:child_process';
import { setTimeout as delay } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import {
  cpuOfProcess,
  cpuOfProcessTree,
  cpuOfReapedChildren,
  parentOf,
  parseProcStat,
  perOperation,
} from './cpu.ts';

describe('reading /proc/<pid>/stat', () => {
  it('takes user, system and reaped children times in milliseconds', () => {
    const stat =
      '4242 (postgres) S 1 4242 4242 0 -1 4194560 900 0 0 0 250 75 30 20 20 0 1 0 100 2000000 300 18446744073709551615';
    expect(parseProcStat(stat)).toEqual({
      command: 'postgres',
      parentPid: 1,
      ownMs: 3250,
      reapedChildrenMs: 500,
    });
  });

  it('reads a command name holding spaces and parentheses', () => {
    const stat = '77 (node (worker) x) R 1 77 77 0 -1 0 0 0 0 0 10 5 0 0 20 0 1 0 1 1 1';
    expect(parseProcStat(stat)).toEqual({
      command: 'node (worker) x',
      parentPid: 1,
      ownMs: 150,
      reapedChildrenMs: 0,
    });
  });

  it('refuses a text that is not a stat line', () => {
    expect(parseProcStat('nothing here')).toBeUndefined();
    expect(parseProcStat('1 (x) S 1 2')).toBeUndefined();
  });
});

describe('CPU of processes', () => {
  it('counts a finished child in this process once it has been waited for', () => {
    const before = cpuOfReapedChildren();
    // A child that burns about 300 ms of CPU and exits; spawnSync waits for it.
    spawnSync(process.execPath, ['-e', 'const end = Date.now() + 300; while (Date.now() < end);']);
    expect(cpuOfReapedChildren() - before).toBeGreaterThanOrEqual(200);
  });

  it('reads one process, and nothing of a process that is not there', () => {
    expect(cpuOfProcess(process.pid)).toBeGreaterThan(0);
    expect(cpuOfProcess(2 ** 22 + 1)).toBeUndefined();
    expect(cpuOfProcessTree(2 ** 22 + 1)).toBeUndefined();
  });

  it('counts a live child of a process tree, and finds the child’s parent', async () => {
    const child = spawn(process.execPath, ['-e', 'const end = Date.now() + 400; while (Date.now() < end);']);
    const exited = new Promise((resolve) => child.once('exit', resolve));
    try {
      const before = cpuOfProcessTree(process.pid) ?? 0;
      await delay(300);
      expect(parentOf(child.pid as number)).toBe(process.pid);
      // The child's time so far (this process waits meanwhile, so nearly all of it is the child's).
      expect((cpuOfProcessTree(process.pid) ?? 0) - before).toBeGreaterThanOrEqual(150);
    } finally {
      await exited;
    }
  });

  it('divides by the operations, and says so when there were none', () => {
    expect(perOperation(1234, 1000)).toBe('1.23');
    expect(perOperation(5, 0)).toBe('n/a');
  });
});
