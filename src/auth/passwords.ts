/**
 * Password and PIN hashing with scrypt (node:crypto). Stored as `scrypt$N$r$p$salt$hash`, with salt
 * and hash in base64url, so the cost can be raised later without invalidating existing hashes.
 */
import { randomBytes, scrypt as scryptCallback, timingSafeEqual } from 'node:crypto';
import type { BinaryLike, ScryptOptions } from 'node:crypto';

const KEY_LENGTH = 32;
/** OWASP's scrypt minimum: N = 2^17, r = 8, p = 1 (128 MiB of memory per hash). */
const DEFAULT_COST = { N: 2 ** 17, r: 8, p: 1 } as const;

function scrypt(
  secret: BinaryLike,
  salt: BinaryLike,
  length: number,
  options: ScryptOptions,
): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scryptCallback(secret, salt, length, options, (error, key) => (error ? reject(error) : resolve(key)));
  });
}

/** The cost parameters used for new hashes; tests may lower them through `INTERLEND_SCRYPT_N`. */
function cost(): { N: number; r: number; p: number } {
  const override = Number(process.env.INTERLEND_SCRYPT_N);
  return Number.isInteger(override) && override >= 1024 ? { ...DEFAULT_COST, N: override } : DEFAULT_COST;
}

/** Hash a password or PIN for storage. */
export async function hashSecret(secret: string): Promise<string> {
  const { N, r, p } = cost();
  const salt = randomBytes(16);
  const key = await scrypt(secret.normalize('NFKC'), salt, KEY_LENGTH, { N, r, p, maxmem: 256 * N * r });
  return ['scrypt', N, r, p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

/** Whether a password or PIN matches a stored hash. Takes the same time whether or not it matches. */
export async function verifySecret(secret: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [, nText, rText, pText, saltText, keyText] = parts as [
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  const N = Number(nText);
  const r = Number(rText);
  const p = Number(pText);
  if (![N, r, p].every((value) => Number.isInteger(value) && value > 0)) return false;
  const expected = Buffer.from(keyText, 'base64url');
  const actual = await scrypt(secret.normalize('NFKC'), Buffer.from(saltText, 'base64url'), expected.length, {
    N,
    r,
    p,
    maxmem: 256 * N * r,
  });
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}
