/**
 * The live change feed of one Interlend process: a single PostgreSQL connection LISTENing on
 * `interlend_changes` (announced by the triggers of migration 0008 when any process commits a
 * change to a request), fanned out to the subscribers of this process, e.g. open browser screens.
 */
import pg from 'pg';
import { UnavailableError } from '../errors.ts';
import type { Logger } from '../logger.ts';

/** The notification channel of migration 0008. */
export const CHANGES_CHANNEL = 'interlend_changes';

/** Something changed on a request: re-read it (and the lists holding it). */
export interface RequestChange {
  readonly kind: 'request';
  readonly libraryId: string;
  readonly requestId: string;
  /** The borrowing patron, if the request has one. */
  readonly patronId: string | null;
}

/**
 * The feed's connection was lost and re-made: changes in between may have been missed, so a
 * screen should re-read everything it shows.
 */
export interface Resync {
  readonly kind: 'resync';
}

export type ChangeEvent = RequestChange | Resync;
export type ChangeListener = (event: ChangeEvent) => void;

export interface ChangeFeedOptions {
  /** The database to listen to; without it the feed refuses subscribers with `unavailable`. */
  readonly connectionString?: string;
  readonly logger?: Logger;
  /** Wait before re-connecting after the connection is lost. Default 1 s. */
  readonly reconnectMs?: number;
}

/** Parses a `library:request:patron` payload; undefined when it is not one. */
export function parseChange(payload: string): RequestChange | undefined {
  const [libraryId, requestId, patronId, ...rest] = payload.split(':');
  if (libraryId === undefined || requestId === undefined || patronId === undefined || rest.length > 0) {
    return undefined;
  }
  if (libraryId === '' || requestId === '') return undefined;
  return { kind: 'request', libraryId, requestId, patronId: patronId === '' ? null : patronId };
}

export class ChangeFeed {
  private readonly listeners = new Set<ChangeListener>();
  private client: pg.Client | null = null;
  private connecting: Promise<void> | null = null;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private closed = false;

  constructor(private readonly options: ChangeFeedOptions) {}

  /** Whether this feed can deliver changes at all (it knows its database). */
  get available(): boolean {
    return this.options.connectionString !== undefined && !this.closed;
  }

  /**
   * Adds a listener, connecting on the first one; resolves once the feed is listening, so that no
   * change committed after this resolves is missed. Returns the unsubscribe function.
   */
  async subscribe(listener: ChangeListener): Promise<() => void> {
    if (!this.available) throw new UnavailableError('Live updates are not available on this server.');
    this.listeners.add(listener);
    try {
      await this.connect();
    } catch (error) {
      this.listeners.delete(listener);
      throw new UnavailableError('Live updates are unavailable: the database did not answer.', undefined, {
        cause: error,
      });
    }
    return () => {
      this.listeners.delete(listener);
    };
  }

  /** How many listeners this process has (for tests and diagnostics). */
  get listenerCount(): number {
    return this.listeners.size;
  }

  async close(): Promise<void> {
    this.closed = true;
    this.listeners.clear();
    if (this.reconnectTimer !== null) clearTimeout(this.reconnectTimer);
    await this.connecting?.catch(() => undefined);
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => undefined);
  }

  private connect(): Promise<void> {
    if (this.client !== null) return Promise.resolve();
    this.connecting ??= this.open().finally(() => {
      this.connecting = null;
    });
    return this.connecting;
  }

  private async open(): Promise<void> {
    const client = new pg.Client({
      connectionString: this.options.connectionString,
      application_name: 'interlend-changes',
    });
    client.on('notification', (notification) => {
      if (notification.channel !== CHANGES_CHANNEL || notification.payload === undefined) return;
      const change = parseChange(notification.payload);
      if (change !== undefined) this.emit(change);
    });
    const lost = (error?: Error): void => {
      if (this.client !== client) return;
      this.client = null;
      client.end().catch(() => undefined);
      if (error !== undefined)
        this.options.logger?.warn({ err: error }, 'the live change feed lost its connection');
      this.scheduleReconnect();
    };
    client.on('error', lost);
    client.on('end', () => lost());
    await client.connect();
    await client.query(`LISTEN ${CHANGES_CHANNEL}`);
    if (this.closed) {
      await client.end();
      return;
    }
    this.client = client;
  }

  private scheduleReconnect(): void {
    if (this.closed || this.listeners.size === 0 || this.reconnectTimer !== null) return;
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      if (this.closed || this.listeners.size === 0) return;
      this.connect().then(
        () => this.emit({ kind: 'resync' }),
        (error: unknown) => {
          this.options.logger?.warn({ err: error }, 'the live change feed could not reconnect');
          this.scheduleReconnect();
        },
      );
    }, this.options.reconnectMs ?? 1_000);
  }

  private emit(event: ChangeEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (error) {
        this.options.logger?.error({ err: error }, 'a live change listener failed');
      }
    }
  }
}
