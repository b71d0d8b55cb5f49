/**
 * The notice template language: plain text with `{{name}}` placeholders and `{{#name}}…{{/name}}`
 * sections, shown only when the value is not empty. Pure: parsing reports every problem at once, so a
 * staff form can show them all; rendering never fails on a parsed template.
 */

/** Values a template is rendered with, by placeholder name; null and '' both mean "no value". */
export type TemplateValues = Readonly<Record<string, string | null | undefined>>;

type Node =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'value'; readonly name: string }
  | { readonly kind: 'section'; readonly name: string; readonly children: readonly Node[] };

/** A template ready to render. */
export interface ParsedTemplate {
  readonly nodes: readonly Node[];
  /** Every placeholder it uses, sections included. */
  readonly placeholders: ReadonlySet<string>;
}

/** One problem of a template's text. */
export interface TemplateProblem {
  readonly message: string;
  /** The placeholder concerned, when there is one. */
  readonly placeholder?: string;
}

export type ParseResult =
  | { readonly ok: true; readonly template: ParsedTemplate }
  | { readonly ok: false; readonly problems: readonly TemplateProblem[] };

const TAG = /\{\{([^{}]*)\}\}/g;
const NAME = /^[A-Za-z][A-Za-z0-9_]*(\.[A-Za-z][A-Za-z0-9_]*)*$/;

/**
 * Parse a template, checking each placeholder against `known`.
 *
 * @param known the placeholders this template may use
 */
export function parseTemplate(text: string, known: ReadonlySet<string>): ParseResult {
  const problems: TemplateProblem[] = [];
  const placeholders = new Set<string>();
  const root: Node[] = [];
  const stack: { name: string; children: Node[] }[] = [];
  const current = (): Node[] => stack.at(-1)?.children ?? root;
  const reportUnknown = (name: string): void => {
    if (!known.has(name) && !problems.some((problem) => problem.placeholder === name)) {
      problems.push({ message: `unknown placeholder {{${name}}}`, placeholder: name });
    }
  };

  let last = 0;
  for (const match of text.matchAll(TAG)) {
    const index = match.index;
    if (index > last) current().push({ kind: 'text', text: text.slice(last, index) });
    last = index + match[0].length;
    const inner = (match[1] ?? '').trim();
    const marker = inner.startsWith('#') ? '#' : inner.startsWith('/') ? '/' : '';
    const name = inner.slice(marker.length).trim();
    if (!NAME.test(name)) {
      problems.push({ message: `malformed placeholder ${match[0]}` });
      continue;
    }
    placeholders.add(name);
    reportUnknown(name);
    if (marker === '#') {
      const section = { name, children: [] as Node[] };
      current().push({ kind: 'section', name, children: section.children });
      stack.push(section);
    } else if (marker === '/') {
      const open = stack.pop();
      if (open === undefined) problems.push({ message: `{{/${name}}} closes no section`, placeholder: name });
      else if (open.name !== name) {
        problems.push({
          message: `{{/${name}}} closes the section {{#${open.name}}}`,
          placeholder: name,
        });
      }
    } else {
      current().push({ kind: 'value', name });
    }
  }
  if (last < text.length) current().push({ kind: 'text', text: text.slice(last) });
  for (const open of stack) {
    problems.push({ message: `the section {{#${open.name}}} is never closed`, placeholder: open.name });
  }
  const stray = text.replace(TAG, '');
  if (stray.includes('{{') || stray.includes('}}')) {
    problems.push({ message: 'unbalanced {{ or }}' });
  }
  return problems.length > 0
    ? { ok: false, problems }
    : { ok: true, template: { nodes: root, placeholders } };
}

/**
 * Whether a placeholder's value shows whatever the other values hold: it is used outside every
 * section, or only inside sections of its own name (which show exactly when it has a value).
 */
export function alwaysShows(template: ParsedTemplate, name: string): boolean {
  const search = (nodes: readonly Node[]): boolean =>
    nodes.some((node) =>
      node.kind === 'value'
        ? node.name === name
        : node.kind === 'section' && node.name === name && search(node.children),
    );
  return search(template.nodes);
}

function present(value: string | null | undefined): value is string {
  return value !== undefined && value !== null && value.trim() !== '';
}

function renderNodes(nodes: readonly Node[], values: TemplateValues): string {
  return nodes
    .map((node) => {
      switch (node.kind) {
        case 'text':
          return node.text;
        case 'value': {
          const value = values[node.name];
          return present(value) ? value : '';
        }
        case 'section':
          return present(values[node.name]) ? renderNodes(node.children, values) : '';
      }
    })
    .join('');
}

/** Render a body: placeholders filled, at most one blank line in a row, no trailing spaces. */
export function renderBody(template: ParsedTemplate, values: TemplateValues): string {
  return renderNodes(template.nodes, values)
    .replace(/\r\n?/g, '\n')
    .replace(/[ \t]+$/gm, '')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** Render a subject: one line, whatever the values hold. */
export function renderSubject(template: ParsedTemplate, values: TemplateValues): string {
  return renderNodes(template.nodes, values).replace(/\s+/g, ' ').trim();
}
