/**
 * Latency of what staff open all day, on the full dataset: a page of a work queue and a keyword search,
 * each against fetching one request by id (its whole page: rota, transactions, history, notes and the
 * actions offered). One client, with the three kinds interleaved, so that whatever else the machine is
 * doing weighs on all three alike.
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
  readonly queue: number[];
  readonly search: number[];
}

/** Runs `samples` rounds of: one request by id, one work-queue page, one keyword search. */
export async function measureLatencies(options: LatencyOptions): Promise<Latencies> {
  const latencies: Latencies = { byId: [], queue: [], search: [] };
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
    await timed(keep ? latencies.queue : null, `/api/requests?queue=${encodeURIComponent(queue)}`);
    await timed(
      keep ? latencies.search : null,
      `/api/requests?q=${encodeURIComponent(searchTerm(sample, index))}`,
    );
  }
  return latencies;
}
