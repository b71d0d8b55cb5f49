/**
 * The request page's action bar: exactly the actions the server lists for the request now, in the
 * library's order, each opening its form. Actions for a rota position name the partner when the same
 * action is offered for several. Delete asks first; so do the other actions that cannot be undone.
 */
import { useState } from 'react';
import { api } from '../../api/client.ts';
import type { RequestDetailView } from '../../api/types.ts';
import { useRouter } from '../../app/router.tsx';
import { t } from '../../i18n/catalogue.ts';
import { ConfirmDialog } from '../../ui/Dialog.tsx';
import { Alert } from '../../ui/feedback.tsx';
import { ActionDialog } from './ActionDialog.tsx';
import { editsDetails, type AvailableAction } from './action-form.ts';
import { actionButtonLabel, actionLabel, presentationOf } from './action-presentation.ts';
import { EditDetailsDialog } from './EditDetailsDialog.tsx';
import { ExtendRotaDialog } from './ExtendRotaDialog.tsx';
import { setFlash } from './flash.ts';
import { changeErrorText, needsReread } from './errors.ts';

type Open =
  | { readonly kind: 'action'; readonly action: AvailableAction; readonly title: string }
  | { readonly kind: 'extend-rota' };

/** The label of each listed action's button, naming the partner where an action is listed twice. */
export function buttonLabels(detail: RequestDetailView): string[] {
  const counts = new Map<string, number>();
  for (const action of detail.actions) counts.set(action.id, (counts.get(action.id) ?? 0) + 1);
  return detail.actions.map((action) => {
    const partner =
      (counts.get(action.id) ?? 0) > 1 && action.rotaPosition !== null
        ? (detail.rota.find((entry) => entry.position === action.rotaPosition)?.partner ?? null)
        : null;
    return actionButtonLabel(action, partner);
  });
}

export function RequestActions({
  detail,
  onDone,
  onConflict,
}: {
  detail: RequestDetailView;
  /** An action was taken: show the request as it returned it, and say so. */
  onDone: (detail: RequestDetailView, message: string) => void;
  onConflict: () => void;
}) {
  const { navigate } = useRouter();
  const [open, setOpen] = useState<Open | null>(null);
  const [deleting, setDeleting] = useState(false);
  const [deleteFailure, setDeleteFailure] = useState<string | undefined>(undefined);
  const labels = buttonLabels(detail);
  const close = (): void => setOpen(null);
  const done = (message: string) => (updated: RequestDetailView) => {
    setOpen(null);
    onDone(updated, message);
  };

  const remove = async (): Promise<void> => {
    setDeleting(true);
    setDeleteFailure(undefined);
    try {
      await api.delete(`/api/requests/${detail.id}?expectedVersion=${detail.version}`);
      setFlash(t('staff.request.deleted', { reference: detail.reference }));
      navigate('/staff/requests');
    } catch (error) {
      setDeleting(false);
      setDeleteFailure(changeErrorText(error));
      if (needsReread(error)) onConflict();
    }
  };

  const current = open?.kind === 'action' ? open : null;
  return (
    <section className="panel staff-actions" aria-labelledby="staff-actions-heading">
      <h2 id="staff-actions-heading">{t('staff.request.actions')}</h2>
      {detail.actions.length === 0 ? <p className="muted">{t('staff.request.noActions')}</p> : null}
      <ul className="staff-actions__list">
        {detail.actions.map((action, index) => {
          const label = labels[index] as string;
          const tone = presentationOf(action.id).tone;
          return (
            <li key={`${action.id}:${action.rotaPosition ?? ''}`}>
              <button
                type="button"
                className={`button button--${tone === 'primary' ? 'primary' : tone === 'danger' ? 'danger' : 'secondary'}`}
                onClick={() => {
                  setDeleteFailure(undefined);
                  setOpen({ kind: 'action', action, title: label });
                }}
              >
                {label}
              </button>
            </li>
          );
        })}
        {detail.role === 'borrowing' && detail.completedAt === null ? (
          <li>
            <button
              type="button"
              className="button button--secondary"
              onClick={() => setOpen({ kind: 'extend-rota' })}
            >
              {t('staff.rota.extend')}
            </button>
          </li>
        ) : null}
      </ul>
      {current !== null && current.action.id === 'delete' ? (
        <ConfirmDialog
          open
          title={current.title}
          confirmLabel={t('staff.action.confirmYes', { action: actionLabel(current.action) })}
          busy={deleting}
          onConfirm={() => void remove()}
          onClose={close}
          body={
            <>
              {deleteFailure === undefined ? null : <Alert tone="error">{deleteFailure}</Alert>}
              <p>{t('staff.confirm.delete', { reference: detail.reference })}</p>
            </>
          }
        />
      ) : current !== null && editsDetails(current.action) ? (
        <EditDetailsDialog
          detail={detail}
          title={current.title}
          onClose={close}
          onDone={done(t('staff.action.done', { action: actionLabel(current.action) }))}
          onConflict={onConflict}
        />
      ) : current !== null ? (
        <ActionDialog
          key={`${current.action.id}:${current.action.rotaPosition ?? ''}`}
          detail={detail}
          action={current.action}
          title={current.title}
          onClose={close}
          onDone={done(t('staff.action.done', { action: actionLabel(current.action) }))}
          onConflict={onConflict}
        />
      ) : null}
      {open?.kind === 'extend-rota' ? (
        <ExtendRotaDialog
          detail={detail}
          onClose={close}
          onDone={done(t('staff.rota.extended'))}
          onConflict={onConflict}
        />
      ) : null}
    </section>
  );
}
