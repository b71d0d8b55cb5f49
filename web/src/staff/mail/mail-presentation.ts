/**
 * The pure parts of the staff client's mail pages: how a sender reads, and the notice log's filters
 * as the page's query keeps them and as `GET /api/notices` takes them.
 */
import type { NoticeLogQuery } from '../../../../src/notices/notice.schemas.ts';

/** A sender as mail shows it: `Name <address>`, or the address alone. */
export function senderText(name: string | null, address: string): string {
  return name === null || name === '' ? address : `${name} <${address}>`;
}

export const NOTICE_STATUSES = ['queued', 'held', 'sent', 'failed', 'skipped'] as const;
export type NoticeStatus = (typeof NOTICE_STATUSES)[number];
export const NOTICE_AUDIENCES = ['patron', 'staff'] as const;
export type NoticeAudience = (typeof NOTICE_AUDIENCES)[number];

/** The notice log's filters as the page's query holds them: days as `YYYY-MM-DD`, both included. */
export interface NoticeLogFilters {
  readonly status?: NoticeStatus;
  readonly audience?: NoticeAudience;
  readonly from?: string;
  readonly to?: string;
  /** The page: notices older than this id. */
  readonly before?: string;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const ID = /^\d{1,19}$/;

function validDay(value: string | null): string | undefined {
  if (value === null || !DAY.test(value)) return undefined;
  return Number.isNaN(new Date(`${value}T00:00:00`).getTime()) ? undefined : value;
}

function oneOf<T extends string>(values: readonly T[], value: string | null): T | undefined {
  return values.find((candidate) => candidate === value);
}

/** The filters of a notice log URL; anything not understood is left out. */
export function parseNoticeLogFilters(params: URLSearchParams): NoticeLogFilters {
  const before = params.get('before');
  const filters = {
    status: oneOf(NOTICE_STATUSES, params.get('status')),
    audience: oneOf(NOTICE_AUDIENCES, params.get('audience')),
    from: validDay(params.get('from')),
    to: validDay(params.get('to')),
    before: before !== null && ID.test(before) ? before : undefined,
  };
  return Object.fromEntries(
    Object.entries(filters).filter(([, value]) => value !== undefined),
  ) as NoticeLogFilters;
}

/** The query of a notice log URL with these filters (the page included when it has one). */
export function noticeLogSearch(filters: NoticeLogFilters): string {
  const params = new URLSearchParams();
  for (const key of ['status', 'audience', 'from', 'to', 'before'] as const) {
    const value = filters[key];
    if (value !== undefined) params.set(key, value);
  }
  const text = params.toString();
  return text === '' ? '' : `?${text}`;
}

/** Whether the first day comes after the last, which no notice can match. */
export function daysOutOfOrder(from: string, to: string): boolean {
  return from !== '' && to !== '' && from > to;
}

function startOfDay(day: string, offsetDays = 0): string {
  const date = new Date(`${day}T00:00:00`);
  date.setDate(date.getDate() + offsetDays);
  return date.toISOString();
}

/**
 * `GET /api/notices`'s query for the filters: the days in the user's own time zone, from the start
 * of the first to the end of the last.
 */
export function noticeLogApiQuery(filters: NoticeLogFilters, limit: number): NoticeLogQuery {
  return {
    ...(filters.status === undefined ? {} : { status: filters.status }),
    ...(filters.audience === undefined ? {} : { audience: filters.audience }),
    ...(filters.from === undefined ? {} : { from: startOfDay(filters.from) }),
    ...(filters.to === undefined ? {} : { to: startOfDay(filters.to, 1) }),
    ...(filters.before === undefined ? {} : { before: filters.before }),
    limit,
  };
}
