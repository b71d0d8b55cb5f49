import type { KeywordMatch } from '../../src/requests/request-search.repository.ts';

/** A keyword analysed as words only (no number or identifier in it), as the search service makes it. */
export function wordsKeyword(tsquery: string): KeywordMatch {
  return { numbers: [], isbn: [], issn: [], doi: [], oclc: [], tsquery, similarTitle: null };
}
