import { describe, expect, it } from 'vitest';
import { searchTerm } from './phase-latency.ts';

const sample = {
  title: 'The History of Modern Libraries: a study',
  author: 'Okafor, Amara',
  number: '1042',
  isbn: '9780151446476',
};

describe('search terms', () => {
  it('mix title words, word pairs, surnames, ISBNs and request numbers as staff type them', () => {
    const terms = Array.from({ length: 10 }, (_, index) => searchTerm(sample, index));
    expect(
      terms.slice(0, 4).every((term) => ['history', 'modern', 'libraries', 'study'].includes(term)),
    ).toBe(true);
    expect(terms[4]).toMatch(/^\p{L}+ \p{L}+$/u);
    expect(terms[6]).toBe('Okafor');
    expect(terms[8]).toBe('9780151446476');
    expect(terms[9]).toBe('ILL-1042');
  });

  it('leaves out words nobody searches for', () => {
    for (let index = 0; index < 4; index++)
      expect(['the', 'of', 'a']).not.toContain(searchTerm(sample, index));
  });

  it('falls back to title words when there is no author or ISBN', () => {
    const bare = { title: 'Urban Ecology', author: null, number: '7', isbn: null };
    expect(['urban', 'ecology']).toContain(searchTerm(bare, 6));
    expect(['urban', 'ecology']).toContain(searchTerm(bare, 8));
  });
});
