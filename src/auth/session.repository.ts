import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';

/** A new login session; its lifetime is counted by the database clock. */
export interface NewSession {
  idHash: string;
  kind: 'staff' | 'patron';
  libraryId: string;
  staffUserId: string | null;
  patronId: string | null;
  csrfToken: string;
  /** Sliding lifetime: the session ends this long after it was last used. */
  idleSeconds: number;
  /** Absolute lifetime: the session ends this long after login, however busy. */
  absoluteSeconds: number;
}

/** A session with who it belongs to, as the auth plugin needs it on every request. */
export interface SessionRecord {
  idHash: string;
  kind: 'staff' | 'patron';
  csrfToken: string;
  /** Neither idle nor past its absolute lifetime. */
  live: boolean;
  /** Last used over a minute ago: time to slide its expiry (at most one write a minute). */
  stale: boolean;
  library: { id: string; symbol: string; name: string };
  staffUser: {
    id: string;
    username: string;
    name: string;
    email: string | null;
    active: boolean;
    permissions: string[];
  } | null;
  patron: {
    id: string;
    cardNumber: string;
    name: string;
    email: string | null;
    category: string;
    emailNotices: boolean;
    preferredLanguage: string;
    active: boolean;
  } | null;
}

/** SQL for the `session` table. Tokens never reach it, only their hashes. */
export class SessionRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async insert(session: NewSession): Promise<void> {
    await this.db
      .insertInto('session')
      .values({
        id_hash: session.idHash,
        kind: session.kind,
        library_id: session.libraryId,
        staff_user_id: session.staffUserId,
        patron_id: session.patronId,
        csrf_token: session.csrfToken,
        expires_at: sql<Date>`now() + make_interval(secs => ${Math.min(session.idleSeconds, session.absoluteSeconds)})`,
      })
      .execute();
  }

  /** The session with this hash and its user, live or not; undefined when there is none. */
  async find(idHash: string, absoluteSeconds: number): Promise<SessionRecord | undefined> {
    const row = await this.db
      .selectFrom('session as s')
      .innerJoin('library as l', 'l.id', 's.library_id')
      .leftJoin('staff_user as u', 'u.id', 's.staff_user_id')
      .leftJoin('patron as p', 'p.id', 's.patron_id')
      .select([
        's.id_hash',
        's.kind',
        's.csrf_token',
        'l.id as library_id',
        'l.symbol as library_symbol',
        'l.name as library_name',
        'u.id as staff_user_id',
        'u.username',
        'u.name as staff_name',
        'u.email as staff_email',
        'u.active as staff_active',
        'p.id as patron_id',
        'p.card_number',
        'p.name as patron_name',
        'p.email as patron_email',
        'p.category',
        'p.email_notices',
        'p.preferred_language',
        'p.active as patron_active',
        sql<boolean>`s.expires_at > now() and s.created_at + make_interval(secs => ${absoluteSeconds}) > now()`.as(
          'live',
        ),
        sql<boolean>`s.last_seen_at < now() - interval '1 minute'`.as('stale'),
        sql<string[]>`coalesce(
          (select array_agg(sp.permission order by sp.permission)
             from staff_permission sp where sp.staff_user_id = s.staff_user_id),
          '{}')`.as('permissions'),
      ])
      .where('s.id_hash', '=', idHash)
      .executeTakeFirst();
    if (!row) return undefined;
    return {
      idHash: row.id_hash,
      kind: row.kind,
      csrfToken: row.csrf_token,
      live: row.live,
      stale: row.stale,
      library: { id: row.library_id, symbol: row.library_symbol, name: row.library_name },
      staffUser:
        row.staff_user_id === null
          ? null
          : {
              id: row.staff_user_id,
              username: row.username ?? '',
              name: row.staff_name ?? '',
              email: row.staff_email,
              active: row.staff_active ?? false,
              permissions: row.permissions,
            },
      patron:
        row.patron_id === null
          ? null
          : {
              id: row.patron_id,
              cardNumber: row.card_number ?? '',
              name: row.patron_name ?? '',
              email: row.patron_email,
              category: row.category ?? '',
              emailNotices: row.email_notices ?? false,
              preferredLanguage: row.preferred_language ?? '',
              active: row.patron_active ?? false,
            },
    };
  }

  /** Slides the expiry: `idleSeconds` from now, but never past the absolute lifetime. */
  async touch(idHash: string, idleSeconds: number, absoluteSeconds: number): Promise<void> {
    await this.db
      .updateTable('session')
      .set({
        last_seen_at: sql<Date>`now()`,
        expires_at: sql<Date>`least(now() + make_interval(secs => ${idleSeconds}), created_at + make_interval(secs => ${absoluteSeconds}))`,
      })
      .where('id_hash', '=', idHash)
      .execute();
  }

  async delete(idHash: string): Promise<void> {
    await this.db.deleteFrom('session').where('id_hash', '=', idHash).execute();
  }

  /** Ends every session of a staff user, e.g. after a password reset or deactivation. */
  async deleteForStaffUser(staffUserId: string): Promise<void> {
    await this.db.deleteFrom('session').where('staff_user_id', '=', staffUserId).execute();
  }

  /** Ends every session of a patron, e.g. after a new PIN or deactivation. */
  async deleteForPatron(patronId: string): Promise<void> {
    await this.db.deleteFrom('session').where('patron_id', '=', patronId).execute();
  }

  /** Deletes sessions that have expired; returns how many. */
  async deleteExpired(absoluteSeconds: number): Promise<number> {
    const result = await this.db
      .deleteFrom('session')
      .where((eb) =>
        eb.or([
          eb('expires_at', '<=', sql<Date>`now()`),
          eb('created_at', '<=', sql<Date>`now() - make_interval(secs => ${absoluteSeconds})`),
        ]),
      )
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}
