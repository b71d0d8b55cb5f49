import { describe, expect, it } from 'vitest';
import { parseProcStatus, residentMemory } from './server.ts';

describe('resident memory', () => {
  it('reads VmRSS and VmHWM from /proc/<pid>/status', () => {
    const status = 'Name:\tnode\nVmPeak:\t 1000 kB\nVmHWM:\t  250000 kB\nVmRSS:\t  200000 kB\nThreads:\t11\n';
    expect(parseProcStatus(status)).toEqual({ rssKiB: 200000, peakKiB: 250000 });
    expect(parseProcStatus('Name:\tkthreadd\n')).toBeUndefined();
  });

  it('is read for this very process', () => {
    const memory = residentMemory(process.pid);
    expect(memory?.rssKiB).toBeGreaterThan(1000);
    expect(memory?.peakKiB).toBeGreaterThanOrEqual(memory?.rssKiB ?? 0);
  });
});
