import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ERROR_STATUS } from '../../../src/errors.ts';
import {
  PARTNER_IMPORT_ERROR_CODES,
  PARTNER_IMPORT_SKIP_CODES,
} from '../../../src/library-config/partner.schemas.ts';
import { BUILTIN_QUEUE_IDS } from '../../../src/queues/queue-definitions.ts';
import { ATTENTION_CODES } from '../../../src/workflow/attention.ts';
import { GUARD_NAMES } from '../../../src/workflow/guards.ts';
import { en, hasMessage } from './catalogue.ts';
const WEB_SRC = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Every part of the catalogue, by its file under `messages/` (each exports one table). */
const PARTS: Readonly<Record<string, Readonly<Record<string, unknown>>>> = Object.fromEntries(
  Object.entries(
    import.meta.glob<Record<string, Record<string, unknown>>>('./messages/*.ts', { eager: true }),
  ).map(([file, exports]) => [path.basename(file, '.ts'), Object.assign({}, ...Object.values(exports))]),
);

/** The web client's source files, tests left out. */
function sourceFiles(directory: string): string[] {
  return readdirSync(directory).flatMap((name) => {
    const file = path.join(directory, name);
    if (statSync(file).isDirectory()) return sourceFiles(file);
    return /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) ? [file] : [];
  });
}

/** The literal keys passed to `t(…)`, `tOr(…)` and `hasMessage(…)` in a source text. */
function literalKeys(source: string): string[] {
  return [...source.matchAll(/\b(?:t|tOr|hasMessage)\(\s*'([a-zA-Z][\w.-]*)'/g)].map(
    (match) => match[1] as string,
  );
}

/** Keys defined by more than one part, each with the parts that define it. */
function duplicateKeys(parts: Readonly<Record<string, Readonly<Record<string, unknown>>>>): string[] {
  const owners = new Map<string, string[]>();
  for (const [part, messages] of Object.entries(parts)) {
    for (const key of Object.keys(messages)) owners.set(key, [...(owners.get(key) ?? []), part]);
  }
  return [...owners]
    .filter(([, defining]) => defining.length > 1)
    .map(([key, defining]) => `${key}: ${defining.join(', ')}`);
}

describe('the message catalogue', () => {
  it('defines each key in one file of messages/ only, since a second definition would silently win', () => {
    expect(Object.keys(PARTS)).toEqual(expect.arrayContaining(['common', 'errors', 'staff', 'workflow']));
    expect(duplicateKeys(PARTS)).toEqual([]);
    const total = Object.values(PARTS).reduce((sum, messages) => sum + Object.keys(messages).length, 0);
    expect(Object.keys(en)).toHaveLength(total);
  });

  it('names the key two parts both define, and the parts', () => {
    const parts = { staff: { 'x.one': 'One', 'x.two': 'Two' }, opac: { 'x.one': 'Uno' } };
    expect(duplicateKeys(parts)).toEqual(['x.one: staff, opac']);
  });

  it('has every key the web client’s code names literally', () => {
    const used = sourceFiles(WEB_SRC).flatMap((file) =>
      literalKeys(readFileSync(file, 'utf8')).map((key) => ({ file: path.relative(WEB_SRC, file), key })),
    );
    // The scan finds the client's keys (it would pass vacuously on none).
    expect(used.length).toBeGreaterThan(500);
    expect(used.filter(({ key }) => !hasMessage(key)).map(({ file, key }) => `${file}: ${key}`)).toEqual([]);
  });

  it('reads the keys of t, tOr and hasMessage calls from source text', () => {
    expect(
      literalKeys(
        `t('form.save'); tOr(\`action.\${id}\`, id); hasMessage('error.guard.x'); format('no.key')`,
      ),
    ).toEqual(['form.save', 'error.guard.x']);
  });

  it('has no message that is empty or still carries a TODO', () => {
    const empty = Object.entries(en).filter(([, message]) => {
      const texts = typeof message === 'string' ? [message] : Object.values(message);
      return texts.some((text) => text.trim() === '' || /\bTODO\b/.test(text));
    });
    expect(empty).toEqual([]);
  });

  it('names every built-in queue of the server', () => {
    expect(BUILTIN_QUEUE_IDS.filter((id) => !hasMessage(`queue.${id}`))).toEqual([]);
  });

  it('explains every error code, workflow guard and refusal the server can answer with', () => {
    // server-errors.ts maps the codes common.ts already covers onto its keys.
    const common: Readonly<Record<string, string>> = {
      forbidden: 'error.forbidden',
      not_found: 'error.notFound',
      rate_limited: 'error.rateLimited',
    };
    const codes = Object.keys(ERROR_STATUS).map((code) => common[code] ?? `error.code.${code}`);
    expect(codes.filter((key) => !hasMessage(key))).toEqual([]);
    expect(GUARD_NAMES.map((guard) => `error.guard.${guard}`).filter((key) => !hasMessage(key))).toEqual([]);
  });

  it('words every reason the server gives for a request needing attention, and no code it does not have', () => {
    const keys = ATTENTION_CODES.map((code) => `attention.${code}`);
    expect(keys.filter((key) => !hasMessage(key))).toEqual([]);
    expect(Object.keys(PARTS['attention'] ?? {}).sort()).toEqual([...keys].sort());
  });

  it('explains every reason the partner import gives for a row it does not import', () => {
    const keys = [
      ...PARTNER_IMPORT_ERROR_CODES.map((code) => `config.import.error.${code}`),
      ...PARTNER_IMPORT_SKIP_CODES.map((code) => `config.import.skip.${code}`),
    ];
    expect(keys.filter((key) => !hasMessage(key))).toEqual([]);
  });
});
