import { describe, expect, it } from 'vitest';
import type { Partner } from '../db/schema.ts';
import { ValidationError } from '../errors.ts';
import { detectDelimiter, parseCsv, planImport, readPartnerRows } from './partner-import.ts';

function partner(overrides: Partial<Partner>): Partner {
  return {
    id: '00000000-0000-4000-8000-000000000001',
    library_id: '00000000-0000-4000-8000-00000000000a',
    symbol: 'ILN-SOUTH',
    name: 'South Library',
    protocol: 'email',
    endpoint_url: null,
    email: 'ill@south.example',
    outbound_credential: null,
    inbound_credential_hash: null,
    days_to_respond: 7,
    undo_allowed: false,
    active: true,
    created_at: new Date('2026-01-01T00:00:00Z'),
    updated_at: new Date('2026-01-01T00:00:00Z'),
    ...overrides,
  };
}

function thrown(work: () => unknown): ValidationError {
  try {
    work();
  } catch (error) {
    if (error instanceof ValidationError) return error;
    throw error;
  }
  throw new Error('expected a ValidationError');
}

describe('parsing CSV', () => {
  it('splits records and fields, with quoted delimiters, doubled quotes and CRLF line ends', () => {
    const records = parseCsv('a,b,c\r\n"x, y","say ""hi""",z\r\n');
    expect(records).toEqual([
      { line: 1, fields: ['a', 'b', 'c'] },
      { line: 2, fields: ['x, y', 'say "hi"', 'z'] },
    ]);
  });

  it('numbers records by the line they start on, across quoted line breaks and blank lines', () => {
    const records = parseCsv('h1,h2\n"two\nlines",b\n\nc,d');
    expect(records.map((record) => record.line)).toEqual([1, 2, 5]);
    expect(records[1]!.fields).toEqual(['two\nlines', 'b']);
  });

  it('drops a byte-order mark', () => {
    expect(parseCsv('\uFEFFcardnumber\nX')[0]!.fields).toEqual(['cardnumber']);
  });

  it('detects semicolons and tabs as delimiters from the header line', () => {
    expect(detectDelimiter('cardnumber;surname;email\n1;2;3')).toBe(';');
    expect(detectDelimiter('cardnumber\tsurname\temail')).toBe('\t');
    expect(detectDelimiter('cardnumber')).toBe(',');
  });

  it('refuses a quote that is never closed, naming the line it opened on', () => {
    const error = thrown(() => parseCsv('a,b\n1,"open\n2,3'));
    expect(error.issues).toEqual([expect.objectContaining({ field: 'body.csv', rule: 'csv' })]);
    expect(error.message).toContain('line 2');
  });
});

describe('reading a Koha export of partner libraries', () => {
  it('maps cardnumber to the symbol, surname to the name and email to the address', () => {
    const read = readPartnerRows(
      'cardnumber,surname,firstname,email,branchcode\nILN-SOUTH,South Library,,ill@south.example,MAIN\n',
    );
    expect(read.candidates).toEqual([
      { row: 2, symbol: 'ILN-SOUTH', name: 'South Library', email: 'ill@south.example' },
    ]);
    expect(read.errors).toEqual([]);
    expect(read.ignoredColumns).toEqual(['branchcode']);
  });

  it('joins firstname and surname, and falls back to emailpro without an email column', () => {
    const read = readPartnerRows(
      'CardNumber;Firstname;Surname;EmailPro\nX1;Interlibrary Loans;Hill College;ill@hill.example',
    );
    expect(read.candidates).toEqual([
      { row: 2, symbol: 'X1', name: 'Interlibrary Loans Hill College', email: 'ill@hill.example' },
    ]);
  });

  it('takes a name column as it is', () => {
    const read = readPartnerRows('symbol,name,email\nX2,"Vale, University of",ill@vale.example');
    expect(read.candidates[0]).toMatchObject({ symbol: 'X2', name: 'Vale, University of' });
  });

  it('reports each bad row with its line, a stable code, the column to correct and the value at fault', () => {
    const read = readPartnerRows(
      [
        'cardnumber,surname,email',
        'GOOD,Good Library,ill@good.example',
        ',Nameless Symbol,ill@x.example',
        'BAD SYMBOL,Spaces,ill@y.example',
        'NOMAIL,No Mail Library,',
        'WRONGMAIL,Wrong Mail,not-an-address',
        'NONAME,,ill@z.example',
        'GOOD,Good Again,ill@good2.example',
      ].join('\n'),
    );
    expect(read.candidates.map((c) => c.symbol)).toEqual(['GOOD']);
    expect(
      read.errors.map(({ row, code, field, value, otherRow, rule }) => ({
        row,
        code,
        field,
        value,
        otherRow,
        rule,
      })),
    ).toEqual([
      { row: 3, code: 'symbol_missing', field: 'cardnumber', value: null, otherRow: null, rule: 'required' },
      {
        row: 4,
        code: 'symbol_invalid',
        field: 'cardnumber',
        value: 'BAD SYMBOL',
        otherRow: null,
        rule: 'pattern',
      },
      { row: 5, code: 'email_missing', field: 'email', value: null, otherRow: null, rule: 'required' },
      {
        row: 6,
        code: 'email_invalid',
        field: 'email',
        value: 'not-an-address',
        otherRow: null,
        rule: 'format',
      },
      { row: 7, code: 'name_missing', field: 'surname', value: null, otherRow: null, rule: 'required' },
      { row: 8, code: 'symbol_repeated', field: 'cardnumber', value: 'GOOD', otherRow: 2, rule: 'unique' },
    ]);
    // The English stays, for clients that do not know a code.
    expect(read.errors[5]!.message).toBe('Row 8: cardnumber GOOD is also on row 2');
  });

  it('gives a name too long as the whole name, firstname and surname together', () => {
    const surname = 'S'.repeat(195);
    const read = readPartnerRows(`cardnumber,firstname,surname,email\nX,Long Name,${surname},ill@x.example`);
    expect(read.errors).toEqual([
      expect.objectContaining({
        code: 'name_too_long',
        field: 'surname',
        value: `Long Name ${surname}`,
        rule: 'maxLength',
      }),
    ]);
  });

  it('flags a row with more fields than the header has columns', () => {
    const read = readPartnerRows('cardnumber,surname,email\nX,Smith, Jones,ill@x.example');
    expect(read.errors).toEqual([
      expect.objectContaining({
        row: 2,
        code: 'too_many_fields',
        field: 'cardnumber',
        value: null,
        rule: 'columns',
      }),
    ]);
  });

  it('skips the rows of other patron categories when asked for one', () => {
    const read = readPartnerRows(
      'cardnumber,surname,email,categorycode\nA,Alpha,a@a.example,ILLLIBS\nB,Bravo,b@b.example,ADULT',
      'ILLLIBS',
    );
    expect(read.candidates.map((c) => c.symbol)).toEqual(['A']);
    expect(read.skipped).toEqual([
      expect.objectContaining({
        row: 3,
        symbol: 'B',
        reason: 'its categorycode is ADULT, not ILLLIBS',
        reasonCode: 'other_category',
        reasonField: 'categorycode',
        reasonValue: 'ADULT',
      }),
    ]);
  });

  it('skips a row without a categorycode when asked for a category, saying it is empty', () => {
    const read = readPartnerRows('cardnumber,surname,email,categorycode\nA,Alpha,a@a.example,', 'ILLLIBS');
    expect(read.skipped).toEqual([
      expect.objectContaining({
        reasonCode: 'other_category',
        reasonValue: null,
        reason: expect.stringContaining('empty'),
      }),
    ]);
  });

  it('refuses text whose first row is not a header naming the symbol column', () => {
    const error = thrown(() => readPartnerRows('ILN-SOUTH,South Library,ill@south.example'));
    expect(error.issues).toEqual([expect.objectContaining({ field: 'body.csv', rule: 'header' })]);
  });

  it('refuses a header without a name or an email column', () => {
    expect(thrown(() => readPartnerRows('cardnumber,email\nX,x@x.example')).issues[0]!.rule).toBe('header');
    expect(thrown(() => readPartnerRows('cardnumber,surname\nX,Y')).issues[0]!.rule).toBe('header');
  });

  it('refuses a category filter when there is no categorycode column', () => {
    const error = thrown(() => readPartnerRows('cardnumber,surname,email\nX,Y,x@x.example', 'ILLLIBS'));
    expect(error.issues[0]).toMatchObject({ field: 'body.category', rule: 'header' });
  });
});

describe('planning an import', () => {
  const candidate = (symbol: string, name = `${symbol} Library`, email = `ill@${symbol}.example`) => ({
    row: 2,
    symbol,
    name,
    email,
  });

  it('creates new symbols, updates changed email partners and skips unchanged or other partners', () => {
    const plan = planImport(
      [
        candidate('NEW'),
        candidate('SAME'),
        candidate('MOVED', 'Moved Library', 'new@moved.example'),
        candidate('ISO'),
      ],
      [
        partner({ id: 'a', symbol: 'SAME', name: 'SAME Library', email: 'ill@SAME.example' }),
        partner({ id: 'b', symbol: 'MOVED', name: 'Moved Library', email: 'old@moved.example' }),
        partner({ id: 'c', symbol: 'ISO', protocol: 'iso18626', endpoint_url: 'https://iso.example/' }),
      ],
    );
    expect(plan.create.map((c) => c.symbol)).toEqual(['NEW']);
    expect(plan.update).toEqual([
      expect.objectContaining({ partner: expect.objectContaining({ id: 'b' }), changes: ['email'] }),
    ]);
    expect(
      plan.skipped.map((s) => [s.symbol, s.partnerId, s.reasonCode, s.reasonField, s.reasonValue]),
    ).toEqual([
      ['SAME', 'a', 'unchanged', null, null],
      ['ISO', 'c', 'not_email_partner', null, 'iso18626'],
    ]);
    expect(plan.skipped[1]!.reason).toContain('iso18626');
  });
});
