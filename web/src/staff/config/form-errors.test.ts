import { describe, expect, it } from 'vitest';
import { ApiError } from '../../api/client.ts';
import {
  clientErrors,
  fieldKeyOf,
  formErrors,
  missingRequired,
  parseWholeNumber,
  textOrNull,
  type FormFields,
} from './form-errors.ts';

const fields: FormFields = {
  symbol: { id: 'f-symbol', label: 'Symbol' },
  email: { id: 'f-email', label: 'Email address' },
  statuses: { id: 'f-statuses', label: 'Statuses' },
  csv: { id: 'f-csv', label: 'CSV text' },
};

const validation = (issues: { field: string; rule: string; message: string }[]) =>
  new ApiError(400, 'validation_failed', 'Invalid request', { issues });

describe('form errors from a failed save', () => {
  it('finds the form field of an API field path, nested or not', () => {
    expect(fieldKeyOf('body.symbol', fields)).toBe('symbol');
    expect(fieldKeyOf('body.statuses.2', fields)).toBe('statuses');
    expect(fieldKeyOf('body.csv.3.email', fields)).toBe('csv');
    expect(fieldKeyOf('body.other', fields)).toBeUndefined();
  });

  it('puts each field’s first error beside it and in the summary, linking to its input', () => {
    const errors = formErrors(
      validation([
        { field: 'body.symbol', rule: 'pattern', message: 'body.symbol must match pattern' },
        { field: 'body.email', rule: 'format', message: 'body.email must match format "email"' },
        { field: 'body.email', rule: 'maxLength', message: 'too long' },
      ]),
      fields,
    );
    expect(errors.fields).toEqual({
      symbol: 'Symbol has characters that are not allowed here.',
      email: 'Email address is not in the right form.',
    });
    expect(errors.summary).toEqual([
      { fieldId: 'f-symbol', message: 'Symbol has characters that are not allowed here.' },
      { fieldId: 'f-email', message: 'Email address is not in the right form.' },
    ]);
    expect(errors.message).toBeUndefined();
  });

  it('uses the catalogue’s words for the server’s own rules too, and for fields the form lacks', () => {
    const errors = formErrors(
      validation([
        { field: 'body.statuses.0', rule: 'party', message: 'responder:shipped is not a requester status' },
        { field: 'body.timezone', rule: 'timezone', message: 'body.timezone is not a time zone' },
      ]),
      fields,
    );
    expect(errors.fields).toEqual({
      statuses: 'Statuses does not suit the library’s side of the loan it belongs to.',
    });
    expect(errors.message).toBe('This field must be a time zone name such as Europe/Paris.');
  });

  it('keeps the server’s words, as a detail, for a rule the catalogue does not know', () => {
    const errors = formErrors(
      validation([
        { field: 'body.symbol', rule: 'registered', message: 'ILN-X is not in the ISIL registry' },
      ]),
      fields,
    );
    expect(errors.fields).toEqual({
      symbol: 'Symbol is not accepted. (The server said: ILN-X is not in the ISIL registry)',
    });
  });

  it('places a conflict on the field it names', () => {
    const conflict = new ApiError(409, 'conflict', 'The symbol ILN-X is taken.', { field: 'body.symbol' });
    expect(formErrors(conflict, fields).fields).toEqual({
      symbol: 'Symbol is already used: each must be different.',
    });
  });

  it('says which permission could not be given', () => {
    const forbidden = new ApiError(403, 'forbidden', 'You cannot…', { missing: ['configure'] });
    expect(formErrors(forbidden, fields)).toEqual({
      fields: {},
      summary: [],
      message: 'You cannot give configure: you do not hold it yourself.',
    });
  });

  it('says plainly what went wrong when no field is to blame', () => {
    expect(formErrors(new ApiError(0, 'network', 'offline'), fields).message).toBe(
      'The server could not be reached. Check your connection and try again.',
    );
    expect(formErrors(new ApiError(403, 'forbidden', 'x'), fields).message).toBe(
      'You do not have permission to do that.',
    );
  });
});

describe('checks before saving', () => {
  it('names each required field left blank', () => {
    const messages = missingRequired({ symbol: '  ', email: 'a@b.example' }, ['symbol', 'email'], fields);
    expect(messages).toEqual({ symbol: 'Enter Symbol.' });
    expect(clientErrors(messages, fields).summary).toEqual([
      { fieldId: 'f-symbol', message: 'Enter Symbol.' },
    ]);
  });

  it('reads whole numbers and blank texts', () => {
    expect(parseWholeNumber(' 14 ')).toBe(14);
    expect(parseWholeNumber('1.5')).toBeUndefined();
    expect(parseWholeNumber('')).toBeUndefined();
    expect(textOrNull('  ')).toBeNull();
    expect(textOrNull(' x ')).toBe('x');
  });
});
