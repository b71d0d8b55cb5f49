/**
 * `/opac/<symbol>/requests`: the patron's requests, newest first, current ones apart from finished
 * ones, each with where it is in plain words and its due date. The API gives them a page at a time;
 * "Show more requests" fetches the next page and says politely how many it added. The page follows
 * changes as they happen (a partner's answer, staff, a timer) without reloading, keeping every page
 * the patron has opened, and says so to screen-reader users.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { api } from '../api/client.ts';
import type { OpacLibrary, PatronRequestSummary } from '../api/types.ts';
import { Link } from '../app/router.tsx';
import { formatDate, t } from '../i18n/catalogue.ts';
import { useLiveReload } from '../live/live-events.tsx';
import { ErrorMessage, Loading } from '../ui/feedback.tsx';
import { PageHeading } from '../ui/PageHeading.tsx';
import { opacPath } from './opac-paths.ts';
import { ClosedPage, RequirePatron, StatusText, UpdateAnnouncer } from './opac-ui.tsx';
import { patronStatus } from './patron-status.ts';
import { typeName } from './request-form.ts';

/** The requests shown so far, newest first, and where the next page starts (null: none left). */
interface Shown {
  readonly items: readonly PatronRequestSummary[];
  readonly nextCursor: string | null;
}

/** The API's default page size, and its largest: a reload of many shown requests takes few calls. */
const FIRST_PAGE = 50;
const LARGEST_PAGE = 200;

function fetchPage(
  options: { cursor?: string | null; limit?: number },
  signal?: AbortSignal,
): Promise<{ items: PatronRequestSummary[]; nextCursor: string | null }> {
  return api.get(
    '/api/patron/requests',
    { cursor: options.cursor, limit: options.limit },
    signal === undefined ? undefined : { signal },
  );
}

/** How far the list reached: how many requests it showed and the oldest of them. */
interface Reach {
  readonly count: number;
  readonly lastId: string | null;
}

/**
 * Reads the newest requests again, following the cursor through the oldest one shown before, so
 * that a live update neither takes away the pages the patron has opened nor pushes the oldest shown
 * behind "Show more requests" when new ones arrive at the top. With nothing shown yet, one page.
 */
async function fetchThrough(reach: Reach, signal: AbortSignal): Promise<Shown> {
  const items: PatronRequestSummary[] = [];
  let cursor: string | null = null;
  do {
    const limit = Math.min(Math.max(reach.count - items.length, FIRST_PAGE), LARGEST_PAGE);
    const page = await fetchPage({ cursor, limit }, signal);
    items.push(...page.items);
    cursor = page.nextCursor;
    if (reach.lastId === null || page.items.some((item) => item.id === reach.lastId)) break;
    // The oldest one shown may have been deleted meanwhile: read no more than a page past the count.
  } while (cursor !== null && items.length < reach.count + LARGEST_PAGE);
  return { items, nextCursor: cursor };
}

function reachOf(items: readonly PatronRequestSummary[]): Reach {
  return { count: items.length, lastId: items.at(-1)?.id ?? null };
}

/** What "Show more requests" has said: nothing yet, how many it added, or that it failed. */
type MoreOutcome =
  | { readonly kind: 'idle' }
  | { readonly kind: 'added'; readonly added: number; readonly shown: number; readonly last: boolean }
  | { readonly kind: 'failed'; readonly error: unknown };

/**
 * The patron's requests a page at a time: the first page on arrival, the next one on `more()`, and
 * every page shown so far again on `reload()`. An answer that arrives after a newer load started is
 * dropped, as in `useApi`.
 */
function usePatronRequests() {
  const [shown, setShown] = useState<Shown | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);
  const [generation, setGeneration] = useState(0);
  const [loadingMore, setLoadingMore] = useState(false);
  const [outcome, setOutcome] = useState<MoreOutcome>({ kind: 'idle' });
  const reach = useRef<Reach>({ count: 0, lastId: null });
  const current = useRef(0);

  useEffect(() => {
    const controller = new AbortController();
    current.current = generation;
    fetchThrough(reach.current, controller.signal).then(
      (value) => {
        if (controller.signal.aborted) return;
        reach.current = reachOf(value.items);
        setShown(value);
        setError(undefined);
      },
      (failure: unknown) => {
        if (!controller.signal.aborted) setError(failure);
      },
    );
    return () => controller.abort();
  }, [generation]);

  const reload = useCallback(() => setGeneration((value) => value + 1), []);

  const more = useCallback(async () => {
    if (shown === undefined || shown.nextCursor === null) return;
    const started = current.current;
    setLoadingMore(true);
    try {
      const page = await fetchPage({ cursor: shown.nextCursor });
      // A reload started meanwhile re-reads from the top: its answer, not this page, is the truth.
      if (started !== current.current) return;
      const seen = new Set(shown.items.map((item) => item.id));
      const added = page.items.filter((item) => !seen.has(item.id));
      const items = [...shown.items, ...added];
      reach.current = reachOf(items);
      setShown({ items, nextCursor: page.nextCursor });
      setOutcome({ kind: 'added', added: added.length, shown: items.length, last: page.nextCursor === null });
    } catch (failure) {
      setOutcome({ kind: 'failed', error: failure });
    } finally {
      setLoadingMore(false);
    }
  }, [shown]);

  return { shown, error, reload, more, loadingMore, outcome };
}

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

/**
 * What the patron hears once "Show more requests" has answered. After the last page, focus moves to
 * the sentence saying all are shown, which is read out then: it is not repeated here.
 */
function moreMessage(outcome: MoreOutcome): string {
  if (outcome.kind !== 'added') return '';
  const added = t('opac.list.added', { count: outcome.added });
  return outcome.last ? added : `${added} ${t('opac.list.shown', { count: outcome.shown })}`;
}

function MyRequests({ library }: { library: OpacLibrary }) {
  const requests = usePatronRequests();
  const [updates, setUpdates] = useState(0);
  const endRef = useRef<HTMLParagraphElement>(null);
  useLiveReload(() => {
    setUpdates((count) => count + 1);
    requests.reload();
  });
  const shown = requests.shown;
  const items = shown?.items;
  const complete = shown?.nextCursor === null;
  const lastPageShown = requests.outcome.kind === 'added' && requests.outcome.last;
  // The button goes away with the last page: focus moves to the sentence that replaces it, rather
  // than falling back to the top of the page.
  useEffect(() => {
    if (lastPageShown && complete) endRef.current?.focus();
  }, [lastPageShown, complete]);
  // Where more pages exist, an empty table says only that none are among those shown.
  const none = (message: string) => (complete ? message : t('opac.list.noneShown'));
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
            empty={none(t('opac.list.noCurrent'))}
          />
          <RequestTable
            library={library}
            id="opac-finished"
            heading={t('opac.list.finished')}
            items={items.filter((item) => item.completedAt !== null)}
            empty={none(t('opac.list.noFinished'))}
          />
          {requests.outcome.kind === 'failed' ? (
            <ErrorMessage error={requests.outcome.error} onRetry={() => void requests.more()} />
          ) : null}
          {complete ? (
            lastPageShown ? (
              <p ref={endRef} tabIndex={-1} className="muted">
                {t('opac.list.allShown', { count: items.length })}
              </p>
            ) : null
          ) : (
            <p className="button-row">
              <span className="muted">{t('opac.list.shown', { count: items.length })}</span>
              <button
                type="button"
                className="button button--secondary"
                aria-disabled={requests.loadingMore}
                onClick={() => {
                  if (!requests.loadingMore) void requests.more();
                }}
              >
                {requests.loadingMore ? t('opac.list.loadingMore') : t('opac.list.more')}
              </button>
            </p>
          )}
          <p className="opac-live" role="status" aria-live="polite">
            {moreMessage(requests.outcome)}
          </p>
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
