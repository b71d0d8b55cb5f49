/**
 * `/opac/<symbol>/requests/<id>`: one of the patron's requests: where it is, what they asked for,
 * what has happened so far, and "ask to cancel" where the server offers it (the request's actions
 * say so; the OPAC does not guess from the status). The page follows changes as they happen.
 */
import { useEffect, useRef, useState } from 'react';
import { api, ApiError, idempotencyKey } from '../api/client.ts';
import type { OpacLibrary, RequestDetailView } from '../api/types.ts';
import { Link } from '../app/router.tsx';
import { formatDate, formatDateTime, t } from '../i18n/catalogue.ts';
import { useLiveReload } from '../live/live-events.tsx';
import { Dialog } from '../ui/Dialog.tsx';
import { Alert, ErrorMessage, errorText, Loading } from '../ui/feedback.tsx';
import { TextArea } from '../ui/fields.tsx';
import { PageHeading } from '../ui/PageHeading.tsx';
import { useApi } from '../ui/use-api.ts';
import { opacPath } from './opac-paths.ts';
import { ClosedPage, RequirePatron, StatusText, UpdateAnnouncer } from './opac-ui.tsx';
import { patronStatus } from './patron-status.ts';
import { patronAskedToCancel, patronTimeline } from './patron-timeline.ts';
import {
  ALL_FIELDS,
  detailField,
  fieldLabel,
  isRequestType,
  itemTitle,
  serviceName,
  typeName,
} from './request-form.ts';

const CANCEL_ACTION = 'request-cancellation';

/** What the patron asked for, as the form named it. */
function RequestDetails({ request }: { request: RequestDetailView }) {
  const details = request.details;
  const type = isRequestType(details.type) ? details.type : 'other';
  const rows: { label: string; value: string }[] = [
    { label: t('opac.form.type'), value: typeName(details.type) },
  ];
  for (const field of ALL_FIELDS) {
    const value = detailField(details, field);
    if (value !== null) rows.push({ label: fieldLabel(type, field), value });
  }
  rows.push({ label: t('opac.form.service'), value: serviceName(details.serviceType) });
  if (details.pickupBranch !== null)
    rows.push({ label: t('opac.form.pickup'), value: details.pickupBranch.name });
  if (details.needBefore !== null)
    rows.push({ label: t('opac.form.needBefore'), value: formatDate(details.needBefore) });
  if (details.patronNotes !== null) rows.push({ label: t('opac.form.notes'), value: details.patronNotes });
  for (const [key, value] of Object.entries(details.customFields)) rows.push({ label: key, value });
  rows.push({ label: t('opac.detail.askedOn'), value: formatDate(request.createdAt) });
  if (request.copyright.text !== null && request.copyright.accepted) {
    rows.push({ label: t('opac.detail.copyright'), value: t('opac.detail.copyrightAccepted') });
  }
  return (
    <dl className="details">
      {rows.map((row, index) => (
        <div key={`${row.label}-${index}`} className="opac-summary__row">
          <dt>{row.label}</dt>
          <dd>{row.value}</dd>
        </div>
      ))}
    </dl>
  );
}

function CancelDialog({
  request,
  open,
  onClose,
  onCancelled,
  onStale,
}: {
  request: RequestDetailView;
  open: boolean;
  onClose: () => void;
  onCancelled: () => void;
  onStale: () => void;
}) {
  const [note, setNote] = useState('');
  const [key] = useState(idempotencyKey);
  const sending = useRef(false);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | undefined>(undefined);
  const title = itemTitle(request.details) || request.reference;

  const confirm = async (): Promise<void> => {
    if (sending.current) return;
    sending.current = true;
    setBusy(true);
    setFailure(undefined);
    try {
      await api.post(
        `/api/patron/requests/${encodeURIComponent(request.id)}/cancel`,
        note.trim() === '' ? {} : { note: note.trim() },
        { headers: { 'idempotency-key': key } },
      );
      onCancelled();
    } catch (error) {
      setFailure(errorText(error));
      // Not possible any more (the item shipped meanwhile…): show the request as it is now.
      if (error instanceof ApiError && error.status === 409) onStale();
    } finally {
      sending.current = false;
      setBusy(false);
    }
  };

  return (
    <Dialog
      open={open}
      title={t('opac.cancel.title')}
      onClose={onClose}
      footer={
        <>
          <button
            type="button"
            className="button button--danger"
            disabled={busy}
            onClick={() => void confirm()}
          >
            {busy ? t('opac.cancel.sending') : t('opac.cancel.confirm')}
          </button>
          <button type="button" className="button button--secondary" onClick={onClose}>
            {t('opac.cancel.keep')}
          </button>
        </>
      }
    >
      <p>{t('opac.cancel.body', { title })}</p>
      {failure === undefined ? null : <Alert tone="error">{failure}</Alert>}
      <TextArea
        label={t('opac.cancel.note')}
        maxLength={4000}
        rows={3}
        value={note}
        onChange={(event) => setNote(event.target.value)}
      />
    </Dialog>
  );
}

function RequestDetail({ library, requestId }: { library: OpacLibrary; requestId: string }) {
  const request = useApi(
    (signal) =>
      api.get<RequestDetailView>(`/api/patron/requests/${encodeURIComponent(requestId)}`, undefined, {
        signal,
      }),
    [requestId],
  );
  const [updates, setUpdates] = useState(0);
  const [cancelOpen, setCancelOpen] = useState(false);
  const [cancelKey, setCancelKey] = useState(0);
  const [cancelled, setCancelled] = useState(false);
  const statusHeading = useRef<HTMLHeadingElement>(null);
  // After asking to cancel, the button that opened the dialog goes away: keyboard and screen-reader
  // users are taken to the status instead (after the dialog has given focus back).
  const [focusStatus, setFocusStatus] = useState(0);
  useEffect(() => {
    if (focusStatus > 0) statusHeading.current?.focus();
  }, [focusStatus]);
  useLiveReload(
    () => {
      setUpdates((count) => count + 1);
      request.reload();
    },
    (changed) => changed === requestId,
  );
  const back = (
    <p>
      <Link to={opacPath(library.symbol, 'requests')}>{t('opac.detail.back')}</Link>
    </p>
  );

  if (request.data === undefined) {
    if (request.error !== undefined) {
      const title = t('opac.detail.errorTitle');
      return (
        <main id="main" className="page page--narrow opac">
          <PageHeading title={title}>{title}</PageHeading>
          <ErrorMessage error={request.error} onRetry={request.reload} />
          {back}
        </main>
      );
    }
    return (
      <main id="main" className="page page--narrow opac">
        <Loading />
      </main>
    );
  }
  const data = request.data;
  const title = itemTitle(data.details) || t('opac.detail.titleFallback', { reference: data.reference });
  const current = [...data.rota].reverse().find((entry) => entry.transaction !== null)?.transaction ?? null;
  const status = patronStatus({
    status: data.status ?? '',
    currentState: current?.state ?? null,
    customStatusLabel:
      data.customStatus === null ? null : (data.customStatus.opacLabel ?? data.customStatus.label),
    dueDate: current?.dueDate ?? null,
    pickupBranch: data.details.pickupBranch?.name ?? null,
    patronAskedToCancel: patronAskedToCancel(data),
  });
  const timeline = patronTimeline(data);
  const canCancel = data.actions.some((action) => action.id === CANCEL_ACTION);

  return (
    <main id="main" className="page opac opac-page">
      {back}
      <PageHeading title={title}>{title}</PageHeading>
      <p className="opac-reference">{t('opac.detail.reference', { reference: data.reference })}</p>
      <UpdateAnnouncer count={updates} message={t('opac.detail.updated')} />
      {request.error !== undefined ? <ErrorMessage error={request.error} onRetry={request.reload} /> : null}
      {cancelled ? <Alert tone="success">{t('opac.cancel.done')}</Alert> : null}
      <div className="columns">
        <div>
          <section aria-labelledby="opac-status" className="panel opac-status-panel">
            <h2 id="opac-status" ref={statusHeading} tabIndex={-1}>
              {t('opac.detail.status')}
            </h2>
            <p className="opac-status-line">
              <StatusText status={status} />
            </p>
            {canCancel ? (
              <button
                type="button"
                className="button button--secondary"
                onClick={() => {
                  setCancelKey((value) => value + 1);
                  setCancelOpen(true);
                }}
              >
                {t('opac.cancel.button')}
              </button>
            ) : null}
          </section>
          <section aria-labelledby="opac-timeline" className="panel">
            <h2 id="opac-timeline">{t('opac.detail.timeline')}</h2>
            {timeline.length === 0 ? (
              <p className="muted">{t('opac.detail.noTimeline')}</p>
            ) : (
              <ol className="timeline">
                {timeline.map((item) => (
                  <li key={item.id}>
                    <time dateTime={item.at}>{formatDateTime(item.at)}</time>
                    <span>{item.text}</span>
                    {item.note === null ? null : <p className="opac-note">{item.note}</p>}
                  </li>
                ))}
              </ol>
            )}
          </section>
        </div>
        <section aria-labelledby="opac-details" className="panel">
          <h2 id="opac-details">{t('opac.detail.details')}</h2>
          <RequestDetails request={data} />
        </section>
      </div>
      <CancelDialog
        key={cancelKey}
        request={data}
        open={cancelOpen}
        onClose={() => setCancelOpen(false)}
        onStale={request.reload}
        onCancelled={() => {
          setCancelOpen(false);
          setCancelled(true);
          setFocusStatus((value) => value + 1);
          request.reload();
        }}
      />
    </main>
  );
}

export function RequestDetailPage({ library, requestId }: { library: OpacLibrary; requestId: string }) {
  if (!library.illModuleEnabled) return <ClosedPage library={library} />;
  return (
    <RequirePatron library={library}>
      {() => <RequestDetail key={requestId} library={library} requestId={requestId} />}
    </RequirePatron>
  );
}
