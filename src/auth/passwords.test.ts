import { describe, expect, it } from 'vitest';
import { hashSecret, verifySecret } from './passwords.ts';

describe('password hashing', () => {
  it('verifies the secret it hashed and nothing else', async () => {
    const stored = await hashSecret('correct horse battery staple');
    expect(stored).toMatch(/^scrypt\$\d+\$8\$1\$[\w-]+\$[\w-]+$/);
    expect(await verifySecret('correct horse battery staple', stored)).toBe(true);
    expect(await verifySecret('correct horse battery stapler', stored)).toBe(false);
  });

  it('salts every hash, so one PIN hashed twice gives two different strings', async () => {
    expect(await hashSecret('1234')).not.toBe(await hashSecret('1234'));
  });

  it('rejects a malformed stored hash instead of throwing', async () => {
    expect(await verifySecret('x', 'plain-text')).toBe(false);
    expect(await verifySecret('x', 'scrypt$0$8$1$abc$def')).toBe(false);
  });
});
