import type { FastifyError, FastifyInstance, FastifySchemaValidationError } from 'fastify';
import { Type, type Static } from 'typebox';
import {
  ERROR_STATUS,
  isAppError,
  type ErrorCode,
  type ErrorDetails,
  type ValidationIssue,
} from '../errors.ts';

/** The body of every error response. Routes list it in their schemas so it appears in OpenAPI. */
export const ErrorResponseSchema = Type.Object(
  {
    error: Type.Object({
      code: Type.Union(
        (Object.keys(ERROR_STATUS) as ErrorCode[]).map((code) => Type.Literal(code)),
        { description: 'Stable machine-readable error code.' },
      ),
      message: Type.String({ description: 'Human-readable explanation, safe to show.' }),
      details: Type.Optional(
        Type.Record(Type.String(), Type.Unknown(), {
          description: 'Structured context, e.g. `issues: [{ field, rule, message }]` for validation.',
        }),
      ),
    }),
  },
  { $id: 'ErrorResponse', title: 'ErrorResponse' },
);

export type ErrorResponse = Static<typeof ErrorResponseSchema>;

/** An error response ready to send. */
export interface MappedError {
  status: number;
  body: { error: { code: ErrorCode; message: string; details?: ErrorDetails } };
}

function mapped(code: ErrorCode, message: string, details?: ErrorDetails): MappedError {
  return { status: ERROR_STATUS[code], body: { error: { code, message, ...(details ? { details } : {}) } } };
}

function isFastifyError(error: unknown): error is FastifyError {
  return error instanceof Error && typeof (error as Partial<FastifyError>).statusCode === 'number';
}

/** Names the offending field of an Ajv error, e.g. `body.symbol` or `querystring.limit`. */
function fieldOf(issue: FastifySchemaValidationError, context: string): string {
  const segments = issue.instancePath.split('/').filter(Boolean);
  const params = issue.params as Record<string, unknown>;
  const leaf = params.missingProperty ?? params.additionalProperty;
  if (typeof leaf === 'string') segments.push(leaf);
  return [context, ...segments].join('.');
}

function validationIssues(error: FastifyError): ValidationIssue[] {
  const context = error.validationContext ?? 'request';
  return (error.validation ?? []).map((issue) => {
    const field = fieldOf(issue, context);
    return { field, rule: issue.keyword, message: `${field} ${issue.message ?? 'is invalid'}` };
  });
}

/**
 * Maps anything thrown while handling a request to a status and an error body. Unknown errors
 * become `internal` with a generic message: no stack trace, SQL or internal message leaks out.
 */
export function toErrorResponse(error: unknown): MappedError {
  if (isAppError(error)) return mapped(error.code, error.message, error.details);

  if (isFastifyError(error)) {
    if (error.validation) {
      const issues = validationIssues(error);
      return mapped('validation_failed', `Invalid request: ${issues.map((i) => i.message).join('; ')}`, {
        issues,
      });
    }
    const status = error.statusCode ?? 500;
    const reason = { reason: error.code };
    switch (status) {
      case 401:
        return mapped('unauthenticated', error.message, reason);
      case 403:
        return mapped('forbidden', error.message, reason);
      case 404:
        return mapped('not_found', error.message, reason);
      case 413:
        return mapped('payload_too_large', error.message, reason);
      case 429:
        return mapped('rate_limited', error.message, reason);
      case 503:
        return mapped('unavailable', 'Service unavailable', reason);
    }
    // Other client errors (malformed JSON, unsupported media type, ...) are bad input.
    if (status >= 400 && status < 500) return mapped('validation_failed', error.message, reason);
  }
  return mapped('internal', 'Internal server error');
}

/**
 * Installs the error and not-found handlers on the root instance; every route plugin inherits them.
 */
export function registerErrorHandling(app: FastifyInstance): void {
  app.addSchema(ErrorResponseSchema);

  app.setErrorHandler((error, request, reply) => {
    const { status, body } = toErrorResponse(error);
    if (status >= 500) request.log.error({ err: error }, 'request failed');
    else request.log.info({ code: body.error.code, details: body.error.details }, body.error.message);
    const retryAfter = body.error.details?.retryAfterSeconds;
    if (status === 429 && typeof retryAfter === 'number')
      void reply.header('retry-after', String(retryAfter));
    return reply.status(status).send(body);
  });

  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0];
    const { status, body } = mapped('not_found', `No route for ${request.method} ${path}`);
    return reply.status(status).send(body);
  });
}
