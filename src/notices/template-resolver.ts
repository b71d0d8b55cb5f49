/**
 * Which text a notice or partner email is written in: the library's template in the wanted language,
 * else the library's template in its default language, else the built-in English one.
 */
import { BUILT_IN_LANGUAGE, builtInTemplate } from './default-templates.ts';
import type { TemplateKind } from './notice-catalogue.ts';
import type { NoticeConfigRepository } from './notice-config.repository.ts';
import { PLACEHOLDER_NAMES } from './placeholders.ts';
import { parseTemplate, renderBody, renderSubject } from './template.ts';
import type { ParsedTemplate, TemplateValues } from './template.ts';

export type TemplateSource = 'library' | 'built-in';

export interface ResolvedTemplate {
  readonly kind: TemplateKind;
  readonly name: string;
  readonly language: string;
  readonly source: TemplateSource;
  readonly subject: string;
  readonly body: string;
  readonly parsed: { readonly subject: ParsedTemplate; readonly body: ParsedTemplate };
}

function parsed(subject: string, body: string): ResolvedTemplate['parsed'] | null {
  const s = parseTemplate(subject, PLACEHOLDER_NAMES);
  const b = parseTemplate(body, PLACEHOLDER_NAMES);
  return s.ok && b.ok ? { subject: s.template, body: b.template } : null;
}

/** The built-in template; throws for a name that has none (a bug: names come from the catalogue). */
export function builtIn(kind: TemplateKind, name: string): ResolvedTemplate {
  const text = builtInTemplate(kind, name);
  const templates = text === undefined ? null : parsed(text.subject, text.body);
  if (text === undefined || templates === null) throw new Error(`No built-in template for ${kind} ${name}`);
  return { kind, name, language: BUILT_IN_LANGUAGE, source: 'built-in', ...text, parsed: templates };
}

/**
 * The template to use. A stored template that no longer parses (say, a placeholder was withdrawn) is
 * passed over rather than sent broken.
 */
export async function resolveTemplate(
  config: Pick<NoticeConfigRepository, 'templates'>,
  libraryId: string,
  kind: TemplateKind,
  name: string,
  language: string,
  defaultLanguage: string,
): Promise<ResolvedTemplate> {
  const languages = [...new Set([language, defaultLanguage])];
  const rows = await config.templates(libraryId, kind, name, languages);
  for (const wanted of languages) {
    const row = rows.find((candidate) => candidate.language === wanted);
    if (row === undefined) continue;
    const templates = parsed(row.subject, row.body);
    if (templates !== null) {
      return {
        kind,
        name,
        language: row.language,
        source: 'library',
        subject: row.subject,
        body: row.body,
        parsed: templates,
      };
    }
  }
  return builtIn(kind, name);
}

/** The subject and body of a template filled with values. */
export function renderTemplate(
  template: Pick<ResolvedTemplate, 'parsed'>,
  values: TemplateValues,
): { subject: string; body: string } {
  return {
    subject: renderSubject(template.parsed.subject, values),
    body: renderBody(template.parsed.body, values),
  };
}
