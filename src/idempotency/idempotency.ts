/**
 * `Idempotency-Key` support for create and action endpoints: a retried request with the same key gets
 * the stored response and changes nothing; the same key with a different request is refused.
 */
import { createHash } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { ConflictError, ValidationError } from '../errors.ts';
import type { IdempotencyRepository } from './idempotency.repository.ts';

/** What a request says about idempotency, taken from its header, method, path and body. */
export interface IdempotencyClaim {
  readonly principal: string;
  readonly key: string;
  readonly method: string;
  readonly path: string;
  readonly requestHash: string;
}

/** The response of an idempotent use case, and whether it was replayed from an earlier call. */
export interface IdempotentResult<T> {
  readonly statusCode: number;
  readonly body: T;
  readonly replayed: boolean;
}

const KEY = /^[\x21-\x7e]{1,200}$/;

/** Read the `Idempotency-Key` header of a request made by `principal`; null when there is none. */
export function idempotencyClaim(request: FastifyRequest, principal: string): IdempotencyClaim | null {
  const header = request.headers['idempotency-key'];
  if (header === undefined) return null;
  const key = Array.isArray(header) ? header[0] : header;
  if (key === undefined || !KEY.test(key)) {
    throw new ValidationError('Idempotency-Key must be 1 to 200 visible ASCII characters.', [
      {
        field: 'headers.idempotency-key',
        rule: 'pattern',
        message: 'must be 1 to 200 visible ASCII characters',
      },
    ]);
  }
  const path = request.routeOptions.url ?? request.url;
  const requestHash = createHash('sha256')
    .update(JSON.stringify({ method: request.method, url: request.url, body: request.body ?? null }))
    .digest('hex');
  return { principal, key, method: request.method, path, requestHash };
}

/**
 * Run `work` once per key: the first call runs it and stores its response in the same database
 * transaction; later calls with the same key and request get that response back. `requestOf` names
 * the request a response shows: a stored response goes when that request is deleted, since nothing
 * about a deleted request is kept (a later retry then gets what a first call would).
 */
export async function runIdempotently<T>(
  repository: IdempotencyRepository,
  claim: IdempotencyClaim | null,
  statusCode: number,
  work: () => Promise<T>,
  requestOf: (body: T) => string | null = () => null,
): Promise<IdempotentResult<T>> {
  if (claim === null) return { statusCode, body: await work(), replayed: false };
  const earlier = await repository.claim(claim);
  if (earlier !== null) {
    if (earlier.requestHash !== claim.requestHash) {
      throw new ConflictError('This Idempotency-Key was already used for a different request.', {
        field: 'headers.idempotency-key',
      });
    }
    return { statusCode: earlier.statusCode, body: earlier.body as T, replayed: true };
  }
  const body = await work();
  await repository.complete(claim.principal, claim.key, { statusCode, body, requestId: requestOf(body) });
  return { statusCode, body, replayed: false };
}
