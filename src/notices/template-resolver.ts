/**
 * Which text a notice or partner email is written in: the library's template in the wanted language,
 * else the library's template in its default language, else the built-in English one.
 */
import { BUILT_IN_LANGUAGE, builtInTemplate } from './default-templates.ts';
import type { TemplateKind } from './notice-catalogue.ts';
import type { NoticeConfigRepository } from './notice-config.repository.ts';
import { PLACEHOLDER_NAMES } from './placeholders.ts';
import { alwaysShows, parseTemplate, renderBody, renderSubject } from './template.ts';
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

/**
 * The placeholder a kind of template must show in its subject, if any: partners' replies are matched
 * to their request by the reference in the subject, so a partner email always carries it.
 */
export const REQUIRED_IN_SUBJECT: Readonly<Record<TemplateKind, string | null>> = {
  notice: null,
  partner: 'request.reference',
};

/** The placeholder `subject` lacks for a template of `kind`, or null when it has what it needs. */
export function missingFromSubject(kind: TemplateKind, subject: ParsedTemplate): string | null {
  const required = REQUIRED_IN_SUBJECT[kind];
  return required === null || alwaysShows(subject, required) ? null : required;
}

function parsed(kind: TemplateKind, subject: string, body: string): ResolvedTemplate['parsed'] | null {
  const s = parseTemplate(subject, PLACEHOLDER_NAMES);
  const b = parseTemplate(body, PLACEHOLDER_NAMES);
  if (!s.ok || !b.ok || missingFromSubject(kind, s.template) !== null) return null;
  return { subject: s.template, body: b.template };
}

/** The built-in template; throws for a name that has none (a bug: names come from the catalogue). */
export function builtIn(kind: TemplateKind, name: string): ResolvedTemplate {
  const text = builtInTemplate(kind, name);
  const templates = text === undefined ? null : parsed(kind, text.subject, text.body);
  if (text === undefined || templates === null) throw new Error(`No built-in template for ${kind} ${name}`);
  return { kind, name, language: BUILT_IN_LANGUAGE, source: 'built-in', ...text, parsed: templates };
}

/**
 * The template to use. A stored template that no longer parses (say, a placeholder was withdrawn), or
 * a partner email's without the request's reference in its subject (saved before that was checked),
 * is passed over rather than sent broken.
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
    const templates = parsed(kind, row.subject, row.body);
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
