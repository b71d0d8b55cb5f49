/**
 * XSD validation with libxml2's xmllint, for tests: one process per batch of documents, because a
 * spawn costs more than validating a message (~2.4 ms per call on the reference machine).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** Whether xmllint can be run here. On CI (CI=true) its absence must fail the tests, not skip them. */
export const XMLLINT_AVAILABLE = spawnSync('xmllint', ['--version'], { encoding: 'utf8' }).status === 0;

/** The verdict on one document: valid, or the schema errors xmllint reported. */
export interface XmllintVerdict {
  name: string;
  valid: boolean;
  errors: string[];
}

/**
 * Validates each document against `schemaPath`; `documents` maps a name (used in the report) to
 * XML text. Files are written to a temporary directory and checked `batchSize` per xmllint run.
 */
export function validateWithXmllint(
  schemaPath: string,
  documents: ReadonlyMap<string, string>,
  batchSize = 200,
): XmllintVerdict[] {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'iso18626-xmllint-'));
  try {
    const entries = [...documents].map(([name, xml], index) => {
      const file = path.join(dir, `doc-${index}.xml`);
      fs.writeFileSync(file, xml);
      return { name, file };
    });
    const verdicts: XmllintVerdict[] = [];
    for (let start = 0; start < entries.length; start += batchSize) {
      const batch = entries.slice(start, start + batchSize);
      const run = spawnSync(
        'xmllint',
        ['--noout', '--nonet', '--schema', schemaPath, ...batch.map((entry) => entry.file)],
        { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
      );
      if (run.error) throw run.error;
      const output = `${run.stdout}${run.stderr}`.split('\n');
      for (const { name, file } of batch) {
        const valid = output.includes(`${file} validates`);
        const errors = output.filter((line) => line.startsWith(`${file}:`));
        if (!valid && errors.length === 0)
          errors.push(`no verdict from xmllint for ${name} (exit ${run.status})`);
        verdicts.push({ name, valid, errors });
      }
    }
    return verdicts;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
