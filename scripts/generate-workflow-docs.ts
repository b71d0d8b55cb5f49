/**
 * Writes `docs/workflow.md` from the transition table (`npm run docs:workflow`). With `--check`, writes
 * nothing and exits 1 when the committed file differs from what the table gives (for CI and hooks).
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderWorkflowMarkdown } from '../src/workflow/workflow-docs.ts';

const target = fileURLToPath(new URL('../docs/workflow.md', import.meta.url));
const shown = path.relative(process.cwd(), target) || target;
const args = process.argv.slice(2);
const unknown = args.filter((arg) => arg !== '--check');
if (unknown.length > 0) {
  console.error(
    `Unknown argument ${unknown.join(' ')}. Usage: tsx scripts/generate-workflow-docs.ts [--check]`,
  );
  process.exit(2);
}

const rendered = renderWorkflowMarkdown();
if (args.includes('--check')) {
  const committed = await fs.readFile(target, 'utf8').catch(() => null);
  if (committed !== rendered) {
    console.error(
      `${shown} is ${committed === null ? 'missing' : 'out of date'}: run \`npm run docs:workflow\` and commit it.`,
    );
    process.exit(1);
  }
  console.log(`${shown} is up to date.`);
} else {
  await fs.mkdir(path.dirname(target), { recursive: true });
  await fs.writeFile(target, rendered);
  console.log(`Wrote ${shown}.`);
}
