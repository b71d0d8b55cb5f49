/**
 * SQL for a library's notice configuration: its notice settings, which notices are switched off, and
 * its own templates. Pass a transaction as `db` to take part in it.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { TemplateKind } from './notice-catalogue.ts';

export interface NoticeSettingsRow {
  readonly default_language: string;
  readonly due_soon_days: number;
  readonly staff_email: string | null;
}

export const DEFAULT_NOTICE_SETTINGS: NoticeSettingsRow = {
  default_language: 'en',
  due_soon_days: 3,
  staff_email: null,
};

export interface TemplateRow {
  readonly kind: TemplateKind;
  readonly name: string;
  readonly language: string;
  readonly subject: string;
  readonly body: string;
  readonly updated_by: string | null;
  readonly updated_at: Date;
}

export class NoticeConfigRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** The library's notice settings, with the defaults for a library that never changed them. */
  async settings(libraryId: string): Promise<NoticeSettingsRow> {
    const row = await this.db
      .selectFrom('library_notice_settings')
      .select(['default_language', 'due_soon_days', 'staff_email'])
      .where('library_id', '=', libraryId)
      .executeTakeFirst();
    return row ?? DEFAULT_NOTICE_SETTINGS;
  }

  async saveSettings(libraryId: string, settings: NoticeSettingsRow, at: Date): Promise<void> {
    await this.db
      .insertInto('library_notice_settings')
      .values({ library_id: libraryId, ...settings, updated_at: at })
      .onConflict((oc) => oc.column('library_id').doUpdateSet({ ...settings, updated_at: at }))
      .execute();
  }

  /** The notices the library switched on or off; a notice not listed is on. */
  async triggers(libraryId: string): Promise<Map<string, boolean>> {
    const rows = await this.db
      .selectFrom('library_notice_trigger')
      .select(['notice', 'enabled'])
      .where('library_id', '=', libraryId)
      .execute();
    return new Map(rows.map((row) => [row.notice, row.enabled]));
  }

  async setTrigger(libraryId: string, notice: string, enabled: boolean): Promise<void> {
    await this.db
      .insertInto('library_notice_trigger')
      .values({ library_id: libraryId, notice, enabled })
      .onConflict((oc) => oc.columns(['library_id', 'notice']).doUpdateSet({ enabled }))
      .execute();
  }

  /** The library's own templates of one notice or message, in the languages asked for. */
  async templates(
    libraryId: string,
    kind: TemplateKind,
    name: string,
    languages: readonly string[],
  ): Promise<TemplateRow[]> {
    if (languages.length === 0) return [];
    return this.db
      .selectFrom('notice_template')
      .select(['kind', 'name', 'language', 'subject', 'body', 'updated_by', 'updated_at'])
      .where('library_id', '=', libraryId)
      .where('kind', '=', kind)
      .where('name', '=', name)
      .where('language', 'in', [...languages])
      .execute();
  }

  /** Every template the library wrote, in every language. */
  async allTemplates(libraryId: string): Promise<TemplateRow[]> {
    return this.db
      .selectFrom('notice_template')
      .select(['kind', 'name', 'language', 'subject', 'body', 'updated_by', 'updated_at'])
      .where('library_id', '=', libraryId)
      .orderBy('kind')
      .orderBy('name')
      .orderBy('language')
      .execute();
  }

  async saveTemplate(
    libraryId: string,
    template: { kind: TemplateKind; name: string; language: string; subject: string; body: string },
    updatedBy: string,
    at: Date,
  ): Promise<TemplateRow> {
    return this.db
      .insertInto('notice_template')
      .values({ library_id: libraryId, ...template, updated_by: updatedBy, updated_at: at })
      .onConflict((oc) =>
        oc.columns(['library_id', 'kind', 'name', 'language']).doUpdateSet({
          subject: template.subject,
          body: template.body,
          updated_by: updatedBy,
          updated_at: at,
        }),
      )
      .returning(['kind', 'name', 'language', 'subject', 'body', 'updated_by', 'updated_at'])
      .executeTakeFirstOrThrow();
  }

  /** Delete the library's template; true when there was one. */
  async deleteTemplate(
    libraryId: string,
    kind: TemplateKind,
    name: string,
    language: string,
  ): Promise<boolean> {
    const result = await this.db
      .deleteFrom('notice_template')
      .where('library_id', '=', libraryId)
      .where('kind', '=', kind)
      .where('name', '=', name)
      .where('language', '=', language)
      .executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }
}
