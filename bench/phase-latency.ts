/**
 * Latency of what staff open all day, on the full dataset, asked exactly as the staff client asks: a
 * page of a work queue, a keyword search, the list sorted, filtered and paged on, and the dashboard's
 * counts, each against fetching one request by id (its whole page: rota, transactions, history, notes
 * and the actions offered). One client, with the kinds interleaved, so that whatever else the machine
 * is doing weighs on all of them alike.
 */
import { performance } from 'node:perf_hooks';
import { BUILTIN_QUEUE_IDS } from '../src/queues/queue-definitions.ts';
import type { StaffSession } from './http.ts';

/** What staff search for, taken from requests that exist, as staff search for what they hold. */
export interface SearchSample {
  readonly title: string;
  readonly author: string | null;
  readonly number: string;
  readonly isbn: string | null;
}

/** Stop words the 'simple' text search configuration keeps but nobody searches for. */
const STOP_WORDS = new Set(['the', 'of', 'and', 'in', 'a', 'an', 'on', 'to', 'for']);

/**
 * The keyword of the `index`-th search, built from a sampled request: mostly words of its title (one
 * or two), else its author's surname, its ISBN or its number, as staff type them.
 */
export function searchTerm(sample: SearchSample, index: number): string {
  const words = sample.title
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word.length > 2 && !STOP_WORDS.has(word));
  const word = (offset: number) => words[(index + offset) % Math.max(1, words.length)] ?? sample.title;
  switch (index % 10) {
    case 0:
    case 1:
    case 2:
    case 3:
      return word(0);
    case 4:
    case 5:
      return words.length > 1 ? `${word(0)} ${word(1)}` : word(0);
    case 6:
    case 7:
      return sample.author?.split(',')[0]?.trim() || word(0);
    case 8:
      return sample.isbn ?? word(1);
    default:
      return `ILL-${sample.number}`;
  }
}

/**
 * The staff list's page as the staff client asks for it (web/src/staff/requests/list-query.ts): 50 rows.
 * The client asks for the count of all matches apart ({@link LIST_COUNT}), after the rows.
 */
export const LIST_PAGE = 'limit=50';

/** The count of a list's matches as the staff client asks for it: one row and the exact count (capped at 10 000). */
export const LIST_COUNT = 'limit=1&count=exact';

/**
 * The `index`-th browse of the request list beyond a queue's first page, as staff sort, filter and page
 * through it: by title, by status, by due date, by state and type, and a next page. Each is a path, or
 * (for a next page) the first page to read untimed and the cursor parameter it hands on.
 */
export function browsePath(index: number, queue: string): { path: string; nextPageOf?: string } {
  switch (index % 5) {
    case 0:
      return { path: `/api/requests?role=borrowing&sort=title&order=asc&${LIST_PAGE}` };
    case 1:
      return { path: `/api/requests?sort=status&order=asc&${LIST_PAGE}` };
    case 2:
      return { path: `/api/requests?role=borrowing&sort=dueDate&order=asc&${LIST_PAGE}` };
    case 3:
      return { path: `/api/requests?state=shipped&state=received&type=book&${LIST_PAGE}` };
    default:
      return {
        path: `/api/requests?queue=${encodeURIComponent(queue)}&${LIST_PAGE}`,
        nextPageOf: `/api/requests?queue=${encodeURIComponent(queue)}&${LIST_PAGE}`,
      };
  }
}

/** What the `index`-th search looks for, as {@link searchTerm} builds it. */
export type SearchKind = 'title word' | 'two words' | 'surname' | 'ISBN' | 'request number';

/** The kind of the `index`-th search. */
export function searchKind(index: number): SearchKind {
  const slot = index % 10;
  if (slot <= 3) return 'title word';
  if (slot <= 5) return 'two words';
  if (slot <= 7) return 'surname';
  return slot === 8 ? 'ISBN' : 'request number';
}

/** Options of {@link measureLatencies}. */
export interface LatencyOptions {
  readonly session: StaffSession;
  /** Ids of requests of the session's library, to fetch. */
  readonly requestIds: readonly string[];
  readonly searches: readonly SearchSample[];
  readonly samples: number;
  /** Untimed rounds first, to warm caches and connections. */
  readonly warmup: number;
}

/** Latencies in milliseconds of each kind, in the order measured. */
export interface Latencies {
  readonly byId: number[];
  /** A work queue's first page with its count, as the staff list opens it. */
  readonly queue: number[];
  /** A keyword search's first page with its count. */
  readonly search: number[];
  /** The list sorted, filtered or paged on ({@link browsePath}). */
  readonly browse: number[];
  /** The dashboard: every work queue with its count. */
  readonly dashboard: number[];
  /** The count of a keyword search's matches, which the list shows after the rows. */
  readonly searchCount: number[];
  /** The keyword searches again, by what they looked for. */
  readonly searchByKind: Partial<Record<SearchKind, number[]>>;
}

/**
 * Runs `samples` rounds of: one request by id, one work-queue page, one keyword search and the count
 * of its matches, one browse of the list and the dashboard's counts.
 */
export async function measureLatencies(options: LatencyOptions): Promise<Latencies> {
  const latencies: Latencies = {
    byId: [],
    queue: [],
    search: [],
    browse: [],
    dashboard: [],
    searchCount: [],
    searchByKind: {},
  };
  const timed = async (into: number[] | null, path: string) => {
    const started = performance.now();
    await options.session.fetch(path);
    into?.push(performance.now() - started);
  };
  if (options.requestIds.length === 0 || options.searches.length === 0) {
    throw new Error('no requests to fetch or search for');
  }
  for (let round = -options.warmup; round < options.samples; round++) {
    const index = round + options.warmup;
    const keep = round >= 0;
    const id = options.requestIds[index % options.requestIds.length] as string;
    const queue = BUILTIN_QUEUE_IDS[index % BUILTIN_QUEUE_IDS.length] as string;
    const sample = options.searches[index % options.searches.length] as SearchSample;
    await timed(keep ? latencies.byId : null, `/api/requests/${id}`);
    await timed(
      keep ? latencies.queue : null,
      `/api/requests?queue=${encodeURIComponent(queue)}&${LIST_PAGE}`,
    );
    const term = encodeURIComponent(searchTerm(sample, index));
    await timed(keep ? latencies.search : null, `/api/requests?q=${term}&${LIST_PAGE}`);
    if (keep) (latencies.searchByKind[searchKind(index)] ??= []).push(latencies.search.at(-1) as number);
    await timed(keep ? latencies.searchCount : null, `/api/requests?q=${term}&${LIST_COUNT}`);
    const browse = browsePath(index, BUILTIN_QUEUE_IDS[(index * 7) % BUILTIN_QUEUE_IDS.length] as string);
    let browsed = browse.path;
    if (browse.nextPageOf !== undefined) {
      const first = await options.session.get<{ nextCursor: string | null }>(browse.nextPageOf);
      if (first.nextCursor !== null)
        browsed = `${browse.path}&cursor=${encodeURIComponent(first.nextCursor)}`;
    }
    await timed(keep ? latencies.browse : null, browsed);
    await timed(keep ? latencies.dashboard : null, '/api/queues');
  }
  return latencies;
}
