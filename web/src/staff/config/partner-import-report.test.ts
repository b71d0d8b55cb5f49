import { describe, expect, it } from 'vitest';
import { readPartnerRows } from '../../../../src/library-config/partner-import.ts';
import { importCounts, importErrorText, skipReasonText } from './partner-import-report.ts';

describe('the partner import’s reasons in the catalogue’s words', () => {
  it('says what is wrong with each row in error from its code, naming the column and the value', () => {
    const read = readPartnerRows(
      [
        'cardnumber,surname,email',
        'GOOD,Good Library,ill@good.example',
        'BAD SYMBOL,Spaces,ill@y.example',
        'WRONGMAIL,Wrong Mail,not-an-address',
        'GOOD,Good Again,ill@good2.example',
        'NONAME,,ill@z.example',
      ].join('\n'),
    );
    expect(read.errors.map(importErrorText)).toEqual([
      'cardnumber “BAD SYMBOL” is not a symbol: use letters, digits and : / . _ - only, at most 64 characters.',
      'email “not-an-address” is not an email address.',
      'cardnumber GOOD is already on line 2: each symbol once only.',
      'surname is empty: it is the partner’s name.',
    ]);
  });

  it('says a code it does not know by its rule, or in general, with the server’s English after it', () => {
    const newer = { field: 'email', value: 'x', otherRow: null, message: 'Row 3: email x is blocked' };
    expect(importErrorText({ ...newer, code: 'email_blocked' as never, rule: 'format' })).toBe(
      'email is not in the right form. (The server said: Row 3: email x is blocked)',
    );
    expect(importErrorText({ ...newer, code: 'email_blocked' as never, rule: 'blocked' })).toBe(
      'This row cannot be imported. (The server said: Row 3: email x is blocked)',
    );
  });

  it('says why each row is left alone from its code, with the category asked for and the partner’s protocol', () => {
    const row = { symbol: 'B', reason: 'English', reasonValue: null };
    expect(skipReasonText({ ...row, reasonCode: 'other_category', reasonValue: 'ADULT' }, 'ILLLIBS')).toBe(
      'Its patron category is ADULT, not ILLLIBS.',
    );
    expect(skipReasonText({ ...row, reasonCode: 'other_category' }, 'ILLLIBS')).toBe(
      'It has no patron category, and only ILLLIBS was asked for.',
    );
    expect(skipReasonText({ ...row, reasonCode: 'not_email_partner', reasonValue: 'iso18626' }, null)).toBe(
      'B is already a partner with the protocol ISO 18626: an import changes only email partners.',
    );
    expect(skipReasonText({ ...row, reasonCode: 'unchanged' }, null)).toBe(
      'B is already in the directory as this row has it.',
    );
    expect(skipReasonText({ ...row, reasonCode: 'retired' as never, reason: 'B is retired' }, null)).toBe(
      'This row is not imported. (The server said: B is retired)',
    );
  });

  it('counts a row with several errors once among the rows not imported', () => {
    const read = readPartnerRows('cardnumber,surname,email\n,,\nX,Y,x@x.example');
    expect(read.errors).toHaveLength(3);
    const report = {
      dryRun: true,
      created: [],
      updated: [],
      skipped: [],
      errors: read.errors,
      ignoredColumns: [],
    };
    expect(importCounts(report)).toEqual({ created: 0, updated: 0, rejected: 1, count: 0 });
  });
});
