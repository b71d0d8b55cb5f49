/** SQL for idempotency keys. Used inside the transaction of the change it protects. */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';

export interface StoredResponse {
  readonly requestHash: string;
  readonly statusCode: number;
  readonly body: unknown;
}

export class IdempotencyRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /**
   * Claim a key for this transaction. Returns null when claimed; when the key was used before, returns
   * that use's response. A concurrent claim of the same key waits here until the first transaction
   * ends (PostgreSQL's unique index), then sees its stored response, so the change happens once.
   */
  async claim(claim: {
    principal: string;
    key: string;
    method: string;
    path: string;
    requestHash: string;
  }): Promise<StoredResponse | null> {
    const inserted = await this.db
      .insertInto('idempotency_key')
      .values({
        principal: claim.principal,
        key: claim.key,
        method: claim.method,
        path: claim.path,
        request_hash: claim.requestHash,
        status_code: 0,
        body: null,
      })
      .onConflict((conflict) => conflict.columns(['principal', 'key']).doNothing())
      .returning('key')
      .executeTakeFirst();
    if (inserted !== undefined) return null;
    const row = await this.db
      .selectFrom('idempotency_key')
      .select(['request_hash', 'status_code', 'body'])
      .where('principal', '=', claim.principal)
      .where('key', '=', claim.key)
      .executeTakeFirstOrThrow();
    return { requestHash: row.request_hash, statusCode: row.status_code, body: row.body };
  }

  /**
   * Store the response of the change that claimed the key, with the request it shows (if any), so that
   * deleting that request deletes the stored response too.
   */
  async complete(
    principal: string,
    key: string,
    response: { statusCode: number; body: unknown; requestId: string | null },
  ): Promise<void> {
    await this.db
      .updateTable('idempotency_key')
      .set({
        status_code: response.statusCode,
        body: JSON.stringify(response.body),
        request_id: response.requestId,
      })
      .where('principal', '=', principal)
      .where('key', '=', key)
      .execute();
  }
}
