/**
 * Which statements a pooled connection prepares by name, so that PostgreSQL parses each once per
 * connection and, after a few executions, plans it once too (a generic plan). Sent unnamed, as Kysely
 * sends everything, a statement is parsed and planned on every execution: at a million requests that
 * was 44% of the time PostgreSQL spent on Interlend's statements (docs/performance.md).
 *
 * A generic plan is made without the parameters' values, which is right for the write path and for
 * lookups by key, and wrong where the best plan depends on the values: a keyword search, whose words
 * may match three requests or three hundred thousand. Such statements carry {@link CUSTOM_PLAN_MARK}
 * and stay unnamed, planned for their values each time.
 */
import { createHash } from 'node:crypto';
import { sql } from 'kysely';

/** The comment that keeps a statement unnamed (planned for its values on every execution). */
export const CUSTOM_PLAN_MARK = '/* custom plan */';

/**
 * {@link CUSTOM_PLAN_MARK} as SQL, for a raw statement (`sql\`${customPlan} select …\``) or a query
 * builder's `modifyFront(customPlan)`.
 */
export const customPlan = sql.raw(CUSTOM_PLAN_MARK);

/**
 * Named statements one connection holds at most. Each costs PostgreSQL memory for as long as the
 * connection lives; beyond this, new statement texts go unnamed (the list's filters combine into many
 * texts, and a pooled connection closes after a while idle, which frees them).
 */
export const MAX_NAMED_STATEMENTS = 500;

/**
 * Whether `error` is PostgreSQL's refusal to run a prepared statement whose result columns changed
 * since it was prepared (SQLSTATE 0A000, raised by the plan cache).
 */
export function isStaleResultType(error: unknown): boolean {
  return (
    error instanceof Error &&
    (error as { code?: unknown }).code === '0A000' &&
    error.message.includes('cached plan must not change result type')
  );
}

/**
 * Whether a connection is inside a transaction after running `text` (Kysely's `begin`, `start
 * transaction …`, `commit` and `rollback`), given whether it was before.
 */
export function inTransactionAfter(text: string, before: boolean): boolean {
  const statement = text.trim().toLowerCase();
  if (statement.startsWith('begin') || statement.startsWith('start transaction')) return true;
  if (statement === 'commit' || statement === 'rollback') return false;
  return before;
}

/** The names of one connection's prepared statements, by statement text. */
export class StatementNames {
  private readonly names = new Map<string, string>();
  /** Texts prepared again after their result type changed, and how many times. */
  private readonly renewals = new Map<string, number>();

  constructor(private readonly limit = MAX_NAMED_STATEMENTS) {}

  /**
   * The name to prepare `text` under, or undefined to send it unnamed: statements without parameters
   * (transaction control, which `pg` sends as simple queries), marked ones, and new texts once the
   * connection holds {@link MAX_NAMED_STATEMENTS}.
   */
  nameFor(text: string, parameterCount: number): string | undefined {
    const known = this.names.get(text);
    if (known !== undefined) return known;
    if (parameterCount === 0 || text.includes(CUSTOM_PLAN_MARK) || this.names.size >= this.limit) {
      return undefined;
    }
    // A digest, so that the same text has the same name on every connection (easier to read in
    // pg_prepared_statements) and a different text never takes a name in use.
    const renewal = this.renewals.get(text);
    const name = `il_${createHash('sha1').update(text).digest('hex').slice(0, 24)}${renewal === undefined ? '' : `_${renewal}`}`;
    this.names.set(text, name);
    return name;
  }

  /**
   * Gives `text` a new name from its next use on: PostgreSQL refuses to run a prepared statement
   * whose result columns changed since it was prepared (a migration added a column to a table it
   * selects `*` from), so it has to be prepared afresh.
   */
  renew(text: string): void {
    if (!this.names.delete(text)) return;
    this.renewals.set(text, (this.renewals.get(text) ?? 0) + 1);
  }

  /** How many names were given. */
  get size(): number {
    return this.names.size;
  }
}
