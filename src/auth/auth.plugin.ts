/**
 * The auth plugin: on every request, before any route, resolves `request.principal` from an
 * `Authorization: Bearer` API token or the `interlend_session` cookie, and enforces CSRF
 * protection for cookie-authenticated requests that change something.
 *
 * Routes opt out of the CSRF token with `config: { csrf: 'same-origin' }` (login, where no
 * session exists yet); those get an Origin / Sec-Fetch-Site check instead, against login CSRF.
 */
import cookie from '@fastify/cookie';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ForbiddenError } from '../errors.ts';
import type { Authentication, AuthService } from './auth.service.ts';
import { ANONYMOUS } from './principal.ts';
import { constantTimeEqual } from './tokens.ts';

/** Name of the session cookie. */
export const SESSION_COOKIE = 'interlend_session';
/** Header carrying the session's CSRF token on unsafe requests. */
export const CSRF_HEADER = 'x-csrf-token';

const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

declare module 'fastify' {
  interface FastifyRequest {
    /** How the request was authenticated, with the session's CSRF token; set by the auth plugin. */
    authentication: Authentication;
  }
  interface FastifyContextConfig {
    /**
     * `same-origin`: the route needs no CSRF token (there is no session yet, as at login) but
     * refuses cross-site browser requests by their `Origin` and `Sec-Fetch-Site` headers.
     */
    csrf?: 'same-origin';
  }
  interface FastifyInstance {
    /** Sets and clears the session cookie with Interlend's attributes. */
    sessionCookie: SessionCookie;
  }
}

/** Sets and clears the session cookie. */
export interface SessionCookie {
  set(request: FastifyRequest, reply: FastifyReply, token: string): void;
  clear(request: FastifyRequest, reply: FastifyReply): void;
}

export interface AuthPluginOptions {
  auth: AuthService;
  /**
   * Mark the cookie `Secure` on every response, not only on HTTPS requests. Default: the
   * `COOKIE_SECURE` environment variable is `true`. Set it when a TLS-terminating proxy forwards
   * plain HTTP to Interlend.
   */
  cookieSecure?: boolean;
}

/** The attributes of the session cookie for a response to `request`. */
export function sessionCookieOptions(request: Pick<FastifyRequest, 'protocol'>, alwaysSecure: boolean) {
  return {
    httpOnly: true,
    sameSite: 'lax',
    path: '/',
    secure: alwaysSecure || request.protocol === 'https',
  } as const;
}

/** The token of an `Authorization: Bearer <token>` header, or undefined for any other header. */
export function bearerTokenOf(header: string | undefined): string | undefined {
  const match = /^Bearer[ ]+(\S+)\s*$/i.exec(header ?? '');
  return match?.[1];
}

function refuseCrossSite(reason: string): ForbiddenError {
  return new ForbiddenError(`Cross-site login refused: ${reason}.`, { reason: 'cross_site' });
}

/** Strips the default port of the scheme, so `example.org:443` equals `example.org` for https. */
function normaliseHost(host: string, protocol: string): string {
  const lower = host.toLowerCase();
  if (protocol === 'https:' && lower.endsWith(':443')) return lower.slice(0, -4);
  if (protocol === 'http:' && lower.endsWith(':80')) return lower.slice(0, -3);
  return lower;
}

/**
 * Refuses a request that a browser says comes from another site: `Sec-Fetch-Site` other than
 * `same-origin` or `none`, or an `Origin` whose host differs from the request's. Requests without
 * those headers (API clients, old browsers) pass.
 */
export function assertSameOrigin(request: FastifyRequest): void {
  const site = request.headers['sec-fetch-site'];
  if (typeof site === 'string' && site !== 'same-origin' && site !== 'none') {
    throw refuseCrossSite(`Sec-Fetch-Site is ${site}`);
  }
  const origin = request.headers.origin;
  if (typeof origin !== 'string') return;
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    throw refuseCrossSite(`Origin ${origin} is not a URL`);
  }
  if (normaliseHost(url.host, url.protocol) !== normaliseHost(request.host, url.protocol)) {
    throw refuseCrossSite(`Origin ${origin} is not this server`);
  }
}

function assertCsrfToken(request: FastifyRequest, expected: string): void {
  const sent = request.headers[CSRF_HEADER];
  if (typeof sent !== 'string' || sent === '') {
    throw new ForbiddenError(
      'Missing CSRF token: send the X-CSRF-Token header with the csrfToken from login or GET /api/auth/me.',
      { reason: 'csrf_missing' },
    );
  }
  if (!constantTimeEqual(sent, expected)) {
    throw new ForbiddenError(
      'Invalid CSRF token: send the csrfToken of the current session (login or GET /api/auth/me) in X-CSRF-Token.',
      { reason: 'csrf_invalid' },
    );
  }
}

/**
 * Installs cookie parsing, `request.principal` / `request.authentication`, the CSRF check and
 * `app.sessionCookie` on the root instance. Call it in `buildApp` before registering routes.
 */
export async function registerAuth(app: FastifyInstance, options: AuthPluginOptions): Promise<void> {
  const alwaysSecure = options.cookieSecure ?? process.env.COOKIE_SECURE?.trim().toLowerCase() === 'true';
  await app.register(cookie);

  const sessionCookie: SessionCookie = {
    set: (request, reply, token) => {
      void reply.setCookie(SESSION_COOKIE, token, sessionCookieOptions(request, alwaysSecure));
    },
    clear: (request, reply) => {
      void reply.clearCookie(SESSION_COOKIE, sessionCookieOptions(request, alwaysSecure));
    },
  };
  app.decorate('sessionCookie', sessionCookie);
  // Declared without a value (objects may not be shared between requests); the hook sets both.
  app.decorateRequest('principal');
  app.decorateRequest('authentication');

  app.addHook('onRequest', async (request, reply) => {
    request.principal = ANONYMOUS;
    request.authentication = { via: 'none', principal: ANONYMOUS, rejected: false };
    const bearerToken = bearerTokenOf(request.headers.authorization);
    const sessionToken = bearerToken === undefined ? request.cookies[SESSION_COOKIE] : undefined;
    const authentication = await options.auth.authenticate({
      bearerToken,
      sessionToken: sessionToken === '' ? undefined : sessionToken,
    });
    request.authentication = authentication;
    request.principal = authentication.principal;

    // A cookie of a session that no longer exists: tell the browser to drop it.
    if (sessionToken !== undefined && authentication.via === 'none') sessionCookie.clear(request, reply);

    if (!UNSAFE_METHODS.has(request.method)) return;
    if (request.routeOptions.config.csrf === 'same-origin') {
      assertSameOrigin(request);
      return;
    }
    if (authentication.via === 'session') assertCsrfToken(request, authentication.csrfToken);
  });
}
