/** Add locations to the end of a borrowing request's rota (VDX: the rota can be extended at End of Rota). */
import { useId, useState, type FormEvent } from 'react';
import { api } from '../../api/client.ts';
import type { PartnerList, RequestDetailView } from '../../api/types.ts';
import { t } from '../../i18n/catalogue.ts';
import { Dialog } from '../../ui/Dialog.tsx';
import { Alert, ErrorSummary, errorText, Loading } from '../../ui/feedback.tsx';
import { CheckboxField } from '../../ui/fields.tsx';
import { useApi } from '../../ui/use-api.ts';
import { changeErrorText, needsReread } from './errors.ts';

export function ExtendRotaDialog({
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
  const idPrefix = useId();
  const [chosen, setChosen] = useState<string[]>([]);
  const [failure, setFailure] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const partners = useApi(
    (signal) =>
      api.get<PartnerList>(
        '/api/partners',
        { protocol: detail.backend, active: true, limit: 500 },
        { signal },
      ),
    [detail.backend],
  );
  const onRota = new Set(detail.rota.map((entry) => entry.partner.id));
  const candidates = (partners.data?.items ?? []).filter((partner) => !onRota.has(partner.id));

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    if (chosen.length === 0) {
      setFailure(t('staff.rota.chooseOne'));
      return;
    }
    setBusy(true);
    setFailure(undefined);
    try {
      onDone(
        await api.post<RequestDetailView>(`/api/requests/${detail.id}/rota`, {
          partnerIds: chosen,
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
    <Dialog open title={t('staff.rota.extend')} onClose={onClose}>
      <form className="form" noValidate onSubmit={(event) => void submit(event)}>
        <ErrorSummary errors={[]} {...(failure === undefined ? {} : { message: failure })} />
        <fieldset>
          <legend>{t('staff.rota.partnersToAdd')}</legend>
          <p className="field__hint">{t('staff.rota.extendHint')}</p>
          {partners.data === undefined ? (
            partners.error === undefined ? (
              <Loading />
            ) : (
              <Alert tone="error">{errorText(partners.error)}</Alert>
            )
          ) : candidates.length === 0 ? (
            <p className="muted">{t('staff.rota.noCandidates')}</p>
          ) : (
            candidates.map((partner) => (
              <CheckboxField
                key={partner.id}
                id={`${idPrefix}-${partner.id}`}
                label={`${partner.name} (${partner.symbol})`}
                checked={chosen.includes(partner.id)}
                onChange={(event) =>
                  setChosen((current) =>
                    event.target.checked
                      ? [...current, partner.id]
                      : current.filter((id) => id !== partner.id),
                  )
                }
              />
            ))
          )}
        </fieldset>
        {chosen.length > 0 ? <p>{t('staff.rota.willAdd', { count: chosen.length })}</p> : null}
        <div className="button-row">
          <button type="submit" className="button button--primary" disabled={busy}>
            {t('staff.rota.add')}
          </button>
          <button type="button" className="button button--secondary" onClick={onClose}>
            {t('form.cancel')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
