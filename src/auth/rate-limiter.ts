/**
 * A rate limiter whose counters live in PostgreSQL (never in process memory), so that several
 * Interlend processes sharing one database enforce one limit. Fixed windows: the first hit of a
 * key opens a window of `windowSeconds`; at most `limit` hits are allowed in it.
 *
 * Used for login attempts (`auth.service.ts`) and meant for anything else anonymous callers can
 * repeat, e.g. unauthenticated OPAC requests:
 *
 * ```ts
 * const verdict = await services.rateLimiter.hit(`opac:ip:${request.ip}`, 20, 3600);
 * if (!verdict.allowed) throw RateLimiter.error(verdict, 'Too many requests from your address.');
 * ```
 */
import { RateLimitedError } from '../errors.ts';
import type { RateLimitRepository } from './rate-limit.repository.ts';

/** The outcome of {@link RateLimiter.hit}. */
export interface RateLimitVerdict {
  /** The hit is within the limit: go ahead. */
  allowed: boolean;
  /** Hits counted in the current window, this one included. */
  count: number;
  /** Hits still allowed in the current window. */
  remaining: number;
  /** Seconds until the window ends and hits are allowed again; 0 when allowed. */
  retryAfterSeconds: number;
}

function assertPositiveInteger(name: string, value: number): void {
  if (!Number.isInteger(value) || value < 1) {
    throw new RangeError(`${name} must be a positive integer, got ${value}`);
  }
}

export class RateLimiter {
  constructor(private readonly buckets: RateLimitRepository) {}

  /**
   * Counts one hit on `key` and says whether it is within `limit` hits per `windowSeconds`.
   * Hits over the limit are counted too, so hammering a key does not shorten its wait.
   *
   * @param key what is limited, namespaced by its user, e.g. `login:ip:192.0.2.1` (at most 512 characters)
   */
  async hit(key: string, limit: number, windowSeconds: number): Promise<RateLimitVerdict> {
    assertPositiveInteger('limit', limit);
    assertPositiveInteger('windowSeconds', windowSeconds);
    const { count, secondsLeft } = await this.buckets.increment(key, windowSeconds);
    const allowed = count <= limit;
    return {
      allowed,
      count,
      remaining: Math.max(limit - count, 0),
      retryAfterSeconds: allowed ? 0 : secondsLeft,
    };
  }

  /** Like {@link hit} without counting: whether a hit now would be within `limit`. */
  async check(key: string, limit: number): Promise<RateLimitVerdict> {
    assertPositiveInteger('limit', limit);
    const state = await this.buckets.read(key);
    const count = state?.count ?? 0;
    const allowed = count < limit;
    return {
      allowed,
      count,
      remaining: Math.max(limit - count, 0),
      retryAfterSeconds: allowed || !state ? 0 : state.secondsLeft,
    };
  }

  /** Takes back one hit of the current window, e.g. when the attempt turned out to be legitimate. */
  async release(key: string): Promise<void> {
    await this.buckets.decrement(key);
  }

  /** Clears `key`, e.g. an account's failed-login count after a successful login. */
  async reset(key: string): Promise<void> {
    await this.buckets.delete(key);
  }

  /** Deletes counters whose window has ended. Cheap (indexed); callers may run it often. */
  async prune(): Promise<number> {
    return this.buckets.deleteExpired();
  }

  /** The 429 error for a refused verdict, with `details.retryAfterSeconds` (sent as `Retry-After`). */
  static error(verdict: RateLimitVerdict, message: string): RateLimitedError {
    return new RateLimitedError(message, { retryAfterSeconds: verdict.retryAfterSeconds });
  }
}
