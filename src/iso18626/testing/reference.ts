/**
 * Where the shared ISO 18626 reference (XSDs and sample messages) lives, for tests.
 *
 * The repository keeps a copy in `test/fixtures/iso18626`; without it, the shared reference beside the
 * repository (`../shared/reference/iso18626`) is searched for upwards from this file. The
 * ISO18626_REFERENCE_DIR environment variable overrides both.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const RELATIVE = path.join('shared', 'reference', 'iso18626');
/** The copy kept in the repository (test/fixtures/iso18626), so that a clean clone has it. */
const IN_REPOSITORY = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  '..',
  'test',
  'fixtures',
  'iso18626',
);

function search(): string | undefined {
  const override = process.env.ISO18626_REFERENCE_DIR;
  if (override) return fs.existsSync(override) ? path.resolve(override) : undefined;
  if (fs.existsSync(path.join(IN_REPOSITORY, 'SOURCES.md'))) return IN_REPOSITORY;
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = path.join(dir, RELATIVE);
    if (fs.existsSync(path.join(candidate, 'SOURCES.md'))) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/** The reference directory, or undefined when this checkout has none beside it. */
export const ISO18626_REFERENCE_DIR = search();

/** On CI (CI=true), a missing reference or xmllint fails the tests; elsewhere those tests are skipped. */
export const ON_CI = process.env.CI === 'true' || process.env.CI === '1';

function reference(...parts: string[]): string {
  if (ISO18626_REFERENCE_DIR === undefined) {
    throw new Error(`the ISO 18626 reference (${RELATIVE}) was not found above ${process.cwd()}`);
  }
  return path.join(ISO18626_REFERENCE_DIR, ...parts);
}

/** The v1.2 schema every emitted message must validate against. */
export function schemaV12Path(): string {
  return reference('xsd', 'ISO-18626-v1_2.xsd');
}

/** The 2021 schema (only read for comparison). */
export function schema2021Path(): string {
  return reference('xsd', 'ISO-18626-2021-2.xsd');
}

/** Every sample message, as `folder/file.xml` relative to `samples/`, sorted. */
export function listSamples(): string[] {
  const root = reference('samples');
  return fs
    .readdirSync(root, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .flatMap((dir) =>
      fs
        .readdirSync(path.join(root, dir.name))
        .filter((file) => file.endsWith('.xml'))
        .map((file) => `${dir.name}/${file}`),
    )
    .sort();
}

/** The text of one sample, e.g. `readSample('crosslink/supmsg-ok.xml')`. */
export function readSample(name: string): string {
  return fs.readFileSync(reference('samples', name), 'utf8');
}
