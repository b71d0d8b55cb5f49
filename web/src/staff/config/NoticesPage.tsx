import { useId, useMemo, useState, type FormEvent } from 'react';
import { api } from '../../api/client.ts';
import type { StaffUserSummary } from '../../api/types.ts';
import { Link, useRouter, useSearchParams } from '../../app/router.tsx';
import { formatDateTime, t } from '../../i18n/catalogue.ts';
import { TextField } from '../../ui/fields.tsx';
import { useApi } from '../../ui/use-api.ts';
import type { NoticeSettingsPatch, NoticeSettingsView, TemplateList, TemplateView } from './api-types.ts';
import {
  ConfigPage,
  FormErrorSummary,
  FormMessage,
  LiveStatus,
  useSubmitter,
  WhenLoaded,
} from './config-ui.tsx';
import { CheckboxGroup, optionId } from './controls.tsx';
import { clientErrors, parseWholeNumber, textOrNull, type FormFields } from './form-errors.ts';
import { noticeDescription, templateLabel } from './labels.ts';

export const LANGUAGE_PATTERN = /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;

/** The address of a template's page. */
export function templatePath(kind: string, name: string, language: string): string {
  return `/staff/config/notices/${encodeURIComponent(kind)}/${encodeURIComponent(name)}/${encodeURIComponent(language)}`;
}

/**
 * `/staff/config/notices?language=…`: which notices the library sends and their settings, and the
 * text of every notice and partner email in one language.
 */
export function NoticesPage({ user }: { user: StaffUserSummary }) {
  const settings = useApi(
    (signal) => api.get<NoticeSettingsView>('/api/notices/settings', undefined, { signal }),
    [],
  );
  return (
    <ConfigPage user={user} section="notices">
      <p className="muted">{t('config.notices.intro')}</p>
      <WhenLoaded state={settings}>
        {(loaded) => (
          <>
            <NoticeSettingsForm settings={loaded} />
            <Templates defaultLanguage={loaded.defaultLanguage} />
          </>
        )}
      </WhenLoaded>
    </ConfigPage>
  );
}

function NoticeSettingsForm({ settings: initial }: { settings: NoticeSettingsView }) {
  const id = useId();
  const [defaultLanguage, setDefaultLanguage] = useState(initial.defaultLanguage);
  const [dueSoonDays, setDueSoonDays] = useState(String(initial.dueSoonDays));
  const [staffEmail, setStaffEmail] = useState(initial.staffEmail ?? '');
  const [enabled, setEnabled] = useState<string[]>(
    initial.triggers.filter((trigger) => trigger.enabled).map((trigger) => trigger.notice),
  );
  const fields: FormFields = useMemo(
    () => ({
      defaultLanguage: { id: `${id}-language`, label: t('config.notices.defaultLanguage') },
      dueSoonDays: { id: `${id}-due-soon`, label: t('config.notices.dueSoonDays') },
      staffEmail: { id: `${id}-staff-email`, label: t('config.notices.staffEmail') },
      triggers: {
        id: optionId(`${id}-triggers`, initial.triggers[0]?.notice ?? ''),
        label: t('config.notices.triggers'),
      },
    }),
    [id, initial.triggers],
  );
  const form = useSubmitter(fields);

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    const days = parseWholeNumber(dueSoonDays);
    const problems: Record<string, string> = {};
    if (!LANGUAGE_PATTERN.test(defaultLanguage.trim())) {
      problems.defaultLanguage = t('config.notices.languageInvalid');
    }
    if (days === undefined) {
      problems.dueSoonDays = t('config.error.wholeNumber', { field: t('config.notices.dueSoonDays') });
    }
    if (Object.keys(problems).length > 0) {
      form.setErrors(clientErrors(problems, fields));
      return;
    }
    const patch: NoticeSettingsPatch = {
      defaultLanguage: defaultLanguage.trim(),
      dueSoonDays: days as number,
      staffEmail: textOrNull(staffEmail),
      triggers: Object.fromEntries(
        initial.triggers.map((trigger) => [trigger.notice, enabled.includes(trigger.notice)]),
      ),
    };
    await form.run(
      () => api.patch<NoticeSettingsView>('/api/notices/settings', patch),
      () => t('config.notices.settingsSaved'),
    );
  };

  return (
    <section aria-labelledby={`${id}-heading`} className="config-section">
      <h2 id={`${id}-heading`}>{t('config.notices.settingsTitle')}</h2>
      <LiveStatus message={form.status} />
      <FormErrorSummary errors={form.errors} />
      <FormMessage errors={form.errors} />
      <form className="form form--wide config-form" onSubmit={(event) => void submit(event)} noValidate>
        <div className="form-grid">
          <TextField
            id={fields.defaultLanguage?.id}
            label={t('config.notices.defaultLanguage')}
            hint={t('config.notices.defaultLanguageHint')}
            required
            className="field__input field__input--short"
            error={form.errors.fields.defaultLanguage}
            value={defaultLanguage}
            onChange={(event) => setDefaultLanguage(event.target.value)}
          />
          <TextField
            id={fields.dueSoonDays?.id}
            label={t('config.notices.dueSoonDays')}
            hint={t('config.notices.dueSoonDaysHint')}
            type="number"
            inputMode="numeric"
            min={0}
            max={60}
            required
            className="field__input field__input--short"
            error={form.errors.fields.dueSoonDays}
            value={dueSoonDays}
            onChange={(event) => setDueSoonDays(event.target.value)}
          />
          <TextField
            id={fields.staffEmail?.id}
            label={t('config.notices.staffEmail')}
            hint={t('config.notices.staffEmailHint')}
            type="email"
            autoComplete="off"
            error={form.errors.fields.staffEmail}
            value={staffEmail}
            onChange={(event) => setStaffEmail(event.target.value)}
          />
        </div>
        <CheckboxGroup
          id={`${id}-triggers`}
          name="triggers"
          legend={t('config.notices.triggers')}
          hint={t('config.notices.triggersHint')}
          error={form.errors.fields.triggers}
          options={initial.triggers.map((trigger) => ({
            value: trigger.notice,
            label: t('config.notices.triggerLabel', {
              notice: templateLabel('notice', trigger.notice),
              audience: t(`config.notices.audience.${trigger.audience}`),
            }),
            hint: noticeDescription(trigger.notice, trigger.description),
          }))}
          selected={enabled}
          onChange={setEnabled}
        />
        <div className="button-row">
          <button type="submit" className="button button--primary" disabled={form.busy}>
            {t('config.notices.settingsSave')}
          </button>
        </div>
      </form>
    </section>
  );
}

function Templates({ defaultLanguage }: { defaultLanguage: string }) {
  const id = useId();
  const params = useSearchParams();
  const { navigate } = useRouter();
  const requested = params.get('language');
  const language = requested !== null && LANGUAGE_PATTERN.test(requested) ? requested : defaultLanguage;
  const [typed, setTyped] = useState(language);
  const [typedError, setTypedError] = useState<string | undefined>(undefined);
  const templates = useApi(
    (signal) => api.get<TemplateList>('/api/notices/templates', { language }, { signal }),
    [language],
  );

  const choose = (event: FormEvent): void => {
    event.preventDefault();
    if (!LANGUAGE_PATTERN.test(typed.trim())) {
      setTypedError(t('config.notices.languageInvalid'));
      return;
    }
    setTypedError(undefined);
    navigate(`/staff/config/notices?language=${encodeURIComponent(typed.trim())}`, { replace: true });
  };

  return (
    <section aria-labelledby={`${id}-heading`} className="config-section">
      <h2 id={`${id}-heading`}>{t('config.notices.templatesTitle')}</h2>
      <p className="muted">{t('config.notices.templatesIntro')}</p>
      <form className="toolbar" onSubmit={choose} noValidate>
        <TextField
          id={`${id}-language`}
          label={t('config.notices.language')}
          hint={t('config.notices.languageHint')}
          className="field__input field__input--short"
          error={typedError}
          value={typed}
          onChange={(event) => setTyped(event.target.value)}
        />
        <button type="submit" className="button button--secondary">
          {t('config.notices.showLanguage')}
        </button>
      </form>
      <WhenLoaded state={templates}>
        {(list) => (
          <>
            <TemplateTable
              caption={t('config.notices.noticeTemplates', { language: list.language })}
              items={list.items.filter((item) => item.kind === 'notice')}
              language={list.language}
            />
            <TemplateTable
              caption={t('config.notices.partnerTemplates', { language: list.language })}
              items={list.items.filter((item) => item.kind === 'partner')}
              language={list.language}
            />
          </>
        )}
      </WhenLoaded>
    </section>
  );
}

function TemplateTable({
  caption,
  items,
  language,
}: {
  caption: string;
  items: readonly TemplateView[];
  language: string;
}) {
  return (
    <div className="table-wrap config-table-gap">
      <table>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t('config.notices.template')}</th>
            <th scope="col">{t('config.notices.to')}</th>
            <th scope="col">{t('config.notices.subject')}</th>
            <th scope="col">{t('config.notices.source')}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((item) => (
            <tr key={`${item.kind}-${item.name}`}>
              <td>
                <Link to={templatePath(item.kind, item.name, language)}>
                  {templateLabel(item.kind, item.name)}
                </Link>
                {item.kohaCode === null ? null : (
                  <>
                    {' '}
                    <code className="muted">{item.kohaCode}</code>
                  </>
                )}
              </td>
              <td>{item.audience === null ? '' : t(`config.notices.audience.${item.audience}`)}</td>
              <td className="config-break">{item.subject}</td>
              <td>
                {item.source === 'library' ? (
                  <span className="badge badge--active">
                    {item.language === language
                      ? t('config.notices.sourceLibrary')
                      : t('config.notices.sourceLibraryOther', { language: item.language })}
                  </span>
                ) : (
                  <span className="badge">{t('config.notices.sourceBuiltIn')}</span>
                )}
                {item.updatedAt === null ? null : (
                  <span className="config-small muted">
                    {' '}
                    {t('config.notices.updated', {
                      when: formatDateTime(item.updatedAt),
                      who: item.updatedBy ?? '',
                    })}
                  </span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
