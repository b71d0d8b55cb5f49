/**
 * Builds the web client (`web/` → `dist/web`) with Vite. With `--if-stale`, builds only when a
 * source file is newer than the last build, so that `npm start` and the tests stay quick.
 *
 *   tsx scripts/build-web.ts [--if-stale]
 */
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const STAMP = path.join(ROOT, 'dist/web/.build-stamp');
/** What the web build reads: its sources, its config, and the server schemas it takes types from. */
const INPUTS = ['web', 'vite.config.ts', 'package-lock.json'];

function newestMtime(entry: string): number {
  const stat = statSync(entry);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const child of readdirSync(entry)) {
    if (child === 'node_modules') continue;
    newest = Math.max(newest, newestMtime(path.join(entry, child)));
  }
  return newest;
}

/** Whether `dist/web` is missing or older than any input. */
export function webBuildIsStale(): boolean {
  if (!existsSync(STAMP) || !existsSync(path.join(ROOT, 'dist/web/index.html'))) return true;
  const built = statSync(STAMP).mtimeMs;
  return INPUTS.some(
    (input) => existsSync(path.join(ROOT, input)) && newestMtime(path.join(ROOT, input)) > built,
  );
}

/** Builds the web client; with `ifStale`, only when needed. Resolves with whether it built. */
export async function buildWeb(options: { ifStale?: boolean } = {}): Promise<boolean> {
  if (options.ifStale === true && !webBuildIsStale()) return false;
  const { build } = await import('vite');
  await build({ configFile: path.join(ROOT, 'vite.config.ts'), logLevel: 'warn' });
  writeFileSync(STAMP, new Date().toISOString());
  return true;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const started = Date.now();
  const built = await buildWeb({ ifStale: process.argv.includes('--if-stale') });
  console.log(
    built ? `Web client built in ${Date.now() - started} ms (dist/web).` : 'Web client is up to date.',
  );
}
