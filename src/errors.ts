/**
 * Interlend's application errors: a closed set, each with a stable machine-readable `code` that
 * clients may rely on, and the HTTP status it maps to. Services throw these; the Fastify error
 * handler (`src/server/error-handler.ts`) is the one place that turns them into responses.
 */

/** Every error code and its HTTP status. Codes are part of the public API: never rename one. */
export const ERROR_STATUS = {
  validation_failed: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  transition_refused: 409,
  payload_too_large: 413,
  rate_limited: 429,
  internal: 500,
  unavailable: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

/** Structured, client-safe context of an error (never secrets, SQL or stack traces). */
export type ErrorDetails = Readonly<Record<string, unknown>>;

/** One reason a request was rejected by validation. */
export interface ValidationIssue {
  /** Where the bad value is, e.g. `body.symbol` or `querystring.limit`. */
  field: string;
  /** The rule it broke, e.g. `required`, `minLength`, `format`, `unique`. */
  rule: string;
  message: string;
}

/** Base class of the closed set below; not exported for subclassing elsewhere. */
abstract class AppErrorBase extends Error {
  abstract readonly code: ErrorCode;

  constructor(
    message: string,
    readonly details?: ErrorDetails,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }

  /** HTTP status of this error. */
  get status(): number {
    return ERROR_STATUS[this.code];
  }
}

/** Input is malformed or breaks a rule; `details.issues` lists each field and rule. */
export class ValidationError extends AppErrorBase {
  override name = 'ValidationError' as const;
  readonly code = 'validation_failed' as const;

  constructor(
    message: string,
    readonly issues: readonly ValidationIssue[] = [],
    options?: ErrorOptions,
  ) {
    super(message, issues.length > 0 ? { issues } : undefined, options);
  }
}

/** No valid credentials were presented. */
export class UnauthenticatedError extends AppErrorBase {
  override name = 'UnauthenticatedError' as const;
  readonly code = 'unauthenticated' as const;
}

/** The caller is known but may not do this. */
export class ForbiddenError extends AppErrorBase {
  override name = 'ForbiddenError' as const;
  readonly code = 'forbidden' as const;
}

/** The thing does not exist (or the caller may not know that it does). */
export class NotFoundError extends AppErrorBase {
  override name = 'NotFoundError' as const;
  readonly code = 'not_found' as const;
}

/** The request clashes with the current state, e.g. a duplicate symbol or a stale version. */
export class ConflictError extends AppErrorBase {
  override name = 'ConflictError' as const;
  readonly code = 'conflict' as const;
}

/** The workflow does not allow this action in the request's current state. */
export class TransitionRefusedError extends AppErrorBase {
  override name = 'TransitionRefusedError' as const;
  readonly code = 'transition_refused' as const;
}

/** The request body is larger than the server accepts. */
export class PayloadTooLargeError extends AppErrorBase {
  override name = 'PayloadTooLargeError' as const;
  readonly code = 'payload_too_large' as const;
}

/** Too many requests; `details.retryAfterSeconds` may say when to try again. */
export class RateLimitedError extends AppErrorBase {
  override name = 'RateLimitedError' as const;
  readonly code = 'rate_limited' as const;
}

/** A dependency (database, partner, mail server) is unreachable; retrying later may succeed. */
export class UnavailableError extends AppErrorBase {
  override name = 'UnavailableError' as const;
  readonly code = 'unavailable' as const;
}

/** A bug or unexpected failure. Its message is shown to clients, so keep it generic. */
export class InternalError extends AppErrorBase {
  override name = 'InternalError' as const;
  readonly code = 'internal' as const;
}

/** Any of Interlend's application errors. */
export type AppError =
  | ValidationError
  | UnauthenticatedError
  | ForbiddenError
  | NotFoundError
  | ConflictError
  | TransitionRefusedError
  | PayloadTooLargeError
  | RateLimitedError
  | UnavailableError
  | InternalError;

/** Whether a thrown value is one of Interlend's application errors. */
export function isAppError(error: unknown): error is AppError {
  return error instanceof AppErrorBase;
}
