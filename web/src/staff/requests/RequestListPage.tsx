/**
 * The request list (and the lending list): filters, keyword search, sortable columns and keyset
 * pages, all kept in the URL so that links and back/forward work. It re-reads itself when requests
 * change elsewhere. Counts stop at 10 000, and every page is one index walk, so that it stays quick
 * however many requests the library has.
 */
import { useCallback, useState, type FormEvent, type ReactNode } from 'react';
import { api, queryString } from '../../api/client.ts';
import type {
  PartnerList,
  QueuesResponse,
  RequestListItem,
  RequestListResponse,
  SortKey,
} from '../../api/types.ts';
import { Link, useRouter, useSearchParams } from '../../app/router.tsx';
import { formatDate, formatDateTime, t, tOr, type MessageKey } from '../../i18n/catalogue.ts';
import { useLiveReload } from '../../live/live-events.tsx';
import { Alert, ErrorMessage, Loading } from '../../ui/feedback.tsx';
import { PageHeading } from '../../ui/PageHeading.tsx';
import { useApi } from '../../ui/use-api.ts';
import { attentionText } from './attention.ts';
import { AttentionBadge, Badge, StateBadge, StatusBadge } from './badges.tsx';
import { takeFlash } from './flash.ts';
import { FilterForm } from './FilterForm.tsx';
import {
  activeFilterCount,
  apiParams,
  countParams,
  atCursor,
  cleared,
  currentSort,
  DEFAULT_PAGE_SIZE,
  listQueryParams,
  PAGE_SIZES,
  SORT_KEYS,
  pageIndex,
  parseListQuery,
  previousCursor,
  sortedBy,
  trailAfterNext,
  trailKey,
  withChanges,
  type ListQuery,
  type PageTrail,
  type Role,
} from './list-query.ts';
import { queueLabel } from './queues.ts';
import { SaveQueueDialog } from './SaveQueueDialog.tsx';

interface Column {
  readonly sort: SortKey;
  readonly label: MessageKey;
  /** The cell of a row; `role` is the role the whole list is of, if one. */
  readonly cell: (item: RequestListItem, role: Role | undefined) => ReactNode;
  /** Shown only for this role's list (the lending list has no patron or request status). */
  readonly only?: 'borrowing';
}

function stateRole(item: RequestListItem): 'requester' | 'responder' {
  return item.role === 'lending' ? 'responder' : 'requester';
}

const COLUMNS: readonly Column[] = [
  {
    sort: 'number',
    label: 'staff.list.reference',
    cell: (item, role) => (
      <>
        <Link to={`/staff/requests/${item.id}`}>{item.reference}</Link>
        {item.role === 'lending' && role !== 'lending' ? (
          <span className="staff-subtle">{t('staff.role.lending')}</span>
        ) : null}
      </>
    ),
  },
  {
    sort: 'title',
    label: 'field.title',
    cell: (item) => (
      <>
        {item.title}
        {item.author === null ? null : <span className="staff-subtle">{item.author}</span>}
        {item.attention === null ? null : (
          <span className="staff-attention staff-attention--inline">
            <AttentionBadge /> {attentionText(item.attention)}
          </span>
        )}
        {item.undeliveredMessages === 0 ? null : (
          <span className="staff-attention staff-attention--inline">
            <Badge tone="problem">{t('staff.list.undelivered', { count: item.undeliveredMessages })}</Badge>
          </span>
        )}
      </>
    ),
  },
  { sort: 'type', label: 'field.type', cell: (item) => tOr(`requestType.${item.type}`, item.type) },
  {
    sort: 'status',
    label: 'staff.list.status',
    only: 'borrowing',
    cell: (item) => (
      <>
        <StatusBadge status={item.status} customStatus={item.customStatus} />
        {item.completedAt !== null && item.role === 'lending' ? (
          <Badge tone="done">{t('staff.list.completed')}</Badge>
        ) : null}
      </>
    ),
  },
  {
    sort: 'state',
    label: 'staff.list.state',
    cell: (item) =>
      item.currentTransaction === null ? (
        <span className="muted">{t('staff.list.noTransaction')}</span>
      ) : (
        <StateBadge side={stateRole(item)} state={item.currentTransaction.state} />
      ),
  },
  {
    sort: 'partner',
    label: 'staff.list.partner',
    cell: (item) =>
      item.currentTransaction?.partner === null || item.currentTransaction === null ? null : (
        <abbr title={item.currentTransaction.partner.name}>{item.currentTransaction.partner.symbol}</abbr>
      ),
  },
  {
    sort: 'patron',
    label: 'staff.list.patron',
    only: 'borrowing',
    cell: (item) => (item.patron === null ? null : item.patron.name),
  },
  { sort: 'needBefore', label: 'field.needBefore', cell: (item) => formatDate(item.needBefore) },
  {
    sort: 'dueDate',
    label: 'staff.list.due',
    cell: (item) => formatDate(item.currentTransaction?.dueDate ?? null),
  },
  { sort: 'updatedAt', label: 'staff.list.updated', cell: (item) => formatDateTime(item.updatedAt) },
];

const SORT_LABELS: Record<SortKey, MessageKey> = {
  number: 'staff.list.reference',
  createdAt: 'staff.list.created',
  updatedAt: 'staff.list.updated',
  title: 'field.title',
  author: 'field.author',
  type: 'field.type',
  status: 'staff.list.status',
  state: 'staff.list.state',
  patron: 'staff.list.patron',
  partner: 'staff.list.partner',
  needBefore: 'field.needBefore',
  dueDate: 'staff.list.due',
  role: 'staff.request.role',
  backend: 'staff.request.backend',
  customStatus: 'staff.list.customStatus',
  pickupBranch: 'field.pickupBranch',
  attention: 'staff.attention.badge',
  completedAt: 'staff.list.completed',
};

const TRAIL_PREFIX = 'interlend.requestList.';

function readTrail(key: string): PageTrail {
  try {
    const stored = window.sessionStorage.getItem(TRAIL_PREFIX + key);
    const trail: unknown = stored === null ? [null] : JSON.parse(stored);
    return Array.isArray(trail) ? (trail as PageTrail) : [null];
  } catch {
    return [null];
  }
}

function writeTrail(key: string, trail: PageTrail): void {
  try {
    window.sessionStorage.setItem(TRAIL_PREFIX + key, JSON.stringify(trail));
  } catch {
    // Without session storage, Previous page goes back to the first page.
  }
}

export function RequestListPage({ lending = false }: { lending?: boolean }) {
  const params = useSearchParams();
  const { navigate } = useRouter();
  const fixedRole: Role | undefined = lending ? 'lending' : undefined;
  const basePath = lending ? '/staff/lending' : '/staff/requests';
  const parsed = parseListQuery(params);
  const query: ListQuery = fixedRole === undefined ? parsed : { ...parsed, role: fixedRole };
  const apiQuery = apiParams(query);
  const apiKey = JSON.stringify(apiQuery);
  // Each answer keeps the list it answers, so that the count shown is of the rows shown while the
  // next page loads.
  const list = useApi(
    async (signal) => ({
      query,
      response: await api.get<RequestListResponse>('/api/requests', apiQuery, { signal }),
    }),
    [apiKey],
  );
  // The count of all matches follows the rows (see apiParams), once per filter set, not per page.
  const countQuery = countParams(query);
  const countKey = JSON.stringify(countQuery);
  const counted = useApi(
    async (signal) => ({
      key: countKey,
      total: (await api.get<RequestListResponse>('/api/requests', countQuery, { signal })).total,
    }),
    [countKey],
  );
  const { reload: reloadList } = list;
  const { reload: reloadCount } = counted;
  const reloadAll = useCallback(() => {
    reloadList();
    reloadCount();
  }, [reloadList, reloadCount]);
  const queues = useApi((signal) => api.get<QueuesResponse>('/api/queues', undefined, { signal }), []);
  const partners = useApi((signal) => api.get<PartnerList>('/api/partners', { limit: 500 }, { signal }), []);
  useLiveReload(reloadAll, undefined, 1000);
  const [flash] = useState(() => takeFlash());
  const [saving, setSaving] = useState(false);

  const go = (next: ListQuery): void => {
    const { role, ...rest } = listQueryParams(next);
    navigate(`${basePath}${queryString(fixedRole === undefined ? { role, ...rest } : rest)}`);
  };

  const showRole: Role | undefined = query.role;
  const columns = COLUMNS.filter((column) => column.only === undefined || showRole !== 'lending');
  const sort = currentSort(query);
  const limit = query.limit ?? DEFAULT_PAGE_SIZE;
  const key = trailKey(query);
  const trail = readTrail(key);
  const index = pageIndex(trail, query.cursor);
  const shown = list.data;
  const shownIndex =
    shown === undefined ? undefined : pageIndex(readTrail(trailKey(shown.query)), shown.query.cursor);
  const shownLimit = shown?.query.limit ?? DEFAULT_PAGE_SIZE;
  // The count of the rows shown: the count of another filter set (the next list loading) is not shown.
  const total =
    shown !== undefined && counted.data?.key === JSON.stringify(countParams(shown.query))
      ? counted.data.total
      : null;
  const heading = lending
    ? query.queue === undefined
      ? t('staff.list.lendingTitle')
      : t('staff.list.lendingQueueTitle', { queue: queueLabel(query.queue, queues.data) })
    : query.queue === undefined
      ? t('staff.list.title')
      : t('staff.list.queueTitle', { queue: queueLabel(query.queue, queues.data) });
  const filters = activeFilterCount(query, fixedRole);

  const search = (event: FormEvent<HTMLFormElement>): void => {
    event.preventDefault();
    const value = new FormData(event.currentTarget).get('q');
    const q = typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
    go(withChanges(query, { q }));
  };

  const data = shown?.response;
  const first = shownIndex === undefined ? undefined : shownIndex * shownLimit + 1;
  return (
    <main id="main" className="page staff-list">
      <PageHeading title={heading}>{heading}</PageHeading>
      {lending ? (
        <p>
          <Link to="/staff/lending/new">{t('mail.incoming.link')}</Link>
        </p>
      ) : null}
      {flash === null ? null : <Alert tone="success">{flash}</Alert>}
      <form role="search" className="staff-search" onSubmit={search} key={`q:${query.q ?? ''}`}>
        <label htmlFor="staff-list-q" className="field__label">
          {t('staff.list.keyword')}
        </label>
        <p id="staff-list-q-hint" className="field__hint">
          {t('staff.list.keywordHint')}
        </p>
        <div className="staff-search__row">
          <input
            id="staff-list-q"
            name="q"
            type="search"
            className="field__input"
            defaultValue={query.q ?? ''}
            aria-describedby="staff-list-q-hint"
            maxLength={200}
          />
          <button type="submit" className="button button--primary">
            {t('form.search')}
          </button>
        </div>
      </form>
      <div className="staff-list__layout">
        <FilterForm
          key={key}
          query={query}
          fixedRole={fixedRole}
          queues={queues.data}
          partners={partners.data?.items ?? []}
          activeCount={filters}
          onApply={(next) => go(next)}
          onClear={() => go(cleared(query, fixedRole))}
          onSave={() => setSaving(true)}
        />
        <section className="staff-list__results" aria-labelledby="staff-results-heading">
          <h2 id="staff-results-heading" className="visually-hidden">
            {t('staff.list.results')}
          </h2>
          {data?.similarTitles === true ? (
            <Alert tone="info">{t('staff.list.similarTitles', { q: query.q ?? '' })}</Alert>
          ) : null}
          {list.error !== undefined ? <ErrorMessage error={list.error} onRetry={list.reload} /> : null}
          {data === undefined ? (
            list.error === undefined ? (
              <Loading />
            ) : null
          ) : (
            <>
              <div className="staff-list__toolbar">
                <p className="staff-list__count" role="status">
                  {data.items.length === 0
                    ? t('staff.list.none')
                    : first === undefined
                      ? t('staff.list.shown', { count: data.items.length })
                      : total === null
                        ? t('paging.showing', { from: first, to: first + data.items.length - 1 })
                        : total.relation === 'gte'
                          ? t('paging.showingOfAtLeast', {
                              from: first,
                              to: first + data.items.length - 1,
                              total: total.value,
                            })
                          : t('paging.showingOf', {
                              from: first,
                              to: first + data.items.length - 1,
                              total: total.value,
                            })}
                </p>
                <label className="staff-inline-field">
                  {t('staff.list.sortBy')}{' '}
                  <select
                    className="field__input"
                    value={sort.key}
                    onChange={(event) =>
                      go(withChanges(query, { sort: event.target.value as SortKey, order: sort.order }))
                    }
                  >
                    {SORT_KEYS.filter(
                      (key) => showRole !== 'lending' || (key !== 'status' && key !== 'patron'),
                    ).map((key) => (
                      <option key={key} value={key}>
                        {key === 'partner' && showRole === 'lending'
                          ? t('staff.list.borrowingLibrary')
                          : t(SORT_LABELS[key])}
                      </option>
                    ))}
                  </select>
                </label>
                <label className="staff-inline-field">
                  {t('staff.list.order')}{' '}
                  <select
                    className="field__input"
                    value={sort.order}
                    onChange={(event) =>
                      go(withChanges(query, { sort: sort.key, order: event.target.value as 'asc' | 'desc' }))
                    }
                  >
                    <option value="asc">{t('staff.list.ascending')}</option>
                    <option value="desc">{t('staff.list.descending')}</option>
                  </select>
                </label>
                <label className="staff-inline-field">
                  {t('staff.list.pageSize')}{' '}
                  <select
                    className="field__input"
                    value={String(limit)}
                    onChange={(event) => go(withChanges(query, { limit: Number(event.target.value) }))}
                  >
                    {[...new Set([...PAGE_SIZES, limit])]
                      .sort((a, b) => a - b)
                      .map((size) => (
                        <option key={size} value={size}>
                          {size}
                        </option>
                      ))}
                  </select>
                </label>
              </div>
              <div className="table-wrap" aria-busy={list.loading}>
                <table className="staff-table">
                  <caption className="visually-hidden">{heading}</caption>
                  <thead>
                    <tr>
                      {columns.map((column) => {
                        const sorted = sort.key === column.sort;
                        const label =
                          column.sort === 'partner' && showRole === 'lending'
                            ? t('staff.list.borrowingLibrary')
                            : t(column.label);
                        return (
                          <th
                            key={column.sort}
                            scope="col"
                            aria-sort={
                              sorted ? (sort.order === 'asc' ? 'ascending' : 'descending') : undefined
                            }
                          >
                            <button
                              type="button"
                              className="sort-button"
                              onClick={() => go(sortedBy(query, column.sort))}
                            >
                              {label}
                              <span aria-hidden="true" className="staff-sort-mark">
                                {sorted ? (sort.order === 'asc' ? ' ▲' : ' ▼') : ' ↕'}
                              </span>
                            </button>
                          </th>
                        );
                      })}
                    </tr>
                  </thead>
                  <tbody>
                    {data.items.map((item) => (
                      <tr
                        key={item.id}
                        className={
                          item.attention === null && item.undeliveredMessages === 0
                            ? undefined
                            : 'staff-row--attention'
                        }
                      >
                        {columns.map((column) => (
                          <td key={column.sort}>{column.cell(item, showRole)}</td>
                        ))}
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              <nav aria-label={t('paging.label')} className="pagination">
                <button
                  type="button"
                  className="button button--secondary"
                  disabled={list.loading || query.cursor === undefined}
                  onClick={() => go(atCursor(query, previousCursor(trail, query.cursor)))}
                >
                  {index === undefined && query.cursor !== undefined
                    ? t('staff.list.firstPage')
                    : t('paging.previous')}
                </button>
                <button
                  type="button"
                  className="button button--secondary"
                  disabled={list.loading || data.nextCursor === null}
                  onClick={() => {
                    if (data.nextCursor === null) return;
                    writeTrail(key, trailAfterNext(trail, query.cursor, data.nextCursor));
                    go(atCursor(query, data.nextCursor));
                  }}
                >
                  {t('paging.next')}
                </button>
              </nav>
            </>
          )}
        </section>
      </div>
      {saving ? <SaveQueueDialog query={query} onClose={() => setSaving(false)} /> : null}
    </main>
  );
}
