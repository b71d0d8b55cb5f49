/**
 * CPU time spent by the processes on each side of a comparison, read from /proc, so that the bench can
 * say per operation where the machine's cores went: in Interlend, in PostgreSQL, or in the load.
 * Throughput on a machine whose cores are all busy is about cores ÷ CPU per operation, so these
 * figures explain a ratio that a wall-clock measure only states.
 */
import { readFileSync, readdirSync } from 'node:fs';

/** Kernel clock ticks per second (USER_HZ), 100 on Linux for every architecture Node runs on. */
const TICKS_PER_SECOND = 100;

/** The CPU fields of one /proc/<pid>/stat line, in milliseconds. */
export interface ProcessCpu {
  readonly command: string;
  readonly parentPid: number;
  /** User and system time of the process itself. */
  readonly ownMs: number;
  /** User and system time of its children that it has waited for (and that have exited). */
  readonly reapedChildrenMs: number;
}

/**
 * Reads a /proc/<pid>/stat text. The command name is in parentheses and may itself hold spaces or
 * parentheses, so the fields are counted from the last ')'.
 */
export function parseProcStat(stat: string): ProcessCpu | undefined {
  const open = stat.indexOf('(');
  const close = stat.lastIndexOf(')');
  if (open < 0 || close < open) return undefined;
  // After ") ": state is field 3; utime, stime, cutime, cstime are fields 14 to 17.
  const fields = stat
    .slice(close + 2)
    .trim()
    .split(/\s+/);
  const [parentPid, utime, stime, cutime, cstime] = [1, 11, 12, 13, 14].map((index) =>
    Number(fields[index] ?? Number.NaN),
  );
  if ([parentPid, utime, stime, cutime, cstime].some((value) => !Number.isFinite(value))) return undefined;
  const ms = (ticks: number) => (ticks * 1000) / TICKS_PER_SECOND;
  return {
    command: stat.slice(open + 1, close),
    parentPid: parentPid as number,
    ownMs: ms((utime as number) + (stime as number)),
    reapedChildrenMs: ms((cutime as number) + (cstime as number)),
  };
}

function readStat(pid: number | 'self'): ProcessCpu | undefined {
  try {
    return parseProcStat(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return undefined;
  }
}

/**
 * CPU used so far by a server and its child processes (a PostgreSQL postmaster and its backends),
 * counting children that have exited too: a live child counts its own time, and an exited one is in
 * the server's reaped-children time (backends of connections that closed). Differences of two
 * readings are exact for children that live through both or start and end between them. Undefined
 * when the server is not a process of this machine.
 */
export function cpuOfProcessTree(rootPid: number): number | undefined {
  const root = readStat(rootPid);
  if (root === undefined) return undefined;
  let total = root.ownMs + root.reapedChildrenMs;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const cpu = readStat(Number(entry));
    if (cpu !== undefined && cpu.parentPid === rootPid) total += cpu.ownMs;
  }
  return total;
}

/** The parent of a process: for a PostgreSQL backend, its postmaster. */
export function parentOf(pid: number): number | undefined {
  return readStat(pid)?.parentPid;
}

/** CPU used so far by one process (not its children); undefined once it is gone. */
export function cpuOfProcess(pid: number): number | undefined {
  return readStat(pid)?.ownMs;
}

/** CPU used so far by the children this process has waited for (e.g. each finished pgbench run). */
export function cpuOfReapedChildren(): number {
  return readStat('self')?.reapedChildrenMs ?? 0;
}

/** CPU used so far by this process itself, from Node (finer than /proc's ticks). */
export function cpuOfSelf(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
}

/** The milliseconds of CPU per operation, to two decimal places, or "n/a" without operations. */
export function perOperation(ms: number, operations: number): string {
  return operations > 0 ? (ms / operations).toFixed(2) : 'n/a';
}
