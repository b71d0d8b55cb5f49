import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const BIN = path.join(REPO_ROOT, 'bin/interlend.js');

/** Options of {@link startServerProcess}. */
export interface ServerProcessOptions {
  /** DATA_DIR of the server (required unless `databaseUrl` is given; harmless with it). */
  dataDir?: string;
  /** Use this external database instead of an embedded PostgreSQL. */
  databaseUrl?: string;
  /** Extra environment variables. */
  env?: Record<string, string>;
  /**
   * Run it in a process group of its own, as a shell does for a foreground job, so that
   * `stop(signal)` signals the whole group like a terminal's Ctrl+C. Default false.
   */
  ownProcessGroup?: boolean;
  /** Bound for the whole start, up to a healthy /health. Default 60 s. */
  timeoutMs?: number;
}

/** A running `node bin/interlend.js start`. */
export interface ServerProcess {
  readonly child: ChildProcess;
  /** e.g. `http://127.0.0.1:41234`, read from the server's own start-up output. */
  readonly baseUrl: string;
  /** Everything the process wrote to stdout and stderr so far. */
  output(): string;
  /**
   * Sends a signal (to the whole group with `ownProcessGroup`) and waits, bounded, for the exit;
   * resolves with its code and signal.
   */
  stop(
    signal?: NodeJS.Signals,
    timeoutMs?: number,
  ): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const running = new Set<ChildProcess>();

/**
 * Spawns the real server as a user would (`node bin/interlend.js start`) on 127.0.0.1 and a free
 * port, and resolves once `/health` answers 200. Rejects, after killing it, if that takes longer
 * than the timeout or the process exits first. Call {@link killAllServers} in `afterAll`.
 */
export async function startServerProcess(options: ServerProcessOptions): Promise<ServerProcess> {
  const timeoutMs = options.timeoutMs ?? 60_000;
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn' };
  delete env.DATABASE_URL;
  if (options.dataDir !== undefined) env.DATA_DIR = options.dataDir;
  if (options.databaseUrl !== undefined) env.DATABASE_URL = options.databaseUrl;
  Object.assign(env, options.env);

  const ownProcessGroup = options.ownProcessGroup ?? false;
  const child = spawn(process.execPath, [BIN, 'start'], {
    cwd: REPO_ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: ownProcessGroup,
  });
  running.add(child);
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => {
      running.delete(child);
      resolve({ code, signal });
    });
  });

  const stop: ServerProcess['stop'] = async (signal = 'SIGINT', stopTimeoutMs = 30_000) => {
    if (child.exitCode === null && child.signalCode === null) {
      if (ownProcessGroup && child.pid !== undefined) process.kill(-child.pid, signal);
      else child.kill(signal);
    }
    const outcome = await Promise.race([exited, delay(stopTimeoutMs).then(() => undefined)]);
    if (outcome) return outcome;
    child.kill('SIGKILL');
    throw new Error(`the server did not exit within ${stopTimeoutMs} ms of ${signal}. Output:\n${output}`);
  };

  const deadline = Date.now() + timeoutMs;
  try {
    let baseUrl: string | undefined;
    while (baseUrl === undefined) {
      baseUrl = /Health:\s+(http:\/\/\S+)\/health/.exec(output)?.[1];
      if (baseUrl) break;
      if (child.exitCode !== null || child.signalCode !== null)
        throw new Error('the server exited during start');
      if (Date.now() > deadline) throw new Error(`no start-up line within ${timeoutMs} ms`);
      await delay(50);
    }
    while (!(await isHealthy(baseUrl))) {
      if (child.exitCode !== null) throw new Error('the server exited before /health answered');
      if (Date.now() > deadline) throw new Error(`/health did not answer 200 within ${timeoutMs} ms`);
      await delay(100);
    }
    const url = baseUrl;
    return { child, baseUrl: url, output: () => output, stop };
  } catch (error) {
    child.kill('SIGKILL');
    await Promise.race([exited, delay(5_000)]);
    throw new Error(`${(error as Error).message}. Output:\n${output}`, { cause: error });
  }
}

async function isHealthy(baseUrl: string): Promise<boolean> {
  try {
    const response = await fetch(`${baseUrl}/health`, { signal: AbortSignal.timeout(2_000) });
    await response.body?.cancel();
    return response.status === 200;
  } catch {
    return false;
  }
}

/** SIGKILLs every server process started by this file that is still running. */
export function killAllServers(): void {
  for (const child of running) child.kill('SIGKILL');
  running.clear();
}

/**
 * Pids of live postgres processes working on `<dataDir>/postgres`: the postmaster (found by its
 * `-D` argument in /proc) and its children. Zombies have an empty command line and are not listed.
 */
export function postgresProcessesFor(dataDir: string): number[] {
  const clusterDir = path.join(path.resolve(dataDir), 'postgres');
  const processes: { pid: number; ppid: number; argv: string[] }[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const argv = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').filter(Boolean);
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      processes.push({ pid: Number(entry), ppid, argv });
    } catch {
      // exited meanwhile
    }
  }
  const postmasters = processes
    .filter(
      ({ argv }) =>
        argv[0] !== undefined && path.basename(argv[0]) === 'postgres' && argv.includes(clusterDir),
    )
    .map(({ pid }) => pid);
  const children = processes
    .filter(({ ppid, argv }) => postmasters.includes(ppid) && argv.length > 0)
    .map(({ pid }) => pid);
  return [...postmasters, ...children];
}
