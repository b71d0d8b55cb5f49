/**
 * SQL of the request list, keyword search and work-queue counts. Filters read the request row only:
 * the state, partner and due date of the current transaction are copied onto it by triggers
 * (migration 0005-request-search), so that queues and state filters use its indexes.
 *
 * Paging is by keyset: each page continues after the sort key of the previous page's last row,
 * compared as a row value `(key…, id)` so that PostgreSQL can walk an index in sort order and stop.
 */
import { sql } from 'kysely';
import type { Kysely, RawBuilder, SqlBool } from 'kysely';
import { customPlan } from '../db/prepared-statements.ts';
import type { Database } from '../db/schema.ts';
import type { RequestFilter, SortKey } from './request-search.schemas.ts';

/** What a keyword matches, worked out by the service. Any one alternative is enough. */
export interface KeywordMatch {
  /** Request numbers (the keyword was `ILL-1042` or `1042`). */
  readonly numbers: readonly string[];
  /** Normalised identifiers, as `request_identifier_key` / `request_oclc_key` make them. */
  readonly isbn: readonly string[];
  readonly issn: readonly string[];
  readonly doi: readonly string[];
  readonly oclc: readonly string[];
  /** A `to_tsquery('simple', …)` text of prefix-matched words, or null when there are no words. */
  readonly tsquery: string | null;
  /** Match titles similar to this text (pg_trgm word similarity): the fallback when nothing matched. */
  readonly similarTitle: string | null;
}

/** One filter, resolved: concrete days, and the keyword analysed. */
export type SearchFilter = Omit<RequestFilter, 'q' | 'includeCompleted' | 'dueBefore'> & {
  readonly dueBefore?: string;
  readonly keyword?: KeywordMatch;
};

/** Which requests: those of a library matching every filter. */
export interface SearchCriteria {
  readonly libraryId: string;
  /** The library's time zone, for the days of date filters. */
  readonly timezone: string;
  readonly filters: readonly SearchFilter[];
  /** Otherwise completed requests are left out, except those found by their number. */
  readonly includeCompleted: boolean;
}

/** Where a page starts: the sort key of the last row of the previous page. */
export interface SortPosition {
  /** The sort column of that row was null (nullable columns only). */
  readonly isNull: boolean;
  /** The sort column's value as text, as {@link RequestListRow.sort_value} returned it. */
  readonly value: string | null;
  readonly id: string;
}

export interface PageRequest {
  readonly sort: SortKey;
  readonly order: 'asc' | 'desc';
  readonly after: SortPosition | null;
  readonly limit: number;
}

interface SortColumn {
  readonly expression: RawBuilder<unknown>;
  /** SQL type the cursor's text value is cast back to. */
  readonly type: 'bigint' | 'timestamptz' | 'text' | 'date';
  readonly nullable: boolean;
  /** Unique within the table: no tie-breaker needed. */
  readonly unique?: boolean;
  /** The sort reads a joined table, which must then be joined before the page is cut. */
  readonly join?: RawBuilder<unknown>;
}

const PATRON_JOIN = sql`left join patron pat on pat.id = r.patron_id`;
const PARTNER_JOIN = sql`left join partner cp on cp.id = r.current_partner_id`;
const CUSTOM_STATUS_JOIN = sql`left join custom_status cs on cs.library_id = r.library_id and cs.code = r.custom_status`;
const PICKUP_BRANCH_JOIN = sql`left join pickup_branch pb on pb.id = r.pickup_branch_id`;

const SORT_COLUMNS: Readonly<Record<SortKey, SortColumn>> = {
  number: { expression: sql`r.number`, type: 'bigint', nullable: false, unique: true },
  createdAt: { expression: sql`r.created_at`, type: 'timestamptz', nullable: false },
  updatedAt: { expression: sql`r.updated_at`, type: 'timestamptz', nullable: false },
  title: { expression: sql`lower(r.title)`, type: 'text', nullable: false },
  author: { expression: sql`lower(r.author)`, type: 'text', nullable: true },
  type: { expression: sql`r.type`, type: 'text', nullable: false },
  status: { expression: sql`r.status`, type: 'text', nullable: true },
  state: { expression: sql`r.current_state`, type: 'text', nullable: true },
  patron: { expression: sql`lower(pat.name)`, type: 'text', nullable: true, join: PATRON_JOIN },
  partner: { expression: sql`lower(cp.name)`, type: 'text', nullable: true, join: PARTNER_JOIN },
  needBefore: { expression: sql`r.need_before`, type: 'date', nullable: true },
  dueDate: { expression: sql`r.current_due_date`, type: 'date', nullable: true },
  role: { expression: sql`r.role`, type: 'text', nullable: false },
  backend: { expression: sql`r.backend`, type: 'text', nullable: false },
  // By the label staff read, not the code.
  customStatus: {
    expression: sql`lower(cs.label)`,
    type: 'text',
    nullable: true,
    join: CUSTOM_STATUS_JOIN,
  },
  pickupBranch: {
    expression: sql`lower(pb.name)`,
    type: 'text',
    nullable: true,
    join: PICKUP_BRANCH_JOIN,
  },
  // By the kind of reason, so that like problems come together.
  attention: { expression: sql`r.attention ->> 'code'`, type: 'text', nullable: true },
  completedAt: { expression: sql`r.completed_at`, type: 'timestamptz', nullable: true },
};

/** Stand-in for null inside the row comparison (the null flag orders before it matters). */
const NULL_STAND_IN: Readonly<Record<SortColumn['type'], string>> = {
  bigint: '0',
  timestamptz: '-infinity',
  text: '',
  date: '-infinity',
};

/** A row of the list, with its sort key for the cursor. */
export interface RequestListRow {
  id: string;
  number: string;
  role: 'borrowing' | 'lending';
  backend: string;
  status: string | null;
  custom_status: string | null;
  custom_status_label: string | null;
  current_position: number | null;
  current_state: string | null;
  current_due_date: string | null;
  current_partner_id: string | null;
  current_partner_symbol: string | null;
  current_partner_name: string | null;
  type: string;
  title: string;
  author: string | null;
  patron_id: string | null;
  patron_name: string | null;
  patron_card_number: string | null;
  pickup_branch_id: string | null;
  pickup_branch_code: string | null;
  pickup_branch_name: string | null;
  need_before: string | null;
  /** The stored reason, read with `readAttention`. */
  attention: unknown;
  /** Messages to partners not delivered yet (staff's set-aside ones left out). */
  undelivered_messages: number;
  completed_at: Date | null;
  created_at: Date;
  updated_at: Date;
  sort_null: boolean;
  sort_value: string | null;
}

const cast = (value: unknown, type: string) => sql`cast(${value} as ${sql.raw(type)})`;

/**
 * `expression` equals one of `values`. A single value is compared with `=`, so that PostgreSQL can
 * walk an index on the column in sort order (`= any(array)` keeps it from doing so before v17).
 */
const oneOf = (expression: RawBuilder<unknown>, values: readonly string[], type = 'text') =>
  values.length === 1
    ? sql`${expression} = ${cast(values[0], type)}`
    : sql`${expression} = any(${cast([...values], `${type}[]`)})`;

/** The start of a day of the library's calendar, as a timestamptz. */
const dayStart = (day: string, timezone: string, plusDays = 0) =>
  sql`((cast(${day} as date) + ${plusDays}::integer)::timestamp at time zone ${timezone})`;

function keywordCondition(keyword: KeywordMatch): RawBuilder<SqlBool> {
  const alternatives: RawBuilder<unknown>[] = [];
  if (keyword.numbers.length > 0) alternatives.push(oneOf(sql`r.number`, keyword.numbers, 'bigint'));
  if (keyword.isbn.length > 0) alternatives.push(oneOf(sql`request_identifier_key(r.isbn)`, keyword.isbn));
  if (keyword.issn.length > 0) alternatives.push(oneOf(sql`request_identifier_key(r.issn)`, keyword.issn));
  if (keyword.doi.length > 0) alternatives.push(oneOf(sql`request_identifier_key(r.doi)`, keyword.doi));
  if (keyword.oclc.length > 0) alternatives.push(oneOf(sql`request_oclc_key(r.oclc_number)`, keyword.oclc));
  if (keyword.tsquery !== null) alternatives.push(sql`r.search @@ to_tsquery('simple', ${keyword.tsquery})`);
  if (keyword.similarTitle !== null) alternatives.push(sql`${keyword.similarTitle} <% r.title`);
  if (alternatives.length === 0) return sql<SqlBool>`false`;
  return sql<SqlBool>`(${sql.join(alternatives, sql` or `)})`;
}

function filterConditions(filter: SearchFilter, timezone: string): RawBuilder<SqlBool>[] {
  const conditions: RawBuilder<SqlBool>[] = [];
  const add = (condition: RawBuilder<unknown>) => conditions.push(condition as RawBuilder<SqlBool>);
  if (filter.role !== undefined) add(sql`r.role = ${filter.role}`);
  if (filter.status !== undefined) add(oneOf(sql`r.status`, filter.status));
  if (filter.state !== undefined) add(oneOf(sql`r.current_state`, filter.state));
  if (filter.customStatus !== undefined) add(oneOf(sql`r.custom_status`, filter.customStatus));
  if (filter.type !== undefined) add(oneOf(sql`r.type`, filter.type));
  if (filter.backend !== undefined) add(oneOf(sql`r.backend`, filter.backend));
  if (filter.patronId !== undefined) add(sql`r.patron_id = ${filter.patronId}`);
  if (filter.pickupBranchId !== undefined) add(oneOf(sql`r.pickup_branch_id`, filter.pickupBranchId, 'uuid'));
  if (filter.partnerId !== undefined) add(sql`r.current_partner_id = ${filter.partnerId}`);
  if (filter.createdFrom !== undefined) add(sql`r.created_at >= ${dayStart(filter.createdFrom, timezone)}`);
  if (filter.createdTo !== undefined) add(sql`r.created_at < ${dayStart(filter.createdTo, timezone, 1)}`);
  if (filter.updatedFrom !== undefined) add(sql`r.updated_at >= ${dayStart(filter.updatedFrom, timezone)}`);
  if (filter.updatedTo !== undefined) add(sql`r.updated_at < ${dayStart(filter.updatedTo, timezone, 1)}`);
  if (filter.needBeforeFrom !== undefined) add(sql`r.need_before >= ${cast(filter.needBeforeFrom, 'date')}`);
  if (filter.needBeforeTo !== undefined) add(sql`r.need_before <= ${cast(filter.needBeforeTo, 'date')}`);
  if (filter.completedFrom !== undefined)
    add(sql`r.completed_at >= ${dayStart(filter.completedFrom, timezone)}`);
  if (filter.completedTo !== undefined)
    add(sql`r.completed_at < ${dayStart(filter.completedTo, timezone, 1)}`);
  if (filter.dueBefore !== undefined) add(sql`r.current_due_date < ${cast(filter.dueBefore, 'date')}`);
  if (filter.attention !== undefined)
    add(filter.attention ? sql`r.attention is not null` : sql`r.attention is null`);
  if (filter.undelivered !== undefined) {
    const undelivered = sql`exists (select 1 from outbox_message o where o.request_id = r.id and o.status <> 'sent' and o.set_aside_at is null)`;
    add(filter.undelivered ? undelivered : sql`not ${undelivered}`);
  }
  if (filter.answered !== undefined) add(sql`r.lender_answered = ${filter.answered}`);
  if (filter.returnRecorded !== undefined) add(sql`r.current_return_recorded = ${filter.returnRecorded}`);
  if (filter.keyword !== undefined) add(keywordCondition(filter.keyword));
  return conditions;
}

/** Every condition of the criteria, as one SQL boolean over `request r`. */
function whereClause(criteria: SearchCriteria): RawBuilder<SqlBool> {
  const conditions: RawBuilder<unknown>[] = [sql`r.library_id = ${criteria.libraryId}`];
  if (!criteria.includeCompleted) {
    // A request asked for by its number is found even when completed (VDX: searching specifically
    // for a request number always retrieves it).
    const numbers = criteria.filters.flatMap((filter) => filter.keyword?.numbers ?? []);
    conditions.push(
      numbers.length === 0
        ? sql`r.completed_at is null`
        : sql`(r.completed_at is null or ${oneOf(sql`r.number`, numbers, 'bigint')})`,
    );
  }
  for (const filter of criteria.filters) conditions.push(...filterConditions(filter, criteria.timezone));
  return sql<SqlBool>`${sql.join(conditions, sql` and `)}`;
}

function sortParts(column: SortColumn): RawBuilder<unknown>[] {
  if (!column.nullable) return column.unique ? [column.expression] : [column.expression, sql`r.id`];
  return [
    sql`(${column.expression} is null)`,
    // A literal, not a parameter: the open-request indexes on status and due date (migration 0016)
    // hold this very expression, and a parameter would not match it in a generic plan.
    sql`coalesce(${column.expression}, ${cast(sql.lit(NULL_STAND_IN[column.type]), column.type)})`,
    sql`r.id`,
  ];
}

function positionValues(column: SortColumn, after: SortPosition): RawBuilder<unknown>[] {
  const value = cast(after.value ?? NULL_STAND_IN[column.type], column.type);
  const id = cast(after.id, 'uuid');
  if (!column.nullable) return column.unique ? [value] : [value, id];
  return [
    sql`${after.isNull}::boolean`,
    after.isNull ? cast(NULL_STAND_IN[column.type], column.type) : value,
    id,
  ];
}

export class RequestSearchRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** The library's time zone and its current day at `now`, or undefined for no such library. */
  async libraryDay(libraryId: string, now: Date): Promise<{ timezone: string; today: string } | undefined> {
    const result = await sql<{ timezone: string; today: string }>`
      select timezone, ((cast(${now.toISOString()} as timestamptz) at time zone timezone)::date)::text as today
        from library where id = ${libraryId}`.execute(this.db);
    return result.rows[0];
  }

  // The list and a keyword's counts are planned for their values each time (`customPlan`): the best
  // plan of a keyword search or a filter depends on how many requests match it.

  /**
   * One page of matching requests, in sort order, after `page.after`. The page is cut from the
   * request rows alone; partners, patrons and custom statuses are joined to its rows only.
   */
  async list(criteria: SearchCriteria, page: PageRequest): Promise<RequestListRow[]> {
    const column = SORT_COLUMNS[page.sort];
    const direction = sql.raw(page.order);
    const parts = sortParts(column);
    const keyset =
      page.after === null
        ? sql`true`
        : sql`(${sql.join(parts)}) ${sql.raw(page.order === 'asc' ? '>' : '<')} (${sql.join(
            positionValues(column, page.after),
          )})`;
    const keys = parts.map((_, index) => sql.ref(`page.k${index}`));
    const result = await sql<RequestListRow>`${customPlan}
      select page.id, page.number, page.role, page.backend, page.status, page.custom_status,
             cs.label as custom_status_label, page.current_position, page.current_state,
             page.current_due_date::text as current_due_date, page.current_partner_id,
             cp.symbol as current_partner_symbol, cp.name as current_partner_name,
             page.type, page.title, page.author,
             pat.id as patron_id, pat.name as patron_name, pat.card_number as patron_card_number,
             pb.id as pickup_branch_id, pb.code as pickup_branch_code, pb.name as pickup_branch_name,
             page.need_before::text as need_before, page.attention, page.completed_at, page.created_at,
             page.updated_at, page.sort_null, page.sort_value,
             (select count(*)::int from outbox_message o
               where o.request_id = page.id and o.status <> 'sent' and o.set_aside_at is null
             ) as undelivered_messages
        from (
          select r.id, r.number, r.library_id, r.role, r.backend, r.status, r.custom_status,
                 r.current_position, r.current_state, r.current_due_date, r.current_partner_id,
                 r.type, r.title, r.author, r.patron_id, r.pickup_branch_id, r.need_before, r.attention,
                 r.completed_at,
                 r.created_at, r.updated_at,
                 (${column.expression}) is null as sort_null, cast(${column.expression} as text) as sort_value,
                 ${sql.join(parts.map((part, index) => sql`${part} as ${sql.id(`k${index}`)}`))}
            from request r ${column.join ?? sql``}
           where ${whereClause(criteria)} and ${keyset}
           order by ${sql.join(parts.map((part) => sql`${part} ${direction}`))}
           limit ${page.limit}
        ) page
        left join partner cp on cp.id = page.current_partner_id
        left join patron pat on pat.id = page.patron_id
        left join pickup_branch pb on pb.id = page.pickup_branch_id
        left join custom_status cs on cs.library_id = page.library_id and cs.code = page.custom_status
       order by ${sql.join(keys.map((key) => sql`${key} ${direction}`))}`.execute(this.db);
    return result.rows;
  }

  /** How many requests match each criteria, each counted up to `cap + 1`, in one statement. */
  async countEach(criteria: readonly SearchCriteria[], cap: number): Promise<number[]> {
    if (criteria.length === 0) return [];
    const counts = criteria.map(
      (one, index) =>
        sql`(select count(*) from (select 1 from request r where ${whereClause(one)} limit ${cap + 1}) m) as ${sql.id(
          `c${index}`,
        )}`,
    );
    // Counts of work queues (no keyword) have one shape per library's dashboard: prepared, they are
    // planned once per connection instead of on every call, which at a million requests and twenty
    // queues took longer than counting. A keyword's count is planned for its words.
    const keyword = criteria.some((one) => one.filters.some((filter) => filter.keyword !== undefined));
    const result = await sql<Record<string, string>>`${keyword ? customPlan : sql``} select ${sql.join(
      counts,
    )}`.execute(this.db);
    const row = result.rows[0] ?? {};
    return criteria.map((_, index) => Number(row[`c${index}`] ?? 0));
  }
}
