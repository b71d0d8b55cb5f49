/**
 * Runs the background workers of one Interlend process: each worker's `runDue` in its own loop, woken
 * by PostgreSQL notifications (LISTEN) when new work is written, and otherwise polling. Several
 * processes may run workers on one database: they share the work through row locks, never
 * through memory.
 */
import pg from 'pg';
import type { Logger } from '../logger.ts';

/** One background job. */
export interface WorkerJob {
  readonly name: string;
  /** Do what is due; return how much was done (0 when idle). */
  run(): Promise<number>;
  /** A notification channel that means new work for this job. */
  readonly channel?: string;
}

export interface WorkerRunnerOptions {
  readonly connectionString: string;
  /** How often an idle job looks for work without being woken. */
  readonly pollMs?: number;
  readonly logger?: Logger;
}

/** The channel notified when outgoing messages are written (an insert trigger, migration 0017). */
export const OUTBOX_CHANNEL = 'interlend_outbox';

export class WorkerRunner {
  private running = false;
  private client: pg.Client | null = null;
  private readonly wakers = new Map<string, Set<() => void>>();
  private loops: Promise<void>[] = [];
  private readonly sleepers = new Set<() => void>();

  constructor(
    private readonly jobs: readonly WorkerJob[],
    private readonly options: WorkerRunnerOptions,
  ) {}

  async start(): Promise<void> {
    this.running = true;
    const channels = [
      ...new Set(this.jobs.flatMap((job) => (job.channel === undefined ? [] : [job.channel]))),
    ];
    if (channels.length > 0) {
      const client = new pg.Client({
        connectionString: this.options.connectionString,
        application_name: 'interlend-workers',
      });
      client.on('notification', (notification) => this.wake(notification.channel));
      client.on('error', (error) =>
        this.options.logger?.warn({ err: error }, 'the worker notification connection failed'),
      );
      await client.connect();
      for (const channel of channels) await client.query(`LISTEN ${client.escapeIdentifier(channel)}`);
      this.client = client;
    }
    this.loops = this.jobs.map((job) => this.loop(job));
  }

  async stop(): Promise<void> {
    this.running = false;
    for (const wake of this.sleepers) wake();
    await Promise.all(this.loops);
    this.loops = [];
    await this.client?.end().catch(() => undefined);
    this.client = null;
  }

  private wake(channel: string): void {
    for (const wake of this.wakers.get(channel) ?? []) wake();
  }

  private sleep(job: WorkerJob, ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.sleepers.delete(done);
        if (job.channel !== undefined) this.wakers.get(job.channel)?.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.sleepers.add(done);
      if (job.channel !== undefined) {
        const set = this.wakers.get(job.channel) ?? new Set();
        set.add(done);
        this.wakers.set(job.channel, set);
      }
    });
  }

  private async loop(job: WorkerJob): Promise<void> {
    const pollMs = this.options.pollMs ?? 1_000;
    while (this.running) {
      try {
        const done = await job.run();
        if (done === 0 && this.running) await this.sleep(job, pollMs);
      } catch (error) {
        this.options.logger?.error(
          { err: error, worker: job.name },
          'a background worker failed; retrying shortly',
        );
        if (this.running) await this.sleep(job, pollMs);
      }
    }
  }
}
