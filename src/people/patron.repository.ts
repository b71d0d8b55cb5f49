import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { PageRequest } from './staff-user.repository.ts';
import { escapeLike } from './sql.ts';
import { customPlan } from '../db/prepared-statements.ts';

/** A patron, never their PIN or password hash. */
export interface PatronRecord {
  id: string;
  libraryId: string;
  cardNumber: string;
  name: string;
  email: string | null;
  category: string;
  emailNotices: boolean;
  preferredLanguage: string;
  active: boolean;
  createdAt: Date;
}

/** A patron with their library, as login and the patron's own profile show them. */
export interface PatronProfileRecord extends PatronRecord {
  library: { id: string; symbol: string; name: string };
}

/** What login needs: the patron, their library and their secret's hash. */
export interface PatronLoginRecord extends PatronProfileRecord {
  secretHash: string;
}

export interface NewPatron {
  libraryId: string;
  cardNumber: string;
  name: string;
  email: string | null;
  category?: string | undefined;
  emailNotices?: boolean | undefined;
  preferredLanguage?: string | undefined;
  active?: boolean | undefined;
  secretHash: string;
}

export interface PatronChanges {
  name?: string | undefined;
  email?: string | null | undefined;
  category?: string | undefined;
  emailNotices?: boolean | undefined;
  preferredLanguage?: string | undefined;
  active?: boolean | undefined;
  secretHash?: string | undefined;
}

/** The unique constraint on a library's card numbers. */
export const PATRON_CARD_CONSTRAINT = 'patron_library_card';

/** SQL for the `patron` table. Pass a transaction as `db` to take part in it. */
export class PatronRepository {
  constructor(private readonly db: Kysely<Database>) {}

  private selectPatrons() {
    return this.db
      .selectFrom('patron as p')
      .select([
        'p.id',
        'p.library_id',
        'p.card_number',
        'p.name',
        'p.email',
        'p.category',
        'p.email_notices',
        'p.preferred_language',
        'p.active',
        'p.created_at',
      ]);
  }

  private selectProfiles() {
    return this.selectPatrons()
      .innerJoin('library as l', 'l.id', 'p.library_id')
      .select(['l.symbol as library_symbol', 'l.name as library_name']);
  }

  private static record(row: {
    id: string;
    library_id: string;
    card_number: string;
    name: string;
    email: string | null;
    category: string;
    email_notices: boolean;
    preferred_language: string;
    active: boolean;
    created_at: Date;
  }): PatronRecord {
    return {
      id: row.id,
      libraryId: row.library_id,
      cardNumber: row.card_number,
      name: row.name,
      email: row.email,
      category: row.category,
      emailNotices: row.email_notices,
      preferredLanguage: row.preferred_language,
      active: row.active,
      createdAt: row.created_at,
    };
  }

  private static profile(
    row: Parameters<typeof PatronRepository.record>[0] & { library_symbol: string; library_name: string },
  ): PatronProfileRecord {
    return {
      ...PatronRepository.record(row),
      library: { id: row.library_id, symbol: row.library_symbol, name: row.library_name },
    };
  }

  /** The patron with this card at the library with this symbol, for login. */
  async findForLogin(librarySymbol: string, cardNumber: string): Promise<PatronLoginRecord | undefined> {
    const row = await this.selectProfiles()
      .select('p.secret_hash')
      .where('l.symbol', '=', librarySymbol)
      .where('p.card_number', '=', cardNumber)
      .executeTakeFirst();
    return row ? { ...PatronRepository.profile(row), secretHash: row.secret_hash } : undefined;
  }

  /**
   * A page of the library's patrons: card numbers starting with `query` or names containing it,
   * exact card matches first, then by name.
   */
  async search(libraryId: string, page: PageRequest): Promise<{ items: PatronRecord[]; total: number }> {
    const term = page.query?.trim();
    let query = this.selectPatrons()
      .select(sql<string>`count(*) over ()`.as('total'))
      .where('p.library_id', '=', libraryId);
    if (term) {
      const escaped = escapeLike(term);
      query = query
        .where((eb) =>
          eb.or([eb('p.card_number', 'ilike', `${escaped}%`), eb('p.name', 'ilike', `%${escaped}%`)]),
        )
        .orderBy(sql`lower(p.card_number) = lower(${term})`, 'desc');
    }
    const rows = await query
      // A name fragment may match three patrons or thousands: plan for the one typed.
      .modifyFront(customPlan)
      .orderBy('p.name')
      .orderBy('p.card_number')
      .limit(page.limit)
      .offset(page.offset)
      .execute();
    const total = rows[0] ? Number(rows[0].total) : page.offset === 0 ? 0 : await this.count(libraryId, term);
    return { items: rows.map(PatronRepository.record), total };
  }

  private async count(libraryId: string, term: string | undefined): Promise<number> {
    let query = this.db
      .selectFrom('patron as p')
      .select((eb) => eb.fn.countAll<string>().as('count'))
      .where('p.library_id', '=', libraryId);
    if (term) {
      const escaped = escapeLike(term);
      query = query.where((eb) =>
        eb.or([eb('p.card_number', 'ilike', `${escaped}%`), eb('p.name', 'ilike', `%${escaped}%`)]),
      );
    }
    const { count } = await query.modifyFront(customPlan).executeTakeFirstOrThrow();
    return Number(count);
  }

  /** The library's patron with this id. */
  async findById(libraryId: string, id: string): Promise<PatronRecord | undefined> {
    const row = await this.selectPatrons()
      .where('p.library_id', '=', libraryId)
      .where('p.id', '=', id)
      .executeTakeFirst();
    return row ? PatronRepository.record(row) : undefined;
  }

  /** The library's patron with this id and their library's symbol and name. */
  async findProfile(libraryId: string, id: string): Promise<PatronProfileRecord | undefined> {
    const row = await this.selectProfiles()
      .where('p.library_id', '=', libraryId)
      .where('p.id', '=', id)
      .executeTakeFirst();
    return row ? PatronRepository.profile(row) : undefined;
  }

  /** Inserts a patron and returns the id; a taken card number violates {@link PATRON_CARD_CONSTRAINT}. */
  async insert(patron: NewPatron): Promise<string> {
    const { id } = await this.db
      .insertInto('patron')
      .values({
        library_id: patron.libraryId,
        card_number: patron.cardNumber,
        name: patron.name,
        email: patron.email,
        secret_hash: patron.secretHash,
        ...(patron.category !== undefined ? { category: patron.category } : {}),
        ...(patron.emailNotices !== undefined ? { email_notices: patron.emailNotices } : {}),
        ...(patron.preferredLanguage !== undefined ? { preferred_language: patron.preferredLanguage } : {}),
        ...(patron.active !== undefined ? { active: patron.active } : {}),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return id;
  }

  /** Changes the library's patron; false when there is no such patron. */
  async update(libraryId: string, id: string, changes: PatronChanges): Promise<boolean> {
    const set = {
      ...(changes.name !== undefined ? { name: changes.name } : {}),
      ...(changes.email !== undefined ? { email: changes.email } : {}),
      ...(changes.category !== undefined ? { category: changes.category } : {}),
      ...(changes.emailNotices !== undefined ? { email_notices: changes.emailNotices } : {}),
      ...(changes.preferredLanguage !== undefined ? { preferred_language: changes.preferredLanguage } : {}),
      ...(changes.active !== undefined ? { active: changes.active } : {}),
      ...(changes.secretHash !== undefined ? { secret_hash: changes.secretHash } : {}),
    };
    if (Object.keys(set).length === 0) return (await this.findById(libraryId, id)) !== undefined;
    const result = await this.db
      .updateTable('patron')
      .set(set)
      .where('library_id', '=', libraryId)
      .where('id', '=', id)
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }
}
