/**
 * The staff dashboard: what needs attention first (requests flagged with a reason, messages partners
 * have not received, rotas that ran out, mail not sent), then the borrowing and lending work queues
 * and the library's saved queues, each with its count and a link to its list. Counts follow changes
 * made anywhere, re-read at most once a second.
 */
import type { ReactNode } from 'react';
import { api } from '../../api/client.ts';
import type {
  CountView,
  MessageLog,
  Outbox,
  QueuesResponse,
  QueueView,
  RequestListItem,
  RequestListResponse,
  StaffUserSummary,
} from '../../api/types.ts';
import { queryString } from '../../api/client.ts';
import { Link } from '../../app/router.tsx';
import { t } from '../../i18n/catalogue.ts';
import { useLiveReload } from '../../live/live-events.tsx';
import { ErrorMessage, Loading } from '../../ui/feedback.tsx';
import { PageHeading } from '../../ui/PageHeading.tsx';
import { useApi, type Loaded } from '../../ui/use-api.ts';
import { attentionText } from '../requests/attention.ts';
import { StateBadge } from '../requests/badges.tsx';
import { queueLabel } from '../requests/queues.ts';
import { messageName, undeliveredOf, undeliveredReason } from '../requests/undelivered.ts';

/** How many requests each "needs attention" list shows; the card links to all of them. */
const REASONS_SHOWN = 5;

export function countText(count: CountView | null): string {
  if (count === null) return t('staff.dashboard.noCount');
  return count.relation === 'gte'
    ? t('staff.dashboard.atLeast', { count: count.value })
    : new Intl.NumberFormat().format(count.value);
}

/** Where a built-in queue's list is: the lending list for lending queues. */
export function queueHref(queue: { id: string; role?: string }): string {
  const base =
    queue.role === 'lending' || queue.id.startsWith('lending.') ? '/staff/lending' : '/staff/requests';
  return `${base}${queryString({ queue: queue.id })}`;
}

function Card({
  href,
  label,
  count,
  alert,
  description,
}: {
  href: string;
  label: string;
  count: CountView | null;
  alert?: boolean;
  description?: string;
}) {
  const hasAlert = alert === true && count !== null && count.value > 0;
  return (
    <li>
      <Link to={href} className={hasAlert ? 'card card--alert' : 'card'}>
        <span className="card__label">{label}</span>
        <span className="card__count">{countText(count)}</span>
        {description === undefined ? null : <span className="card__description">{description}</span>}
      </Link>
    </li>
  );
}

function QueueCards({ queues, alertIds }: { queues: readonly QueueView[]; alertIds?: ReadonlySet<string> }) {
  return (
    <ul className="cards">
      {queues.map((queue) => (
        <Card
          key={queue.id}
          href={queueHref(queue)}
          label={queueLabel(queue.id)}
          count={queue.count}
          alert={alertIds?.has(queue.id) ?? false}
        />
      ))}
    </ul>
  );
}

function find(queues: QueuesResponse, id: string): QueueView | undefined {
  return [...queues.borrowing, ...queues.lending].find((queue) => queue.id === id);
}

function ReasonList({
  title,
  loaded,
  empty,
  reason,
}: {
  title: string;
  loaded: Loaded<RequestListResponse>;
  empty: string;
  reason: (item: RequestListItem) => ReactNode;
}) {
  return (
    <div className="staff-reasons">
      <h3>{title}</h3>
      {loaded.data === undefined ? (
        loaded.error === undefined ? (
          <Loading />
        ) : (
          <ErrorMessage error={loaded.error} onRetry={loaded.reload} />
        )
      ) : loaded.data.items.length === 0 ? (
        <p className="muted">{empty}</p>
      ) : (
        <ul className="staff-reasons__list">
          {loaded.data.items.map((item) => (
            <li key={item.id}>
              <Link to={`/staff/requests/${item.id}`}>{item.reference}</Link> {item.title}
              <span className="staff-reasons__why">{reason(item)}</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** Why a request's messages have not reached its partner: the oldest one waiting, and why it waits. */
function UndeliveredReason({ item }: { item: RequestListItem }) {
  const log = useApi(
    (signal) => api.get<MessageLog>(`/api/requests/${item.id}/messages`, undefined, { signal }),
    [item.id, item.updatedAt],
  );
  const items = log.data?.items ?? [];
  const waiting = undeliveredOf(items);
  const first = waiting[0];
  if (first === undefined) {
    return (
      <>{item.attention === null ? t('staff.dashboard.undeliveredWaiting') : attentionText(item.attention)}</>
    );
  }
  return (
    <>
      {t('staff.dashboard.undeliveredTo', {
        message: messageName(first.message),
        partner: first.partner,
        count: waiting.length,
      })}{' '}
      {undeliveredReason(first, items)}
    </>
  );
}

function MailProblems({ failed, held }: { failed: Loaded<Outbox>; held: Loaded<Outbox> }) {
  return (
    <div className="staff-reasons">
      <h3>{t('staff.dashboard.mailTitle')}</h3>
      {failed.error !== undefined ? <ErrorMessage error={failed.error} onRetry={failed.reload} /> : null}
      {failed.data === undefined || held.data === undefined ? (
        failed.error === undefined && held.error === undefined ? (
          <Loading />
        ) : null
      ) : (
        <>
          {held.data.items.length === 0 ? null : (
            <p>
              {t(
                held.data.nextBefore === null ? 'staff.dashboard.mailHeld' : 'staff.dashboard.mailHeldMany',
                {
                  count: held.data.items.length,
                },
              )}{' '}
              {held.data.smtp === 'none' ? t('staff.mail.heldReason') : null}
            </p>
          )}
          {failed.data.items.length === 0 ? (
            <p className="muted">{t('staff.dashboard.mailNoFailures')}</p>
          ) : (
            <ul className="staff-reasons__list">
              {failed.data.items.map((mail) => (
                <li key={mail.id}>
                  {mail.requestId === null ? (
                    mail.subject
                  ) : (
                    <>
                      <Link to={`/staff/requests/${mail.requestId}`}>{mail.requestReference}</Link>{' '}
                      {mail.subject}
                    </>
                  )}
                  <span className="staff-reasons__why">
                    {t('staff.dashboard.mailFailedTo', { to: mail.to })} {mail.lastError}
                  </span>
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </div>
  );
}

export function DashboardPage({ user }: { user: StaffUserSummary }) {
  const queues = useApi((signal) => api.get<QueuesResponse>('/api/queues', undefined, { signal }), []);
  const list = (query: Record<string, string | number | boolean>) => (signal: AbortSignal) =>
    api.get<RequestListResponse>('/api/requests', { ...query, limit: REASONS_SHOWN }, { signal });
  const attention = useApi(list({ attention: true }), []);
  const undelivered = useApi(list({ undelivered: true }), []);
  const endOfRota = useApi(list({ queue: 'borrowing.end-of-rota' }), []);
  const failedMail = useApi(
    (signal) => api.get<Outbox>('/api/mail/outbox', { status: 'failed', limit: REASONS_SHOWN }, { signal }),
    [],
  );
  const heldMail = useApi(
    (signal) => api.get<Outbox>('/api/mail/outbox', { status: 'held', limit: 100 }, { signal }),
    [],
  );
  useLiveReload(
    () => {
      queues.reload();
      attention.reload();
      undelivered.reload();
      endOfRota.reload();
      failedMail.reload();
      heldMail.reload();
    },
    undefined,
    1000,
  );

  const title = t('staff.dashboard.title');
  const data = queues.data;
  // What is stuck until staff act: flagged requests, messages not delivered, rotas that ran out or
  // wait to be sent on, and lending requests flagged.
  const attentionIds = [
    'borrowing.needs-attention',
    'borrowing.undelivered-messages',
    'borrowing.end-of-rota',
    'borrowing.not-supplied',
    'lending.needs-attention',
    'lending.undelivered-messages',
  ];
  return (
    <main id="main" className="page staff-dashboard">
      <PageHeading title={title}>{title}</PageHeading>
      <p className="lead">{t('staff.dashboard.intro', { library: user.libraryName })}</p>
      {data === undefined ? (
        queues.error === undefined ? (
          <Loading />
        ) : (
          <ErrorMessage error={queues.error} onRetry={queues.reload} />
        )
      ) : (
        <>
          <section aria-labelledby="staff-attention-heading" className="panel staff-attention-panel">
            <h2 id="staff-attention-heading">{t('staff.dashboard.attention')}</h2>
            <ul className="cards">
              {attentionIds.map((id) => {
                const queue = find(data, id);
                return queue === undefined ? null : (
                  <Card
                    key={id}
                    href={queueHref(queue)}
                    label={
                      id === 'lending.needs-attention'
                        ? t('staff.dashboard.lendingAttention')
                        : id === 'lending.undelivered-messages'
                          ? t('staff.dashboard.lendingUndelivered')
                          : id === 'borrowing.needs-attention'
                            ? t('staff.dashboard.borrowingAttention')
                            : queueLabel(id)
                    }
                    count={queue.count}
                    alert
                  />
                );
              })}
            </ul>
            <div className="staff-reasons-grid">
              <ReasonList
                title={t('staff.dashboard.attentionWhy')}
                loaded={attention}
                empty={t('staff.dashboard.attentionNone')}
                reason={(item) => (item.attention === null ? null : attentionText(item.attention))}
              />
              <ReasonList
                title={t('staff.dashboard.undeliveredWhy')}
                loaded={undelivered}
                empty={t('staff.dashboard.undeliveredNone')}
                reason={(item) => <UndeliveredReason item={item} />}
              />
              <ReasonList
                title={t('staff.dashboard.endOfRotaWhy')}
                loaded={endOfRota}
                empty={t('staff.dashboard.endOfRotaNone')}
                reason={(item) => (
                  <>
                    {t('staff.dashboard.endOfRotaReason')}{' '}
                    {item.currentTransaction === null ? null : (
                      <>
                        {item.currentTransaction.partner?.symbol}{' '}
                        <StateBadge side="requester" state={item.currentTransaction.state} />
                      </>
                    )}
                  </>
                )}
              />
              <MailProblems failed={failedMail} held={heldMail} />
            </div>
          </section>
          <section aria-labelledby="staff-borrowing-heading">
            <h2 id="staff-borrowing-heading">{t('staff.dashboard.borrowing')}</h2>
            <QueueCards queues={data.borrowing.filter((queue) => !attentionIds.includes(queue.id))} />
          </section>
          <section aria-labelledby="staff-lending-heading">
            <h2 id="staff-lending-heading">{t('staff.dashboard.lending')}</h2>
            <QueueCards queues={data.lending.filter((queue) => !attentionIds.includes(queue.id))} />
          </section>
          <section aria-labelledby="staff-saved-heading">
            <h2 id="staff-saved-heading">{t('staff.dashboard.saved')}</h2>
            {data.saved.length === 0 ? (
              <p className="muted">{t('staff.dashboard.savedNone')}</p>
            ) : (
              <ul className="cards">
                {data.saved.map((queue) => (
                  <Card
                    key={queue.id}
                    href={`/staff/requests${queryString({ queue: queue.id })}`}
                    label={queue.name}
                    count={queue.count}
                  />
                ))}
              </ul>
            )}
          </section>
        </>
      )}
    </main>
  );
}
