/**
 * `/opac/<symbol>/requests`: the patron's requests, current ones first, each with where it is in
 * plain words and its due date. It follows changes as they happen (a partner's answer, staff, a
 * timer) without reloading, and says so to screen-reader users.
 */
import { useState } from 'react';
import { api } from '../api/client.ts';
import type { OpacLibrary, PatronRequestSummary } from '../api/types.ts';
import { Link } from '../app/router.tsx';
import { formatDate, t } from '../i18n/catalogue.ts';
import { useLiveReload } from '../live/live-events.tsx';
import { ErrorMessage, Loading } from '../ui/feedback.tsx';
import { PageHeading } from '../ui/PageHeading.tsx';
import { useApi } from '../ui/use-api.ts';
import { opacPath } from './opac-paths.ts';
import { ClosedPage, RequirePatron, StatusText, UpdateAnnouncer } from './opac-ui.tsx';
import { patronStatus } from './patron-status.ts';
import { typeName } from './request-form.ts';

function RequestTable({
  library,
  id,
  heading,
  items,
  empty,
}: {
  library: OpacLibrary;
  id: string;
  heading: string;
  items: readonly PatronRequestSummary[];
  empty: string;
}) {
  return (
    <section aria-labelledby={id}>
      <h2 id={id}>{heading}</h2>
      {items.length === 0 ? (
        <p className="muted">{empty}</p>
      ) : (
        <div className="table-wrap">
          <table aria-labelledby={id}>
            <thead>
              <tr>
                <th scope="col">{t('opac.list.item')}</th>
                <th scope="col">{t('opac.list.status')}</th>
                <th scope="col">{t('opac.list.reference')}</th>
                <th scope="col">{t('opac.list.asked')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((item) => (
                <tr key={item.id}>
                  <td>
                    <Link to={opacPath(library.symbol, 'requests', item.id)} className="opac-item-link">
                      {item.articleTitle ?? item.title}
                    </Link>
                    <span className="opac-item-meta">
                      {[typeName(item.type), item.articleTitle === null ? null : item.title, item.author]
                        .filter((part) => part !== null && part !== '')
                        .join(' · ')}
                    </span>
                  </td>
                  <td>
                    <StatusText
                      status={patronStatus({
                        status: item.status,
                        currentState: item.currentState,
                        customStatusLabel: item.customStatusLabel,
                        dueDate: item.dueDate,
                        pickupBranch: item.pickupBranch,
                      })}
                    />
                  </td>
                  <td className="opac-nowrap">{item.reference}</td>
                  <td className="opac-nowrap">{formatDate(item.createdAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function MyRequests({ library }: { library: OpacLibrary }) {
  const requests = useApi(
    (signal) => api.get<{ items: PatronRequestSummary[] }>('/api/patron/requests', undefined, { signal }),
    [],
  );
  const [updates, setUpdates] = useState(0);
  useLiveReload(() => {
    setUpdates((count) => count + 1);
    requests.reload();
  });
  const items = requests.data?.items;
  return (
    <>
      <p>{t('opac.list.intro')}</p>
      <UpdateAnnouncer count={updates} message={t('opac.list.updated')} />
      {requests.error !== undefined ? (
        <ErrorMessage error={requests.error} onRetry={requests.reload} />
      ) : null}
      {items === undefined ? (
        requests.error === undefined ? (
          <Loading />
        ) : null
      ) : items.length === 0 ? (
        <>
          <p>{t('opac.list.empty')}</p>
          <p>
            <Link to={opacPath(library.symbol, 'request')} className="button button--primary">
              {t('opac.landing.ask')}
            </Link>
          </p>
        </>
      ) : (
        <>
          <RequestTable
            library={library}
            id="opac-current"
            heading={t('opac.list.current')}
            items={items.filter((item) => item.completedAt === null)}
            empty={t('opac.list.noCurrent')}
          />
          <RequestTable
            library={library}
            id="opac-finished"
            heading={t('opac.list.finished')}
            items={items.filter((item) => item.completedAt !== null)}
            empty={t('opac.list.noFinished')}
          />
        </>
      )}
    </>
  );
}

export function MyRequestsPage({ library }: { library: OpacLibrary }) {
  if (!library.illModuleEnabled) return <ClosedPage library={library} />;
  return (
    <RequirePatron library={library}>
      {() => (
        <main id="main" className="page opac opac-page">
          <PageHeading title={t('opac.list.title')}>{t('opac.list.title')}</PageHeading>
          <MyRequests library={library} />
        </main>
      )}
    </RequirePatron>
  );
}
