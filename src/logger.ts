import { pino } from 'pino';
import type { FastifyBaseLogger } from 'fastify';
import type { LogLevel } from './config.ts';

/**
 * The logger type used across Interlend. It is Fastify's logger interface (pino-compatible), so the
 * same instance serves the CLI, the embedded PostgreSQL supervisor and the HTTP server.
 */
export type Logger = FastifyBaseLogger;

/** Creates the process-wide JSON logger writing to standard output. */
export function createLogger(level: LogLevel): Logger {
  return pino({ level, base: { service: 'interlend' } });
}

/** A logger that discards everything; handy in tests. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
