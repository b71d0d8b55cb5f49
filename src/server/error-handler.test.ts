import { describe, expect, it } from 'vitest';
import {
  ConflictError,
  ERROR_STATUS,
  ForbiddenError,
  InternalError,
  NotFoundError,
  PayloadTooLargeError,
  RateLimitedError,
  TransitionRefusedError,
  UnauthenticatedError,
  UnavailableError,
  ValidationError,
} from '../errors.ts';
import { toErrorResponse } from './error-handler.ts';

describe('toErrorResponse', () => {
  it('maps every application error to the status of its code', () => {
    const errors = [
      new ValidationError('bad', [
        { field: 'body.symbol', rule: 'required', message: 'body.symbol is required' },
      ]),
      new UnauthenticatedError('who are you?'),
      new ForbiddenError('not yours'),
      new NotFoundError('no such request'),
      new ConflictError('taken'),
      new TransitionRefusedError('cannot ship a cancelled request'),
      new PayloadTooLargeError('too big'),
      new RateLimitedError('slow down', { retryAfterSeconds: 5 }),
      new UnavailableError('database down'),
      new InternalError('oops'),
    ];
    expect(new Set(errors.map((error) => error.code))).toEqual(new Set(Object.keys(ERROR_STATUS)));
    for (const error of errors) {
      const { status, body } = toErrorResponse(error);
      expect(status).toBe(ERROR_STATUS[error.code]);
      expect(body.error.code).toBe(error.code);
      expect(body.error.message).toBe(error.message);
    }
  });

  it('puts validation issues under details.issues', () => {
    const issue = { field: 'body.email', rule: 'format', message: 'body.email must be an email address' };
    expect(toErrorResponse(new ValidationError('Invalid request', [issue])).body.error.details).toEqual({
      issues: [issue],
    });
  });

  it('turns anything unknown into a generic internal error', () => {
    expect(toErrorResponse(new TypeError('x is undefined'))).toEqual({
      status: 500,
      body: { error: { code: 'internal', message: 'Internal server error' } },
    });
    expect(toErrorResponse('a string').status).toBe(500);
  });
});
