/**
 * Random bearer secrets (session tokens, CSRF tokens, API tokens) and how they are stored: only a
 * SHA-256 digest of a session or API token reaches the database. A salted slow hash is not needed
 * for 32 random bytes: there is nothing to guess from the digest.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** Bytes of randomness in every token. */
export const TOKEN_BYTES = 32;

/** Prefix of API tokens, so secret scanners and people can recognise a leaked one. */
export const API_TOKEN_PREFIX = 'il_';

/** A new random token, base64url (43 characters for 32 bytes). */
export function randomToken(bytes: number = TOKEN_BYTES): string {
  return randomBytes(bytes).toString('base64url');
}

/** A new API token: {@link API_TOKEN_PREFIX} and 32 random bytes. */
export function randomApiToken(): string {
  return `${API_TOKEN_PREFIX}${randomToken()}`;
}

/** The stored form of a session or API token: SHA-256, hex. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/**
 * Compares two strings in time independent of where they differ. Both sides are digested first so
 * that strings of different lengths compare without leaking the length either.
 */
export function constantTimeEqual(a: string, b: string): boolean {
  const left = createHash('sha256').update(a, 'utf8').digest();
  const right = createHash('sha256').update(b, 'utf8').digest();
  return timingSafeEqual(left, right);
}
