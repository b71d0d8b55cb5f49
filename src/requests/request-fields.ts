/**
 * The bibliographic and service fields of a request, their columns, and which a request type needs.
 * Shared by the backends, the request schemas and the repository.
 */
import type { RequestTable } from '../db/schema.ts';

export const REQUEST_TYPES = ['book', 'article', 'journal', 'chapter', 'thesis', 'other'] as const;
export type RequestType = (typeof REQUEST_TYPES)[number];

export const SERVICE_WANTED = ['loan', 'copy', 'either'] as const;
export type ServiceWanted = (typeof SERVICE_WANTED)[number];

/** Bibliographic fields, by API name, with their column. */
export const BIBLIOGRAPHIC_FIELDS = {
  title: 'title',
  author: 'author',
  articleTitle: 'article_title',
  part: 'part',
  volume: 'volume',
  issue: 'issue',
  pages: 'pages',
  year: 'year',
  edition: 'edition',
  publisher: 'publisher',
  place: 'place',
  isbn: 'isbn',
  issn: 'issn',
  doi: 'doi',
  oclcNumber: 'oclc_number',
  otherIdentifiers: 'other_identifiers',
} as const satisfies Record<string, keyof RequestTable>;

export type BibliographicField = keyof typeof BIBLIOGRAPHIC_FIELDS;
export const BIBLIOGRAPHIC_FIELD_NAMES = Object.keys(BIBLIOGRAPHIC_FIELDS) as BibliographicField[];

/** The fields each request type cannot do without. */
export const REQUIRED_BY_TYPE: Readonly<Record<RequestType, readonly BibliographicField[]>> = {
  book: ['title'],
  article: ['title', 'articleTitle'],
  journal: ['title'],
  chapter: ['title', 'articleTitle'],
  thesis: ['title', 'author'],
  other: ['title'],
};

/**
 * The service types a request asks for, in order of preference. "Either" prefers a copy for articles
 * and chapters (the usual way to supply them) and a loan for everything else.
 */
export function requestedServiceTypes(type: RequestType, wanted: ServiceWanted): ('loan' | 'copy')[] {
  if (wanted !== 'either') return [wanted];
  return type === 'article' || type === 'chapter' ? ['copy', 'loan'] : ['loan', 'copy'];
}
