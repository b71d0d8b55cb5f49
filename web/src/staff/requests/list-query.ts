/**
 * The request list's state lives in the URL: filters, keyword, sort and page, so that links, reloads
 * and back/forward all work. These pure functions read it from the query string, write it back, turn
 * it into `GET /api/requests` parameters, and keep the trail of keyset pages for "Previous page".
 */
import type { QueryValue } from '../../api/client.ts';
import type { SortKey } from '../../api/types.ts';
import {
  BACKEND_VALUES,
  LISTED_STATUSES,
  REQUEST_TYPE_VALUES,
  TRANSACTION_STATE_VALUES,
} from './state-presentation.ts';

const sortKeys: Record<SortKey, 'asc' | 'desc'> = {
  number: 'desc',
  createdAt: 'desc',
  updatedAt: 'desc',
  title: 'asc',
  author: 'asc',
  type: 'asc',
  status: 'asc',
  state: 'asc',
  patron: 'asc',
  partner: 'asc',
  needBefore: 'asc',
  dueDate: 'asc',
  role: 'asc',
  backend: 'asc',
  customStatus: 'asc',
  pickupBranch: 'asc',
  attention: 'asc',
  completedAt: 'desc',
};
export const SORT_KEYS = Object.keys(sortKeys) as SortKey[];

/** The list's sort when the URL names none: most recently changed first, as the API does. */
export const DEFAULT_SORT: SortKey = 'updatedAt';
export const PAGE_SIZES = [25, 50, 100] as const;
export const DEFAULT_PAGE_SIZE = 50;

export type Role = 'borrowing' | 'lending';

export interface ListQuery {
  readonly queue?: string;
  readonly role?: Role;
  readonly status: readonly string[];
  readonly state: readonly string[];
  readonly type: readonly string[];
  readonly backend: readonly string[];
  readonly partnerId?: string;
  readonly patronId?: string;
  readonly createdFrom?: string;
  readonly createdTo?: string;
  readonly updatedFrom?: string;
  readonly updatedTo?: string;
  readonly needBeforeTo?: string;
  readonly dueBefore?: string;
  readonly attention?: boolean;
  readonly undelivered?: boolean;
  readonly includeCompleted?: boolean;
  readonly q?: string;
  readonly sort?: SortKey;
  readonly order?: 'asc' | 'desc';
  readonly limit?: number;
  readonly cursor?: string;
}

/** The date filters, in the order the form shows them. */
export const DATE_FILTERS = [
  'createdFrom',
  'createdTo',
  'updatedFrom',
  'updatedTo',
  'needBeforeTo',
  'dueBefore',
] as const;
export type DateFilter = (typeof DATE_FILTERS)[number];

const MULTI = ['status', 'state', 'type', 'backend'] as const;
type MultiFilter = (typeof MULTI)[number];
const ALLOWED: Record<MultiFilter, readonly string[]> = {
  status: LISTED_STATUSES,
  state: TRANSACTION_STATE_VALUES,
  type: REQUEST_TYPE_VALUES,
  backend: BACKEND_VALUES,
};
const BOOLEANS = ['attention', 'undelivered', 'includeCompleted'] as const;

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const QUEUE = /^(borrowing|lending)\.[a-z-]+$/;

function single(params: URLSearchParams, name: string): string | undefined {
  const value = params.get(name)?.trim();
  return value === undefined || value === '' ? undefined : value;
}

function bool(params: URLSearchParams, name: string): boolean | undefined {
  const value = params.get(name);
  return value === 'true' ? true : value === 'false' ? false : undefined;
}

/**
 * The list's state from a query string. Values the API would refuse (an unknown state, a malformed
 * date) are dropped, so that a hand-edited or outdated link still opens a list.
 */
export function parseListQuery(params: URLSearchParams): ListQuery {
  const query: Record<string, unknown> = {};
  const queue = single(params, 'queue');
  if (queue !== undefined && (QUEUE.test(queue) || UUID.test(queue))) query.queue = queue;
  const role = single(params, 'role');
  if (role === 'borrowing' || role === 'lending') query.role = role;
  for (const name of MULTI) {
    query[name] = [...new Set(params.getAll(name))].filter((value) => ALLOWED[name].includes(value));
  }
  for (const name of ['partnerId', 'patronId'] as const) {
    const value = single(params, name);
    if (value !== undefined && UUID.test(value)) query[name] = value;
  }
  for (const name of DATE_FILTERS) {
    const value = single(params, name);
    if (value !== undefined && (DATE.test(value) || (name === 'dueBefore' && value === 'today'))) {
      query[name] = value;
    }
  }
  for (const name of BOOLEANS) {
    const value = bool(params, name);
    if (value !== undefined) query[name] = value;
  }
  const q = single(params, 'q');
  if (q !== undefined) query.q = q.slice(0, 200);
  const sort = single(params, 'sort');
  if (sort !== undefined && (SORT_KEYS as readonly string[]).includes(sort)) query.sort = sort;
  const order = single(params, 'order');
  if (order === 'asc' || order === 'desc') query.order = order;
  const limit = Number(single(params, 'limit'));
  if (Number.isInteger(limit) && limit >= 1 && limit <= 200) query.limit = limit;
  const cursor = single(params, 'cursor');
  if (cursor !== undefined) query.cursor = cursor;
  return query as unknown as ListQuery;
}

/** The list's state as query parameters, in a stable order; empty values are left out. */
export function listQueryParams(query: ListQuery): Record<string, QueryValue> {
  return {
    queue: query.queue,
    role: query.role,
    status: query.status,
    state: query.state,
    type: query.type,
    backend: query.backend,
    partnerId: query.partnerId,
    patronId: query.patronId,
    createdFrom: query.createdFrom,
    createdTo: query.createdTo,
    updatedFrom: query.updatedFrom,
    updatedTo: query.updatedTo,
    needBeforeTo: query.needBeforeTo,
    dueBefore: query.dueBefore,
    attention: query.attention,
    undelivered: query.undelivered,
    includeCompleted: query.includeCompleted,
    q: query.q,
    sort: query.sort,
    order: query.order,
    limit: query.limit,
    cursor: query.cursor,
  };
}

/**
 * The parameters of `GET /api/requests` for the page the list shows. The page comes without a count:
 * counting reads every match (up to 10 000), which at a million requests can take several times as
 * long as the page itself, so the rows show first and the count follows ({@link countParams}).
 */
export function apiParams(query: ListQuery): Record<string, QueryValue> {
  return { ...listQueryParams(query), limit: query.limit ?? DEFAULT_PAGE_SIZE };
}

/**
 * The parameters that count all of the list's matches: its filters and keyword, not its page, so that
 * paging on does not count again. One row comes back with the count, and is not shown.
 */
export function countParams(query: ListQuery): Record<string, QueryValue> {
  const { cursor: _cursor, sort: _sort, order: _order, limit: _limit, ...filters } = listQueryParams(query);
  return { ...filters, limit: 1, count: 'exact' };
}

/** The list's state with some filters changed: back to the first page. */
export function withChanges(query: ListQuery, changes: Partial<ListQuery>): ListQuery {
  const next: Record<string, unknown> = { ...query, ...changes };
  delete next.cursor;
  for (const [name, value] of Object.entries(changes)) if (value === undefined) delete next[name];
  return next as unknown as ListQuery;
}

/** The list's filters cleared, keeping what a page fixes (the lending list's role) and the page size. */
export function cleared(query: ListQuery, fixedRole?: Role): ListQuery {
  return {
    status: [],
    state: [],
    type: [],
    backend: [],
    ...(fixedRole === undefined ? {} : { role: fixedRole }),
    ...(query.sort === undefined ? {} : { sort: query.sort, order: query.order ?? sortKeys[query.sort] }),
    ...(query.limit === undefined ? {} : { limit: query.limit }),
  };
}

/** The sort in effect. */
export function currentSort(query: ListQuery): { key: SortKey; order: 'asc' | 'desc' } {
  const key = query.sort ?? DEFAULT_SORT;
  return { key, order: query.order ?? (query.sort === undefined ? 'desc' : sortKeys[key]) };
}

/** The list sorted by a column: the other direction if it is already sorted by it, else its natural one. */
export function sortedBy(query: ListQuery, key: SortKey): ListQuery {
  const current = currentSort(query);
  const order = current.key === key ? (current.order === 'asc' ? 'desc' : 'asc') : sortKeys[key];
  return withChanges(query, { sort: key, order });
}

/** The list's state with its page cursor, leaving the filters alone. */
export function atCursor(query: ListQuery, cursor: string | undefined): ListQuery {
  const next: Record<string, unknown> = { ...query };
  if (cursor === undefined) delete next.cursor;
  else next.cursor = cursor;
  return next as unknown as ListQuery;
}

/** How many filters narrow the list (not the keyword, sort or page). */
export function activeFilterCount(query: ListQuery, fixedRole?: Role): number {
  let count = 0;
  if (query.queue !== undefined) count++;
  if (query.role !== undefined && query.role !== fixedRole) count++;
  for (const name of MULTI) if (query[name].length > 0) count++;
  if (query.partnerId !== undefined) count++;
  if (query.patronId !== undefined) count++;
  for (const name of DATE_FILTERS) if (query[name] !== undefined) count++;
  for (const name of BOOLEANS) if (query[name] !== undefined) count++;
  return count;
}

/**
 * The keyset pages visited with the same filters: the cursor of each page, the first page's being
 * null. Pages can only be walked forwards by the API, so the list remembers where it has been.
 */
export type PageTrail = readonly (string | null)[];

/** Where the current page is in the trail; undefined when it was reached by a link, not from page 1. */
export function pageIndex(trail: PageTrail, cursor: string | undefined): number | undefined {
  const index = trail.indexOf(cursor ?? null);
  return index < 0 ? undefined : index;
}

/** The trail after going on to the next page from `cursor`. */
export function trailAfterNext(trail: PageTrail, cursor: string | undefined, next: string): PageTrail {
  const index = pageIndex(trail, cursor);
  const base = index === undefined ? [cursor ?? null] : trail.slice(0, index + 1);
  return [...base, next];
}

/** The cursor of the page before the current one (undefined: the first page). */
export function previousCursor(trail: PageTrail, cursor: string | undefined): string | undefined {
  const index = pageIndex(trail, cursor);
  if (index === undefined || index === 0) return undefined;
  return trail[index - 1] ?? undefined;
}

/** A key for the trail of a list: its parameters without the cursor. */
export function trailKey(query: ListQuery): string {
  const { cursor: _cursor, ...rest } = listQueryParams(query);
  return JSON.stringify(rest);
}

/**
 * The list's state as a saved queue's filter (`POST /api/saved-queues`): its filters, keyword and
 * sort, without the page. A saved queue narrows a built-in queue, not another saved one.
 */
export function savedFilterOf(query: ListQuery): Record<string, unknown> {
  const { cursor: _cursor, limit: _limit, ...params } = listQueryParams(query);
  const filter: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(params)) {
    if (value === undefined || value === null || value === '') continue;
    if (Array.isArray(value) && value.length === 0) continue;
    if (name === 'queue' && !QUEUE.test(String(value))) continue;
    filter[name] = value;
  }
  return filter;
}
