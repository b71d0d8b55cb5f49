/** Mark what made a request need attention as dealt with, saying what was done (kept in the history). */
import { useId, useState, type FormEvent } from 'react';
import { api } from '../../api/client.ts';
import type { RequestDetailView } from '../../api/types.ts';
import { t } from '../../i18n/catalogue.ts';
import { Dialog } from '../../ui/Dialog.tsx';
import { ErrorSummary } from '../../ui/feedback.tsx';
import { TextArea } from '../../ui/fields.tsx';
import { attentionText } from './attention.ts';
import { changeErrorText, needsReread } from './errors.ts';

export function ClearAttentionDialog({
  detail,
  onClose,
  onDone,
  onConflict,
}: {
  detail: RequestDetailView;
  onClose: () => void;
  onDone: (detail: RequestDetailView) => void;
  onConflict: () => void;
}) {
  const id = useId();
  const [note, setNote] = useState('');
  const [failure, setFailure] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    setBusy(true);
    setFailure(undefined);
    try {
      onDone(
        await api.post<RequestDetailView>(`/api/requests/${detail.id}/attention/clear`, {
          ...(note.trim() === '' ? {} : { note: note.trim() }),
          expectedVersion: detail.version,
        }),
      );
    } catch (error) {
      setBusy(false);
      setFailure(changeErrorText(error));
      if (needsReread(error)) onConflict();
    }
  };

  return (
    <Dialog open title={t('staff.attention.clearTitle')} onClose={onClose}>
      <form className="form" noValidate onSubmit={(event) => void submit(event)}>
        <ErrorSummary errors={[]} {...(failure === undefined ? {} : { message: failure })} />
        <p>
          {t('staff.attention.clearIntro', {
            reason: detail.attention === null ? '' : attentionText(detail.attention),
          })}
        </p>
        <TextArea
          id={`${id}-note`}
          label={t('actionField.note')}
          hint={t('staff.attention.noteHint')}
          rows={3}
          value={note}
          onChange={(event) => setNote(event.target.value)}
        />
        <div className="button-row">
          <button type="submit" className="button button--primary" disabled={busy}>
            {t('staff.attention.clear')}
          </button>
          <button type="button" className="button button--secondary" onClick={onClose}>
            {t('form.cancel')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
