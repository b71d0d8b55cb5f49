/**
 * The request page: what the request is, where it stands with each supplier, how it got there, what
 * was said and sent, and the actions the library may take now. It follows changes made elsewhere (a
 * partner's message, a timer, a colleague) as they happen, without losing a form being filled in.
 */
import { useEffect, useRef, useState } from 'react';
import { ApiError } from '../../api/client.ts';
import type { RequestDetailView } from '../../api/types.ts';
import { Link } from '../../app/router.tsx';
import { formatDateTime, t, tOr } from '../../i18n/catalogue.ts';
import { useLiveReload } from '../../live/live-events.tsx';
import { Alert, ErrorMessage, Loading } from '../../ui/feedback.tsx';
import { PageHeading } from '../../ui/PageHeading.tsx';
import { attentionText } from './attention.ts';
import { AttentionBadge, Badge, StateBadge, StatusBadge } from './badges.tsx';
import { bibliographicValue } from './details-form.ts';
import { ClearAttentionDialog } from './ClearAttentionDialog.tsx';
import { takeFlash } from './flash.ts';
import { RequestActions } from './RequestActions.tsx';
import { MessagesSection, NoticesSection } from './RequestLogs.tsx';
import { UndeliveredMessages } from './UndeliveredMessages.tsx';
import {
  CopyrightSection,
  DetailsSection,
  NotesSection,
  PatronSection,
  RotaSection,
  TimelinesSection,
} from './RequestSections.tsx';
import { useRequestDetail, type RequestDetailState } from './use-request-detail.ts';

/** A confirmation of what was just done; `key` changes with each, so that each takes focus. */
interface Flash {
  readonly text: string;
  readonly key: number;
}

/** The transaction that stands for the request now: the lender's one, or the borrower's latest live one. */
export function currentTransaction(detail: RequestDetailView): RequestDetailView['rota'][number] | undefined {
  const tried = detail.rota.filter((entry) => entry.transaction !== null);
  return tried[tried.length - 1];
}

function Summary({ detail }: { detail: RequestDetailView }) {
  const current = currentTransaction(detail);
  const role = detail.role === 'lending' ? 'responder' : 'requester';
  return (
    <dl className="staff-summary">
      <div>
        <dt>{t('staff.request.role')}</dt>
        <dd>{detail.role === 'lending' ? t('staff.role.lending') : t('staff.role.borrowing')}</dd>
      </div>
      {detail.role === 'borrowing' ? (
        <div>
          <dt>{t('staff.request.status')}</dt>
          <dd>
            <StatusBadge status={detail.status} customStatus={detail.customStatus} />
          </dd>
        </div>
      ) : detail.customStatus === null ? null : (
        <div>
          <dt>{t('staff.request.status')}</dt>
          <dd>
            <StatusBadge status={null} customStatus={detail.customStatus} />
          </dd>
        </div>
      )}
      {current?.transaction === null || current === undefined ? null : (
        <div>
          <dt>
            {detail.role === 'lending'
              ? t('staff.request.lendingState')
              : t('staff.request.supplierState', { symbol: current.partner.symbol })}
          </dt>
          <dd>
            <StateBadge side={role} state={current.transaction.state} />
          </dd>
        </div>
      )}
      {detail.completedAt === null ? null : (
        <div>
          <dt>{t('staff.request.completed')}</dt>
          <dd>
            <Badge tone="done">{formatDateTime(detail.completedAt)}</Badge>
          </dd>
        </div>
      )}
    </dl>
  );
}

/**
 * What needs looking at, at the top of the page: attention, messages not delivered (each with why),
 * an exhausted rota.
 */
function Problems({
  detail,
  logVersion,
  onDone,
  onConflict,
}: {
  detail: RequestDetailView;
  /** Changes with the delivery of the request's messages (see {@link logVersion}). */
  logVersion: string;
  onDone: (updated: RequestDetailView, message: string) => void;
  onConflict: () => void;
}) {
  const [clearing, setClearing] = useState(false);
  const undelivered = detail.rota.reduce(
    (sum, entry) => sum + (entry.transaction?.undeliveredMessages ?? 0),
    0,
  );
  return (
    <>
      {detail.attention === null ? null : (
        <Alert tone="warning" title={t('staff.attention.title')}>
          <p>
            <AttentionBadge /> {attentionText(detail.attention)}
          </p>
          <button
            type="button"
            className="button button--secondary button--small"
            onClick={() => setClearing(true)}
          >
            {t('staff.attention.clear')}
          </button>
        </Alert>
      )}
      {clearing ? (
        <ClearAttentionDialog
          detail={detail}
          onClose={() => setClearing(false)}
          onDone={(updated) => {
            setClearing(false);
            onDone(updated, t('staff.attention.cleared'));
          }}
          onConflict={onConflict}
        />
      ) : null}
      {undelivered === 0 ? null : (
        <Alert tone="warning" title={t('staff.request.undeliveredTitle')}>
          <p>{t('staff.request.undelivered', { count: undelivered })}</p>
          <UndeliveredMessages requestId={detail.id} version={logVersion} />
          <p>
            <a href="#messages">{t('staff.request.seeMessages')}</a>
          </p>
        </Alert>
      )}
      {detail.status === 'end_of_rota' ? (
        <Alert tone="warning" title={tOr('status.request.end_of_rota', 'End of Rota')}>
          <p>{t('staff.request.endOfRota')}</p>
        </Alert>
      ) : null}
    </>
  );
}

export function RequestPage({ id }: { id: string }) {
  const state = useRequestDetail(id);
  const detail = state.detail?.id === id ? state.detail : undefined;
  const [flash, setFlash] = useState<Flash | null>(() => {
    const text = takeFlash();
    return text === null ? null : { text, key: 0 };
  });
  const flashRef = useRef<HTMLDivElement>(null);
  const focusFlash = useRef(false);
  useLiveReload(state.reload, (requestId) => requestId === id);

  useEffect(() => {
    if (focusFlash.current && flash !== null) {
      focusFlash.current = false;
      flashRef.current?.focus();
    }
  }, [flash]);

  const onDone = (updated: RequestDetailView, message: string): void => {
    state.replace(updated);
    focusFlash.current = true;
    setFlash((current) => ({ text: message, key: (current?.key ?? 0) + 1 }));
  };

  const notFound = state.error instanceof ApiError && state.error.status === 404;
  const title =
    detail !== undefined
      ? t('staff.request.title', {
          reference: detail.reference,
          title: bibliographicValue(detail.details, 'title') ?? '',
        })
      : state.error === undefined
        ? t('staff.request.loadingTitle')
        : notFound
          ? t('staff.request.notFoundTitle')
          : t('error.title');
  const lending = detail?.role === 'lending';
  // One heading at one place in the tree, whatever is shown under it: it keeps the focus it took
  // on arriving while the request loads.
  return (
    <main id="main" className="page staff-request">
      <p>
        <Link to={lending ? '/staff/lending' : '/staff/requests'}>
          {lending ? t('staff.request.backToLending') : t('staff.request.backToList')}
        </Link>
      </p>
      <PageHeading title={title}>
        {detail === undefined ? (
          title
        ) : (
          <>
            <span className="staff-request__reference">{detail.reference}</span>{' '}
            {bibliographicValue(detail.details, 'title')}
          </>
        )}
      </PageHeading>
      {detail === undefined ? (
        state.error === undefined ? (
          <Loading />
        ) : (
          <ErrorMessage error={state.error} {...(notFound ? {} : { onRetry: state.reload })} />
        )
      ) : (
        <RequestBody detail={detail} state={state} flash={flash} flashRef={flashRef} onDone={onDone} />
      )}
    </main>
  );
}

/**
 * What the message and notice logs depend on: the request's version, and the delivery of its
 * messages, which changes the transactions' counts and times but not the version.
 */
function logVersion(detail: RequestDetailView): string {
  const delivery = detail.rota.map(
    (entry) => `${entry.transaction?.undeliveredMessages ?? ''}/${entry.transaction?.lastMessageAt ?? ''}`,
  );
  return `${detail.version}:${delivery.join(',')}`;
}

function RequestBody({
  detail,
  state,
  flash,
  flashRef,
  onDone,
}: {
  detail: RequestDetailView;
  state: RequestDetailState;
  flash: Flash | null;
  flashRef: React.RefObject<HTMLDivElement | null>;
  onDone: (updated: RequestDetailView, message: string) => void;
}) {
  return (
    <>
      <Summary detail={detail} />
      <div className="staff-live" role="status" aria-live="polite">
        {state.changedElsewhereAt === null
          ? null
          : t('staff.request.updatedElsewhere', { at: formatDateTime(state.changedElsewhereAt) })}
      </div>
      {state.error !== undefined ? <ErrorMessage error={state.error} onRetry={state.reload} /> : null}
      {flash === null ? null : (
        <div ref={flashRef} tabIndex={-1} className="staff-flash">
          <Alert tone="success">{flash.text}</Alert>
        </div>
      )}
      <Problems detail={detail} logVersion={logVersion(detail)} onDone={onDone} onConflict={state.reload} />
      <RequestActions detail={detail} onDone={onDone} onConflict={state.reload} />
      <div className="columns">
        <div>
          <RotaSection detail={detail} />
          <TimelinesSection detail={detail} />
          <MessagesSection requestId={detail.id} version={logVersion(detail)} />
          <NoticesSection requestId={detail.id} version={logVersion(detail)} />
        </div>
        <div>
          <DetailsSection detail={detail} />
          <PatronSection detail={detail} />
          <CopyrightSection detail={detail} />
          <NotesSection detail={detail} />
        </div>
      </div>
    </>
  );
}
