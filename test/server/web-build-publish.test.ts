/**
 * Publishing a web build into dist/web while a server may be reading it: it is never emptied, old
 * assets outlive their index.html for a while, and are removed after that.
 */
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { publishWebBuild, RETIRED_ASSET_GRACE_MS } from '../../scripts/build-web.ts';

const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A build as Vite leaves it: index.html naming its hashed script, the script, its map and a favicon. */
function stagedBuild(hash: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'interlend-web-build-'));
  made.push(dir);
  mkdirSync(path.join(dir, 'assets'));
  writeFileSync(path.join(dir, 'index.html'), `<script src="/assets/index-${hash}.js"></script>`);
  writeFileSync(path.join(dir, 'assets', `index-${hash}.js`), `/* ${hash} */`);
  writeFileSync(path.join(dir, 'assets', `index-${hash}.js.map`), '{}');
  writeFileSync(path.join(dir, 'favicon.svg'), `<svg><!-- ${hash} --></svg>`);
  return dir;
}

function target(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'interlend-dist-web-'));
  made.push(dir);
  return path.join(dir, 'web');
}

describe('publishing a web build', () => {
  it('puts a first build in place whole', () => {
    const web = target();
    publishWebBuild(stagedBuild('AAAA'), web, 1_000);
    expect(readFileSync(path.join(web, 'index.html'), 'utf8')).toContain('index-AAAA.js');
    expect(readdirSync(path.join(web, 'assets')).sort()).toEqual(['index-AAAA.js', 'index-AAAA.js.map']);
    expect(existsSync(path.join(web, 'favicon.svg'))).toBe(true);
  });

  it('keeps the replaced build’s assets for pages that loaded its index.html just before', () => {
    const web = target();
    publishWebBuild(stagedBuild('AAAA'), web, 1_000);
    publishWebBuild(stagedBuild('BBBB'), web, 2_000);
    expect(readFileSync(path.join(web, 'index.html'), 'utf8')).toContain('index-BBBB.js');
    expect(readFileSync(path.join(web, 'favicon.svg'), 'utf8')).toContain('BBBB');
    expect(readdirSync(path.join(web, 'assets')).sort()).toEqual([
      'index-AAAA.js',
      'index-AAAA.js.map',
      'index-BBBB.js',
      'index-BBBB.js.map',
    ]);
  });

  it('removes a replaced build’s assets once they have been replaced for the grace period, never the current ones', () => {
    const web = target();
    publishWebBuild(stagedBuild('AAAA'), web, 1_000);
    // Replaced at 2 000: the grace counts from then, however old the files are.
    publishWebBuild(stagedBuild('BBBB'), web, 2_000);
    publishWebBuild(stagedBuild('CCCC'), web, 2_000 + RETIRED_ASSET_GRACE_MS - 1);
    expect(readdirSync(path.join(web, 'assets'))).toContain('index-AAAA.js');
    publishWebBuild(stagedBuild('CCCC'), web, 2_000 + RETIRED_ASSET_GRACE_MS);
    expect(readdirSync(path.join(web, 'assets')).sort()).toEqual([
      'index-BBBB.js',
      'index-BBBB.js.map',
      'index-CCCC.js',
      'index-CCCC.js.map',
    ]);
  });
});
