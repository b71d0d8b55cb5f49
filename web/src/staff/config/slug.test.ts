import { expect, it } from 'vitest';
import { slugify } from './slug.ts';

it('makes an identifier of a name: lower case, accents and punctuation gone, at most 48 characters', () => {
  expect(slugify('Phone the patron!')).toBe('phone-the-patron');
  expect(slugify('  Évaluer   la reliure ')).toBe('evaluer-la-reliure');
  expect(slugify('a'.repeat(47) + ' b')).toBe('a'.repeat(47));
  expect(slugify('!!!')).toBe('');
});
