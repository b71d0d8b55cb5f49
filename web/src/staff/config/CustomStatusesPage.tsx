import { useId, useMemo, useState, type FormEvent } from 'react';
import { api } from '../../api/client.ts';
import type { StaffUserSummary } from '../../api/types.ts';
import { t } from '../../i18n/catalogue.ts';
import { ConfirmDialog, Dialog } from '../../ui/Dialog.tsx';
import { TextField } from '../../ui/fields.tsx';
import { useApi } from '../../ui/use-api.ts';
import type { CustomStatus } from './api-types.ts';
import {
  ConfigPage,
  FormErrorSummary,
  FormMessage,
  LiveStatus,
  useSubmitter,
  WhenLoaded,
} from './config-ui.tsx';
import { clientErrors, missingRequired, textOrNull, type FormFields } from './form-errors.ts';

const CODE_PATTERN = /^[A-Za-z0-9_]{1,32}$/;

function useStatusFields(prefix: string): FormFields {
  return useMemo(
    () => ({
      code: { id: `${prefix}-code`, label: t('config.statuses.code') },
      label: { id: `${prefix}-label`, label: t('config.statuses.label') },
      opacLabel: { id: `${prefix}-opac`, label: t('config.statuses.opacLabel') },
    }),
    [prefix],
  );
}

/** `/staff/config/statuses`: the library's own statuses (Koha's ILLSTATUS authorised values). */
export function CustomStatusesPage({ user }: { user: StaffUserSummary }) {
  const id = useId();
  const statuses = useApi(
    (signal) => api.get<{ items: CustomStatus[] }>('/api/library/custom-statuses', undefined, { signal }),
    [],
  );
  const [status, setStatus] = useState<string | undefined>(undefined);
  const [editing, setEditing] = useState<CustomStatus | null>(null);
  const [deleting, setDeleting] = useState<CustomStatus | null>(null);
  const remover = useSubmitter(useMemo(() => ({}), []));

  const confirmDelete = async (): Promise<void> => {
    if (deleting === null) return;
    const target = deleting;
    const done = await remover.run(() =>
      api.delete(`/api/library/custom-statuses/${encodeURIComponent(target.code)}`).then(() => true),
    );
    setDeleting(null);
    if (done === true) {
      setStatus(t('config.statuses.deleted', { label: target.label }));
      statuses.reload();
    }
  };

  return (
    <ConfigPage user={user} section="statuses">
      <p className="muted">{t('config.statuses.intro')}</p>
      <LiveStatus message={status} />
      <FormErrorSummary errors={remover.errors} />
      <WhenLoaded state={statuses}>
        {({ items }) =>
          items.length === 0 ? (
            <p>{t('config.statuses.none')}</p>
          ) : (
            <div className="table-wrap">
              <table>
                <caption className="visually-hidden">{t('config.statuses.title')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('config.statuses.code')}</th>
                    <th scope="col">{t('config.statuses.label')}</th>
                    <th scope="col">{t('config.statuses.opacLabel')}</th>
                    <th scope="col">{t('config.actionsColumn')}</th>
                  </tr>
                </thead>
                <tbody>
                  {items.map((item) => (
                    <tr key={item.code}>
                      <td>
                        <code>{item.code}</code>
                      </td>
                      <td>{item.label}</td>
                      <td>
                        {item.opacLabel ?? <span className="muted">{t('config.statuses.sameAsLabel')}</span>}
                      </td>
                      <td>
                        <div className="config-row-actions">
                          <button
                            type="button"
                            className="button button--secondary button--small"
                            onClick={() => setEditing(item)}
                          >
                            {t('form.edit')}
                            <span className="visually-hidden"> {item.label}</span>
                          </button>
                          <button
                            type="button"
                            className="button button--ghost button--small"
                            onClick={() => setDeleting(item)}
                          >
                            {t('form.delete')}
                            <span className="visually-hidden"> {item.label}</span>
                          </button>
                        </div>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </WhenLoaded>
      <section aria-labelledby={`${id}-add`} className="config-section">
        <h2 id={`${id}-add`}>{t('config.statuses.add')}</h2>
        <AddStatus
          onAdded={(added) => {
            setStatus(t('config.statuses.added', { label: added.label }));
            statuses.reload();
          }}
        />
      </section>
      <Dialog
        open={editing !== null}
        title={t('config.statuses.editTitle', { label: editing?.label ?? '' })}
        onClose={() => setEditing(null)}
      >
        {editing === null ? null : (
          <EditStatus
            status={editing}
            onSaved={(saved) => {
              setEditing(null);
              setStatus(t('config.statuses.saved', { label: saved.label }));
              statuses.reload();
            }}
            onCancel={() => setEditing(null)}
          />
        )}
      </Dialog>
      <ConfirmDialog
        open={deleting !== null}
        title={t('config.statuses.deleteTitle', { label: deleting?.label ?? '' })}
        body={<p>{t('config.statuses.deleteBody')}</p>}
        confirmLabel={t('config.statuses.deleteConfirm')}
        busy={remover.busy}
        onConfirm={() => void confirmDelete()}
        onClose={() => setDeleting(null)}
      />
    </ConfigPage>
  );
}

function AddStatus({ onAdded }: { onAdded: (status: CustomStatus) => void }) {
  const id = useId();
  const fields = useStatusFields(id);
  const form = useSubmitter(fields);
  const [code, setCode] = useState('');
  const [label, setLabel] = useState('');
  const [opacLabel, setOpacLabel] = useState('');

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    const problems = missingRequired({ code, label }, ['code', 'label'], fields);
    if (problems.code === undefined && !CODE_PATTERN.test(code.trim())) {
      problems.code = t('config.error.pattern', { field: t('config.statuses.code') });
    }
    if (Object.keys(problems).length > 0) {
      form.setErrors(clientErrors(problems, fields));
      return;
    }
    const created = await form.run(() =>
      api.post<CustomStatus>('/api/library/custom-statuses', {
        code: code.trim(),
        label: label.trim(),
        opacLabel: textOrNull(opacLabel),
      }),
    );
    if (created !== undefined) {
      setCode('');
      setLabel('');
      setOpacLabel('');
      onAdded(created);
    }
  };

  return (
    <form className="form form--wide" onSubmit={(event) => void submit(event)} noValidate>
      <FormErrorSummary errors={form.errors} />
      <FormMessage errors={form.errors} />
      <div className="form-grid">
        <TextField
          id={fields.code?.id}
          label={t('config.statuses.code')}
          hint={t('config.statuses.codeHint')}
          required
          autoComplete="off"
          error={form.errors.fields.code}
          value={code}
          onChange={(event) => setCode(event.target.value)}
        />
        <TextField
          id={fields.label?.id}
          label={t('config.statuses.label')}
          hint={t('config.statuses.labelHint')}
          required
          autoComplete="off"
          error={form.errors.fields.label}
          value={label}
          onChange={(event) => setLabel(event.target.value)}
        />
        <TextField
          id={fields.opacLabel?.id}
          label={t('config.statuses.opacLabel')}
          hint={t('config.statuses.opacLabelHint')}
          autoComplete="off"
          error={form.errors.fields.opacLabel}
          value={opacLabel}
          onChange={(event) => setOpacLabel(event.target.value)}
        />
      </div>
      <div className="button-row">
        <button type="submit" className="button button--primary" disabled={form.busy}>
          {t('config.statuses.addSubmit')}
        </button>
      </div>
    </form>
  );
}

function EditStatus({
  status,
  onSaved,
  onCancel,
}: {
  status: CustomStatus;
  onSaved: (status: CustomStatus) => void;
  onCancel: () => void;
}) {
  const id = useId();
  const fields = useStatusFields(id);
  const form = useSubmitter(fields);
  const [label, setLabel] = useState(status.label);
  const [opacLabel, setOpacLabel] = useState(status.opacLabel ?? '');

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    const problems = missingRequired({ label }, ['label'], fields);
    if (Object.keys(problems).length > 0) {
      form.setErrors(clientErrors(problems, fields));
      return;
    }
    const saved = await form.run(() =>
      api.patch<CustomStatus>(`/api/library/custom-statuses/${encodeURIComponent(status.code)}`, {
        label: label.trim(),
        opacLabel: textOrNull(opacLabel),
      }),
    );
    if (saved !== undefined) onSaved(saved);
  };

  return (
    <form className="form" onSubmit={(event) => void submit(event)} noValidate>
      <FormErrorSummary errors={form.errors} />
      <FormMessage errors={form.errors} />
      <p>
        {t('config.statuses.code')}: <code>{status.code}</code>
      </p>
      <TextField
        id={fields.label?.id}
        label={t('config.statuses.label')}
        required
        error={form.errors.fields.label}
        value={label}
        onChange={(event) => setLabel(event.target.value)}
      />
      <TextField
        id={fields.opacLabel?.id}
        label={t('config.statuses.opacLabel')}
        hint={t('config.statuses.opacLabelHint')}
        error={form.errors.fields.opacLabel}
        value={opacLabel}
        onChange={(event) => setOpacLabel(event.target.value)}
      />
      <div className="button-row">
        <button type="submit" className="button button--primary" disabled={form.busy}>
          {t('form.save')}
        </button>
        <button type="button" className="button button--secondary" onClick={onCancel}>
          {t('form.cancel')}
        </button>
      </div>
    </form>
  );
}
