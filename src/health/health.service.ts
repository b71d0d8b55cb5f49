import { UnavailableError } from '../errors.ts';
import type { HealthRepository } from './health.repository.ts';

/** What `GET /health` reports when everything answers. */
export interface HealthReport {
  status: 'ok';
  database: 'ok';
}

/** Checks the dependencies Interlend cannot work without. */
export class HealthService {
  constructor(
    private readonly health: HealthRepository,
    /** A health check must answer quickly even when the database hangs. */
    private readonly timeoutMs = 3_000,
  ) {}

  /** @throws UnavailableError when the database does not answer within the timeout */
  async check(): Promise<HealthReport> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${this.timeoutMs} ms`)), this.timeoutMs);
    });
    try {
      await Promise.race([this.health.ping(), timeout]);
    } catch (error) {
      throw new UnavailableError(
        'The database is unreachable',
        { database: 'unreachable' },
        { cause: error },
      );
    } finally {
      clearTimeout(timer);
    }
    return { status: 'ok', database: 'ok' };
  }
}
