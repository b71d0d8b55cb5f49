/**
 * The mock peer as a real process, for tests: spawn `node bin/interlend.js mock-peer …` on a free
 * port, wait (bounded) until it listens, and stop it. Every process started is remembered, so a test
 * file can kill what is left in its afterAll.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const BIN = path.join(REPO_ROOT, 'bin/interlend.js');

export interface MockProcess {
  url: string;
  child: ChildProcess;
  output(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Mock peer processes still running. */
export const runningMockPeers = new Set<ChildProcess>();

/** A port free right now (the OS picks it). */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Spawns `node bin/interlend.js mock-peer …` and resolves once it prints its URL (bounded wait). */
export async function spawnMockPeer(args: string[], timeoutMs = 30_000): Promise<MockProcess> {
  const child = spawn(process.execPath, [BIN, 'mock-peer', ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, PEER_URL: '', MOCK_PEER_CREDENTIAL: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  runningMockPeers.add(child);
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => {
      runningMockPeers.delete(child);
      resolve({ code, signal });
    }),
  );
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const url = /listening on (http:\/\/\S+)/.exec(output)?.[1];
    if (url !== undefined) return { url, child, output: () => output, exited };
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the mock peer did not start (${args.join(' ')}). Output:\n${output}`);
    }
    await delay(25);
  }
}

/** SIGTERM, then the exit (bounded; SIGKILL when it does not come). */
export async function stopMockPeer(
  mock: MockProcess,
): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  mock.child.kill('SIGTERM');
  const outcome = await Promise.race([mock.exited, delay(10_000).then(() => undefined)]);
  if (outcome !== undefined) return outcome;
  mock.child.kill('SIGKILL');
  throw new Error(`the mock peer did not stop within 10 s. Output:\n${mock.output()}`);
}
