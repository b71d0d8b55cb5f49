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

/** The names of one connection's prepared statements, by statement text. */
export class StatementNames {
  private readonly names = new Map<string, string>();

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
    const name = `il_${createHash('sha1').update(text).digest('hex').slice(0, 24)}`;
    this.names.set(text, name);
    return name;
  }

  /** How many names were given. */
  get size(): number {
    return this.names.size;
  }
}
