/**
 * The request list of a library's staff: filters, keyword search, work queues and saved queues
 * opened as lists, sorting, keyset paging and capped counts. Always scoped to the caller's library.
 */
import { readAttention } from '../workflow/attention.ts';
import { createHash } from 'node:crypto';
import { Value } from 'typebox/value';
import type { StaffPrincipal } from '../auth/principal.ts';
import type { Clock } from '../clock.ts';
import { NotFoundError, ValidationError } from '../errors.ts';
import { builtinQueue } from '../queues/queue-definitions.ts';
import type { SavedQueueRepository } from '../queues/saved-queue.repository.ts';
import { requestReference } from './request-view.ts';
import type {
  KeywordMatch,
  RequestListRow,
  RequestSearchRepository,
  SearchCriteria,
  SearchFilter,
  SortPosition,
} from './request-search.repository.ts';
import { COUNT_CAP, FILTER_KEYS, SavedFilterSchema } from './request-search.schemas.ts';
import type {
  CountView,
  RequestFilter,
  RequestListItem,
  RequestListQuery,
  RequestListResponse,
  SavedFilter,
  SortKey,
} from './request-search.schemas.ts';

const DEFAULT_LIMIT = 50;
const MAX_WORDS = 16;

/** The repositories the search reads. */
export interface RequestSearchRepositories {
  readonly search: RequestSearchRepository;
  readonly savedQueues: SavedQueueRepository;
}

/** What a cursor holds: the query it belongs to and the sort key of the last row shown. */
interface Cursor {
  readonly sort: SortKey;
  readonly order: 'asc' | 'desc';
  /** Fingerprint of the filters, so that a cursor is not used with another query. */
  readonly query: string;
  /** The page is of titles similar to the keyword (the fallback). */
  readonly similar: boolean;
  readonly after: SortPosition;
}

/**
 * What a keyword matches: a request number, normalised identifiers, and prefix-matched words.
 * Identifiers are matched with hyphens, spaces and case ignored; an ISBN also in its other form
 * (ISBN-10 ↔ ISBN-13). A keyword that is an ISBN, ISSN or DOI is not also matched as words.
 */
export function analyseKeyword(keyword: string, options: { similarTitles: boolean }): KeywordMatch {
  const text = keyword.trim();
  const compact = text.replace(/[\s-]+/g, '').toLowerCase();
  const numbers: string[] = [];
  const number = /^(?:ill-?)?(\d{1,18})$/i.exec(text.replace(/\s+/g, ''));
  if (number?.[1] !== undefined) numbers.push(BigInt(number[1]).toString());

  const isbn: string[] = [];
  if (/^(\d{9}[\dx]|\d{13})$/.test(compact)) isbn.push(compact, ...otherIsbnForm(compact));
  const issn = /^\d{7}[\dx]$/.test(compact) ? [compact] : [];
  const doiText = text.replace(/^(https?:\/\/(dx\.)?doi\.org\/|doi:\s*)/i, '');
  const doi = /^10\.\d{4,9}\/\S+$/.test(doiText) ? [doiText.replace(/[\s-]+/g, '').toLowerCase()] : [];
  const oclcMatch = /^(?:\(ocolc\))?(?:ocm|ocn|on)?(\d{1,12})$/.exec(compact);
  const oclcDigits = oclcMatch?.[1]?.replace(/^0+/, '');
  const oclc = oclcDigits === undefined || oclcDigits === '' ? [] : [oclcDigits];

  // An ISBN, ISSN or DOI is matched as such: its pieces as words (`978`, `0`, `15`…) would only add
  // noise and slow prefix scans.
  const identifier = isbn.length > 0 || issn.length > 0 || doi.length > 0;
  const words = identifier ? [] : (text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).slice(0, MAX_WORDS);
  return {
    numbers,
    isbn,
    issn,
    doi,
    oclc,
    tsquery: words.length === 0 ? null : words.map((word) => `'${word}':*`).join(' & '),
    similarTitle: options.similarTitles ? text : null,
  };
}

/**
 * Whether a keyword that matched nothing may fall back to similar titles: a title's words, not an
 * identifier, a request number or bare digits, whose trigrams only resemble titles by chance (and
 * cost a scan of the title index for nothing).
 */
export function offersSimilarTitles(keyword: string): boolean {
  const match = analyseKeyword(keyword, { similarTitles: false });
  const identifier =
    match.isbn.length > 0 || match.issn.length > 0 || match.doi.length > 0 || match.numbers.length > 0;
  return !identifier && /\p{L}/u.test(keyword);
}

/** The same ISBN in its other form: ISBN-10 → 978-ISBN-13, 978-ISBN-13 → ISBN-10. */
function otherIsbnForm(isbn: string): string[] {
  if (isbn.length === 10) {
    const body = `978${isbn.slice(0, 9)}`;
    const sum = [...body].reduce(
      (total, digit, index) => total + Number(digit) * (index % 2 === 0 ? 1 : 3),
      0,
    );
    return [`${body}${(10 - (sum % 10)) % 10}`];
  }
  if (isbn.startsWith('978')) {
    const body = isbn.slice(3, 12);
    const sum = [...body].reduce((total, digit, index) => total + Number(digit) * (10 - index), 0);
    const check = (11 - (sum % 11)) % 11;
    return [`${body}${check === 10 ? 'x' : check}`];
  }
  return [];
}

function encodeCursor(cursor: Cursor): string {
  const { after } = cursor;
  const payload = [
    1,
    cursor.sort,
    cursor.order,
    cursor.query,
    cursor.similar ? 1 : 0,
    after.isNull ? 1 : 0,
    after.value,
    after.id,
  ];
  return Buffer.from(JSON.stringify(payload)).toString('base64url');
}

function invalidCursor(message: string): ValidationError {
  return new ValidationError(`Invalid request: querystring.cursor ${message}`, [
    { field: 'querystring.cursor', rule: 'cursor', message: `querystring.cursor ${message}` },
  ]);
}

function decodeCursor(text: string): Cursor {
  let payload: unknown;
  try {
    payload = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    throw invalidCursor('is not a cursor of this list');
  }
  if (
    !Array.isArray(payload) ||
    payload.length !== 8 ||
    payload[0] !== 1 ||
    typeof payload[1] !== 'string' ||
    (payload[2] !== 'asc' && payload[2] !== 'desc') ||
    typeof payload[3] !== 'string' ||
    (payload[6] !== null && typeof payload[6] !== 'string') ||
    typeof payload[7] !== 'string' ||
    !/^[0-9a-f-]{36}$/.test(payload[7])
  ) {
    throw invalidCursor('is not a cursor of this list');
  }
  return {
    sort: payload[1] as SortKey,
    order: payload[2],
    query: payload[3],
    similar: payload[4] === 1,
    after: { isNull: payload[5] === 1, value: payload[6] as string | null, id: payload[7] },
  };
}

function fingerprint(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('base64url').slice(0, 16);
}

function countView(count: number): CountView {
  return count > COUNT_CAP ? { value: COUNT_CAP, relation: 'gte' } : { value: count, relation: 'eq' };
}

/** The conditions of a list query or saved filter, without its queue, sorting and paging. */
function filterOf(query: SavedFilter | RequestListQuery): RequestFilter {
  const filter: Record<string, unknown> = {};
  for (const key of FILTER_KEYS) if (query[key] !== undefined) filter[key] = query[key];
  return filter as RequestFilter;
}

function itemOf(row: RequestListRow): RequestListItem {
  return {
    id: row.id,
    number: Number(row.number),
    reference: requestReference(row.number),
    role: row.role,
    backend: row.backend,
    status: row.status,
    customStatus:
      row.custom_status === null
        ? null
        : { code: row.custom_status, label: row.custom_status_label ?? row.custom_status },
    currentTransaction:
      row.current_position === null || row.current_state === null
        ? null
        : {
            rotaPosition: row.current_position,
            state: row.current_state,
            partner:
              row.current_partner_id === null ||
              row.current_partner_symbol === null ||
              row.current_partner_name === null
                ? null
                : {
                    id: row.current_partner_id,
                    symbol: row.current_partner_symbol,
                    name: row.current_partner_name,
                  },
            dueDate: row.current_due_date,
          },
    type: row.type,
    title: row.title,
    author: row.author,
    patron:
      row.role === 'lending' ||
      row.patron_id === null ||
      row.patron_name === null ||
      row.patron_card_number === null
        ? null
        : { id: row.patron_id, name: row.patron_name, cardNumber: row.patron_card_number },
    pickupBranch:
      row.pickup_branch_id === null || row.pickup_branch_code === null || row.pickup_branch_name === null
        ? null
        : { id: row.pickup_branch_id, code: row.pickup_branch_code, name: row.pickup_branch_name },
    needBefore: row.need_before,
    attention: readAttention(row.attention),
    undeliveredMessages: row.undelivered_messages,
    completedAt: row.completed_at?.toISOString() ?? null,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

/** The filters a list query stands for: its own, its queue's, and a saved queue's own queue. */
interface ResolvedQuery {
  readonly filters: readonly RequestFilter[];
  readonly sort: SortKey;
  readonly order: 'asc' | 'desc';
}

export class RequestSearchService {
  constructor(
    private readonly repositories: RequestSearchRepositories,
    private readonly clock: Clock,
  ) {}

  /** One page of the caller's library's requests. */
  async list(principal: StaffPrincipal, query: RequestListQuery): Promise<RequestListResponse> {
    const resolved = await this.resolve(principal.libraryId, query);
    const limit = query.limit ?? DEFAULT_LIMIT;
    const queryFingerprint = fingerprint([resolved.filters, query.queue ?? null]);
    const cursor = query.cursor === undefined ? null : decodeCursor(query.cursor);
    if (cursor !== null && (cursor.sort !== resolved.sort || cursor.order !== resolved.order)) {
      throw invalidCursor('was made for another sort order; start again without it');
    }
    if (cursor !== null && cursor.query !== queryFingerprint) {
      throw invalidCursor('was made for other filters; start again without it');
    }
    const day = await this.libraryDay(principal.libraryId);
    const mayFallBack = resolved.filters.some(
      (filter) => filter.q !== undefined && offersSimilarTitles(filter.q),
    );
    const run = async (similar: boolean) => {
      const criteria = this.criteria(principal.libraryId, day, resolved.filters, similar);
      const [rows, total] = await Promise.all([
        this.repositories.search.list(criteria, {
          sort: resolved.sort,
          order: resolved.order,
          after: cursor?.after ?? null,
          limit: limit + 1,
        }),
        query.count === 'exact'
          ? this.repositories.search.countEach([criteria], COUNT_CAP)
          : Promise.resolve(null),
      ]);
      return { rows, total: total === null ? null : countView(total[0] ?? 0) };
    };

    let similar = cursor?.similar ?? false;
    let page = await run(similar);
    if (page.rows.length === 0 && cursor === null && mayFallBack && !similar) {
      similar = true;
      page = await run(similar);
    }
    const rows = page.rows.slice(0, limit);
    const last = rows.at(-1);
    const nextCursor =
      page.rows.length > limit && last !== undefined
        ? encodeCursor({
            sort: resolved.sort,
            order: resolved.order,
            query: queryFingerprint,
            similar,
            after: { isNull: last.sort_null, value: last.sort_value, id: last.id },
          })
        : null;
    return { items: rows.map(itemOf), nextCursor, total: page.total, similarTitles: similar };
  }

  /**
   * How many requests of the caller's library each filter selects (capped), in one SQL statement.
   * A filter that no longer validates (saved under an older schema) gets null.
   */
  async counts(libraryId: string, filters: readonly unknown[]): Promise<(CountView | null)[]> {
    const day = await this.libraryDay(libraryId);
    const valid = filters.map((filter) => (Value.Check(SavedFilterSchema, filter) ? filter : null));
    const criteria = valid.flatMap((filter) =>
      filter === null ? [] : [this.criteria(libraryId, day, this.withQueue(filter), false)],
    );
    const counts = await this.repositories.search.countEach(criteria, COUNT_CAP);
    let next = 0;
    return valid.map((filter) => (filter === null ? null : countView(counts[next++] ?? 0)));
  }

  private async libraryDay(libraryId: string): Promise<{ timezone: string; today: string }> {
    const day = await this.repositories.search.libraryDay(libraryId, this.clock.now());
    if (day === undefined) throw new NotFoundError('No such library.');
    return day;
  }

  /** A saved filter's conditions together with those of the built-in queue it narrows down. */
  private withQueue(filter: SavedFilter): RequestFilter[] {
    const own = filterOf(filter);
    const queue = filter.queue === undefined ? undefined : builtinQueue(filter.queue);
    return [own, ...(queue === undefined ? [] : [queue.filter])];
  }

  private async resolve(libraryId: string, query: RequestListQuery): Promise<ResolvedQuery> {
    const filters: RequestFilter[] = [filterOf(query)];
    let saved: SavedFilter | null = null;
    if (query.queue !== undefined) {
      const builtin = builtinQueue(query.queue);
      if (builtin !== undefined) {
        filters.push(builtin.filter);
      } else {
        const row = await this.repositories.savedQueues.find(libraryId, query.queue);
        if (row === undefined || !Value.Check(SavedFilterSchema, row.filter)) {
          throw new ValidationError('Invalid request: querystring.queue is not a queue of your library', [
            {
              field: 'querystring.queue',
              rule: 'exists',
              message: 'querystring.queue is no work queue or saved queue of your library',
            },
          ]);
        }
        saved = row.filter;
        filters.push(...this.withQueue(saved));
      }
    }
    return {
      filters: filters.filter((filter) => Object.keys(filter).length > 0),
      sort: query.sort ?? saved?.sort ?? 'updatedAt',
      order: query.order ?? saved?.order ?? 'desc',
    };
  }

  private criteria(
    libraryId: string,
    day: { timezone: string; today: string },
    filters: readonly RequestFilter[],
    similarTitles: boolean,
  ): SearchCriteria {
    return {
      libraryId,
      timezone: day.timezone,
      // Asking for days of completion asks for completed requests.
      includeCompleted: filters.some(
        (filter) =>
          filter.includeCompleted === true ||
          filter.completedFrom !== undefined ||
          filter.completedTo !== undefined,
      ),
      filters: filters.map((filter): SearchFilter => {
        const { q, includeCompleted: _includeCompleted, dueBefore, ...rest } = filter;
        return {
          ...rest,
          ...(dueBefore === undefined ? {} : { dueBefore: dueBefore === 'today' ? day.today : dueBefore }),
          ...(q === undefined ? {} : { keyword: analyseKeyword(q, { similarTitles }) }),
        };
      }),
    };
  }
}
