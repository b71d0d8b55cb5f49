/**
 * Builds the web client (`web/` → `dist/web`) with Vite. With `--if-stale`, builds only when a
 * source file is newer than the last build, so that `npm start` and the tests stay quick.
 *
 * Vite builds into a staging directory, which is then published into `dist/web` (see
 * {@link publishWebBuild}). Built in place, Vite first empties its output directory, and a server
 * running meanwhile (a browser test's, while another test run rebuilds) found no index.html for a
 * moment (0.3 s measured) and served the "not built" page, or an index.html whose script was not
 * written yet.
 *
 *   tsx scripts/build-web.ts [--if-stale]
 */
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const WEB_DIR = path.join(ROOT, 'dist/web');
const STAMP = path.join(WEB_DIR, '.build-stamp');
/** The assets of replaced builds, each with when it was replaced (ms), in the published directory. */
const RETIRED_MANIFEST = '.retired-assets.json';
/** How long a replaced build's assets stay, for pages that loaded its index.html just before. */
export const RETIRED_ASSET_GRACE_MS = 10 * 60_000;
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
  // Beside dist/web, on the same file system, so that publishing renames rather than copies.
  mkdirSync(path.dirname(WEB_DIR), { recursive: true });
  const staging = mkdtempSync(path.join(path.dirname(WEB_DIR), '.web-build-'));
  // Vite builds React's development bundle unless NODE_ENV is production, and vitest, whose global
  // setup builds for the browser tests, sets it to test: they would try a bigger, slower bundle than
  // users get.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({
      configFile: path.join(ROOT, 'vite.config.ts'),
      logLevel: 'warn',
      build: { outDir: staging, emptyOutDir: true },
    });
    publishWebBuild(staging, WEB_DIR);
  } finally {
    if (nodeEnv === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = nodeEnv;
    rmSync(staging, { recursive: true, force: true });
  }
  writeFileSync(STAMP, new Date().toISOString());
  return true;
}

/** Moves `from` (a file, or a directory's files) to `to`, each file by an atomic rename. */
function move(from: string, to: string): void {
  if (!statSync(from).isDirectory()) {
    renameSync(from, to);
    return;
  }
  mkdirSync(to, { recursive: true });
  for (const name of readdirSync(from)) move(path.join(from, name), path.join(to, name));
}

/**
 * Publishes a finished build from `staging` into `target` so that a server reading `target` at any
 * moment finds a whole build: the new assets are added beside the old ones (their names carry a
 * hash of their content), every other file replaces its old version by a rename, and index.html,
 * which names the assets, comes last. Assets of earlier builds stay for
 * {@link RETIRED_ASSET_GRACE_MS} after they were replaced, for a page that loaded the old
 * index.html just before, and are removed by a later publish.
 */
export function publishWebBuild(staging: string, target: string, now: number = Date.now()): void {
  const assets = path.join(target, 'assets');
  const fresh = new Set(
    existsSync(path.join(staging, 'assets')) ? readdirSync(path.join(staging, 'assets')) : [],
  );
  mkdirSync(target, { recursive: true });
  const entries = readdirSync(staging);
  for (const name of entries)
    if (name !== 'index.html') move(path.join(staging, name), path.join(target, name));
  if (entries.includes('index.html')) move(path.join(staging, 'index.html'), path.join(target, 'index.html'));

  const manifestFile = path.join(target, RETIRED_MANIFEST);
  let retired: Record<string, number> = {};
  try {
    retired = JSON.parse(readFileSync(manifestFile, 'utf8')) as Record<string, number>;
  } catch {
    // No manifest yet (or a torn one): every old asset's grace starts now.
  }
  const kept: Record<string, number> = {};
  for (const name of existsSync(assets) ? readdirSync(assets) : []) {
    if (fresh.has(name)) continue;
    const since = retired[name] ?? now;
    // force: a build published at the same time may have removed it already.
    if (now - since >= RETIRED_ASSET_GRACE_MS) rmSync(path.join(assets, name), { force: true });
    else kept[name] = since;
  }
  writeFileSync(manifestFile, JSON.stringify(kept));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const started = Date.now();
  const built = await buildWeb({ ifStale: process.argv.includes('--if-stale') });
  console.log(
    built ? `Web client built in ${Date.now() - started} ms (dist/web).` : 'Web client is up to date.',
  );
}
