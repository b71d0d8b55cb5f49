import { describe, expect, it } from 'vitest';
import { LIST_COUNT, LIST_PAGE, browsePath, searchKind, searchTerm } from './phase-latency.ts';

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

  it('names the kind of each search as it is built', () => {
    expect(Array.from({ length: 10 }, (_, index) => searchKind(index))).toEqual([
      'title word',
      'title word',
      'title word',
      'title word',
      'two words',
      'two words',
      'surname',
      'surname',
      'ISBN',
      'request number',
    ]);
    expect(searchKind(19)).toBe('request number');
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

describe('browsing the list', () => {
  it('asks for pages of 50, and for counts apart, as the staff client does', () => {
    for (let index = 0; index < 5; index++)
      expect(browsePath(index, 'borrowing.new').path).toContain(LIST_PAGE);
    expect(LIST_PAGE).toBe('limit=50');
    expect(LIST_COUNT).toBe('limit=1&count=exact');
  });

  it('sorts by title, status and due date, filters by state and type, and pages on in turn', () => {
    const paths = Array.from({ length: 5 }, (_, index) => browsePath(index, 'borrowing.new'));
    expect(paths[0]?.path).toContain('sort=title');
    expect(paths[1]?.path).toContain('sort=status');
    expect(paths[2]?.path).toContain('sort=dueDate');
    expect(paths[3]?.path).toContain('state=shipped&state=received&type=book');
    expect(paths[4]?.nextPageOf).toBe('/api/requests?queue=borrowing.new&limit=50');
    expect(paths.slice(0, 4).every((path) => path.nextPageOf === undefined)).toBe(true);
    expect(browsePath(5, 'x')).toEqual(browsePath(0, 'x'));
  });
});
