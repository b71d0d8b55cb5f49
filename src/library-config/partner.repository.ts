import { sql, type Kysely } from 'kysely';
import type { Database, NewPartner, Partner, PartnerUpdate } from '../db/schema.ts';
import { ConflictError } from '../errors.ts';
import { uniqueViolation } from './database-errors.ts';

/** Filters of the partner directory listing. */
export interface PartnerFilter {
  active?: boolean;
  protocol?: Partner['protocol'];
  /** Matches a part of the symbol or the name, ignoring case. */
  search?: string;
  limit: number;
  offset: number;
}

/** Where a partner is used; any non-zero count keeps it from being deleted. */
export interface PartnerUsage {
  /** Borrowing requests with the partner on their rota. */
  rotaRequests: number;
  /** Lending requests from the partner. */
  lendingRequests: number;
  /** Transactions with the partner. */
  transactions: number;
  /** Messages to the partner, sent or waiting. */
  messages: number;
}

/** A partner's changes; the library and the timestamps are not changed this way. */
export type PartnerChanges = Omit<PartnerUpdate, 'id' | 'library_id' | 'created_at' | 'updated_at'>;

function symbolTaken(error: unknown, symbol: string | undefined): never {
  if (uniqueViolation(error) === 'partner_library_symbol') {
    throw new ConflictError(`The partner directory already has a partner with the symbol ${symbol}.`, {
      field: 'symbol',
    });
  }
  throw error;
}

/** `%`, `_` and `\` match themselves in the search text. */
function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (character) => `\\${character}`)}%`;
}

/**
 * SQL for `partner`: a library's directory of the libraries it borrows from and lends to. Every
 * query is scoped to one library. Pass a transaction as `db` to take part in it.
 */
export class PartnerRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** One page of the directory in symbol order, with the number of partners matching the filter. */
  async list(libraryId: string, filter: PartnerFilter): Promise<{ rows: Partner[]; total: number }> {
    let query = this.db.selectFrom('partner').where('library_id', '=', libraryId);
    if (filter.active !== undefined) query = query.where('active', '=', filter.active);
    if (filter.protocol !== undefined) query = query.where('protocol', '=', filter.protocol);
    if (filter.search !== undefined && filter.search !== '') {
      const pattern = likePattern(filter.search);
      query = query.where((eb) => eb.or([eb('symbol', 'ilike', pattern), eb('name', 'ilike', pattern)]));
    }
    const [rows, { total }] = await Promise.all([
      query.selectAll().orderBy('symbol').orderBy('id').limit(filter.limit).offset(filter.offset).execute(),
      query.select((eb) => eb.fn.countAll<string>().as('total')).executeTakeFirstOrThrow(),
    ]);
    return { rows, total: Number(total) };
  }

  /** The partner; with `lock`, locked until the transaction ends so no request can start using it. */
  async find(libraryId: string, id: string, lock = false): Promise<Partner | undefined> {
    let query = this.db
      .selectFrom('partner')
      .selectAll()
      .where('library_id', '=', libraryId)
      .where('id', '=', id);
    if (lock) query = query.forUpdate();
    return query.executeTakeFirst();
  }

  /** The partners of the library having any of these symbols. */
  async findBySymbols(libraryId: string, symbols: readonly string[]): Promise<Partner[]> {
    if (symbols.length === 0) return [];
    return this.db
      .selectFrom('partner')
      .selectAll()
      .where('library_id', '=', libraryId)
      .where('symbol', 'in', [...symbols])
      .execute();
  }

  /** @throws ConflictError (field `symbol`) when the library already has a partner with this symbol */
  async insert(partner: NewPartner): Promise<Partner> {
    try {
      return await this.db.insertInto('partner').values(partner).returningAll().executeTakeFirstOrThrow();
    } catch (error) {
      return symbolTaken(error, partner.symbol);
    }
  }

  /** @throws ConflictError (field `symbol`) when another partner of the library has the new symbol */
  async update(libraryId: string, id: string, changes: PartnerChanges): Promise<Partner | undefined> {
    try {
      return await this.db
        .updateTable('partner')
        .set({ ...changes, updated_at: sql<Date>`now()` })
        .where('library_id', '=', libraryId)
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirst();
    } catch (error) {
      return symbolTaken(error, changes.symbol);
    }
  }

  async usage(id: string): Promise<PartnerUsage> {
    const row = await this.db
      .selectNoFrom((eb) => [
        eb
          .selectFrom('rota_entry')
          .select(sql<string>`count(distinct request_id)`.as('n'))
          .where('partner_id', '=', id)
          .as('rota_requests'),
        eb
          .selectFrom('request')
          .select((inner) => inner.fn.countAll<string>().as('n'))
          .where('partner_id', '=', id)
          .as('lending_requests'),
        eb
          .selectFrom('transaction')
          .select((inner) => inner.fn.countAll<string>().as('n'))
          .where('partner_id', '=', id)
          .as('transactions'),
        eb
          .selectFrom('outbox_message')
          .select((inner) => inner.fn.countAll<string>().as('n'))
          .where('partner_id', '=', id)
          .as('messages'),
      ])
      .executeTakeFirstOrThrow();
    return {
      rotaRequests: Number(row.rota_requests),
      lendingRequests: Number(row.lending_requests),
      transactions: Number(row.transactions),
      messages: Number(row.messages),
    };
  }

  async delete(libraryId: string, id: string): Promise<boolean> {
    const result = await this.db
      .deleteFrom('partner')
      .where('library_id', '=', libraryId)
      .where('id', '=', id)
      .executeTakeFirst();
    return result.numDeletedRows > 0n;
  }
}
