/**
 * The connection pool under load and against a dead host: a query waits its turn for a busy pool
 * rather than failing after the connect timeout, and opening a connection to a host that never
 * answers still fails after the connect timeout.
 */
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase } from '../../src/db/database.ts';
import { describeEachDatabase } from '../support/databases.ts';

describeEachDatabase('the connection pool', (database) => {
  it('lets a query wait for a busy pool longer than the connect timeout instead of failing', async () => {
    const db = createDatabase(database.connectionString, { maxConnections: 1, connectionTimeoutMs: 300 });
    try {
      const busy = db.transaction().execute(async (transaction) => {
        await sql`select pg_sleep(1.2)`.execute(transaction);
      });
      // Give the transaction the pool's only connection first.
      await new Promise((resolve) => setTimeout(resolve, 100));
      const started = Date.now();
      const waited = await sql<{ one: number }>`select 1 as one`.execute(db);
      expect(waited.rows).toEqual([{ one: 1 }]);
      expect(Date.now() - started).toBeGreaterThan(300);
      await busy;
    } finally {
      await db.destroy();
    }
  });

  it('gives up a queued query after the acquire timeout', async () => {
    const db = createDatabase(database.connectionString, {
      maxConnections: 1,
      connectionTimeoutMs: 200,
      acquireTimeoutMs: 400,
    });
    try {
      const busy = db.transaction().execute(async (transaction) => {
        await sql`select pg_sleep(1.5)`.execute(transaction);
      });
      await new Promise((resolve) => setTimeout(resolve, 100));
      await expect(sql`select 1`.execute(db)).rejects.toThrow(/timeout/);
      await busy;
    } finally {
      await db.destroy();
    }
  });
});

describeEachDatabase('a connection the server drops while in use', (database) => {
  it('fails that transaction only, and the process and the pool live on', async () => {
    const db = createDatabase(database.connectionString, { maxConnections: 2 });
    const uncaught: unknown[] = [];
    const onUncaught = (error: unknown) => uncaught.push(error);
    process.on('uncaughtException', onUncaught);
    try {
      let release: () => void = () => undefined;
      const waiting = new Promise<void>((resolve) => (release = resolve));
      const transaction = db.transaction().execute(async (trx) => {
        const { rows } = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(trx);
        // Killed while it waits on something else, as an outbox worker waits on a partner's answer.
        await sql`select pg_terminate_backend(${rows[0]?.pid})`.execute(db);
        await new Promise((resolve) => setTimeout(resolve, 200));
        release();
        await sql`select 1`.execute(trx);
      });
      await waiting;
      await expect(transaction).rejects.toThrow();
      expect(uncaught).toEqual([]);
      const { rows } = await sql<{ one: number }>`select 1 as one`.execute(db);
      expect(rows).toEqual([{ one: 1 }]);
    } finally {
      process.off('uncaughtException', onUncaught);
      await db.destroy();
    }
  });
});

describe('the connection pool against a host that never answers', () => {
  let silent: net.Server;
  const sockets = new Set<net.Socket>();

  beforeAll(async () => {
    // Accepts connections and never says a word, like a host that is up but whose PostgreSQL hangs.
    silent = net.createServer((socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  });
  afterAll(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => silent.close(resolve));
  });

  it('fails to connect after the connect timeout, not the longer acquire timeout', async () => {
    const port = (silent.address() as AddressInfo).port;
    const db = createDatabase(`postgres://interlend:x@127.0.0.1:${port}/interlend`, {
      connectionTimeoutMs: 300,
      acquireTimeoutMs: 20_000,
    });
    try {
      const started = Date.now();
      await expect(sql`select 1`.execute(db)).rejects.toThrow();
      expect(Date.now() - started).toBeLessThan(5_000);
    } finally {
      await db.destroy();
    }
  });
});
