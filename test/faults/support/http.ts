/**
 * A small HTTP client for the fault tests, which talk to real server processes over loopback: JSON in
 * and out, a logged-in session's cookie and CSRF token, and retries that are safe because they repeat
 * the same Idempotency-Key.
 */
import { randomUUID } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';

/** One HTTP answer: status, the body parsed as JSON when it is JSON, and the raw text. */
export interface HttpAnswer<T = unknown> {
  readonly status: number;
  readonly body: T;
  readonly text: string;
  readonly headers: Headers;
}

/** What a logged-in browser holds: the session cookie and the CSRF token. */
export interface HttpSession {
  readonly cookie: string;
  readonly csrf: string;
}

/** The headers that authenticate a call: a session (cookie + CSRF) or an API token. */
export type Credentials = HttpSession | { readonly token: string } | null;

function authHeaders(credentials: Credentials): Record<string, string> {
  if (credentials === null) return {};
  if ('token' in credentials) return { authorization: `Bearer ${credentials.token}` };
  return { cookie: credentials.cookie, 'x-csrf-token': credentials.csrf };
}

/** Sends one request; rejects only when no HTTP answer came (refused, reset, timed out). */
export async function send<T = unknown>(
  baseUrl: string,
  method: string,
  path: string,
  options: {
    credentials?: Credentials;
    json?: unknown;
    body?: string;
    headers?: Record<string, string>;
    timeoutMs?: number;
  } = {},
): Promise<HttpAnswer<T>> {
  const headers: Record<string, string> = { ...authHeaders(options.credentials ?? null), ...options.headers };
  let body: string | undefined = options.body;
  if (options.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.json);
  }
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers,
    ...(body !== undefined ? { body } : {}),
    signal: AbortSignal.timeout(options.timeoutMs ?? 60_000),
  });
  const text = await response.text();
  let parsed: unknown = text;
  if ((response.headers.get('content-type') ?? '').includes('json') && text !== '') {
    parsed = JSON.parse(text);
  }
  return { status: response.status, body: parsed as T, text, headers: response.headers };
}

/** Logs a staff user in over HTTP. */
export async function loginStaffOverHttp(
  baseUrl: string,
  user: { username: string; password: string },
): Promise<HttpSession> {
  const answer = await send<{ csrfToken: string }>(baseUrl, 'POST', '/api/auth/staff/login', {
    json: { username: user.username, password: user.password },
  });
  if (answer.status !== 200) throw new Error(`staff login answered ${answer.status}: ${answer.text}`);
  const cookie = (answer.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  return { cookie, csrf: answer.body.csrfToken };
}

/**
 * Sends a change until it gets an HTTP answer, repeating the same Idempotency-Key so that a change the
 * server made before it died is not made twice: the repeat gets the stored answer. Bounded by
 * `deadline` (epoch ms). Returns the first HTTP answer below 500 (or the last 5xx at the deadline).
 */
export async function sendUntilAnswered<T = unknown>(
  baseUrl: () => string,
  method: string,
  path: string,
  options: { credentials: Credentials; json?: unknown; deadline: number; idempotencyKey?: string },
): Promise<HttpAnswer<T> & { attempts: number }> {
  const key = options.idempotencyKey ?? randomUUID();
  let attempts = 0;
  let lastProblem = 'no attempt';
  while (Date.now() < options.deadline) {
    attempts++;
    try {
      const answer = await send<T>(baseUrl(), method, path, {
        credentials: options.credentials,
        json: options.json,
        headers: { 'idempotency-key': key },
        timeoutMs: Math.max(1_000, Math.min(30_000, options.deadline - Date.now())),
      });
      // 503: the server is up but its database is not (yet); anything else is an answer.
      if (answer.status !== 503) return { ...answer, attempts };
      lastProblem = `503 ${answer.text}`;
    } catch (error) {
      lastProblem = (error as Error).message;
    }
    await delay(100);
  }
  throw new Error(
    `${method} ${path}: no answer before the deadline after ${attempts} attempts (${lastProblem})`,
  );
}

/** Nearest-rank percentile of `values` (0 < p ≤ 100); NaN for none. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1] as number;
}
