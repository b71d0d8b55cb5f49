/**
 * The web client's only way to the server: JSON over fetch with the session cookie, the CSRF token
 * on every unsafe request, and errors turned into {@link ApiError} carrying the server's stable code
 * and, for validation errors, the field each problem is in.
 */
import { issueText } from '../i18n/server-errors.ts';

/** One problem the server found with a field, as `details.issues` lists it. */
export interface FieldIssue {
  /** Where the bad value is, e.g. `body.details.title`. */
  readonly field: string;
  readonly rule: string;
  readonly message: string;
}

/** An error answer of the API (`{ error: { code, message, details } }`) or a network failure. */
export class ApiError extends Error {
  constructor(
    /** HTTP status; 0 when the server could not be reached. */
    readonly status: number,
    /** The server's stable error code (`validation_failed`, `conflict`, …) or `network`. */
    readonly code: string,
    message: string,
    readonly details: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** The validation problems, if any. */
  get issues(): FieldIssue[] {
    const issues = this.details.issues;
    return Array.isArray(issues) ? (issues as FieldIssue[]) : [];
  }

  /**
   * The first problem of each field in the catalogue's words, keyed by the field's path without its
   * `body.` prefix (`details.title`), for forms to show beside their inputs.
   */
  fieldErrors(): Record<string, string> {
    const errors: Record<string, string> = {};
    for (const issue of this.issues) {
      const key = issue.field.replace(/^(body|querystring|params)\./, '');
      errors[key] ??= issueText(issue);
    }
    return errors;
  }
}

let csrfToken: string | null = null;

/** Remembers the session's CSRF token (from login or `GET /api/auth/me`). */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** Fired on `window` when the server answers 401: the session has ended. */
export const UNAUTHENTICATED_EVENT = 'interlend:unauthenticated';

export type QueryValue = string | number | boolean | null | undefined | readonly (string | number)[];

/** `?a=1&b=x&b=y` from an object; empty and undefined values are left out. */
export function queryString(query: Readonly<Record<string, QueryValue>> = {}): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    if (Array.isArray(value)) for (const item of value) params.append(name, String(item));
    else params.append(name, String(value));
  }
  const text = params.toString();
  return text === '' ? '' : `?${text}`;
}

export interface RequestOptions {
  readonly signal?: AbortSignal;
  readonly headers?: Readonly<Record<string, string>>;
  /** Don't announce a 401 as the end of the session (e.g. a login attempt). */
  readonly quietUnauthenticated?: boolean;
}

async function request<T>(
  method: string,
  path: string,
  body?: unknown,
  options: RequestOptions = {},
): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken !== null) headers['x-csrf-token'] = csrfToken;
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      ...(options.signal === undefined ? {} : { signal: options.signal }),
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError(0, 'network', 'The server could not be reached.');
  }
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  const parsed: unknown = text === '' ? undefined : safeJson(text);
  if (response.ok) return parsed as T;
  const error = (parsed as { error?: { code?: string; message?: string; details?: Record<string, unknown> } })
    ?.error;
  if (response.status === 401 && options.quietUnauthenticated !== true) {
    window.dispatchEvent(new CustomEvent(UNAUTHENTICATED_EVENT));
  }
  throw new ApiError(
    response.status,
    error?.code ?? `http_${response.status}`,
    error?.message ?? response.statusText,
    error?.details ?? {},
  );
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The API, one function per HTTP method. Paths are absolute (`/api/...`). */
export const api = {
  get: <T>(path: string, query?: Readonly<Record<string, QueryValue>>, options?: RequestOptions) =>
    request<T>('GET', `${path}${queryString(query)}`, undefined, options),
  post: <T>(path: string, body?: unknown, options?: RequestOptions) =>
    request<T>('POST', path, body ?? {}, options),
  put: <T>(path: string, body?: unknown, options?: RequestOptions) =>
    request<T>('PUT', path, body ?? {}, options),
  patch: <T>(path: string, body?: unknown, options?: RequestOptions) =>
    request<T>('PATCH', path, body ?? {}, options),
  delete: <T>(path: string, options?: RequestOptions) => request<T>('DELETE', path, undefined, options),
};

/** A fresh key for `Idempotency-Key`, so that a retried POST is applied once. */
export function idempotencyKey(): string {
  return crypto.randomUUID();
}
