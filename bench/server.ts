/**
 * The Interlend servers a bench run measures: real processes (`node bin/interlend.js start`), as
 * users run them, on 127.0.0.1 and free ports, each on its own database; and the resident memory of a
 * process, read from /proc.
 */
import { readFileSync } from 'node:fs';
import { startServerProcess } from '../test/support/server-process.ts';
import type { ServerProcess } from '../test/support/server-process.ts';

export type { ServerProcess };

/** Starts Interlend on `databaseUrl`, logging warnings only, and waits for a healthy /health. */
export async function startInterlend(databaseUrl: string, dataDir: string): Promise<ServerProcess> {
  return startServerProcess({
    databaseUrl,
    dataDir,
    env: { LOG_LEVEL: 'warn' },
    timeoutMs: 120_000,
  });
}

/** Resident memory of a process, in KiB: now (VmRSS) and its peak so far (VmHWM). */
export interface ResidentMemory {
  readonly rssKiB: number;
  readonly peakKiB: number;
}

/** Reads /proc/<pid>/status; undefined once the process is gone (or off Linux). */
export function residentMemory(pid: number): ResidentMemory | undefined {
  let status: string;
  try {
    status = readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    return undefined;
  }
  return parseProcStatus(status);
}

/** The VmRSS and VmHWM lines of a /proc/<pid>/status text. */
export function parseProcStatus(status: string): ResidentMemory | undefined {
  const rss = /^VmRSS:\s+(\d+) kB/m.exec(status)?.[1];
  const peak = /^VmHWM:\s+(\d+) kB/m.exec(status)?.[1];
  if (rss === undefined || peak === undefined) return undefined;
  return { rssKiB: Number(rss), peakKiB: Number(peak) };
}

/** Samples a process's resident memory at a fixed interval and keeps the largest value seen. */
export class MemorySampler {
  private timer: NodeJS.Timeout | undefined;
  private largest = 0;

  constructor(
    private readonly pid: number,
    private readonly intervalMs = 100,
  ) {}

  start(): void {
    this.sample();
    this.timer = setInterval(() => this.sample(), this.intervalMs);
  }

  /** Stops sampling; returns the largest resident set seen and the kernel's own peak, in KiB. */
  stop(): { sampledPeakKiB: number; peakKiB: number } {
    clearInterval(this.timer);
    this.sample();
    return { sampledPeakKiB: this.largest, peakKiB: residentMemory(this.pid)?.peakKiB ?? this.largest };
  }

  private sample(): void {
    const memory = residentMemory(this.pid);
    if (memory !== undefined) this.largest = Math.max(this.largest, memory.rssKiB);
  }
}
