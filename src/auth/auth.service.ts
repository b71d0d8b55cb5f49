/**
 * Logging in and out, and turning a session cookie or API token into a principal on every request.
 */
import { RateLimitedError, UnauthenticatedError } from '../errors.ts';
import type { PatronRepository } from '../people/patron.repository.ts';
import type { StaffUserRepository } from '../people/staff-user.repository.ts';
import type { ApiTokenRepository } from './api-token.repository.ts';
import type { ApiTokenSummary, MeResponse, PatronSummary, StaffUserSummary } from './auth.schemas.ts';
import { hashSecret, verifySecret } from './passwords.ts';
import {
  ANONYMOUS,
  type AnonymousPrincipal,
  type PatronPrincipal,
  type StaffPrincipal,
} from './principal.ts';
import type { RateLimiter } from './rate-limiter.ts';
import type { SessionRecord, SessionRepository } from './session.repository.ts';
import { hashToken, randomToken } from './tokens.ts';

/** Session lifetimes and login limits. */
export interface AuthSettings {
  /** A staff session ends after this long unused (sliding expiry). */
  staffIdleSeconds: number;
  /** A patron session ends after this long unused; shorter, as patrons use shared OPAC terminals. */
  patronIdleSeconds: number;
  /** Every session ends this long after login, however busy. */
  absoluteSeconds: number;
  /** Failed logins allowed per account (staff username, or library and card) per window. */
  failuresPerAccount: number;
  /** Failed logins allowed per client address per window; higher, as a library's staff share one. */
  failuresPerAddress: number;
  /** The login-limit window. */
  failureWindowSeconds: number;
}

export const DEFAULT_AUTH_SETTINGS: AuthSettings = {
  staffIdleSeconds: 4 * 3600,
  patronIdleSeconds: 3600,
  absoluteSeconds: 12 * 3600,
  failuresPerAccount: 10,
  failuresPerAddress: 50,
  failureWindowSeconds: 15 * 60,
};

/** How a request was authenticated, resolved once per request by the auth plugin. */
export type Authentication =
  | {
      via: 'none';
      principal: AnonymousPrincipal;
      /** Credentials were presented but refused (unknown, expired, revoked or of an inactive user). */
      rejected: boolean;
    }
  | {
      via: 'session';
      principal: StaffPrincipal | PatronPrincipal;
      sessionHash: string;
      csrfToken: string;
      me: MeResponse;
    }
  | { via: 'token'; principal: StaffPrincipal; me: MeResponse };

/** What a successful login hands to the route: the user, and the secrets for the cookie and header. */
export interface LoginResult<User> {
  user: User;
  sessionToken: string;
  csrfToken: string;
}

interface LoginContext {
  /** The client address, for the per-address limit. */
  ip: string;
  /** The session cookie sent with the login, if any: that session ends (no session fixation). */
  previousSessionToken?: string | undefined;
}

const STAFF_LOGIN_FAILED = 'Unknown username or wrong password.';
const PATRON_LOGIN_FAILED = 'Unknown library or card number, or wrong PIN or password.';

export interface AuthRepositories {
  sessions: SessionRepository;
  apiTokens: ApiTokenRepository;
  staffUsers: StaffUserRepository;
  patrons: PatronRepository;
}

export class AuthService {
  /** Verified against when there is no such user, so a miss takes as long as a wrong password. */
  private dummyHash: Promise<string> | undefined;

  constructor(
    private readonly repositories: AuthRepositories,
    private readonly rateLimiter: RateLimiter,
    readonly settings: AuthSettings = DEFAULT_AUTH_SETTINGS,
  ) {}

  /**
   * Logs a staff user in by username and password.
   *
   * @throws UnauthenticatedError with one message for every failure (unknown user, wrong password,
   *   inactive account), so that nobody can learn which usernames exist
   * @throws RateLimitedError after too many failures for the username or from the address
   */
  async loginStaff(
    input: { username: string; password: string } & LoginContext,
  ): Promise<LoginResult<StaffUserSummary>> {
    const username = input.username.trim().toLowerCase();
    const accountKey = `login:staff:${username}`;
    const addressKey = `login:ip:${input.ip}`;
    await this.admitAttempt(accountKey, addressKey);

    const user = await this.repositories.staffUsers.findForLogin(username);
    const matches = await verifySecret(input.password, user?.passwordHash ?? (await this.dummy()));
    if (!user || !matches || !user.active) throw new UnauthenticatedError(STAFF_LOGIN_FAILED);

    await this.forgetFailures(accountKey, addressKey);
    await this.repositories.staffUsers.recordLogin(user.id);
    const session = await this.startSession(
      { kind: 'staff', libraryId: user.libraryId, staffUserId: user.id, patronId: null },
      input.previousSessionToken,
    );
    return {
      user: {
        id: user.id,
        username: user.username,
        name: user.name,
        email: user.email,
        libraryId: user.library.id,
        librarySymbol: user.library.symbol,
        libraryName: user.library.name,
        permissions: user.permissions,
      },
      ...session,
    };
  }

  /**
   * Logs a patron in by library symbol, card number and PIN or password.
   *
   * @throws UnauthenticatedError with one message for every failure
   * @throws RateLimitedError after too many failures for the card or from the address
   */
  async loginPatron(
    input: { library: string; cardNumber: string; secret: string } & LoginContext,
  ): Promise<LoginResult<PatronSummary>> {
    const library = input.library.trim();
    const cardNumber = input.cardNumber.trim();
    const accountKey = `login:patron:${library}:${cardNumber}`;
    const addressKey = `login:ip:${input.ip}`;
    await this.admitAttempt(accountKey, addressKey);

    const patron = await this.repositories.patrons.findForLogin(library, cardNumber);
    const matches = await verifySecret(input.secret, patron?.secretHash ?? (await this.dummy()));
    if (!patron || !matches || !patron.active) throw new UnauthenticatedError(PATRON_LOGIN_FAILED);

    await this.forgetFailures(accountKey, addressKey);
    const session = await this.startSession(
      { kind: 'patron', libraryId: patron.libraryId, staffUserId: null, patronId: patron.id },
      input.previousSessionToken,
    );
    return {
      user: {
        id: patron.id,
        cardNumber: patron.cardNumber,
        name: patron.name,
        email: patron.email,
        category: patron.category,
        emailNotices: patron.emailNotices,
        preferredLanguage: patron.preferredLanguage,
        libraryId: patron.library.id,
        librarySymbol: patron.library.symbol,
        libraryName: patron.library.name,
      },
      ...session,
    };
  }

  /** Ends the session of this cookie value, if there is one. */
  async logout(sessionToken: string): Promise<void> {
    await this.repositories.sessions.delete(hashToken(sessionToken));
  }

  /**
   * Resolves the credentials of a request. A bearer token, when present, is the only credential
   * considered; otherwise the session cookie. Anything unknown, expired, revoked or belonging to
   * an inactive user gives the anonymous principal.
   */
  async authenticate(credentials: {
    bearerToken?: string | undefined;
    sessionToken?: string | undefined;
  }): Promise<Authentication> {
    if (credentials.bearerToken !== undefined) return this.authenticateToken(credentials.bearerToken);
    if (credentials.sessionToken !== undefined) return this.authenticateSession(credentials.sessionToken);
    return { via: 'none', principal: ANONYMOUS, rejected: false };
  }

  private async authenticateToken(bearerToken: string): Promise<Authentication> {
    const token = await this.repositories.apiTokens.findUsable(hashToken(bearerToken));
    if (!token) return { via: 'none', principal: ANONYMOUS, rejected: true };
    if (token.stale) await this.repositories.apiTokens.recordUse(token.id);
    const summary: ApiTokenSummary = {
      id: token.id,
      name: token.name,
      libraryId: token.library.id,
      librarySymbol: token.library.symbol,
      libraryName: token.library.name,
      permissions: token.permissions,
      expiresAt: token.expiresAt?.toISOString() ?? null,
    };
    return {
      via: 'token',
      principal: {
        kind: 'staff',
        userId: null,
        tokenId: token.id,
        libraryId: token.library.id,
        name: `API token ${token.name}`,
        permissions: new Set(token.permissions),
      },
      me: { kind: 'staff', authenticatedBy: 'token', token: summary },
    };
  }

  private async authenticateSession(sessionToken: string): Promise<Authentication> {
    const sessions = this.repositories.sessions;
    const idHash = hashToken(sessionToken);
    const session = await sessions.find(idHash, this.settings.absoluteSeconds);
    if (!session) return { via: 'none', principal: ANONYMOUS, rejected: true };
    const resolved = session.live ? this.principalOf(session) : undefined;
    if (!resolved) {
      await sessions.delete(idHash);
      return { via: 'none', principal: ANONYMOUS, rejected: true };
    }
    if (session.stale)
      await sessions.touch(idHash, this.idleSecondsOf(session.kind), this.settings.absoluteSeconds);
    return { via: 'session', ...resolved, sessionHash: idHash, csrfToken: session.csrfToken };
  }

  /** The principal of a live session, or undefined when its user has been deactivated. */
  private principalOf(
    session: SessionRecord,
  ): { principal: StaffPrincipal | PatronPrincipal; me: MeResponse } | undefined {
    const { library, staffUser, patron } = session;
    if (session.kind === 'staff' && staffUser?.active) {
      return {
        principal: {
          kind: 'staff',
          userId: staffUser.id,
          tokenId: null,
          libraryId: library.id,
          name: staffUser.name,
          permissions: new Set(staffUser.permissions),
        },
        me: {
          kind: 'staff',
          authenticatedBy: 'session',
          user: {
            id: staffUser.id,
            username: staffUser.username,
            name: staffUser.name,
            email: staffUser.email,
            libraryId: library.id,
            librarySymbol: library.symbol,
            libraryName: library.name,
            permissions: staffUser.permissions,
          },
          csrfToken: session.csrfToken,
        },
      };
    }
    if (session.kind === 'patron' && patron?.active) {
      return {
        principal: { kind: 'patron', patronId: patron.id, libraryId: library.id, name: patron.name },
        me: {
          kind: 'patron',
          authenticatedBy: 'session',
          user: {
            id: patron.id,
            cardNumber: patron.cardNumber,
            name: patron.name,
            email: patron.email,
            category: patron.category,
            emailNotices: patron.emailNotices,
            preferredLanguage: patron.preferredLanguage,
            libraryId: library.id,
            librarySymbol: library.symbol,
            libraryName: library.name,
          },
          csrfToken: session.csrfToken,
        },
      };
    }
    return undefined;
  }

  private idleSecondsOf(kind: 'staff' | 'patron'): number {
    return kind === 'staff' ? this.settings.staffIdleSeconds : this.settings.patronIdleSeconds;
  }

  private dummy(): Promise<string> {
    this.dummyHash ??= hashSecret(randomToken());
    return this.dummyHash;
  }

  /**
   * Counts a login attempt against the address, then the account, before the password is checked:
   * counting first keeps concurrent guesses within the limit. A successful login takes its count
   * back ({@link forgetFailures}), so only failures add up. The account is not counted once the
   * address is refused, which bounds the counters an attacker can create.
   */
  private async admitAttempt(accountKey: string, addressKey: string): Promise<void> {
    const { failuresPerAddress, failuresPerAccount, failureWindowSeconds } = this.settings;
    const address = await this.rateLimiter.hit(addressKey, failuresPerAddress, failureWindowSeconds);
    if (!address.allowed) throw this.tooManyFailures(address.retryAfterSeconds);
    const account = await this.rateLimiter.hit(accountKey, failuresPerAccount, failureWindowSeconds);
    if (!account.allowed) throw this.tooManyFailures(account.retryAfterSeconds);
  }

  private tooManyFailures(retryAfterSeconds: number): RateLimitedError {
    const minutes = Math.ceil(retryAfterSeconds / 60);
    return new RateLimitedError(
      `Too many failed login attempts. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`,
      { retryAfterSeconds },
    );
  }

  private async forgetFailures(accountKey: string, addressKey: string): Promise<void> {
    await this.rateLimiter.reset(accountKey);
    await this.rateLimiter.release(addressKey);
  }

  private async startSession(
    owner: {
      kind: 'staff' | 'patron';
      libraryId: string;
      staffUserId: string | null;
      patronId: string | null;
    },
    previousSessionToken: string | undefined,
  ): Promise<{ sessionToken: string; csrfToken: string }> {
    const sessions = this.repositories.sessions;
    if (previousSessionToken !== undefined) await sessions.delete(hashToken(previousSessionToken));
    // Housekeeping rides on logins: both deletes use an index and touch only dead rows.
    await sessions.deleteExpired(this.settings.absoluteSeconds);
    await this.rateLimiter.prune();

    const sessionToken = randomToken();
    const csrfToken = randomToken();
    await sessions.insert({
      ...owner,
      idHash: hashToken(sessionToken),
      csrfToken,
      idleSeconds: this.idleSecondsOf(owner.kind),
      absoluteSeconds: this.settings.absoluteSeconds,
    });
    return { sessionToken, csrfToken };
  }
}
