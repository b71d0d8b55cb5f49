import { useId, useMemo, useState, type ChangeEvent, type FormEvent } from 'react';
import { api } from '../../api/client.ts';
import type { StaffUserSummary } from '../../api/types.ts';
import { Link } from '../../app/router.tsx';
import { t } from '../../i18n/catalogue.ts';
import { Alert } from '../../ui/feedback.tsx';
import { TextArea, TextField } from '../../ui/fields.tsx';
import type { PartnerImportResult } from './api-types.ts';
import { ConfigPage, FormErrorSummary, FormMessage, LiveStatus, useSubmitter } from './config-ui.tsx';
import { clientErrors, textOrNull, type FormFields } from './form-errors.ts';
import { importCounts, importErrorText, skipReasonText } from './partner-import-report.ts';

/**
 * `/staff/config/partners/import`: partner libraries from a Koha export of the ILLLIBS patron
 * accounts (Koha keeps its email partners as patrons of that category). The file is checked first
 * (nothing written), then imported; each rejected row is listed with its reason, told in the
 * catalogue's words from the server's code for it.
 */
export function PartnerImportPage({ user }: { user: StaffUserSummary }) {
  const id = useId();
  const [csv, setCsv] = useState('');
  const [category, setCategory] = useState('ILLLIBS');
  const [fileNote, setFileNote] = useState<string | undefined>(undefined);
  const [report, setReport] = useState<PartnerImportResult | null>(null);
  // The category the report was made for: its reasons name it.
  const [reportCategory, setReportCategory] = useState<string | null>(null);
  const fields: FormFields = useMemo(
    () => ({
      csv: { id: `${id}-csv`, label: t('config.import.csv') },
      category: { id: `${id}-category`, label: t('config.import.category') },
    }),
    [id],
  );
  const form = useSubmitter(fields);

  const changeText = (text: string): void => {
    setCsv(text);
    setReport(null);
  };

  const readFile = async (event: ChangeEvent<HTMLInputElement>): Promise<void> => {
    const file = event.target.files?.[0];
    if (file === undefined) return;
    changeText(await file.text());
    setFileNote(t('config.import.fileRead', { file: file.name }));
  };

  const run = async (dryRun: boolean): Promise<void> => {
    if (csv.trim() === '') {
      form.setErrors(clientErrors({ csv: t('config.import.csvNeeded') }, fields));
      return;
    }
    const chosen = textOrNull(category);
    await form.run(
      () =>
        api.post<PartnerImportResult>('/api/partners/import', {
          csv,
          dryRun,
          ...(chosen === null ? {} : { category: chosen }),
        }),
      (result) => {
        setReport(result);
        setReportCategory(chosen);
        const counts = importCounts(result);
        return dryRun ? t('config.import.checked', counts) : t('config.import.done', counts);
      },
    );
  };

  const check = (event: FormEvent): void => {
    event.preventDefault();
    void run(true);
  };

  const counts = report === null ? null : importCounts(report);
  return (
    <ConfigPage user={user} section="partners" title={t('config.import.title')}>
      <p>{t('config.import.intro')}</p>
      <p className="muted">{t('config.import.columns')}</p>
      <LiveStatus message={form.status} />
      <FormErrorSummary errors={form.errors} />
      <FormMessage errors={form.errors} />
      <form className="form form--wide config-form" onSubmit={check} noValidate>
        <div className="field">
          <label htmlFor={`${id}-file`} className="field__label">
            {t('config.import.file')}
          </label>
          <p id={`${id}-file-hint`} className="field__hint">
            {t('config.import.fileHint')}
          </p>
          <input
            id={`${id}-file`}
            type="file"
            accept=".csv,.txt,text/csv,text/plain"
            aria-describedby={`${id}-file-hint`}
            onChange={(event) => void readFile(event)}
          />
          {fileNote === undefined ? null : <p className="muted">{fileNote}</p>}
        </div>
        <TextArea
          id={fields.csv?.id}
          label={t('config.import.csv')}
          hint={t('config.import.csvHint')}
          rows={8}
          className="field__input config-mono"
          spellCheck={false}
          error={form.errors.fields.csv}
          value={csv}
          onChange={(event) => changeText(event.target.value)}
        />
        <TextField
          id={fields.category?.id}
          label={t('config.import.category')}
          hint={t('config.import.categoryHint')}
          className="field__input field__input--short"
          error={form.errors.fields.category}
          value={category}
          onChange={(event) => {
            setCategory(event.target.value);
            setReport(null);
          }}
        />
        <div className="button-row">
          <button type="submit" className="button button--secondary" disabled={form.busy}>
            {t('config.import.check')}
          </button>
          {report !== null && report.dryRun && counts !== null ? (
            <button
              type="button"
              className="button button--primary"
              disabled={form.busy || report.errors.length > 0 || counts.created + counts.updated === 0}
              onClick={() => void run(false)}
            >
              {t('config.import.run', { count: counts.created + counts.updated })}
            </button>
          ) : null}
        </div>
      </form>
      {report === null ? null : <ImportReport report={report} category={reportCategory} />}
      <p>
        <Link to="/staff/config/partners">{t('config.import.backToPartners')}</Link>
      </p>
    </ConfigPage>
  );
}

function ImportReport({ report, category }: { report: PartnerImportResult; category: string | null }) {
  const id = useId();
  const counts = importCounts(report);
  return (
    <section aria-labelledby={`${id}-heading`} className="config-section">
      <h2 id={`${id}-heading`}>
        {report.dryRun ? t('config.import.previewTitle') : t('config.import.resultTitle')}
      </h2>
      {report.dryRun ? (
        report.errors.length > 0 ? (
          <Alert tone="warning">
            {t('config.import.fixErrors', { count: new Set(report.errors.map((error) => error.row)).size })}
          </Alert>
        ) : (
          <p>{t('config.import.previewIntro')}</p>
        )
      ) : (
        <p>{t('config.import.done', counts)}</p>
      )}
      {report.ignoredColumns.length === 0 ? null : (
        <p className="muted">{t('config.import.ignored', { columns: report.ignoredColumns.join(', ') })}</p>
      )}
      {report.created.length === 0 ? null : (
        <RowTable
          caption={report.dryRun ? t('config.import.toCreate') : t('config.import.created')}
          rows={report.created.map((row) => [String(row.row), row.symbol, row.name, row.email ?? ''])}
          headings={[
            t('config.import.line'),
            t('config.partners.symbol'),
            t('config.partners.name'),
            t('config.partners.email'),
          ]}
        />
      )}
      {report.updated.length === 0 ? null : (
        <RowTable
          caption={report.dryRun ? t('config.import.toUpdate') : t('config.import.updated')}
          rows={report.updated.map((row) => [
            String(row.row),
            row.symbol,
            row.name,
            row.changes.map((change) => t(`config.import.change.${change}` as const)).join(', '),
          ])}
          headings={[
            t('config.import.line'),
            t('config.partners.symbol'),
            t('config.partners.name'),
            t('config.import.changes'),
          ]}
        />
      )}
      {report.skipped.length === 0 ? null : (
        <RowTable
          caption={t('config.import.skipped')}
          rows={report.skipped.map((row) => [
            String(row.row),
            row.symbol,
            row.name,
            skipReasonText(row, category),
          ])}
          headings={[
            t('config.import.line'),
            t('config.partners.symbol'),
            t('config.partners.name'),
            t('config.import.reason'),
          ]}
        />
      )}
      {report.errors.length === 0 ? null : (
        <RowTable
          caption={t('config.import.errors')}
          rows={report.errors.map((error) => [String(error.row), error.field, importErrorText(error)])}
          headings={[t('config.import.line'), t('config.import.column'), t('config.import.reason')]}
        />
      )}
    </section>
  );
}

function RowTable({
  caption,
  headings,
  rows,
}: {
  caption: string;
  headings: readonly string[];
  rows: readonly (readonly string[])[];
}) {
  return (
    <div className="table-wrap config-table-gap">
      <table>
        <caption>{caption}</caption>
        <thead>
          <tr>
            {headings.map((heading) => (
              <th key={heading} scope="col">
                {heading}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row, index) => (
            <tr key={`${row[0] ?? ''}-${index}`}>
              {row.map((cell, cellIndex) => (
                <td key={headings[cellIndex] ?? cellIndex}>{cell}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
