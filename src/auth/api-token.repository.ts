import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';

/** An API token as listed to staff (never its hash). */
export interface ApiTokenRecord {
  id: string;
  libraryId: string;
  name: string;
  permissions: string[];
  createdAt: Date;
  createdBy: { id: string; name: string } | null;
  lastUsedAt: Date | null;
  expiresAt: Date | null;
  revokedAt: Date | null;
}

/** A token that may be used now, with its library, as the auth plugin needs it. */
export interface UsableApiToken {
  id: string;
  name: string;
  permissions: string[];
  expiresAt: Date | null;
  library: { id: string; symbol: string; name: string };
  /** Last used over a minute ago (or never): time to record a use. */
  stale: boolean;
}

export interface NewApiToken {
  libraryId: string;
  name: string;
  tokenHash: string;
  permissions: string[];
  createdBy: string | null;
  expiresAt: Date | null;
}

/** SQL for the `api_token` table. */
export class ApiTokenRepository {
  constructor(private readonly db: Kysely<Database>) {}

  private listing() {
    return this.db
      .selectFrom('api_token as t')
      .leftJoin('staff_user as u', 'u.id', 't.created_by')
      .select([
        't.id',
        't.library_id',
        't.name',
        't.permissions',
        't.created_at',
        't.last_used_at',
        't.expires_at',
        't.revoked_at',
        'u.id as creator_id',
        'u.name as creator_name',
      ]);
  }

  private static record(row: {
    id: string;
    library_id: string;
    name: string;
    permissions: string[];
    created_at: Date;
    last_used_at: Date | null;
    expires_at: Date | null;
    revoked_at: Date | null;
    creator_id: string | null;
    creator_name: string | null;
  }): ApiTokenRecord {
    return {
      id: row.id,
      libraryId: row.library_id,
      name: row.name,
      permissions: row.permissions,
      createdAt: row.created_at,
      createdBy:
        row.creator_id === null ? null : { id: row.creator_id, name: row.creator_name ?? row.creator_id },
      lastUsedAt: row.last_used_at,
      expiresAt: row.expires_at,
      revokedAt: row.revoked_at,
    };
  }

  async insert(token: NewApiToken): Promise<string> {
    const { id } = await this.db
      .insertInto('api_token')
      .values({
        library_id: token.libraryId,
        name: token.name,
        token_hash: token.tokenHash,
        permissions: token.permissions,
        created_by: token.createdBy,
        expires_at: token.expiresAt,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return id;
  }

  /** The token with this hash when it is neither revoked nor expired. */
  async findUsable(tokenHash: string): Promise<UsableApiToken | undefined> {
    const row = await this.db
      .selectFrom('api_token as t')
      .innerJoin('library as l', 'l.id', 't.library_id')
      .select([
        't.id',
        't.name',
        't.permissions',
        't.expires_at',
        'l.id as library_id',
        'l.symbol as library_symbol',
        'l.name as library_name',
        sql<boolean>`t.last_used_at is null or t.last_used_at < now() - interval '1 minute'`.as('stale'),
      ])
      .where('t.token_hash', '=', tokenHash)
      .where('t.revoked_at', 'is', null)
      .where((eb) => eb.or([eb('t.expires_at', 'is', null), eb('t.expires_at', '>', sql<Date>`now()`)]))
      .executeTakeFirst();
    if (!row) return undefined;
    return {
      id: row.id,
      name: row.name,
      permissions: row.permissions,
      expiresAt: row.expires_at,
      library: { id: row.library_id, symbol: row.library_symbol, name: row.library_name },
      stale: row.stale,
    };
  }

  /** Records a use, at most once a minute however often the token is used. */
  async recordUse(id: string): Promise<void> {
    await this.db
      .updateTable('api_token')
      .set({ last_used_at: sql<Date>`now()` })
      .where('id', '=', id)
      .where((eb) =>
        eb.or([
          eb('last_used_at', 'is', null),
          eb('last_used_at', '<', sql<Date>`now() - interval '1 minute'`),
        ]),
      )
      .execute();
  }

  /** A library's tokens, newest first, revoked and expired ones included. */
  async listForLibrary(libraryId: string): Promise<ApiTokenRecord[]> {
    const rows = await this.listing()
      .where('t.library_id', '=', libraryId)
      .orderBy('t.created_at', 'desc')
      .orderBy('t.id')
      .execute();
    return rows.map(ApiTokenRepository.record);
  }

  async findById(libraryId: string, id: string): Promise<ApiTokenRecord | undefined> {
    const row = await this.listing()
      .where('t.library_id', '=', libraryId)
      .where('t.id', '=', id)
      .executeTakeFirst();
    return row ? ApiTokenRepository.record(row) : undefined;
  }

  /** Revokes a token of the library (keeping the first revocation time); false when there is none. */
  async revoke(libraryId: string, id: string): Promise<boolean> {
    const result = await this.db
      .updateTable('api_token')
      .set({ revoked_at: sql<Date>`coalesce(revoked_at, now())` })
      .where('library_id', '=', libraryId)
      .where('id', '=', id)
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }
}
