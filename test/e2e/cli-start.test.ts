import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import { createFreshDatabase, dropDatabase } from '../support/databases.ts';
import { killAllServers, postgresProcessesFor, startServerProcess } from '../support/server-process.ts';
import { migrations } from '../../src/db/migrations/index.ts';

/** What a first start prints: every migration, in order. */
const ALL_MIGRATIONS_APPLIED = `Applied ${Object.keys(migrations).length} migration(s): ${Object.keys(migrations).join(', ')}`;

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Runs a CLI command to completion (bounded), on 127.0.0.1 with the given environment. */
function runCli(args: string[], env: Record<string, string>) {
  const childEnv: NodeJS.ProcessEnv = {
    ...process.env,
    HOST: '127.0.0.1',
    PORT: '0',
    LOG_LEVEL: 'warn',
    ...env,
  };
  if (!('DATABASE_URL' in env)) delete childEnv.DATABASE_URL;
  const result = spawnSync(process.execPath, ['bin/interlend.js', ...args], {
    cwd: REPO_ROOT,
    env: childEnv,
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: result.status, output: `${result.stdout}${result.stderr}` };
}

describe('interlend start', () => {
  let dataDir: string;

  beforeEach(async () => {
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'interlend-e2e-'));
  });
  afterEach(async () => {
    killAllServers();
    // Whatever a failed test left behind: a postmaster must not outlive the run.
    for (const pid of postgresProcessesFor(dataDir)) process.kill(pid, 'SIGQUIT');
    await fs.rm(dataDir, { recursive: true, force: true });
  });

  it('starts on a fresh DATA_DIR, prints its URLs and stops cleanly on SIGINT', async () => {
    const server = await startServerProcess({ dataDir });
    const output = server.output();
    expect(server.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    for (const suffix of ['/', '/docs', '/openapi.json', '/health']) {
      expect(output).toContain(`${server.baseUrl}${suffix}`);
    }
    expect(output).toMatch(/Embedded PostgreSQL started in \d+ ms \(new cluster created in \d+ ms\)/);
    expect(output).toContain(ALL_MIGRATIONS_APPLIED);
    expect(output).toContain('Demo consortium created: 4 libraries that lend to each other');
    expect(output).toMatch(/north-admin \(administrator\)/);
    expect((await fetch(`${server.baseUrl}/docs`)).status).toBe(200);
    expect(postgresProcessesFor(dataDir).length).toBeGreaterThan(0);

    const exit = await server.stop('SIGINT');
    expect(exit).toEqual({ code: 0, signal: null });
    expect(server.output()).toContain('Interlend stopped.');
    expect(postgresProcessesFor(dataDir)).toEqual([]);
    expect(existsSync(path.join(dataDir, 'interlend.pid'))).toBe(false);
    const password = await fs.stat(path.join(dataDir, 'postgres-password'));
    expect(password.mode & 0o777).toBe(0o600);
  });

  it('stops the HTTP server before PostgreSQL when Ctrl+C reaches its whole process group', async () => {
    const server = await startServerProcess({ dataDir, ownProcessGroup: true });
    expect(await server.stop('SIGINT')).toEqual({ code: 0, signal: null });
    // PostgreSQL runs in a group of its own: it was stopped by Interlend, not by the signal.
    expect(server.output()).not.toContain('exited unexpectedly');
    expect(server.output()).toContain('Interlend stopped.');
    expect(postgresProcessesFor(dataDir)).toEqual([]);
  });

  it('stops cleanly on SIGTERM too', async () => {
    const server = await startServerProcess({ dataDir });
    expect(await server.stop('SIGTERM')).toEqual({ code: 0, signal: null });
    expect(postgresProcessesFor(dataDir)).toEqual([]);
  });

  it('comes back healthy on the same DATA_DIR after the previous process was SIGKILLed', async () => {
    const first = await startServerProcess({ dataDir });
    await first.stop('SIGKILL');
    // The killed process could not stop its PostgreSQL, which now runs orphaned.
    expect(postgresProcessesFor(dataDir).length).toBeGreaterThan(0);

    const second = await startServerProcess({ dataDir });
    const health = await fetch(`${second.baseUrl}/health`);
    expect(await health.json()).toEqual({ status: 'ok', database: 'ok' });
    expect(second.output()).not.toContain('Demo consortium created');
    // The logins are printed again on every start while the demo is there.
    expect(second.output()).toContain('Demo consortium (created on an earlier start): 4 libraries.');
    expect(second.output()).toContain('north-ill (ILL desk)');
    expect(second.output()).toContain('Database schema is up to date.');

    expect(await second.stop('SIGINT')).toEqual({ code: 0, signal: null });
    expect(postgresProcessesFor(dataDir)).toEqual([]);
  });

  it('refuses to share a DATA_DIR with a running Interlend', async () => {
    const server = await startServerProcess({ dataDir });
    const second = runCli(['start'], { DATA_DIR: dataDir });
    expect(second.code).toBe(1);
    expect(second.output).toContain(`is in use by another Interlend process (pid ${server.child.pid})`);
    // The running server is unaffected.
    expect((await fetch(`${server.baseUrl}/health`)).status).toBe(200);
    expect(await server.stop('SIGINT')).toEqual({ code: 0, signal: null });
  });

  it('uses DATABASE_URL instead of an embedded PostgreSQL when it is set', async () => {
    const adminUrl = inject('embeddedAdminUrl');
    const database = await createFreshDatabase(adminUrl);
    try {
      const server = await startServerProcess({ dataDir, databaseUrl: database.connectionString });
      expect(server.output()).not.toContain('Embedded PostgreSQL');
      expect(server.output()).toContain('Demo consortium created');
      expect(await server.stop('SIGINT')).toEqual({ code: 0, signal: null });
      expect(existsSync(path.join(dataDir, 'postgres'))).toBe(false);
    } finally {
      await dropDatabase(adminUrl, database.name);
    }
  });
});

describe('interlend migrate', () => {
  const dataDirs: string[] = [];
  afterAll(async () => {
    for (const dir of dataDirs) await fs.rm(dir, { recursive: true, force: true });
  });

  it('migrates the embedded database and exits, then finds nothing more to do', async () => {
    const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'interlend-e2e-'));
    dataDirs.push(dataDir);
    const first = runCli(['migrate'], { DATA_DIR: dataDir });
    expect(first.output).toContain(ALL_MIGRATIONS_APPLIED);
    expect(first.code).toBe(0);
    const second = runCli(['migrate'], { DATA_DIR: dataDir });
    expect(second.output).toContain('Database schema is up to date.');
    expect(second.code).toBe(0);
    expect(postgresProcessesFor(dataDir)).toEqual([]);
  });

  it('names the variable when the configuration is invalid', () => {
    const result = runCli(['migrate'], { PORT: 'eighty' });
    expect(result.code).toBe(1);
    expect(result.output).toContain('PORT: must be an integer from 0 to 65535, got "eighty"');
  });

  it('prints the usage for help and rejects unknown commands', () => {
    const help = runCli(['help'], {});
    expect(help.code).toBe(0);
    expect(help.output).toContain('Usage: interlend [command]');
    const unknown = runCli(['frobnicate'], {});
    expect(unknown.code).toBe(2);
    expect(unknown.output).toContain('Unknown arguments: frobnicate');
  });
});
