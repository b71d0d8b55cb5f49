import { useId, useMemo, useState, type FormEvent } from 'react';
import { api } from '../../api/client.ts';
import { t } from '../../i18n/catalogue.ts';
import { ConfirmDialog, Dialog } from '../../ui/Dialog.tsx';
import { TextField } from '../../ui/fields.tsx';
import { useApi } from '../../ui/use-api.ts';
import type { PickupBranch } from './api-types.ts';
import { FormErrorSummary, FormMessage, LiveStatus, useSubmitter, WhenLoaded } from './config-ui.tsx';
import { clientErrors, missingRequired, type FormFields } from './form-errors.ts';

const CODE_PATTERN = /^[A-Za-z0-9_-]{1,32}$/;

function useBranchFields(prefix: string): FormFields {
  return useMemo(
    () => ({
      code: { id: `${prefix}-code`, label: t('config.branches.code') },
      name: { id: `${prefix}-name`, label: t('config.branches.name') },
    }),
    [prefix],
  );
}

function branchProblems(code: string, name: string, fields: FormFields): Record<string, string> {
  const problems = missingRequired({ code, name }, ['code', 'name'], fields);
  if (problems.code === undefined && !CODE_PATTERN.test(code.trim())) {
    problems.code = t('config.error.pattern', { field: t('config.branches.code') });
  }
  return problems;
}

/** The library's pickup branches: where patrons collect what they asked for. */
export function PickupBranches() {
  const id = useId();
  const branches = useApi(
    (signal) => api.get<{ items: PickupBranch[] }>('/api/library/pickup-branches', undefined, { signal }),
    [],
  );
  const [status, setStatus] = useState<string | undefined>(undefined);
  const [editing, setEditing] = useState<PickupBranch | null>(null);
  const [deleting, setDeleting] = useState<PickupBranch | null>(null);
  const remover = useSubmitter(useMemo(() => ({}), []));

  const confirmDelete = async (): Promise<void> => {
    if (deleting === null) return;
    const branch = deleting;
    const done = await remover.run(() =>
      api.delete(`/api/library/pickup-branches/${branch.id}`).then(() => true),
    );
    setDeleting(null);
    if (done === true) {
      setStatus(t('config.branches.deleted', { name: branch.name }));
      branches.reload();
    }
  };

  return (
    <section aria-labelledby={`${id}-heading`} className="config-section">
      <h2 id={`${id}-heading`}>{t('config.branches.title')}</h2>
      <p className="muted">{t('config.branches.intro')}</p>
      <LiveStatus message={status} />
      <FormErrorSummary errors={remover.errors} />
      <WhenLoaded state={branches}>
        {({ items }) =>
          items.length === 0 ? (
            <p>{t('config.branches.none')}</p>
          ) : (
            <div className="table-wrap">
              <table>
                <caption className="visually-hidden">{t('config.branches.title')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('config.branches.code')}</th>
                    <th scope="col">{t('config.branches.name')}</th>
                    <th scope="col">{t('config.actionsColumn')}</th>
                  </tr>
                </thead>
                <tbody>
                  {items.map((branch) => (
                    <tr key={branch.id}>
                      <td>
                        <code>{branch.code}</code>
                      </td>
                      <td>{branch.name}</td>
                      <td>
                        <div className="config-row-actions">
                          <button
                            type="button"
                            className="button button--secondary button--small"
                            onClick={() => setEditing(branch)}
                          >
                            {t('form.edit')}
                            <span className="visually-hidden"> {branch.name}</span>
                          </button>
                          <button
                            type="button"
                            className="button button--ghost button--small"
                            onClick={() => setDeleting(branch)}
                          >
                            {t('form.delete')}
                            <span className="visually-hidden"> {branch.name}</span>
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
      <AddBranch
        onAdded={(branch) => {
          setStatus(t('config.branches.added', { name: branch.name }));
          branches.reload();
        }}
      />
      <Dialog
        open={editing !== null}
        title={t('config.branches.editTitle', { name: editing?.name ?? '' })}
        onClose={() => setEditing(null)}
      >
        {editing === null ? null : (
          <EditBranch
            branch={editing}
            onSaved={(branch) => {
              setEditing(null);
              setStatus(t('config.branches.saved', { name: branch.name }));
              branches.reload();
            }}
            onCancel={() => setEditing(null)}
          />
        )}
      </Dialog>
      <ConfirmDialog
        open={deleting !== null}
        title={t('config.branches.deleteTitle', { name: deleting?.name ?? '' })}
        body={<p>{t('config.branches.deleteBody')}</p>}
        confirmLabel={t('config.branches.deleteConfirm')}
        busy={remover.busy}
        onConfirm={() => void confirmDelete()}
        onClose={() => setDeleting(null)}
      />
    </section>
  );
}

function AddBranch({ onAdded }: { onAdded: (branch: PickupBranch) => void }) {
  const id = useId();
  const fields = useBranchFields(id);
  const form = useSubmitter(fields);
  const [code, setCode] = useState('');
  const [name, setName] = useState('');

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    const problems = branchProblems(code, name, fields);
    if (Object.keys(problems).length > 0) {
      form.setErrors(clientErrors(problems, fields));
      return;
    }
    const created = await form.run(() =>
      api.post<PickupBranch>('/api/library/pickup-branches', { code: code.trim(), name: name.trim() }),
    );
    if (created !== undefined) {
      setCode('');
      setName('');
      onAdded(created);
    }
  };

  return (
    <form className="form config-inline-form" onSubmit={(event) => void submit(event)} noValidate>
      <fieldset>
        <legend>{t('config.branches.add')}</legend>
        <FormErrorSummary errors={form.errors} />
        <FormMessage errors={form.errors} />
        <div className="form-grid">
          <TextField
            id={fields.code?.id}
            label={t('config.branches.code')}
            hint={t('config.branches.codeHint')}
            required
            error={form.errors.fields.code}
            value={code}
            onChange={(event) => setCode(event.target.value)}
          />
          <TextField
            id={fields.name?.id}
            label={t('config.branches.name')}
            required
            error={form.errors.fields.name}
            value={name}
            onChange={(event) => setName(event.target.value)}
          />
        </div>
        <div className="button-row">
          <button type="submit" className="button button--primary" disabled={form.busy}>
            {t('config.branches.addSubmit')}
          </button>
        </div>
      </fieldset>
    </form>
  );
}

function EditBranch({
  branch,
  onSaved,
  onCancel,
}: {
  branch: PickupBranch;
  onSaved: (branch: PickupBranch) => void;
  onCancel: () => void;
}) {
  const id = useId();
  const fields = useBranchFields(id);
  const form = useSubmitter(fields);
  const [code, setCode] = useState(branch.code);
  const [name, setName] = useState(branch.name);

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    const problems = branchProblems(code, name, fields);
    if (Object.keys(problems).length > 0) {
      form.setErrors(clientErrors(problems, fields));
      return;
    }
    const saved = await form.run(() =>
      api.patch<PickupBranch>(`/api/library/pickup-branches/${branch.id}`, {
        code: code.trim(),
        name: name.trim(),
      }),
    );
    if (saved !== undefined) onSaved(saved);
  };

  return (
    <form className="form" onSubmit={(event) => void submit(event)} noValidate>
      <FormErrorSummary errors={form.errors} />
      <FormMessage errors={form.errors} />
      <TextField
        id={fields.code?.id}
        label={t('config.branches.code')}
        hint={t('config.branches.codeHint')}
        required
        error={form.errors.fields.code}
        value={code}
        onChange={(event) => setCode(event.target.value)}
      />
      <TextField
        id={fields.name?.id}
        label={t('config.branches.name')}
        required
        error={form.errors.fields.name}
        value={name}
        onChange={(event) => setName(event.target.value)}
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
