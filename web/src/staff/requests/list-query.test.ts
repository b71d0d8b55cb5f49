import { describe, expect, it } from 'vitest';
import { queryString } from '../../api/client.ts';
import {
  activeFilterCount,
  apiParams,
  countParams,
  atCursor,
  cleared,
  currentSort,
  listQueryParams,
  parseListQuery,
  previousCursor,
  savedFilterOf,
  sortedBy,
  trailAfterNext,
  trailKey,
  withChanges,
} from './list-query.ts';

const parse = (search: string) => parseListQuery(new URLSearchParams(search));
const SAVED = '0b1c7a52-5d5e-4c43-9c61-3f0a2a5d9e11';

describe('the request list’s URL', () => {
  it('reads filters, several values of a filter, the keyword, sort and page', () => {
    const query = parse(
      '?queue=borrowing.pending&role=borrowing&status=requested&state=shipped&state=received&type=book' +
        '&backend=iso18626&createdFrom=2026-01-01&dueBefore=today&attention=true&undelivered=false' +
        '&includeCompleted=true&q=%20Silent%20Spring%20&sort=title&order=asc&limit=25&cursor=abc',
    );
    expect(query).toEqual({
      queue: 'borrowing.pending',
      role: 'borrowing',
      status: ['requested'],
      state: ['shipped', 'received'],
      type: ['book'],
      backend: ['iso18626'],
      createdFrom: '2026-01-01',
      dueBefore: 'today',
      attention: true,
      undelivered: false,
      includeCompleted: true,
      q: 'Silent Spring',
      sort: 'title',
      order: 'asc',
      limit: 25,
      cursor: 'abc',
    });
  });

  it('drops what the API would refuse, so an old link still opens a list', () => {
    expect(
      parse(
        '?queue=nonsense&role=both&state=flying&state=shipped&createdTo=yesterday&sort=colour&limit=5000',
      ),
    ).toEqual({ status: [], state: ['shipped'], type: [], backend: [] });
    expect(parse(`?queue=${SAVED}`).queue).toBe(SAVED);
  });

  it('writes back what it read', () => {
    const search = '?queue=lending.new&state=shipped&state=received&q=nature&sort=title&order=asc&cursor=xyz';
    const query = parse(search);
    expect(parse(queryString(listQueryParams(query)))).toEqual(query);
    expect(queryString(listQueryParams(query))).toBe(search);
  });

  it('asks the API for a page without a count, and for the count apart', () => {
    expect(apiParams(parse('?q=x'))).toMatchObject({ q: 'x', limit: 50 });
    expect(apiParams(parse('?q=x'))).not.toHaveProperty('count');
    expect(apiParams(parse('?limit=5'))).toMatchObject({ limit: 5 });
    const paged = parse(
      '?queue=borrowing.new&state=shipped&q=nature&sort=title&order=asc&cursor=xyz&limit=20',
    );
    expect(countParams(paged)).toMatchObject({
      queue: 'borrowing.new',
      state: ['shipped'],
      q: 'nature',
      limit: 1,
      count: 'exact',
    });
    for (const page of ['cursor', 'sort', 'order']) expect(countParams(paged)[page]).toBeUndefined();
    // The same count for every page and order of one list.
    expect(countParams(paged)).toEqual(countParams(parse('?queue=borrowing.new&state=shipped&q=nature')));
  });

  it('goes back to the first page when a filter changes', () => {
    const query = parse('?state=shipped&cursor=abc');
    const changed = withChanges(query, { type: ['book'] });
    expect(changed.cursor).toBeUndefined();
    expect(changed.type).toEqual(['book']);
    expect(withChanges(query, { q: undefined })).not.toHaveProperty('q');
  });

  it('sorts by a column in its natural order, then the other way', () => {
    const query = parse('');
    expect(currentSort(query)).toEqual({ key: 'updatedAt', order: 'desc' });
    const byTitle = sortedBy(query, 'title');
    expect(currentSort(byTitle)).toEqual({ key: 'title', order: 'asc' });
    expect(currentSort(sortedBy(byTitle, 'title'))).toEqual({ key: 'title', order: 'desc' });
    expect(currentSort(sortedBy(query, 'updatedAt'))).toEqual({ key: 'updatedAt', order: 'asc' });
    expect(currentSort(sortedBy(query, 'number'))).toEqual({ key: 'number', order: 'desc' });
    expect(sortedBy(parse('?cursor=abc'), 'title').cursor).toBeUndefined();
  });

  it('clears the filters but keeps the lending list’s role, the sort and the page size', () => {
    const query = parse('?role=lending&state=shipped&q=x&sort=title&order=desc&limit=25&cursor=abc');
    expect(cleared(query, 'lending')).toEqual({
      status: [],
      state: [],
      type: [],
      backend: [],
      role: 'lending',
      sort: 'title',
      order: 'desc',
      limit: 25,
    });
  });

  it('counts the filters in force, not the role a page fixes', () => {
    expect(
      activeFilterCount(parse('?role=lending&state=shipped&state=received&attention=true&q=x'), 'lending'),
    ).toBe(2);
    expect(activeFilterCount(parse('?role=lending'))).toBe(1);
  });

  it('saves the filters, keyword and sort as a queue’s filter, without the page', () => {
    expect(
      savedFilterOf(parse(`?queue=borrowing.pending&state=shipped&q=x&sort=title&limit=25&cursor=c`)),
    ).toEqual({
      queue: 'borrowing.pending',
      state: ['shipped'],
      q: 'x',
      sort: 'title',
    });
    expect(savedFilterOf(parse(`?queue=${SAVED}`))).toEqual({});
  });
});

describe('the trail of keyset pages', () => {
  it('remembers the pages walked, so that Previous goes back one', () => {
    let trail = [null] as readonly (string | null)[];
    trail = trailAfterNext(trail, undefined, 'p2');
    trail = trailAfterNext(trail, 'p2', 'p3');
    expect(trail).toEqual([null, 'p2', 'p3']);
    expect(previousCursor(trail, 'p3')).toBe('p2');
    expect(previousCursor(trail, 'p2')).toBeUndefined();
    // Going on from an earlier page forgets the pages after it.
    expect(trailAfterNext(trail, 'p2', 'p3b')).toEqual([null, 'p2', 'p3b']);
  });

  it('goes back to the first page from a page reached by a link', () => {
    expect(previousCursor([null], 'elsewhere')).toBeUndefined();
    expect(trailAfterNext([null], 'elsewhere', 'next')).toEqual(['elsewhere', 'next']);
  });

  it('keeps one trail per list, whatever page it is on', () => {
    const query = parse('?state=shipped&cursor=abc');
    expect(trailKey(query)).toBe(trailKey(atCursor(query, undefined)));
    expect(trailKey(query)).not.toBe(trailKey(parse('?state=received')));
  });
});
