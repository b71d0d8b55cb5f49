import { useEffect, useId, useMemo, useState, type FormEvent } from 'react';
import { api, ApiError } from '../../api/client.ts';
import type { StaffUserSummary } from '../../api/types.ts';
import { Link } from '../../app/router.tsx';
import { t, tOr } from '../../i18n/catalogue.ts';
import { issueText } from '../../i18n/server-errors.ts';
import { ConfirmDialog } from '../../ui/Dialog.tsx';
import { Alert, errorText } from '../../ui/feedback.tsx';
import { TextArea, TextField } from '../../ui/fields.tsx';
import { useApi } from '../../ui/use-api.ts';
import type { PreviewView, TemplateView } from './api-types.ts';
import {
  ConfigPage,
  FormErrorSummary,
  FormMessage,
  LiveStatus,
  useSubmitter,
  WhenLoaded,
} from './config-ui.tsx';
import { clientErrors, missingRequired, type FormFields } from './form-errors.ts';
import { noticeDescription, templateLabel } from './labels.ts';

interface Placeholder {
  readonly name: string;
  readonly description: string;
  readonly sample: string;
}

/** How long typing must pause before the preview is rendered again. */
const PREVIEW_DELAY_MS = 400;

/** `/staff/config/notices/:kind/:name/:language`: edit one template, with a live preview. */
export function TemplatePage({
  user,
  kind,
  name,
  language,
}: {
  user: StaffUserSummary;
  kind: string;
  name: string;
  language: string;
}) {
  const path = `/api/notices/templates/${encodeURIComponent(kind)}/${encodeURIComponent(name)}/${encodeURIComponent(language)}`;
  const template = useApi((signal) => api.get<TemplateView>(path, undefined, { signal }), [path]);
  const placeholders = useApi(
    (signal) => api.get<{ items: Placeholder[] }>('/api/notices/placeholders', undefined, { signal }),
    [],
  );
  const title = t('config.template.title', { template: templateLabel(kind, name), language });
  // After a reset the editor starts again from the text now in force, under a new key.
  const [replaced, setReplaced] = useState<{ template: TemplateView; version: number } | null>(null);
  const [status, setStatus] = useState<string | undefined>(undefined);
  return (
    <ConfigPage user={user} section="notices" title={title}>
      <LiveStatus message={status} />
      <WhenLoaded state={template}>
        {(loaded) => (
          <TemplateEditor
            key={replaced?.version ?? 0}
            path={path}
            template={replaced?.template ?? loaded}
            language={language}
            onReset={(fresh) => {
              setReplaced((current) => ({ template: fresh, version: (current?.version ?? 0) + 1 }));
              setStatus(t('config.template.resetDone', { language }));
            }}
            placeholders={placeholders.data?.items ?? []}
          />
        )}
      </WhenLoaded>
      <p>
        <Link to={`/staff/config/notices?language=${encodeURIComponent(language)}`}>
          {t('config.template.back')}
        </Link>
      </p>
    </ConfigPage>
  );
}

function TemplateEditor({
  path,
  template,
  language,
  placeholders,
  onReset,
}: {
  path: string;
  template: TemplateView;
  language: string;
  placeholders: readonly Placeholder[];
  onReset: (template: TemplateView) => void;
}) {
  const id = useId();
  const [subject, setSubject] = useState(template.subject);
  const [body, setBody] = useState(template.body);
  const [own, setOwn] = useState(template.source === 'library' && template.language === language);
  const [confirming, setConfirming] = useState(false);
  const [preview, setPreview] = useState<PreviewView | null>(null);
  const [previewError, setPreviewError] = useState<string | null>(null);
  const fields: FormFields = useMemo(
    () => ({
      subject: { id: `${id}-subject`, label: t('config.template.subject') },
      body: { id: `${id}-body`, label: t('config.template.body') },
    }),
    [id],
  );
  const form = useSubmitter(fields);
  const resetter = useSubmitter(fields);

  useEffect(() => {
    if (subject.trim() === '' || body.trim() === '') {
      setPreview(null);
      setPreviewError(t('config.template.previewNeedsText'));
      return undefined;
    }
    const controller = new AbortController();
    const timer = window.setTimeout(() => {
      api
        .post<PreviewView>(
          '/api/notices/templates/preview',
          { kind: template.kind, name: template.name, subject, body },
          { signal: controller.signal },
        )
        .then(
          (rendered) => {
            setPreview(rendered);
            setPreviewError(null);
          },
          (error: unknown) => {
            if (controller.signal.aborted) return;
            setPreviewError(
              error instanceof ApiError && error.issues.length > 0
                ? error.issues
                    .map((issue) =>
                      issueText(
                        issue,
                        issue.field === 'body.subject'
                          ? t('config.template.subject')
                          : t('config.template.body'),
                      ),
                    )
                    .join(' ')
                : errorText(error),
            );
          },
        );
    }, PREVIEW_DELAY_MS);
    return () => {
      window.clearTimeout(timer);
      controller.abort();
    };
  }, [subject, body, template.kind, template.name]);

  const save = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    const problems = missingRequired({ subject, body }, ['subject', 'body'], fields);
    if (Object.keys(problems).length > 0) {
      form.setErrors(clientErrors(problems, fields));
      return;
    }
    await form.run(
      () => api.put<TemplateView>(path, { subject, body }),
      () => {
        setOwn(true);
        return t('config.template.saved');
      },
    );
  };

  const reset = async (): Promise<void> => {
    setConfirming(false);
    form.setStatus(undefined);
    const fresh = await resetter.run(() => api.delete(path).then(() => api.get<TemplateView>(path)));
    if (fresh !== undefined) onReset(fresh);
  };

  const description =
    template.kind === 'notice'
      ? noticeDescription(template.name, template.description)
      : t('config.template.partnerDescription', { message: templateLabel('partner', template.name) });
  return (
    <>
      <LiveStatus message={form.status} />
      <p>{description}</p>
      <p className="muted">
        {own
          ? t('config.template.ownText', { language })
          : template.source === 'library'
            ? t('config.template.fallbackLibrary', { language, shown: template.language })
            : t('config.template.builtIn', { language })}
      </p>
      <FormErrorSummary errors={form.errors} />
      <FormMessage errors={form.errors} />
      <FormErrorSummary errors={resetter.errors} />
      <div className="config-template">
        <form className="form form--wide" onSubmit={(event) => void save(event)} noValidate>
          <TextField
            id={fields.subject?.id}
            label={t('config.template.subject')}
            required
            className="field__input config-mono"
            spellCheck={false}
            error={form.errors.fields.subject}
            value={subject}
            onChange={(event) => setSubject(event.target.value)}
          />
          <TextArea
            id={fields.body?.id}
            label={t('config.template.body')}
            hint={t('config.template.bodyHint')}
            required
            rows={16}
            className="field__input config-mono"
            spellCheck={false}
            error={form.errors.fields.body}
            value={body}
            onChange={(event) => setBody(event.target.value)}
          />
          <div className="button-row">
            <button type="submit" className="button button--primary" disabled={form.busy}>
              {t('config.template.save', { language })}
            </button>
            {own ? (
              <button
                type="button"
                className="button button--secondary"
                disabled={resetter.busy}
                onClick={() => setConfirming(true)}
              >
                {t('config.template.reset')}
              </button>
            ) : null}
          </div>
        </form>
        <section aria-labelledby={`${id}-preview`} className="config-preview">
          <h2 id={`${id}-preview`}>{t('config.template.preview')}</h2>
          <p className="field__hint">{t('config.template.previewHint')}</p>
          {previewError !== null ? (
            <Alert tone="warning">{previewError}</Alert>
          ) : preview === null ? (
            <p className="muted">{t('app.loading')}</p>
          ) : (
            <div className="config-preview__mail">
              <p>
                <strong>{t('config.template.previewSubject')}</strong> {preview.subject}
              </p>
              <pre className="config-preview__body">{preview.body}</pre>
            </div>
          )}
        </section>
      </div>
      <section aria-labelledby={`${id}-placeholders`} className="config-section">
        <h2 id={`${id}-placeholders`}>{t('config.template.placeholders')}</h2>
        <p className="muted">{t('config.template.placeholdersIntro')}</p>
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">{t('config.template.placeholders')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('config.template.placeholder')}</th>
                <th scope="col">{t('config.template.placeholderMeaning')}</th>
                <th scope="col">{t('config.template.placeholderSample')}</th>
              </tr>
            </thead>
            <tbody>
              {placeholders.map((placeholder) => (
                <tr key={placeholder.name}>
                  <td>
                    <code>{`{{${placeholder.name}}}`}</code>
                  </td>
                  <td>{tOr(`config.placeholder.${placeholder.name}`, placeholder.description)}</td>
                  <td className="config-break">{placeholder.sample}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
      <ConfirmDialog
        open={confirming}
        title={t('config.template.resetTitle')}
        body={<p>{t('config.template.resetBody', { language })}</p>}
        confirmLabel={t('config.template.reset')}
        busy={resetter.busy}
        onConfirm={() => void reset()}
        onClose={() => setConfirming(false)}
      />
    </>
  );
}
