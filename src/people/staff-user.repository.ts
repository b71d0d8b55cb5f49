import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { escapeLike } from './sql.ts';

/** A staff user with their permissions, never their password hash. */
export interface StaffUserRecord {
  id: string;
  libraryId: string;
  username: string;
  name: string;
  email: string | null;
  active: boolean;
  permissions: string[];
  createdAt: Date;
  lastLoginAt: Date | null;
}

/** What login needs: the user, their password hash, library and permissions. */
export interface StaffLoginRecord extends StaffUserRecord {
  passwordHash: string;
  library: { id: string; symbol: string; name: string };
}

export interface NewStaffUser {
  libraryId: string;
  username: string;
  name: string;
  email: string | null;
  passwordHash: string;
  active: boolean;
}

export interface StaffUserChanges {
  name?: string;
  email?: string | null;
  active?: boolean;
  passwordHash?: string;
}

export interface PageRequest {
  query?: string | undefined;
  limit: number;
  offset: number;
}

/** SQL for `staff_user` and `staff_permission`. Pass a transaction as `db` to take part in it. */
export class StaffUserRepository {
  constructor(private readonly db: Kysely<Database>) {}

  private selectUsers() {
    return this.db.selectFrom('staff_user as u').select([
      'u.id',
      'u.library_id',
      'u.username',
      'u.name',
      'u.email',
      'u.active',
      'u.created_at',
      'u.last_login_at',
      sql<string[]>`coalesce(
          (select array_agg(sp.permission order by sp.permission)
             from staff_permission sp where sp.staff_user_id = u.id),
          '{}')`.as('permissions'),
    ]);
  }

  private static record(row: {
    id: string;
    library_id: string;
    username: string;
    name: string;
    email: string | null;
    active: boolean;
    created_at: Date;
    last_login_at: Date | null;
    permissions: string[];
  }): StaffUserRecord {
    return {
      id: row.id,
      libraryId: row.library_id,
      username: row.username,
      name: row.name,
      email: row.email,
      active: row.active,
      permissions: row.permissions,
      createdAt: row.created_at,
      lastLoginAt: row.last_login_at,
    };
  }

  /** The user with this (lower-case) username in any library, for login. */
  async findForLogin(username: string): Promise<StaffLoginRecord | undefined> {
    const row = await this.selectUsers()
      .innerJoin('library as l', 'l.id', 'u.library_id')
      .select(['u.password_hash', 'l.symbol as library_symbol', 'l.name as library_name'])
      .where('u.username', '=', username)
      .executeTakeFirst();
    if (!row) return undefined;
    return {
      ...StaffUserRepository.record(row),
      passwordHash: row.password_hash,
      library: { id: row.library_id, symbol: row.library_symbol, name: row.library_name },
    };
  }

  async recordLogin(id: string): Promise<void> {
    await this.db
      .updateTable('staff_user')
      .set({ last_login_at: sql<Date>`now()` })
      .where('id', '=', id)
      .execute();
  }

  /** A page of the library's users by username, optionally matching `query` in username or name. */
  async list(libraryId: string, page: PageRequest): Promise<{ items: StaffUserRecord[]; total: number }> {
    let query = this.selectUsers()
      .select(sql<string>`count(*) over ()`.as('total'))
      .where('u.library_id', '=', libraryId);
    const term = page.query?.trim();
    if (term) {
      const pattern = `%${escapeLike(term)}%`;
      query = query.where((eb) =>
        eb.or([eb('u.username', 'ilike', pattern), eb('u.name', 'ilike', pattern)]),
      );
    }
    const rows = await query.orderBy('u.username').limit(page.limit).offset(page.offset).execute();
    const total = rows[0] ? Number(rows[0].total) : page.offset === 0 ? 0 : await this.count(libraryId, term);
    return { items: rows.map(StaffUserRepository.record), total };
  }

  private async count(libraryId: string, term: string | undefined): Promise<number> {
    let query = this.db
      .selectFrom('staff_user as u')
      .select((eb) => eb.fn.countAll<string>().as('count'))
      .where('u.library_id', '=', libraryId);
    if (term) {
      const pattern = `%${escapeLike(term)}%`;
      query = query.where((eb) =>
        eb.or([eb('u.username', 'ilike', pattern), eb('u.name', 'ilike', pattern)]),
      );
    }
    const { count } = await query.executeTakeFirstOrThrow();
    return Number(count);
  }

  /** The library's user with this id; locks the row when `forUpdate` (inside a transaction). */
  async findById(
    libraryId: string,
    id: string,
    options: { forUpdate?: boolean } = {},
  ): Promise<StaffUserRecord | undefined> {
    let query = this.selectUsers().where('u.library_id', '=', libraryId).where('u.id', '=', id);
    if (options.forUpdate) query = query.forUpdate();
    const row = await query.executeTakeFirst();
    return row ? StaffUserRepository.record(row) : undefined;
  }

  async usernameExists(username: string): Promise<boolean> {
    const row = await this.db
      .selectFrom('staff_user')
      .select('id')
      .where('username', '=', username)
      .executeTakeFirst();
    return row !== undefined;
  }

  /** Inserts a user and returns the id. */
  async insert(user: NewStaffUser): Promise<string> {
    const { id } = await this.db
      .insertInto('staff_user')
      .values({
        library_id: user.libraryId,
        username: user.username,
        name: user.name,
        email: user.email,
        password_hash: user.passwordHash,
        active: user.active,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return id;
  }

  async update(id: string, changes: StaffUserChanges): Promise<void> {
    const set = {
      ...(changes.name !== undefined ? { name: changes.name } : {}),
      ...(changes.email !== undefined ? { email: changes.email } : {}),
      ...(changes.active !== undefined ? { active: changes.active } : {}),
      ...(changes.passwordHash !== undefined ? { password_hash: changes.passwordHash } : {}),
    };
    if (Object.keys(set).length === 0) return;
    await this.db.updateTable('staff_user').set(set).where('id', '=', id).execute();
  }

  /** Makes the user's permissions exactly `permissions`. */
  async replacePermissions(id: string, permissions: readonly string[]): Promise<void> {
    await this.db.deleteFrom('staff_permission').where('staff_user_id', '=', id).execute();
    if (permissions.length === 0) return;
    await this.db
      .insertInto('staff_permission')
      .values(permissions.map((permission) => ({ staff_user_id: id, permission })))
      .execute();
  }
}
