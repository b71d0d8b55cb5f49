/**
 * Reading a Koha export of partner-library patron accounts (Koha keeps its ILL partners as patrons of
 * the category ILLLIBS, or IL since 23.11) and working out what importing it into the partner
 * directory does. Pure functions: the partner service reads and writes the database around them.
 *
 * Each Koha account becomes an email partner: `cardnumber` is its symbol, `surname` (with
 * `firstname`, if any) or `name` its name, `email` (or else `emailpro`) its address.
 */
import type { Partner } from '../db/schema.ts';
import { ValidationError } from '../errors.ts';
import { PARTNER_SYMBOL_PATTERN } from './partner.schemas.ts';
import type { PartnerImportError, PartnerImportErrorCode, PartnerImportRow } from './partner.schemas.ts';
import { isEmail } from './validation.ts';

/** One record of a CSV text, with the line it starts on (1-based). */
export interface CsvRecord {
  line: number;
  fields: string[];
}

const DELIMITERS = [',', ';', '\t'] as const;

/** The delimiter of a CSV text: whichever of comma, semicolon and tab its first line holds most of. */
export function detectDelimiter(text: string): string {
  const firstLine = text.split(/\r?\n/, 1)[0] ?? '';
  const counts = DELIMITERS.map((delimiter) => firstLine.split(delimiter).length - 1);
  const best = Math.max(...counts);
  return best === 0 ? ',' : DELIMITERS[counts.indexOf(best)]!;
}

/**
 * Splits CSV text into records (RFC 4180: fields may be quoted, `""` is a quote inside quotes, quoted
 * fields may span lines). A byte-order mark is dropped and blank lines are skipped.
 * @throws ValidationError (field `body.csv`, rule `csv`) for a quote that is never closed
 */
export function parseCsv(text: string, delimiter = detectDelimiter(text)): CsvRecord[] {
  const source = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let fieldStarted = false;
  let line = 1;
  let recordLine = 1;
  let quoteLine = 1;

  const endField = () => {
    fields.push(field);
    field = '';
    fieldStarted = false;
  };
  const endRecord = () => {
    endField();
    if (fields.length > 1 || fields[0] !== '') records.push({ line: recordLine, fields });
    fields = [];
  };

  for (let i = 0; i < source.length; i += 1) {
    const character = source[i]!;
    if (quoted) {
      if (character === '"') {
        if (source[i + 1] === '"') {
          field += '"';
          i += 1;
        } else quoted = false;
      } else {
        if (character === '\n') line += 1;
        field += character;
      }
    } else if (character === '"' && !fieldStarted) {
      quoted = true;
      fieldStarted = true;
      quoteLine = line;
    } else if (character === delimiter) {
      endField();
    } else if (character === '\n' || character === '\r') {
      if (character === '\r' && source[i + 1] === '\n') i += 1;
      endRecord();
      line += 1;
      recordLine = line;
    } else {
      field += character;
      fieldStarted = true;
    }
  }
  if (quoted) {
    throw new ValidationError(`body.csv has a quote opened on line ${quoteLine} that is never closed`, [
      {
        field: 'body.csv',
        rule: 'csv',
        message: `body.csv has a quote opened on line ${quoteLine} that is never closed`,
      },
    ]);
  }
  endRecord();
  return records;
}

/** A row of the export that names a partner, before it is compared with the directory. */
export interface ImportCandidate {
  row: number;
  symbol: string;
  name: string;
  email: string;
}

/** What reading an export gives: candidates, rows skipped or in error, and columns not used. */
export interface ReadRows {
  candidates: ImportCandidate[];
  skipped: PartnerImportRow[];
  errors: PartnerImportError[];
  ignoredColumns: string[];
}

const USED_COLUMNS = [
  'cardnumber',
  'symbol',
  'name',
  'surname',
  'firstname',
  'email',
  'emailpro',
  'categorycode',
];
const symbolPattern = new RegExp(PARTNER_SYMBOL_PATTERN);

function headerError(message: string, field = 'body.csv'): ValidationError {
  return new ValidationError(message, [{ field, rule: 'header', message }]);
}

/**
 * Reads an export's rows into import candidates, checking each: a symbol of the right form, a
 * name, an email address, and no symbol twice. With `category`, rows of other patron categories are
 * skipped. Each error and skip carries a stable code, the column it concerns and the value at fault,
 * so that a client can say it in its own words; the English message stays for everyone else.
 * @throws ValidationError when the text is not CSV, or its first row is not a header naming the columns
 */
export function readPartnerRows(text: string, category?: string): ReadRows {
  const [header, ...records] = parseCsv(text);
  const columns = (header?.fields ?? []).map((name) => name.trim().toLowerCase());
  const index = (name: string): number => columns.indexOf(name);
  const symbolColumn = index('cardnumber') >= 0 ? 'cardnumber' : index('symbol') >= 0 ? 'symbol' : null;
  if (symbolColumn === null) {
    throw headerError(
      'body.csv must start with a header row naming its columns, with cardnumber (the partner’s symbol), ' +
        'surname or name, and email',
    );
  }
  const nameColumns = index('name') >= 0 ? ['name'] : ['firstname', 'surname'].filter((c) => index(c) >= 0);
  const emailColumn = index('email') >= 0 ? 'email' : index('emailpro') >= 0 ? 'emailpro' : null;
  if (nameColumns.length === 0 || emailColumn === null) {
    throw headerError('The header of body.csv must name the columns surname (or name) and email');
  }
  if (category !== undefined && index('categorycode') < 0) {
    throw headerError(
      'body.category filters by the column categorycode, which the header of body.csv does not name',
      'body.category',
    );
  }
  const nameColumn = nameColumns.includes('surname') ? 'surname' : nameColumns[0]!;

  const result: ReadRows = {
    candidates: [],
    skipped: [],
    errors: [],
    ignoredColumns: columns.filter((column) => column !== '' && !USED_COLUMNS.includes(column)),
  };
  const firstRowOf = new Map<string, number>();
  for (const record of records) {
    const value = (column: string): string => (record.fields[index(column)] ?? '').trim();
    const row = record.line;
    const symbol = value(symbolColumn);
    const name = nameColumns
      .map(value)
      .filter((part) => part !== '')
      .join(' ');
    const email = value(emailColumn);
    const fail = (
      code: PartnerImportErrorCode,
      field: string,
      found: string,
      rule: string,
      message: string,
      otherRow: number | null = null,
    ) =>
      result.errors.push({
        row,
        code,
        field,
        value: found === '' ? null : found,
        otherRow,
        rule,
        message: `Row ${row}: ${message}`,
      });

    const extra = record.fields.slice(columns.length).filter((f) => f.trim() !== '');
    if (extra.length > 0) {
      fail(
        'too_many_fields',
        symbolColumn,
        '',
        'columns',
        `it has ${record.fields.length} fields but the header names ${columns.length} columns`,
      );
      continue;
    }
    if (category !== undefined && value('categorycode').toLowerCase() !== category.toLowerCase()) {
      result.skipped.push({
        row,
        symbol,
        name,
        email: email === '' ? null : email,
        partnerId: null,
        changes: [],
        reason: `its categorycode is ${value('categorycode') || 'empty'}, not ${category}`,
        reasonCode: 'other_category',
        reasonField: 'categorycode',
        reasonValue: value('categorycode') || null,
      });
      continue;
    }
    const before = result.errors.length;
    const firstRow = firstRowOf.get(symbol);
    if (symbol === '') {
      fail(
        'symbol_missing',
        symbolColumn,
        symbol,
        'required',
        `${symbolColumn} is empty; it is the partner’s symbol`,
      );
    } else if (!symbolPattern.test(symbol)) {
      fail(
        'symbol_invalid',
        symbolColumn,
        symbol,
        'pattern',
        `${symbolColumn} ${symbol} is not a symbol: letters, digits and : / . _ - only, at most 64`,
      );
    } else if (firstRow !== undefined) {
      fail(
        'symbol_repeated',
        symbolColumn,
        symbol,
        'unique',
        `${symbolColumn} ${symbol} is also on row ${firstRow}`,
        firstRow,
      );
    }
    if (name === '') {
      fail('name_missing', nameColumn, name, 'required', `${nameColumn} is empty; it is the partner’s name`);
    } else if (name.length > 200) {
      fail('name_too_long', nameColumn, name, 'maxLength', `${nameColumn} is longer than 200 characters`);
    }
    if (email === '') {
      fail(
        'email_missing',
        emailColumn,
        email,
        'required',
        `${emailColumn} is empty; an email partner needs one`,
      );
    } else if (!isEmail(email)) {
      fail('email_invalid', emailColumn, email, 'format', `${emailColumn} ${email} is not an email address`);
    }
    if (symbol !== '' && !firstRowOf.has(symbol)) firstRowOf.set(symbol, row);
    if (result.errors.length === before) result.candidates.push({ row, symbol, name, email });
  }
  return result;
}

/** The reason fields of a row that is created or updated: none. */
export const NOT_SKIPPED = { reason: null, reasonCode: null, reasonField: null, reasonValue: null } as const;

/** What importing the candidates does to the directory. */
export interface ImportPlan {
  create: ImportCandidate[];
  update: { candidate: ImportCandidate; partner: Partner; changes: ('name' | 'email')[] }[];
  skipped: PartnerImportRow[];
}

/**
 * Compares the candidates with the library's partners of the same symbols: new symbols are created,
 * email partners whose name or address differ are updated, the rest are skipped with the reason.
 */
export function planImport(candidates: readonly ImportCandidate[], existing: readonly Partner[]): ImportPlan {
  const bySymbol = new Map(existing.map((partner) => [partner.symbol, partner]));
  const plan: ImportPlan = { create: [], update: [], skipped: [] };
  for (const candidate of candidates) {
    const partner = bySymbol.get(candidate.symbol);
    if (partner === undefined) {
      plan.create.push(candidate);
      continue;
    }
    const skip = (
      reasonCode: 'not_email_partner' | 'unchanged',
      reason: string,
      reasonValue: string | null,
    ) =>
      plan.skipped.push({
        ...candidate,
        partnerId: partner.id,
        changes: [],
        reason,
        reasonCode,
        reasonField: null,
        reasonValue,
      });
    if (partner.protocol !== 'email') {
      skip(
        'not_email_partner',
        `${candidate.symbol} is already a ${partner.protocol} partner; an import changes only email partners`,
        partner.protocol,
      );
      continue;
    }
    const changes: ('name' | 'email')[] = [];
    if (partner.name !== candidate.name) changes.push('name');
    if (partner.email !== candidate.email) changes.push('email');
    if (changes.length === 0) {
      skip('unchanged', `${candidate.symbol} is already in the directory as it is here`, null);
    } else plan.update.push({ candidate, partner, changes });
  }
  return plan;
}
