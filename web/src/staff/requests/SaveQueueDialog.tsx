/** Save the list's current filters as a queue of the library, shown on the dashboard with its count. */
import { useId, useState, type FormEvent } from 'react';
import { api, ApiError } from '../../api/client.ts';
import type { SavedQueueView } from '../../api/types.ts';
import { Link } from '../../app/router.tsx';
import { t } from '../../i18n/catalogue.ts';
import { issueText } from '../../i18n/server-errors.ts';
import { Dialog } from '../../ui/Dialog.tsx';
import { Alert, ErrorSummary, errorText } from '../../ui/feedback.tsx';
import { TextField } from '../../ui/fields.tsx';
import { savedFilterOf, type ListQuery } from './list-query.ts';

export function SaveQueueDialog({ query, onClose }: { query: ListQuery; onClose: () => void }) {
  const id = useId();
  const [name, setName] = useState('');
  const [error, setError] = useState<string | undefined>(undefined);
  const [failure, setFailure] = useState<string | undefined>(undefined);
  const [saved, setSaved] = useState<SavedQueueView | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    if (name.trim() === '') {
      setError(t('staff.problem.required', { field: t('staff.saveQueue.name') }));
      return;
    }
    setError(undefined);
    setFailure(undefined);
    setBusy(true);
    try {
      setSaved(
        await api.post<SavedQueueView>('/api/saved-queues', {
          name: name.trim(),
          filter: savedFilterOf(query),
        }),
      );
    } catch (caught) {
      // A name the library already uses is this field's problem; anything else is the form's.
      if (caught instanceof ApiError && caught.status === 409)
        setError(
          issueText(
            { field: 'body.name', rule: 'unique', message: caught.message },
            t('staff.saveQueue.name'),
          ),
        );
      else setFailure(errorText(caught));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog open title={t('staff.saveQueue.title')} onClose={onClose}>
      {saved !== null ? (
        <>
          <Alert tone="success">{t('staff.saveQueue.saved', { name: saved.name })}</Alert>
          <p>
            <Link to="/staff">{t('staff.saveQueue.toDashboard')}</Link>
          </p>
          <button type="button" className="button button--secondary" onClick={onClose}>
            {t('form.close')}
          </button>
        </>
      ) : (
        <form className="form" noValidate onSubmit={(event) => void submit(event)}>
          <ErrorSummary
            errors={error === undefined ? [] : [{ fieldId: `${id}-name`, message: error }]}
            {...(failure === undefined ? {} : { message: failure })}
          />
          <p>{t('staff.saveQueue.intro')}</p>
          <TextField
            id={`${id}-name`}
            label={t('staff.saveQueue.name')}
            required
            maxLength={100}
            error={error}
            value={name}
            onChange={(event) => setName(event.target.value)}
          />
          <div className="button-row">
            <button type="submit" className="button button--primary" disabled={busy}>
              {t('form.save')}
            </button>
            <button type="button" className="button button--secondary" onClick={onClose}>
              {t('form.cancel')}
            </button>
          </div>
        </form>
      )}
    </Dialog>
  );
}
