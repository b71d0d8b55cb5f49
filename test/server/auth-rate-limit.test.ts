import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { RateLimitRepository } from '../../src/auth/rate-limit.repository.ts';
import { RateLimiter } from '../../src/auth/rate-limiter.ts';
import { createDatabase } from '../../src/db/database.ts';
import type { Library } from '../../src/db/schema.ts';
import { buildApp, type App } from '../../src/server/app.ts';
import { describeEachDatabase } from '../support/databases.ts';
import { createLibrary, createPatron, createStaffUser } from '../support/factories.ts';

describeEachDatabase('the rate limiter', (database) => {
  let limiter: RateLimiter;
  beforeAll(() => {
    limiter = new RateLimiter(new RateLimitRepository(database.db));
  });

  it('allows `limit` hits in a window and refuses the next with the seconds left', async () => {
    const verdicts = [];
    for (let i = 0; i < 4; i++) verdicts.push(await limiter.hit('test:window', 3, 60));
    expect(verdicts.map((v) => v.allowed)).toEqual([true, true, true, false]);
    expect(verdicts.map((v) => v.remaining)).toEqual([2, 1, 0, 0]);
    expect(verdicts[0]?.retryAfterSeconds).toBe(0);
    expect(verdicts[3]?.retryAfterSeconds).toBeGreaterThan(0);
    expect(verdicts[3]?.retryAfterSeconds).toBeLessThanOrEqual(60);
  });

  it('starts a new window once the old one has ended', async () => {
    await limiter.hit('test:expiry', 1, 60);
    expect((await limiter.hit('test:expiry', 1, 60)).allowed).toBe(false);
    await database.db
      .updateTable('rate_limit_bucket')
      .set({ expires_at: sql`now() - interval '1 second'` })
      .where('key', '=', 'test:expiry')
      .execute();
    expect(await limiter.hit('test:expiry', 1, 60)).toMatchObject({ allowed: true, count: 1 });
  });

  it('counts exactly under concurrent hits', async () => {
    const verdicts = await Promise.all(
      Array.from({ length: 20 }, () => limiter.hit('test:concurrent', 10, 60)),
    );
    expect(verdicts.filter((v) => v.allowed)).toHaveLength(10);
  });

  it('shares one count between processes using the same database', async () => {
    const secondPool = createDatabase(database.connectionString, { maxConnections: 2 });
    try {
      const other = new RateLimiter(new RateLimitRepository(secondPool));
      await limiter.hit('test:shared', 2, 60);
      await other.hit('test:shared', 2, 60);
      expect((await limiter.hit('test:shared', 2, 60)).allowed).toBe(false);
    } finally {
      await secondPool.destroy();
    }
  });

  it('checks without counting, releases one hit and resets a key', async () => {
    await limiter.hit('test:ops', 2, 60);
    await limiter.hit('test:ops', 2, 60);
    expect((await limiter.check('test:ops', 2)).allowed).toBe(false);
    await limiter.release('test:ops');
    expect(await limiter.check('test:ops', 2)).toMatchObject({ allowed: true, count: 1 });
    await limiter.reset('test:ops');
    expect(await limiter.check('test:ops', 2)).toMatchObject({ allowed: true, count: 0 });
  });

  it('prunes ended windows', async () => {
    await limiter.hit('test:prune', 5, 60);
    await database.db
      .updateTable('rate_limit_bucket')
      .set({ expires_at: sql`now() - interval '1 second'` })
      .where('key', '=', 'test:prune')
      .execute();
    expect(await limiter.prune()).toBeGreaterThanOrEqual(1);
    const left = await database.db
      .selectFrom('rate_limit_bucket')
      .select('key')
      .where('key', '=', 'test:prune')
      .execute();
    expect(left).toEqual([]);
  });

  it('rejects a limit or window that is not a positive integer', async () => {
    await expect(limiter.hit('test:bad', 0, 60)).rejects.toThrow(RangeError);
    await expect(limiter.hit('test:bad', 1, 1.5)).rejects.toThrow(RangeError);
  });
});

describeEachDatabase('login rate limits', (database) => {
  let app: App;
  let library: Library;

  beforeAll(async () => {
    app = await buildApp({ db: database.db });
    library = await createLibrary(database.db);
  });
  afterAll(async () => {
    await app.close();
  });

  let address = 0;
  /** A fresh client address per test, so that per-address counts do not leak between tests. */
  const nextAddress = () => `198.51.100.${++address}`;
  const staffLogin = (username: string, password: string, remoteAddress: string) =>
    app.inject({
      method: 'POST',
      url: '/api/auth/staff/login',
      payload: { username, password },
      remoteAddress,
    });

  it('answers 429 rate_limited with retryAfterSeconds after 10 failed logins for one username', async () => {
    const staff = await createStaffUser(database.db, { libraryId: library.id });
    const ip = nextAddress();
    for (let i = 0; i < 10; i++) {
      expect((await staffLogin(staff.username, 'wrong password', ip)).statusCode).toBe(401);
    }
    const refused = await staffLogin(staff.username, staff.password, ip);
    expect(refused.statusCode).toBe(429);
    const { error } = refused.json();
    expect(error.code).toBe('rate_limited');
    expect(error.message).toMatch(/^Too many failed login attempts\. Try again in \d+ minutes?\.$/);
    expect(error.details.retryAfterSeconds).toBeGreaterThan(0);
    expect(error.details.retryAfterSeconds).toBeLessThanOrEqual(15 * 60);
    expect(refused.headers['retry-after']).toBe(String(error.details.retryAfterSeconds));

    // The limit is the account's, whichever address the next guess comes from.
    expect((await staffLogin(staff.username, staff.password, nextAddress())).statusCode).toBe(429);
  });

  it('counts only failures: a successful login clears the count of the account', async () => {
    const staff = await createStaffUser(database.db, { libraryId: library.id });
    const ip = nextAddress();
    for (let round = 0; round < 2; round++) {
      for (let i = 0; i < 9; i++) await staffLogin(staff.username, 'wrong password', ip);
      expect((await staffLogin(staff.username, staff.password, ip)).statusCode).toBe(200);
    }
  });

  it('limits failures from one address across usernames (50 per window)', async () => {
    const staff = await createStaffUser(database.db, { libraryId: library.id });
    const ip = nextAddress();
    for (let i = 0; i < 50; i++) {
      expect((await staffLogin(`guess-${i}`, 'password', ip)).statusCode).toBe(401);
    }
    expect((await staffLogin(staff.username, staff.password, ip)).statusCode).toBe(429);
    expect((await staffLogin(staff.username, staff.password, nextAddress())).statusCode).toBe(200);
  });

  it('limits failed patron logins per library and card', async () => {
    const patron = await createPatron(database.db, { libraryId: library.id });
    const login = (secret: string) =>
      app.inject({
        method: 'POST',
        url: '/api/auth/patron/login',
        payload: { library: library.symbol, cardNumber: patron.cardNumber, secret },
        remoteAddress: nextAddress(),
      });
    for (let i = 0; i < 10; i++) expect((await login(`00${i}0`)).statusCode).toBe(401);
    expect((await login(patron.secret)).statusCode).toBe(429);
  });

  it('keeps the counts in PostgreSQL', async () => {
    const rows = await database.db.selectFrom('rate_limit_bucket').select('key').execute();
    expect(rows.map((row) => row.key)).toEqual(expect.arrayContaining([expect.stringMatching(/^login:ip:/)]));
  });
});
