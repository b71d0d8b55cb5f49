/**
 * A library's notice configuration: its templates of notices and partner emails (per language, with
 * fallback to the built-in English text), previews, which notices it sends, and its notice settings.
 * Every method works on the caller's library only.
 */
import type { Clock } from '../clock.ts';
import { NotFoundError, ValidationError } from '../errors.ts';
import type { ValidationIssue } from '../errors.ts';
import { NOTICE_NAMES, NOTICES, PARTNER_MESSAGE_NAMES, isTemplateName } from './notice-catalogue.ts';
import type { TemplateKind } from './notice-catalogue.ts';
import type { NoticeConfigRepository } from './notice-config.repository.ts';
import { PLACEHOLDERS, PLACEHOLDER_NAMES, SAMPLE_VALUES } from './placeholders.ts';
import type {
  NoticeSettingsPatch,
  NoticeSettingsView,
  PreviewBody,
  PreviewView,
  TemplateBody,
  TemplateList,
  TemplateView,
} from './notice.schemas.ts';
import { parseTemplate } from './template.ts';
import type { ParsedTemplate } from './template.ts';
import { missingFromSubject, renderTemplate, resolveTemplate } from './template-resolver.ts';
import type { ResolvedTemplate } from './template-resolver.ts';

export interface NoticeTemplateRepositories {
  readonly noticeConfig: NoticeConfigRepository;
}

function describe(
  kind: TemplateKind,
  name: string,
): Pick<TemplateView, 'audience' | 'kohaCode' | 'description'> {
  if (kind === 'partner') {
    return {
      audience: 'partner',
      kohaCode: name === 'request' ? 'ILL_PARTNER_REQ' : null,
      description: `The ${name} message, emailed to an email partner.`,
    };
  }
  const definition = NOTICES[name as keyof typeof NOTICES];
  return {
    audience: definition.audience,
    kohaCode: definition.kohaCode,
    description: definition.description,
  };
}

function view(template: ResolvedTemplate, updated: { at: Date; by: string | null } | null): TemplateView {
  return {
    kind: template.kind,
    name: template.name,
    ...describe(template.kind, template.name),
    language: template.language,
    source: template.source,
    subject: template.subject,
    body: template.body,
    updatedAt: updated?.at.toISOString() ?? null,
    updatedBy: updated?.by ?? null,
  };
}

/**
 * Parse a subject and body, or throw a 400 naming each bad field and placeholder, and a partner
 * email's subject without the request's reference (the partner's replies could not be matched).
 */
function parseOrRefuse(
  kind: TemplateKind,
  input: { subject: string; body: string },
): {
  subject: ParsedTemplate;
  body: ParsedTemplate;
} {
  const issues: ValidationIssue[] = [];
  const parsed: Partial<Record<'subject' | 'body', ParsedTemplate>> = {};
  for (const field of ['subject', 'body'] as const) {
    const result = parseTemplate(input[field], PLACEHOLDER_NAMES);
    if (result.ok) parsed[field] = result.template;
    else {
      for (const problem of result.problems) {
        issues.push({
          field: `body.${field}`,
          rule:
            problem.placeholder !== undefined && problem.message.startsWith('unknown')
              ? 'placeholder'
              : 'syntax',
          message: `${field}: ${problem.message}`,
        });
      }
    }
  }
  const missing = parsed.subject === undefined ? null : missingFromSubject(kind, parsed.subject);
  if (missing !== null) {
    issues.push({
      field: 'body.subject',
      rule: 'required-placeholder',
      message: `subject: a partner email must show {{${missing}}} in its subject (outside any other section), so that the partner's replies can be matched to the request`,
    });
  }
  if (parsed.subject === undefined || parsed.body === undefined || missing !== null) {
    throw new ValidationError(
      missing !== null && issues.length === 1
        ? `The subject must keep {{${missing}}}.`
        : 'The template has unknown or malformed placeholders.',
      issues,
    );
  }
  return { subject: parsed.subject, body: parsed.body };
}

export class NoticeTemplateService {
  constructor(
    private readonly repositories: NoticeTemplateRepositories,
    private readonly clock: Clock,
  ) {}

  private requireName(kind: TemplateKind, name: string): void {
    if (!isTemplateName(kind, name)) {
      throw new NotFoundError(
        kind === 'notice'
          ? `There is no notice called ${name}.`
          : `There is no partner message called ${name}.`,
      );
    }
  }

  /** Every notice and partner email as it goes out in `language` (the library's default when omitted). */
  async list(libraryId: string, language?: string): Promise<TemplateList> {
    const { noticeConfig } = this.repositories;
    const settings = await noticeConfig.settings(libraryId);
    const wanted = language ?? settings.default_language;
    const rows = await noticeConfig.allTemplates(libraryId);
    const names: [TemplateKind, string][] = [
      ...NOTICE_NAMES.map((name): [TemplateKind, string] => ['notice', name]),
      ...PARTNER_MESSAGE_NAMES.map((name): [TemplateKind, string] => ['partner', name]),
    ];
    const items = await Promise.all(
      names.map(async ([kind, name]) => {
        const template = await resolveTemplate(
          { templates: async () => rows.filter((row) => row.kind === kind && row.name === name) },
          libraryId,
          kind,
          name,
          wanted,
          settings.default_language,
        );
        const row = rows.find(
          (candidate) =>
            candidate.kind === kind && candidate.name === name && candidate.language === template.language,
        );
        return view(
          template,
          template.source === 'library' && row ? { at: row.updated_at, by: row.updated_by } : null,
        );
      }),
    );
    return { language: wanted, items, placeholders: [...PLACEHOLDERS] };
  }

  /** One template as it goes out in `language`, with the fallback applied. */
  async get(libraryId: string, kind: TemplateKind, name: string, language: string): Promise<TemplateView> {
    this.requireName(kind, name);
    const { noticeConfig } = this.repositories;
    const settings = await noticeConfig.settings(libraryId);
    const template = await resolveTemplate(
      noticeConfig,
      libraryId,
      kind,
      name,
      language,
      settings.default_language,
    );
    const [row] =
      template.source === 'library'
        ? await noticeConfig.templates(libraryId, kind, name, [template.language])
        : [];
    return view(template, row === undefined ? null : { at: row.updated_at, by: row.updated_by });
  }

  /**
   * Save the library's text of a template in one language, refusing unknown placeholders and a
   * partner email's subject without the request's reference (400).
   */
  async save(
    libraryId: string,
    kind: TemplateKind,
    name: string,
    language: string,
    input: TemplateBody,
    updatedBy: string,
  ): Promise<TemplateView> {
    this.requireName(kind, name);
    const parsed = parseOrRefuse(kind, input);
    const row = await this.repositories.noticeConfig.saveTemplate(
      libraryId,
      { kind, name, language, subject: input.subject, body: input.body },
      updatedBy,
      this.clock.now(),
    );
    return view(
      { kind, name, language, source: 'library', subject: row.subject, body: row.body, parsed },
      { at: row.updated_at, by: row.updated_by },
    );
  }

  /** Drop the library's text in one language: the template falls back to its default. */
  async reset(libraryId: string, kind: TemplateKind, name: string, language: string): Promise<void> {
    this.requireName(kind, name);
    await this.repositories.noticeConfig.deleteTemplate(libraryId, kind, name, language);
  }

  /** Render a template against the sample request, without saving it. */
  preview(input: PreviewBody): PreviewView {
    this.requireName(input.kind, input.name);
    return renderTemplate({ parsed: parseOrRefuse(input.kind, input) }, SAMPLE_VALUES);
  }

  async settings(libraryId: string): Promise<NoticeSettingsView> {
    const { noticeConfig } = this.repositories;
    const [settings, triggers] = await Promise.all([
      noticeConfig.settings(libraryId),
      noticeConfig.triggers(libraryId),
    ]);
    return {
      defaultLanguage: settings.default_language,
      dueSoonDays: settings.due_soon_days,
      staffEmail: settings.staff_email,
      triggers: NOTICE_NAMES.map((notice) => ({
        notice,
        audience: NOTICES[notice].audience,
        kohaCode: NOTICES[notice].kohaCode,
        description: NOTICES[notice].description,
        enabled: triggers.get(notice) ?? true,
      })),
    };
  }

  async updateSettings(libraryId: string, patch: NoticeSettingsPatch): Promise<NoticeSettingsView> {
    const { noticeConfig } = this.repositories;
    const current = await noticeConfig.settings(libraryId);
    if (
      patch.defaultLanguage !== undefined ||
      patch.dueSoonDays !== undefined ||
      patch.staffEmail !== undefined
    ) {
      await noticeConfig.saveSettings(
        libraryId,
        {
          default_language: patch.defaultLanguage ?? current.default_language,
          due_soon_days: patch.dueSoonDays ?? current.due_soon_days,
          staff_email: patch.staffEmail === undefined ? current.staff_email : patch.staffEmail,
        },
        this.clock.now(),
      );
    }
    for (const [notice, enabled] of Object.entries(patch.triggers ?? {})) {
      if (typeof enabled === 'boolean') await noticeConfig.setTrigger(libraryId, notice, enabled);
    }
    return this.settings(libraryId);
  }
}
