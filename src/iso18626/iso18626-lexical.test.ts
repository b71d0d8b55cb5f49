import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isCanonicalDateTime, readDateTime } from './iso18626-datetime.ts';
import { XS_DECIMAL, XS_INTEGER, isSchemaAnyUri } from './iso18626-lexical.ts';

describe('readDateTime', () => {
  it.each([
    ['2024-11-28T10:25:11.136Z', '2024-11-28T10:25:11.136Z', true],
    ['2024-12-12T20:12:00.62959771Z', '2024-12-12T20:12:00.62959771Z', true],
    ['1900-01-01T01:01:01+0000', '1900-01-01T01:01:01Z', false],
    ['2024-06-01T12:00:00+02:00', '2024-06-01T10:00:00Z', true],
    ['2024-06-01T12:00:00-05', '2024-06-01T17:00:00Z', false],
    ['2024-12-31T23:30:00-01:00', '2025-01-01T00:30:00Z', true],
    ['2024-03-01T00:30:00+01:00', '2024-02-29T23:30:00Z', true],
    ['0001-01-01T00:00:00.000Z', '0001-01-01T00:00:00.000Z', true],
    ['2024-06-01T12:00:00', '2024-06-01T12:00:00Z', true],
    ['2024-06-01T12:00', '2024-06-01T12:00:00Z', false],
    ['2024-06-01', '2024-06-01T00:00:00Z', false],
    ['2024-06-01 08:09:10z', '2024-06-01T08:09:10Z', false],
    ['2024-12-31T24:00:00Z', '2025-01-01T00:00:00Z', true],
    ['  2024-06-01T12:00:00Z\n', '2024-06-01T12:00:00Z', true],
  ])('reads %j as %s (schema-valid as sent: %s)', (input, value, schemaValid) => {
    expect(readDateTime(input)).toEqual({ ok: true, value, schemaValid });
  });

  it.each([
    '',
    '_TIMESTAMP_',
    'timestamp_holder',
    '2024-02-30T00:00:00Z',
    '2023-02-29T00:00:00Z',
    '2024-13-01T00:00:00Z',
    '2024-01-01T25:00:00Z',
    '2024-01-01T24:00:01Z',
    '2024-01-01T10:60:00Z',
    '2024-01-01T10:00:60Z',
    '2024-01-01T10:00:00+15:00',
    '0000-01-01T00:00:00Z',
    '0001-01-01T00:30:00+01:00',
    '9999-12-31T23:30:00-01:00',
    '24-01-01T00:00:00Z',
    '2024-01-01T00:00:00.Z',
    '1732701911',
  ])('refuses %j', (input) => {
    expect(readDateTime(input)).toEqual({ ok: false });
  });

  it('is idempotent: a canonical timestamp reads as itself', () => {
    fc.assert(
      fc.property(
        fc.date({
          min: new Date('0001-01-01T00:00:00Z'),
          max: new Date('9999-12-31T23:59:59Z'),
          noInvalidDate: true,
        }),
        (date) => {
          const canonical = date.toISOString();
          expect(readDateTime(canonical)).toEqual({ ok: true, value: canonical, schemaValid: true });
          expect(isCanonicalDateTime(canonical)).toBe(true);
        },
      ),
    );
  });

  it('agrees with Date on the instant, whatever the offset', () => {
    fc.assert(
      fc.property(
        fc.date({
          min: new Date('1000-01-01T00:00:00Z'),
          max: new Date('9000-01-01T00:00:00Z'),
          noInvalidDate: true,
        }),
        fc.integer({ min: -14 * 60, max: 14 * 60 }),
        (date, offsetMinutes) => {
          const local = new Date(date.getTime() + offsetMinutes * 60_000).toISOString().slice(0, 23);
          const sign = offsetMinutes < 0 ? '-' : '+';
          const abs = Math.abs(offsetMinutes);
          const offset = `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
          const reading = readDateTime(`${local}${offset}`);
          expect(reading.ok && new Date(reading.value).getTime()).toBe(date.getTime());
        },
      ),
    );
  });
});

describe('isSchemaAnyUri', () => {
  // Each verdict below is what xmllint (libxml2 2.9.14) said about the value as an ill:scheme.
  it.each([
    ['http://uri1', true],
    ['RESHARE', true],
    ['urn:isbn:0012', true],
    ['http://x:80/a b', true],
    ['a%41', true],
    ['ä ö', true],
    ['a{b}', true],
    ['#frag', true],
    ['//host', true],
    ['a:b:c', true],
    ['?', true],
    ["a'b", true],
    ['a"b', true],
    ['mailto:x@y', true],
    ['ISIL:DE-1', true],
    ['http://ho st/', true],
    ['a<b>c', true],
    ['  spaced  ', true],
    ['a\\b', true],
    ['x:/a//b', true],
    ['http:]]>//uri2', false],
    ['http://x:abc', false],
    ['1abc:foo', false],
    ['a%zz', false],
    ['http://a@b@c', false],
    ['a[b', false],
    ['a]b', false],
    [':x', false],
    ['http://h%zz/', false],
    ['a#b#c', false],
    ['http://x:80:90/', false],
    ['http://ex.com/%', false],
  ])('%j: %s', (value, valid) => {
    expect(isSchemaAnyUri(value)).toBe(valid);
  });

  it('stays fast on long adversarial values', () => {
    const started = performance.now();
    for (const value of [
      'a'.repeat(4000),
      `${'a:'.repeat(2000)}[`,
      `//${'@'.repeat(4000)}`,
      `${'%4'.repeat(2000)}`,
    ]) {
      isSchemaAnyUri(value);
    }
    expect(performance.now() - started).toBeLessThan(100);
  });
});

describe('the xs:integer and xs:decimal patterns', () => {
  it('accept the schema forms and nothing else', () => {
    expect(['0', '-1', '+007', '123456789012345678901234567890'].every((v) => XS_INTEGER.test(v))).toBe(true);
    expect(['', '1.0', '1e3', ' 1', '٣'].some((v) => XS_INTEGER.test(v))).toBe(false);
    expect(['1', '1.', '.5', '-0.50', '+12.3400'].every((v) => XS_DECIMAL.test(v))).toBe(true);
    expect(['', '.', '1,5', '1e3', '1.2.3', 'NaN', '€1'].some((v) => XS_DECIMAL.test(v))).toBe(false);
  });
});
