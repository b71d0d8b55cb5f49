/**
 * Reads an OpenURL on the request form's address into the form: what a link resolver's "request via
 * interlibrary loan" link (SFX, 360 Link, Alma, Primo, databases) carries about the item. Both
 * OpenURL 1.0 in key/encoded-value form (`url_ver=Z39.88-2004`, `rft.*`, `rft_id`, `rfr_id`) and the
 * older OpenURL 0.1 (`genre`, `title`, `aulast`, `id=doi:…`, `sid`) are read; where a link carries
 * both, as some resolvers' links do, the 1.0 value wins. Pure: no DOM, no state.
 */
import type { BibliographicField, RequestType } from '../api/types.ts';

/** What an OpenURL says about an item, in the request form's terms. */
export interface OpenUrlCitation {
  /** `1.0` when any 1.0 key is present, else `0.1`. */
  readonly version: '1.0' | '0.1';
  /** The request type the genre and format suggest, before knowing which types the library offers. */
  readonly type: RequestType;
  readonly fields: Partial<Record<BibliographicField, string>>;
  /** What has no field of its own but helps staff (where the link came from, the series…). */
  readonly customFields: readonly { readonly key: string; readonly value: string }[];
}

/** Keys of OpenURL 0.1 that describe an item; one of them makes a query an OpenURL 0.1. */
const KEYS_01 = new Set([
  'genre',
  'aulast',
  'aufirst',
  'auinit',
  'auinit1',
  'auinitm',
  'au',
  'aucorp',
  'issn',
  'eissn',
  'coden',
  'isbn',
  'sici',
  'bici',
  'title',
  'stitle',
  'atitle',
  'volume',
  'part',
  'issue',
  'spage',
  'epage',
  'pages',
  'artnum',
  'date',
  'ssn',
  'quarter',
  'id',
  'sid',
]);

/** Keys that do not make a query an OpenURL by themselves (`title` alone could be anything). */
const WEAK_01 = new Set(['title', 'date', 'volume', 'issue', 'part', 'pages', 'id']);

const ISBN = /^[0-9Xx -]{10,17}$/;
const ISSN = /^[0-9]{4}-?[0-9]{3}[0-9Xx]$/;
const DOI = /^10\.[0-9]{4,9}\/\S+$/;

type Pairs = readonly (readonly [string, string])[];

/**
 * Splits a query string into decoded pairs. Values are percent-decoded as bytes, then read as
 * UTF-8, or as ISO-8859-1 where the context object says so (`ctx_enc`) or the bytes are not UTF-8.
 */
export function parseQuery(search: string): Pairs {
  const raw = search.replace(/^\?/, '');
  if (raw === '') return [];
  const pieces = raw
    .split('&')
    .filter((piece) => piece !== '')
    .map((piece) => {
      const equals = piece.indexOf('=');
      return equals === -1 ? [piece, ''] : [piece.slice(0, equals), piece.slice(equals + 1)];
    });
  const latin1 = pieces.some(
    ([key, value]) =>
      decodeBytes(key ?? '', false) === 'ctx_enc' &&
      /ISO-8859-1|latin-?1/i.test(decodeBytes(value ?? '', false)),
  );
  return pieces.map(
    ([key, value]) => [decodeBytes(key ?? '', latin1), decodeBytes(value ?? '', latin1)] as const,
  );
}

function decodeBytes(text: string, latin1: boolean): string {
  const bytes: number[] = [];
  const plain = text.replace(/\+/g, ' ');
  for (let index = 0; index < plain.length; index++) {
    const char = plain[index] as string;
    const hex = plain.slice(index + 1, index + 3);
    if (char === '%' && /^[0-9a-fA-F]{2}$/.test(hex)) {
      bytes.push(parseInt(hex, 16));
      index += 2;
    } else {
      bytes.push(...new TextEncoder().encode(char));
    }
  }
  const data = new Uint8Array(bytes);
  if (latin1) return new TextDecoder('windows-1252').decode(data);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(data);
  } catch {
    return new TextDecoder('windows-1252').decode(data);
  }
}

/** Whether a query is an OpenURL at all: any 1.0 key, or a 0.1 key other than the weakest. */
function versionOf(pairs: Pairs): '1.0' | '0.1' | null {
  const keys = pairs.filter(([, value]) => value.trim() !== '').map(([key]) => key);
  const allKeys = pairs.map(([key]) => key);
  if (
    allKeys.some(
      (key) =>
        key.startsWith('rft.') ||
        key === 'rft_val_fmt' ||
        key === 'rft_id' ||
        key === 'url_ver' ||
        key === 'ctx_ver',
    )
  ) {
    return '1.0';
  }
  if (keys.some((key) => KEYS_01.has(key) && !WEAK_01.has(key))) return '0.1';
  // `id=doi:…` alone is a 0.1 OpenURL (as Crossref's resolver takes it); an `id` of ours is not.
  if (
    pairs.some(
      ([key, value]) => key === 'id' && /^(doi|pmid|oclcnum|isbn|issn|bibcode|arxiv|hdl):/i.test(value),
    )
  ) {
    return '0.1';
  }
  return null;
}

/** Collapses runs of white space and trims; empty values count as absent. */
function clean(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const text = value.replace(/\s+/g, ' ').trim();
  return text === '' ? undefined : text;
}

/**
 * Reads values by name: `rft.<name>` (1.0) before `<name>` (0.1, and the keys sources add to it such
 * as `pub` or `doi`), non-empty ones only.
 */
class Reader {
  constructor(private readonly pairs: Pairs) {}

  all(name: string): string[] {
    const v1 = this.raw(`rft.${name}`);
    return v1.length > 0 ? v1 : this.raw(name);
  }

  first(...names: string[]): string | undefined {
    for (const name of names) {
      const [value] = this.all(name);
      if (value !== undefined) return value;
    }
    return undefined;
  }

  raw(key: string): string[] {
    return this.pairs
      .filter(([candidate]) => candidate === key)
      .map(([, value]) => clean(value))
      .filter((value): value is string => value !== undefined);
  }
}

/** The metadata format of a 1.0 context object: `book`, `journal`, `dissertation`, `patent`… */
function formatOf(reader: Reader): string | undefined {
  const [format] = reader.raw('rft_val_fmt');
  const match = format === undefined ? null : /fmt:kev:mtx:([a-z_]+)/i.exec(format);
  return match?.[1]?.toLowerCase();
}

/**
 * The request type for a genre and format. Genres name the item (`article`, `bookitem`, `book`,
 * `journal`, `issue`, `proceeding`, `conference`, `preprint`, `dissertation`, `report`, `document`,
 * `unknown`) and Koha's own synonyms (`fulltext`, `selectedft`, `print`, `ebook`) are read too.
 */
function typeOf(
  genre: string | undefined,
  format: string | undefined,
  hints: { readonly hasPart: boolean; readonly bookLike: boolean; readonly journalLike: boolean },
): RequestType {
  const { hasPart } = hints;
  switch (genre) {
    case 'article':
    case 'preprint':
    case 'fulltext':
    case 'selectedft':
    case 'contribution':
      return 'article';
    case 'bookitem':
    case 'chapter':
      return 'chapter';
    case 'book':
    case 'print':
    case 'ebook':
      return hasPart ? 'chapter' : 'book';
    case 'journal':
    case 'issue':
    case 'serial':
      return hasPart ? 'article' : 'journal';
    case 'proceeding':
    case 'conference':
      // A paper in the proceedings, or the proceedings as a whole.
      if (hasPart) return format === 'book' ? 'chapter' : 'article';
      return format === 'journal' ? 'journal' : 'book';
    case 'dissertation':
    case 'thesis':
      return 'thesis';
    case 'report':
    case 'document':
    case 'patent':
      return 'other';
    default:
      break;
  }
  switch (format) {
    case 'dissertation':
      return 'thesis';
    case 'journal':
      return hasPart ? 'article' : 'journal';
    case 'book':
      return hasPart ? 'chapter' : 'book';
    case 'patent':
      return 'other';
    default:
      // No genre or format: what the link carries tells a journal from a book.
      if (hints.journalLike) return hasPart ? 'article' : 'journal';
      if (hints.bookLike) return hasPart ? 'chapter' : 'book';
      return hasPart ? 'article' : 'other';
  }
}

/** "Last, First" from the parts of a name, or undefined. */
function nameFrom(reader: Reader): string | undefined {
  const whole = reader.all('au');
  if (whole.length > 0) return whole.join('; ');
  const last = reader.first('aulast');
  const first =
    reader.first('aufirst') ??
    reader.first('auinit') ??
    ([reader.first('auinit1'), reader.first('auinitm')].filter(Boolean).join(' ') || undefined);
  if (last !== undefined) return first === undefined ? last : `${last}, ${first}`;
  return reader.first('aucorp', 'inventor');
}

/** The first 4-digit year of a date such as `2008-05-01`, `2008` or `Spring 2008`. */
function yearOf(date: string | undefined): string | undefined {
  const match = date === undefined ? null : /(^|\D)(\d{4})(\D|$)/.exec(date);
  return match?.[2];
}

function isbnOf(value: string): string | undefined {
  const candidate = /[0-9][0-9Xx -]{8,16}[0-9Xx]/.exec(value)?.[0]?.trim();
  return candidate !== undefined && ISBN.test(candidate) ? candidate : undefined;
}

function issnOf(value: string): string | undefined {
  const compact = value.replace(/[\s-]/g, '').toUpperCase();
  if (!/^[0-9]{7}[0-9X]$/.test(compact)) return undefined;
  const issn = `${compact.slice(0, 4)}-${compact.slice(4)}`;
  return ISSN.test(issn) ? issn : undefined;
}

/** What one identifier (`rft_id`, `id`, `rft.doi`…) is, as a field or a labelled other identifier. */
type Identifier =
  | { readonly field: 'doi' | 'oclcNumber' | 'isbn' | 'issn'; readonly value: string }
  | { readonly other: string }
  | { readonly link: string };

function identifierOf(value: string): Identifier | undefined {
  const text = value.trim();
  const doi =
    /^(?:info:doi\/|doi:|https?:\/\/(?:dx\.)?doi\.org\/)(.+)$/i.exec(text)?.[1] ??
    (DOI.test(text) ? text : null);
  if (doi !== null && doi !== undefined) {
    const decoded = doi.trim();
    return DOI.test(decoded) ? { field: 'doi', value: decoded } : undefined;
  }
  const oclc = /^(?:info:oclcnum\/|oclcnum:|oclc:)\s*(?:\(OCoLC\))?(?:ocm|ocn|on)?(\d{1,12})$/i.exec(
    text,
  )?.[1];
  if (oclc !== undefined) return { field: 'oclcNumber', value: oclc };
  const pmid = /^(?:info:pmid\/|pmid:)(\d+)$/i.exec(text)?.[1];
  if (pmid !== undefined) return { other: `PMID: ${pmid}` };
  const isbn = /^(?:urn:isbn:|info:isbn\/|isbn:)(.+)$/i.exec(text)?.[1];
  if (isbn !== undefined) {
    const valid = isbnOf(isbn);
    return valid === undefined ? { other: `ISBN: ${isbn}` } : { field: 'isbn', value: valid };
  }
  const issn = /^(?:urn:issn:|info:issn\/|issn:)(.+)$/i.exec(text)?.[1];
  if (issn !== undefined) {
    const valid = issnOf(issn);
    return valid === undefined ? { other: `ISSN: ${issn}` } : { field: 'issn', value: valid };
  }
  const labelled = /^info:(lccn|arxiv|pmc|hdl|bibcode)\/(.+)$/i.exec(text);
  if (labelled !== null) {
    const names: Record<string, string> = {
      lccn: 'LCCN',
      arxiv: 'arXiv',
      pmc: 'PMCID',
      hdl: 'Handle',
      bibcode: 'Bibcode',
    };
    return { other: `${names[(labelled[1] as string).toLowerCase()]}: ${labelled[2]}` };
  }
  if (/^https?:\/\//i.test(text)) return { link: text };
  // Bare identifiers with an empty value after the namespace (`info:doi/`) say nothing.
  if (/^info:[a-z]+\/?$/i.test(text)) return undefined;
  return { other: text };
}

/** The source a link came from: `rfr_id=info:sid/primo.exlibrisgroup.com:primo3-…` or `sid=Entrez:PubMed`. */
function sourceOf(reader: Reader): string | undefined {
  const [referrer] = [...reader.raw('rfr_id'), ...reader.raw('sid')];
  return referrer?.replace(/^info:sid\//i, '');
}

/**
 * The citation an OpenURL on the form's address carries, or undefined when the address carries no
 * OpenURL. `search` is the query string, with or without its `?`.
 */
export function parseOpenUrl(search: string): OpenUrlCitation | undefined {
  const pairs = parseQuery(search);
  const version = versionOf(pairs);
  if (version === null) return undefined;
  const reader = new Reader(pairs);

  const format = formatOf(reader);
  const genre = reader.first('genre')?.toLowerCase();
  const atitle = reader.first('atitle', 'ctitle');
  const jtitle = reader.first('jtitle');
  const btitle = reader.first('btitle');
  const title = reader.first('title');
  const stitle = reader.first('stitle');
  const type = typeOf(genre, format, {
    hasPart: atitle !== undefined,
    bookLike: btitle !== undefined || reader.first('isbn') !== undefined,
    journalLike:
      jtitle !== undefined ||
      reader.first('issn', 'eissn') !== undefined ||
      reader.first('issue') !== undefined,
  });

  const fields: Partial<Record<BibliographicField, string>> = {};
  const others: string[] = [];
  const customFields: { key: string; value: string }[] = [];
  const set = (field: BibliographicField, value: string | undefined): void => {
    if (value !== undefined && fields[field] === undefined) fields[field] = value;
  };

  // The title field holds the book or journal; an article's or chapter's own title is apart.
  const container =
    type === 'article' || type === 'journal'
      ? (jtitle ?? title ?? stitle ?? btitle)
      : (btitle ?? title ?? jtitle ?? stitle);
  if (type === 'article' || type === 'chapter') {
    set('title', container);
    set('articleTitle', atitle);
  } else {
    set('title', container ?? atitle);
  }

  set('author', nameFrom(reader));
  set('year', yearOf(reader.first('date', 'year')));
  set('volume', reader.first('volume'));
  set('issue', reader.first('issue'));
  set('part', reader.first('part'));
  const spage = reader.first('spage');
  const epage = reader.first('epage');
  set(
    'pages',
    reader.first('pages') ??
      (spage !== undefined && epage !== undefined && epage !== spage
        ? `${spage}-${epage}`
        : (spage ?? undefined)),
  );
  set('edition', reader.first('edition'));
  set('publisher', reader.first('pub', 'publisher', 'inst'));
  set('place', reader.first('place', 'co'));

  for (const value of reader.all('isbn')) {
    const isbn = isbnOf(value);
    if (isbn === undefined) others.push(`ISBN: ${value}`);
    else if (fields.isbn === undefined) fields.isbn = isbn;
  }
  const issns = [...reader.all('issn'), ...reader.all('eissn')];
  for (const value of issns) {
    const issn = issnOf(value);
    if (issn === undefined) others.push(`ISSN: ${value}`);
    else if (fields.issn === undefined) fields.issn = issn;
    else if (issn !== fields.issn) others.push(`ISSN: ${issn}`);
  }

  const identifiers = [
    ...reader.raw('rft_id'),
    ...reader.raw('id'),
    ...reader.all('doi').map((doi) => (doi.startsWith('10.') ? `info:doi/${doi}` : doi)),
    ...reader.all('oclcnum').map((number) => `info:oclcnum/${number}`),
    ...reader.all('pmid').map((number) => `info:pmid/${number}`),
  ];
  for (const value of identifiers) {
    const identifier = identifierOf(value);
    if (identifier === undefined) continue;
    if ('field' in identifier) {
      if (fields[identifier.field] === undefined) fields[identifier.field] = identifier.value;
      else if (fields[identifier.field] !== identifier.value) others.push(value);
    } else if ('other' in identifier) {
      others.push(identifier.other);
    } else if (!customFields.some((custom) => custom.key === 'Link')) {
      customFields.push({ key: 'Link', value: identifier.link });
    }
  }
  const uniqueOthers = [...new Set(others)];
  if (uniqueOthers.length > 0) set('otherIdentifiers', uniqueOthers.join('; '));

  const extras: readonly [string, string | undefined][] = [
    ['Series', reader.first('series')],
    ['Article number', reader.first('artnum')],
    ['Degree', reader.first('degree')],
    ['Source', sourceOf(reader)],
  ];
  for (const [key, value] of extras) if (value !== undefined) customFields.push({ key, value });

  return { version, type, fields, customFields };
}

/**
 * The type to show among those the library offers: the citation's own, else Other (a thesis where
 * the library takes no thesis requests), else the first the library offers.
 */
export function offeredType(type: RequestType, offered: readonly string[]): RequestType {
  if (offered.includes(type)) return type;
  if (offered.includes('other')) return 'other';
  return (offered[0] as RequestType | undefined) ?? type;
}
