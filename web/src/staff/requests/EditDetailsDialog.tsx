/**
 * Edit request (Koha) / Local Change Request Details (VDX): change the request's details without
 * telling the partner. Only what changed is sent, with the version the form was filled against.
 */
import { useId, useState, type FormEvent } from 'react';
import { api, ApiError, idempotencyKey } from '../../api/client.ts';
import type { CustomStatus, PickupBranch, RequestDetailView } from '../../api/types.ts';
import { t } from '../../i18n/catalogue.ts';
import { Dialog } from '../../ui/Dialog.tsx';
import { Alert, ErrorSummary, errorText } from '../../ui/feedback.tsx';
import { TextArea } from '../../ui/fields.tsx';
import { useApi } from '../../ui/use-api.ts';
import {
  changedDetails,
  detailsFieldErrors,
  detailsFormOf,
  validateDetails,
  type DetailsForm,
} from './details-form.ts';
import { DetailsFields, detailsFieldId, detailsProblemText } from './DetailsFields.tsx';
import { changeErrorText, needsReread } from './errors.ts';

export function EditDetailsDialog({
  detail,
  title,
  onClose,
  onDone,
  onConflict,
}: {
  detail: RequestDetailView;
  title: string;
  onClose: () => void;
  onDone: (detail: RequestDetailView) => void;
  onConflict: () => void;
}) {
  const idPrefix = useId();
  const [original] = useState(() => detailsFormOf(detail.details, detail.customStatus));
  const [openedVersion] = useState(detail.version);
  const [form, setForm] = useState<DetailsForm>(original);
  const [note, setNote] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const branches = useApi(
    (signal) => api.get<{ items: PickupBranch[] }>('/api/library/pickup-branches', undefined, { signal }),
    [],
  );
  const customStatuses = useApi(
    (signal) => api.get<{ items: CustomStatus[] }>('/api/library/custom-statuses', undefined, { signal }),
    [],
  );

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    const problems = validateDetails(form);
    const found = Object.fromEntries(
      Object.entries(problems).map(([field, problem]) => [field, detailsProblemText(field, problem)]),
    );
    setErrors(found);
    setFailure(undefined);
    if (Object.keys(found).length > 0) return;
    const changes = changedDetails(original, form);
    if (changes === null) {
      setFailure(t('staff.edit.nothingChanged'));
      return;
    }
    setBusy(true);
    try {
      const updated = await api.patch<RequestDetailView>(
        `/api/requests/${detail.id}`,
        {
          details: changes,
          ...(note.trim() === '' ? {} : { note: note.trim() }),
          expectedVersion: detail.version,
        },
        { headers: { 'idempotency-key': idempotencyKey() } },
      );
      onDone(updated);
    } catch (error) {
      setBusy(false);
      if (error instanceof ApiError && error.status === 400) {
        const { '': other, ...byField } = detailsFieldErrors(error.fieldErrors());
        setErrors(byField);
        setFailure(other ?? (Object.keys(byField).length === 0 ? errorText(error) : undefined));
      } else {
        setFailure(changeErrorText(error));
        if (needsReread(error)) onConflict();
      }
    }
  };

  return (
    <Dialog open title={title} onClose={onClose}>
      <form className="form form--wide" noValidate onSubmit={(event) => void submit(event)}>
        {detail.version === openedVersion ? null : (
          <Alert tone="info">{t('staff.action.changedMeanwhile')}</Alert>
        )}
        <ErrorSummary
          errors={Object.entries(errors).map(([field, message]) => ({
            fieldId: detailsFieldId(idPrefix, field),
            message,
          }))}
          {...(failure === undefined ? {} : { message: failure })}
        />
        <DetailsFields
          form={form}
          onChange={setForm}
          errors={errors}
          idPrefix={idPrefix}
          pickupBranches={branches.data?.items ?? []}
          customStatuses={customStatuses.data?.items ?? []}
        />
        <TextArea
          id={`${idPrefix}-note`}
          label={t('actionField.note')}
          hint={t('staff.edit.noteHint')}
          rows={3}
          value={note}
          onChange={(event) => setNote(event.target.value)}
        />
        <div className="button-row">
          <button type="submit" className="button button--primary" disabled={busy}>
            {busy ? t('form.saving') : t('staff.edit.save')}
          </button>
          <button type="button" className="button button--secondary" onClick={onClose}>
            {t('form.cancel')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
