import type { AddressInfo } from 'node:net';
import type { Kysely } from 'kysely';
import { ConfigError, loadConfig, type Config } from './config.ts';
import { createDatabase } from './db/database.ts';
import { EmbeddedPostgresServer } from './db/embedded-postgres.ts';
import { migrateToLatest } from './db/migrate.ts';
import type { Database } from './db/schema.ts';
import { createLogger, type Logger } from './logger.ts';
import { buildApp } from './server/app.ts';
import { runMockPeerCommand } from './mock-peer/command.ts';
import { createServices } from './server/services.ts';
import { systemClock } from './clock.ts';
import { createWorkers } from './workers/workers.ts';
import { formatDemoSummary, seedDemoConsortium } from './demo/demo-seed.ts';
import { ProtocolRepository } from './protocol/protocol.repository.ts';
import { WorkerRunner } from './workers/worker-runner.ts';
import { createEmailPartnerTransport } from './mail/email-partner-transport.ts';
import { createMailWorker } from './mail/mail-worker.ts';
import { VERSION } from './version.ts';

const USAGE = `Interlend ${VERSION}: interlibrary loan management

Usage: interlend [command]

Commands:
  start     Start the server (default). Without DATABASE_URL, runs an embedded
            PostgreSQL under DATA_DIR. Applies migrations and, on first run,
            creates demo libraries. Stops cleanly on SIGINT or SIGTERM.
  migrate   Apply pending database migrations and exit.
  mock-peer Run an ISO 18626 mock peer that plays illmock's supplier and
            requester scenarios, to test a library's setup. Options:
            --port N (4100), --host (127.0.0.1), --peer-url URL, --symbol (MOCK),
            --delay-ms N (100), --credential X, --quiet; see docs/mock-peer.md
            and \`interlend mock-peer --help\`.
  help      Show this help.

Environment:
  PORT          HTTP port (default 3000; 0 picks a free port)
  HOST          address to listen on (default 127.0.0.1)
  DATA_DIR      local state, including the embedded PostgreSQL (default ./data)
  DATABASE_URL  external PostgreSQL to use instead of the embedded one
  DATABASE_PREPARED_STATEMENTS
                false to send statements unnamed (for a pooler that cannot keep
                prepared statements; default true)
  LOG_LEVEL     trace, debug, info, warn, error, fatal or silent (default info)
  OUTBOX_RETRY_BASE_MS, OUTBOX_RETRY_MAX_MS
                first and longest delay between attempts to deliver a partner
                message (default 5000 and 3600000)
  SMTP_URL      smtp://user:password@host:587 (or smtps://…:465) to send notices and
                partner emails; without it (and without a library's own SMTP
                server) mail is held in the mail outbox, GET /api/mail/outbox
  SMTP_FROM     sender address of that mail
`;

/** Where the CLI writes its human-readable output. */
export interface CliOutput {
  out(line: string): void;
  err(line: string): void;
}

const consoleOutput: CliOutput = {
  out: (line) => console.log(line),
  err: (line) => console.error(line),
};

/**
 * Runs one CLI command and resolves with the process exit code.
 *
 * @param argv arguments after the script name, e.g. `['migrate']`
 */
export async function main(argv: readonly string[], output: CliOutput = consoleOutput): Promise<number> {
  const [command = 'start', ...rest] = argv;
  if (command === 'help' || command === '--help' || command === '-h') {
    output.out(USAGE);
    return 0;
  }
  if (command === 'mock-peer') return runMockPeerCommand(rest, output);
  if ((command !== 'start' && command !== 'migrate') || rest.length > 0) {
    output.err(`Unknown arguments: ${argv.join(' ')}\n\n${USAGE}`);
    return 2;
  }

  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      output.err(error.message);
      return 1;
    }
    throw error;
  }
  const logger = createLogger(config.logLevel);
  return command === 'start' ? startCommand(config, logger, output) : migrateCommand(config, logger, output);
}

/** Raised between start-up steps when a signal asked us to stop; not an error. */
class StopRequested extends Error {}

/**
 * Resources opened so far, closed in reverse order on shutdown or failure. Each closer runs once
 * even if an earlier one failed.
 */
class Resources {
  readonly #closers: { name: string; close: () => Promise<void> }[] = [];

  constructor(private readonly logger: Logger) {}

  add(name: string, close: () => Promise<void>): void {
    this.#closers.push({ name, close });
  }

  async closeAll(): Promise<boolean> {
    let clean = true;
    for (const { name, close } of this.#closers.reverse()) {
      try {
        await close();
      } catch (error) {
        clean = false;
        this.logger.error({ err: error }, `failed to close ${name}`);
      }
    }
    this.#closers.length = 0;
    return clean;
  }
}

/** Opens the database: the external one from DATABASE_URL, or a started embedded PostgreSQL. */
async function openDatabase(
  config: Config,
  logger: Logger,
  resources: Resources,
  output: CliOutput,
): Promise<{ db: Kysely<Database>; connectionString: string }> {
  let connectionString = config.databaseUrl;
  if (connectionString === undefined) {
    const postgres = await new EmbeddedPostgresServer({ dataDir: config.dataDir, logger }).start();
    resources.add('embedded PostgreSQL', () => postgres.stop());
    connectionString = postgres.connectionString;
    const { totalMs, initialiseMs } = postgres.timings;
    output.out(
      `Embedded PostgreSQL started in ${Math.round(totalMs)} ms` +
        (postgres.initialised ? ` (new cluster created in ${Math.round(initialiseMs)} ms)` : '') +
        ` on 127.0.0.1:${postgres.port}, data in ${config.dataDir}`,
    );
  }
  const db = createDatabase(connectionString, {
    logger,
    preparedStatements: config.databasePreparedStatements,
  });
  resources.add('database pool', () => db.destroy());
  return { db, connectionString };
}

function describeMigrations(applied: readonly string[]): string {
  return applied.length === 0
    ? 'Database schema is up to date.'
    : `Applied ${applied.length} migration(s): ${applied.join(', ')}`;
}

function urlHost(host: string): string {
  if (host === '0.0.0.0') return '127.0.0.1';
  if (host === '::') return '[::1]';
  return host.includes(':') ? `[${host}]` : host;
}

async function startCommand(config: Config, logger: Logger, output: CliOutput): Promise<number> {
  const resources = new Resources(logger);
  let stopRequested = false;
  let wake: () => void = () => undefined;
  const stopSignal = new Promise<void>((resolve) => {
    wake = resolve;
  });
  const onSignal = (signal: NodeJS.Signals): void => {
    if (stopRequested) {
      logger.warn({ signal }, 'second signal during shutdown: exiting immediately');
      process.exit(1);
    }
    stopRequested = true;
    logger.info({ signal }, 'shutting down');
    wake();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  /** Awaits one start-up step, then stops early if a signal came in meanwhile. */
  const step = async <T>(work: Promise<T>): Promise<T> => {
    const value = await work;
    if (stopRequested) throw new StopRequested();
    return value;
  };

  let exitCode = 0;
  try {
    const { db, connectionString } = await step(openDatabase(config, logger, resources, output));
    const { applied } = await step(migrateToLatest(db, logger));
    output.out(describeMigrations(applied));

    const services = createServices(db, { clock: systemClock, logger, connectionString });
    const app = await step(buildApp({ db, logger, services }));
    resources.add('HTTP server', () => app.close());
    await step(app.listen({ port: config.port, host: config.host }));

    // Timers and outgoing messages; they stop before the HTTP server and the database close.
    const workers = createWorkers(db, {
      clock: systemClock,
      requestWorkflow: services.requestWorkflow,
      logger,
      transports: [createEmailPartnerTransport(db, { clock: systemClock, logger })],
      outbox: { baseBackoffMs: config.outboxRetryBaseMs, maxBackoffMs: config.outboxRetryMaxMs },
    });
    // Notices and partner emails through SMTP, or held in the mail outbox without SMTP_URL.
    const mailWorker = createMailWorker(db, { clock: systemClock, logger });
    const { port } = app.server.address() as AddressInfo;
    const base = `http://${urlHost(config.host)}:${port}`;
    // The demo libraries (and any library of this deployment) reach each other at this server.
    await step(new ProtocolRepository(db).pointLocalPartnersAt(`${base}/iso18626`));
    const demo = await step(
      seedDemoConsortium({
        db,
        requests: services.requests,
        clock: systemClock,
        endpointUrl: `${base}/iso18626`,
        settle: async () => {
          for (let round = 0; round < 100; round++) {
            const done = (await workers.outbox.runDue()) + (await workers.timers.runDue());
            if (done === 0) return;
          }
        },
      }),
    );

    // Started after the demo seed, which delivers its own messages as it goes.
    const runner = new WorkerRunner([...workers.jobs, mailWorker.job()], { connectionString, logger });
    await step(runner.start());
    resources.add('background workers', () => runner.stop());

    output.out(
      [
        `Interlend ${VERSION} is running.`,
        `  App:      ${base}/`,
        `  API docs: ${base}/docs`,
        `  OpenAPI:  ${base}/openapi.json`,
        `  Health:   ${base}/health`,
        ...formatDemoSummary(demo),
        'Press Ctrl+C to stop.',
      ].join('\n'),
    );
    await stopSignal;
  } catch (error) {
    if (stopRequested && !(error instanceof StopRequested)) {
      // e.g. a terminal's Ctrl+C also reached initdb, which then failed: stopping was asked for.
      logger.warn({ err: error }, 'start-up step failed while stopping');
    } else if (!(error instanceof StopRequested)) {
      exitCode = 1;
      logger.error({ err: error }, 'start failed');
      output.err(`Interlend could not start: ${error instanceof Error ? error.message : String(error)}`);
    }
  } finally {
    if (!(await resources.closeAll())) exitCode = 1;
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
  }
  if (exitCode === 0) output.out('Interlend stopped.');
  return exitCode;
}

async function migrateCommand(config: Config, logger: Logger, output: CliOutput): Promise<number> {
  const resources = new Resources(logger);
  let exitCode = 0;
  try {
    const { db } = await openDatabase(config, logger, resources, output);
    const { applied } = await migrateToLatest(db, logger);
    output.out(describeMigrations(applied));
  } catch (error) {
    exitCode = 1;
    logger.error({ err: error }, 'migrate failed');
    output.err(`Migration failed: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    if (!(await resources.closeAll())) exitCode = 1;
  }
  return exitCode;
}
