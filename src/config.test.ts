import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

const cwd = '/srv/interlend';

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env, cwd);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems.map((problem) => problem.variable);
    throw error;
  }
  return [];
}

describe('loadConfig', () => {
  it('uses the documented defaults when nothing is set', () => {
    expect(loadConfig({}, cwd)).toEqual({
      port: 3000,
      host: '127.0.0.1',
      dataDir: path.join(cwd, 'data'),
      databaseUrl: undefined,
      databasePreparedStatements: true,
      logLevel: 'info',
      outboxRetryBaseMs: 5_000,
      outboxRetryMaxMs: 3_600_000,
    });
  });

  it('reads every variable from the environment', () => {
    const config = loadConfig(
      {
        PORT: '8080',
        HOST: '0.0.0.0',
        DATA_DIR: '/var/lib/interlend',
        DATABASE_URL: 'postgres://interlend:secret@db.internal:5432/interlend',
        DATABASE_PREPARED_STATEMENTS: 'False',
        LOG_LEVEL: 'DEBUG',
        OUTBOX_RETRY_BASE_MS: '250',
        OUTBOX_RETRY_MAX_MS: '60000',
      },
      cwd,
    );
    expect(config).toEqual({
      port: 8080,
      host: '0.0.0.0',
      dataDir: '/var/lib/interlend',
      databaseUrl: 'postgres://interlend:secret@db.internal:5432/interlend',
      databasePreparedStatements: false,
      logLevel: 'debug',
      outboxRetryBaseMs: 250,
      outboxRetryMaxMs: 60_000,
    });
  });

  it('names a retry delay that is not a number of milliseconds', () => {
    expect(() => loadConfig({ OUTBOX_RETRY_BASE_MS: 'soon' }, cwd)).toThrow(
      /OUTBOX_RETRY_BASE_MS: must be a number of milliseconds/,
    );
  });

  it('names a DATABASE_PREPARED_STATEMENTS that is neither true nor false', () => {
    expect(() => loadConfig({ DATABASE_PREPARED_STATEMENTS: 'yes' }, cwd)).toThrow(
      /DATABASE_PREPARED_STATEMENTS: must be true or false, got "yes"/,
    );
  });

  it('resolves a relative DATA_DIR against the working directory', () => {
    expect(loadConfig({ DATA_DIR: 'state' }, cwd).dataDir).toBe('/srv/interlend/state');
  });

  it('treats blank values as unset', () => {
    expect(loadConfig({ PORT: '', HOST: '  ', DATABASE_URL: '', LOG_LEVEL: '' }, cwd)).toEqual(
      loadConfig({}, cwd),
    );
  });

  it('accepts PORT=0 to let the system pick a free port', () => {
    expect(loadConfig({ PORT: '0' }, cwd).port).toBe(0);
  });

  it('accepts every port from 0 to 65535', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 65535 }), (port) => {
        expect(loadConfig({ PORT: String(port) }, cwd).port).toBe(port);
      }),
    );
  });

  it('rejects a PORT that is not a whole number in range, naming the variable', () => {
    for (const bad of ['http', '-1', '65536', '80.5', '3000abc']) {
      expect(() => loadConfig({ PORT: bad }, cwd)).toThrow(/PORT: must be an integer from 0 to 65535/);
    }
  });

  it('rejects a HOST that looks like a URL', () => {
    expect(() => loadConfig({ HOST: 'http://localhost' }, cwd)).toThrow(
      /HOST: must be an IP address or host name/,
    );
  });

  it('accepts postgres:// and postgresql:// database URLs only', () => {
    expect(loadConfig({ DATABASE_URL: 'postgresql://u@localhost/db' }, cwd).databaseUrl).toBe(
      'postgresql://u@localhost/db',
    );
    expect(() => loadConfig({ DATABASE_URL: 'mysql://u@localhost/db' }, cwd)).toThrow(
      /DATABASE_URL: must use the postgres:\/\/ or postgresql:\/\/ scheme/,
    );
    expect(() => loadConfig({ DATABASE_URL: 'not a url' }, cwd)).toThrow(/DATABASE_URL: must be a URL/);
  });

  it('rejects an unknown LOG_LEVEL and lists the allowed ones', () => {
    expect(() => loadConfig({ LOG_LEVEL: 'verbose' }, cwd)).toThrow(
      /LOG_LEVEL: must be one of trace, debug, info, warn, error, fatal, silent/,
    );
  });

  it('reports every invalid variable at once', () => {
    expect(problemsOf({ PORT: 'x', HOST: 'a b', DATABASE_URL: 'ftp://x', LOG_LEVEL: 'loud' })).toEqual([
      'PORT',
      'HOST',
      'DATABASE_URL',
      'LOG_LEVEL',
    ]);
  });
});
