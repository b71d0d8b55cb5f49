/**
 * `/opac/<symbol>/request/summary`: the request as it will be sent, then Confirm. The request is
 * sent with an Idempotency-Key made once for this page, and Confirm does nothing while a send is
 * under way: a double click, or a retry after a lost answer, places one request. The server's
 * complaints about fields go back to the form, beside those fields; nothing the patron wrote is lost.
 */
import { useRef, useState } from 'react';
import { api, ApiError, idempotencyKey } from '../api/client.ts';
import type { OpacLibrary, RequestDetailView } from '../api/types.ts';
import { Link, Redirect, useRouter } from '../app/router.tsx';
import { t } from '../i18n/catalogue.ts';
import { ErrorMessage, Loading } from '../ui/feedback.tsx';
import { PageHeading } from '../ui/PageHeading.tsx';
import { useDraftStore } from './draft-store.tsx';
import { loginPath, opacPath } from './opac-paths.ts';
import { ClosedPage, useCurrentPath, useVisitor } from './opac-ui.tsx';
import {
  itemTitle,
  localToday,
  requestDetails,
  serverFieldErrors,
  summaryRows,
  validateDraft,
} from './request-form.ts';

function Summary({ library, anonymous }: { library: OpacLibrary; anonymous: boolean }) {
  const store = useDraftStore();
  const { navigate } = useRouter();
  const [key] = useState(idempotencyKey);
  const sending = useRef(false);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>(undefined);
  const draft = store.draft;
  const formPath = opacPath(library.symbol, 'request');

  if (draft === null) {
    return (
      <>
        <p>{t('opac.summary.empty')}</p>
        <p>
          <Link to={formPath} className="button button--primary">
            {t('opac.landing.ask')}
          </Link>
        </p>
      </>
    );
  }
  // A draft that is not ready (an old tab, a session that changed) goes back to the form to be fixed.
  if (Object.keys(validateDraft(draft, library, { anonymous, today: localToday() })).length > 0) {
    return <Redirect to={formPath} />;
  }

  const confirm = async (): Promise<void> => {
    if (sending.current) return;
    sending.current = true;
    setBusy(true);
    setFailure(undefined);
    const details = requestDetails(draft);
    const copyright =
      library.copyrightClearance === null ? {} : { copyrightAccepted: draft.copyrightAccepted };
    const headers = { 'idempotency-key': key };
    try {
      const placed = anonymous
        ? await api.post<RequestDetailView>(
            `/api/opac/libraries/${encodeURIComponent(library.symbol)}/requests`,
            {
              details,
              contact: { name: draft.contact.name.trim(), email: draft.contact.email.trim() },
              ...copyright,
            },
            { headers },
          )
        : await api.post<RequestDetailView>('/api/patron/requests', { details, ...copyright }, { headers });
      store.setPlaced({
        id: placed.id,
        reference: placed.reference,
        title: itemTitle(placed.details),
        anonymous,
        email: anonymous ? draft.contact.email.trim() : null,
      });
      store.clearDraft();
      navigate(opacPath(library.symbol, 'request', 'done'), { replace: true });
    } catch (error) {
      sending.current = false;
      setBusy(false);
      if (error instanceof ApiError && error.status === 400 && error.issues.length > 0) {
        store.setServerErrors(serverFieldErrors(error, draft));
        navigate(formPath);
        return;
      }
      setFailure(error);
    }
  };

  const rows = summaryRows(draft, library, { anonymous });
  return (
    <>
      <p>{t('opac.summary.intro')}</p>
      <section aria-labelledby="opac-summary-details" className="panel">
        <h2 id="opac-summary-details">{t('opac.summary.details')}</h2>
        <dl className="details opac-summary">
          {rows.map((row, index) => (
            <div key={`${row.label}-${index}`} className="opac-summary__row">
              <dt>{row.label}</dt>
              <dd>{row.value}</dd>
            </div>
          ))}
        </dl>
        {library.copyrightClearance !== null && draft.copyrightAccepted ? (
          <p>{t('opac.summary.copyrightAccepted')}</p>
        ) : null}
      </section>
      {failure === undefined ? null : <ErrorMessage error={failure} onRetry={() => void confirm()} />}
      <p className="opac-live" role="status" aria-live="polite">
        {busy ? t('opac.summary.sending') : ''}
      </p>
      <div className="button-row">
        <button
          type="button"
          className="button button--primary"
          disabled={busy}
          onClick={() => void confirm()}
        >
          {t('opac.summary.confirm')}
        </button>
        <Link to={formPath} className="button button--secondary">
          {t('opac.summary.change')}
        </Link>
      </div>
    </>
  );
}

export function RequestSummaryPage({ library }: { library: OpacLibrary }) {
  const visitor = useVisitor(library);
  const here = useCurrentPath();
  if (!library.illModuleEnabled) return <ClosedPage library={library} />;
  if (visitor.kind === 'loading') {
    return (
      <main id="main" className="page page--narrow opac">
        <Loading />
      </main>
    );
  }
  const anonymous = visitor.kind !== 'patron';
  if (anonymous && !library.unauthenticatedRequests) return <Redirect to={loginPath(library.symbol, here)} />;
  return (
    <main id="main" className="page page--narrow opac">
      <PageHeading title={t('opac.summary.title')}>{t('opac.summary.title')}</PageHeading>
      <Summary library={library} anonymous={anonymous} />
    </main>
  );
}
