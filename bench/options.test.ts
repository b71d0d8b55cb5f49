import { describe, expect, it } from 'vitest';
import { MODES, UsageError, parseOptions } from './options.ts';

describe('the bench options', () => {
  it('runs the full bench on an embedded PostgreSQL by default', () => {
    const options = parseOptions([], {});
    expect(options).toMatchObject({
      mode: 'full',
      json: false,
      databaseUrl: undefined,
      clients: 4,
      requests: 1_000_000,
    });
  });

  it('has a quick mode, a JSON output and an external database', () => {
    const options = parseOptions(['--quick', '--json', '--database-url', 'postgres://u:p@127.0.0.1/x'], {});
    expect(options).toMatchObject({
      mode: 'quick',
      json: true,
      databaseUrl: 'postgres://u:p@127.0.0.1/x',
      requests: MODES.quick.requests,
    });
  });

  it('takes DATABASE_URL from the environment, and --database-url over it', () => {
    expect(parseOptions([], { DATABASE_URL: 'postgres://a@h/d' })?.databaseUrl).toBe('postgres://a@h/d');
    expect(
      parseOptions(['--database-url=postgres://b@h/d'], { DATABASE_URL: 'postgres://a@h/d' })?.databaseUrl,
    ).toBe('postgres://b@h/d');
  });

  it('keeps pgbench’s scale at least at the client count', () => {
    expect(parseOptions(['--clients', '16'], {})).toMatchObject({ clients: 16, pgbenchScale: 16 });
    expect(parseOptions(['--clients=2', '--requests=5000'], {})).toMatchObject({
      clients: 2,
      requests: 5000,
      pgbenchScale: MODES.full.pgbenchScale,
    });
  });

  it('answers --help with null, and refuses what it does not know', () => {
    expect(parseOptions(['--help'], {})).toBeNull();
    expect(() => parseOptions(['--fast'], {})).toThrow(UsageError);
    expect(() => parseOptions(['--clients', '0'], {})).toThrow(UsageError);
    expect(() => parseOptions(['--clients'], {})).toThrow(UsageError);
    expect(() => parseOptions(['--database-url', 'mysql://x'], {})).toThrow(UsageError);
  });
});
