import { readFileSync } from 'node:fs';
import { setTimeout as delay } from 'node:timers/promises';

/**
 * Small helpers to inspect other processes by pid. They read Linux's /proc where it exists and fall
 * back to `kill(pid, 0)` elsewhere, so on other systems a reused pid cannot be told apart.
 */

/** Whether a process with this pid exists and has not yet exited (a zombie counts as exited). */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    // EPERM: the process exists but belongs to another user (e.g. postgres while we are not root).
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  return procStat(pid)?.state !== 'Z';
}

/**
 * The kernel's start time of a process (clock ticks since boot, from /proc/<pid>/stat), used with the
 * pid to recognise a process again: a pid can be reused, the pair cannot. Undefined without /proc.
 */
export function processStartTime(pid: number): string | undefined {
  return procStat(pid)?.startTime;
}

/** The command line of a process (argv), or undefined when it cannot be read. */
export function processCommandLine(pid: number): string[] | undefined {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
  } catch {
    return undefined;
  }
}

function procStat(pid: number): { state: string; startTime: string } | undefined {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // "pid (comm) state ppid ...": comm may contain spaces and parentheses, so split after the last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const state = fields[0];
  const startTime = fields[19]; // field 22 of the whole line
  if (state === undefined || startTime === undefined) return undefined;
  return { state, startTime };
}

/**
 * Polls until the process has exited or the timeout passes.
 *
 * @returns true when the process is gone
 */
export async function waitForProcessExit(pid: number, timeoutMs: number, pollMs = 50): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (isProcessAlive(pid)) {
    if (Date.now() >= deadline) return false;
    await delay(pollMs);
  }
  return true;
}
