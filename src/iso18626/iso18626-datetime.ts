/**
 * xs:dateTime as peers really send it, and as the schema wants it.
 *
 * mod-rs writes `+0000` (no colon, schema-invalid), CrossLink nanosecond fractions, others no offset
 * or a bare date. Everything is read into one canonical form, UTC with `Z` and the fraction digits
 * exactly as sent (no rounding of nanoseconds), which is also what the emitter writes: a `Z`
 * timestamp that was already canonical comes back byte for byte.
 */

/** The result of reading a timestamp: the canonical UTC form, and whether the input was already schema-valid. */
export type DateTimeReading = { ok: true; value: string; schemaValid: boolean } | { ok: false };

// Lenient: date, optional time (space or T, seconds optional), optional offset in any common form.
const LENIENT =
  /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?)?\s*(?:([Zz])|([+-])(\d{2})(?::?(\d{2}))?)?$/;

// The lexical space of xs:dateTime (XSD 1.0), restricted to 4-digit years.
const SCHEMA = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})?$/;

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/**
 * Reads a timestamp in any of the forms peers send and returns it as canonical UTC.
 * A timestamp without an offset is taken as UTC: the schema calls it "local", which is meaningless
 * between two libraries, and UTC is what every implementation we know of means by it.
 */
export function readDateTime(input: string): DateTimeReading {
  const text = input.trim();
  const m = LENIENT.exec(text);
  if (!m) return { ok: false };
  const [, ys, mos, ds, hs, mis, ss, fraction, , sign, ohs, oms] = m;
  const year = Number(ys);
  const month = Number(mos);
  const day = Number(ds);
  const hour = hs === undefined ? 0 : Number(hs);
  const minute = mis === undefined ? 0 : Number(mis);
  const second = ss === undefined ? 0 : Number(ss);
  const offsetHours = ohs === undefined ? 0 : Number(ohs);
  const offsetMinutes = oms === undefined ? 0 : Number(oms);
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return { ok: false };
  if (minute > 59 || second > 59 || offsetHours > 14 || offsetMinutes > 59) return { ok: false };
  // 24:00:00 is the end of the day in XSD; any other hour 24 is not a time.
  const endOfDay = hour === 24 && minute === 0 && second === 0 && !/[1-9]/.test(fraction ?? '');
  if (hour > 23 && !endOfDay) return { ok: false };

  const date = new Date(0);
  // setUTCFullYear, not Date.UTC: Date.UTC maps years 0–99 to 1900–1999 (mod-rs sends year 0001).
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, 0);
  if (sign !== undefined) {
    const offset = (offsetHours * 60 + offsetMinutes) * (sign === '-' ? -1 : 1);
    date.setTime(date.getTime() - offset * 60_000);
  }
  const utcYear = date.getUTCFullYear();
  if (utcYear < 1 || utcYear > 9999) return { ok: false };
  const value =
    `${pad(utcYear, 4)}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}` +
    `T${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}` +
    `${endOfDay ? '' : (fraction ?? '')}Z`;
  return { ok: true, value, schemaValid: SCHEMA.test(text) };
}

/** Whether a string is already in the canonical form this codec stores and emits. */
export function isCanonicalDateTime(value: string): boolean {
  const reading = readDateTime(value);
  return reading.ok && reading.value === value;
}
