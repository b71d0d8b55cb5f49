import path from 'node:path';

/** Log levels understood by the logger (pino), from most to least verbose, plus `silent`. */
export const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Runtime configuration, read once from the environment at start-up. */
export interface Config {
  /** TCP port the HTTP server listens on (`PORT`). `0` asks the OS for a free port. */
  port: number;
  /** Address the HTTP server binds to (`HOST`). Loopback by default: expose it deliberately. */
  host: string;
  /** Absolute directory for local state: the embedded PostgreSQL cluster and its password (`DATA_DIR`). */
  dataDir: string;
  /**
   * Connection string of an external PostgreSQL (`DATABASE_URL`). When set, Interlend uses it
   * and starts no embedded PostgreSQL.
   */
  databaseUrl: string | undefined;
  /**
   * Prepare statements by name on each database connection (`DATABASE_PREPARED_STATEMENTS`, default
   * true). Off for a connection pooler in front of PostgreSQL that cannot keep them (PgBouncer in
   * transaction mode before 1.21).
   */
  databasePreparedStatements: boolean;
  /** Minimum level of log lines written (`LOG_LEVEL`). */
  logLevel: LogLevel;
  /** The first retry delay of a partner message that could not be delivered; each next doubles. */
  outboxRetryBaseMs: number;
  /** The longest delay between two delivery attempts. */
  outboxRetryMaxMs: number;
}

/** Default values, also shown in the README's configuration table. */
export const CONFIG_DEFAULTS = {
  port: 3000,
  host: '127.0.0.1',
  dataDir: './data',
  databasePreparedStatements: true,
  logLevel: 'info',
  outboxRetryBaseMs: 5_000,
  outboxRetryMaxMs: 3_600_000,
} as const satisfies Partial<Record<keyof Config, unknown>>;

/** One invalid environment variable and why it was rejected. */
export interface ConfigProblem {
  variable: string;
  message: string;
}

/** Thrown by {@link loadConfig} when one or more variables are invalid; lists every problem at once. */
export class ConfigError extends Error {
  override name = 'ConfigError' as const;

  constructor(readonly problems: readonly ConfigProblem[]) {
    super(
      `Invalid configuration:\n${problems.map((problem) => `  ${problem.variable}: ${problem.message}`).join('\n')}`,
    );
  }
}

type Env = Readonly<Record<string, string | undefined>>;

/** Reads a variable, treating unset and blank (whitespace only) the same: "use the default". */
function read(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value === undefined || value === '' ? undefined : value;
}

function parsePort(raw: string | undefined, problems: ConfigProblem[]): number {
  if (raw === undefined) return CONFIG_DEFAULTS.port;
  if (!/^\d+$/.test(raw) || Number(raw) > 65535) {
    problems.push({ variable: 'PORT', message: `must be an integer from 0 to 65535, got "${raw}"` });
    return CONFIG_DEFAULTS.port;
  }
  return Number(raw);
}

function parseHost(raw: string | undefined, problems: ConfigProblem[]): string {
  if (raw === undefined) return CONFIG_DEFAULTS.host;
  // An IPv4/IPv6 address or a DNS name: no whitespace, no scheme, no port.
  if (/[\s/]/.test(raw) || raw.includes('://')) {
    problems.push({
      variable: 'HOST',
      message: `must be an IP address or host name such as 127.0.0.1 or 0.0.0.0, got "${raw}"`,
    });
    return CONFIG_DEFAULTS.host;
  }
  return raw;
}

function parseDatabaseUrl(raw: string | undefined, problems: ConfigProblem[]): string | undefined {
  if (raw === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    problems.push({
      variable: 'DATABASE_URL',
      message: 'must be a URL such as postgres://user:password@host:5432/interlend',
    });
    return undefined;
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    problems.push({
      variable: 'DATABASE_URL',
      message: `must use the postgres:// or postgresql:// scheme, got "${url.protocol}"`,
    });
    return undefined;
  }
  if (url.hostname === '') {
    problems.push({ variable: 'DATABASE_URL', message: 'must name a host' });
    return undefined;
  }
  return raw;
}

function parseLogLevel(raw: string | undefined, problems: ConfigProblem[]): LogLevel {
  if (raw === undefined) return CONFIG_DEFAULTS.logLevel;
  const level = raw.toLowerCase();
  if (!(LOG_LEVELS as readonly string[]).includes(level)) {
    problems.push({
      variable: 'LOG_LEVEL',
      message: `must be one of ${LOG_LEVELS.join(', ')}, got "${raw}"`,
    });
    return CONFIG_DEFAULTS.logLevel;
  }
  return level as LogLevel;
}

function parseBoolean(
  variable: string,
  raw: string | undefined,
  fallback: boolean,
  problems: ConfigProblem[],
): boolean {
  if (raw === undefined) return fallback;
  const value = raw.toLowerCase();
  if (value === 'true') return true;
  if (value === 'false') return false;
  problems.push({ variable, message: `must be true or false, got "${raw}"` });
  return fallback;
}

function parseMilliseconds(
  variable: string,
  raw: string | undefined,
  fallback: number,
  problems: ConfigProblem[],
): number {
  if (raw === undefined) return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < 1 || Number(raw) > 86_400_000) {
    problems.push({ variable, message: `must be a number of milliseconds from 1 to 86400000, got "${raw}"` });
    return fallback;
  }
  return Number(raw);
}

/**
 * Builds the configuration from environment variables.
 *
 * @param env the environment, `process.env` by default
 * @param cwd directory that a relative `DATA_DIR` is resolved against
 * @throws ConfigError naming every invalid variable
 */
export function loadConfig(env: Env = process.env, cwd: string = process.cwd()): Config {
  const problems: ConfigProblem[] = [];
  const config: Config = {
    port: parsePort(read(env, 'PORT'), problems),
    host: parseHost(read(env, 'HOST'), problems),
    dataDir: path.resolve(cwd, read(env, 'DATA_DIR') ?? CONFIG_DEFAULTS.dataDir),
    databaseUrl: parseDatabaseUrl(read(env, 'DATABASE_URL'), problems),
    databasePreparedStatements: parseBoolean(
      'DATABASE_PREPARED_STATEMENTS',
      read(env, 'DATABASE_PREPARED_STATEMENTS'),
      CONFIG_DEFAULTS.databasePreparedStatements,
      problems,
    ),
    logLevel: parseLogLevel(read(env, 'LOG_LEVEL'), problems),
    outboxRetryBaseMs: parseMilliseconds(
      'OUTBOX_RETRY_BASE_MS',
      read(env, 'OUTBOX_RETRY_BASE_MS'),
      CONFIG_DEFAULTS.outboxRetryBaseMs,
      problems,
    ),
    outboxRetryMaxMs: parseMilliseconds(
      'OUTBOX_RETRY_MAX_MS',
      read(env, 'OUTBOX_RETRY_MAX_MS'),
      CONFIG_DEFAULTS.outboxRetryMaxMs,
      problems,
    ),
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}
