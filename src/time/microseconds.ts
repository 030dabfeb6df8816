/**
 * Timestamps as integer microseconds since the Unix epoch: the store's unit for every date.
 *
 * JavaScript's Date holds milliseconds, so the fraction is parsed by hand to keep all six
 * digits; digits past the sixth (nanoseconds, as XSOAR writes them) are truncated.
 */

const RFC3339 =
  /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?)?\s*([Zz]|[+-]\d{2}:?\d{2})?$/;

/** Parses an ISO 8601 / RFC 3339 date or date-time into microseconds, or null when it is not one. */
export function parseTimestamp(text: string): number | null {
  const canonical = parseCanonical(text);
  if (canonical !== null) return canonical;
  const m = RFC3339.exec(text.trim());
  if (!m) return null;

  const [, y, mo, d, h = '00', mi = '00', s = '00', frac = '', zone = 'Z'] = m;
  const fields = [Number(y), Number(mo), Number(d), Number(h), Number(mi), Number(s)] as const;
  if (!isRealTime(...fields)) return null;
  const ms = Date.UTC(fields[0], fields[1] - 1, fields[2], fields[3], fields[4], fields[5]);

  const micros = Number((frac + '000000').slice(0, 6));
  return ms * 1000 + micros - zoneOffsetMinutes(zone) * 60_000_000;
}

/** Formats microseconds as RFC 3339 UTC with exactly six fraction digits. */
export function formatTimestamp(micros: number): string {
  const ms = Math.floor(micros / 1000);
  return `${formatMillis(ms)}${digits(micros - ms * 1000, 3)}Z`;
}

/** Formats microseconds as RFC 3339 UTC with millisecond precision (STIX timestamps). */
export function formatStixTimestamp(micros: number): string {
  return `${formatMillis(Math.floor(micros / 1000))}Z`;
}

/** The current time in microseconds, from an injectable millisecond clock. */
export function nowMicros(clock: () => number = Date.now): number {
  return Math.floor(clock() * 1000);
}

function zoneOffsetMinutes(zone: string): number {
  if (zone === 'Z' || zone === 'z') return 0;
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4)));
}

// Date.UTC would roll 2024-02-31 over into March and read years 0 to 99 as 1900 to 1999; a
// real date has every field in range, and four-digit years from 100 on.
function isRealTime(y: number, mo: number, d: number, h: number, mi: number, s: number) {
  return (
    y >= 100 && mo >= 1 && mo <= 12 && d >= 1 && d <= daysIn(y, mo) && h < 24 && mi < 60 && s < 60
  );
}

function daysIn(year: number, month: number): number {
  if (month !== 2) return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return leap ? 29 : 28;
}

const MS_PER_DAY = 86_400_000;
// Date.prototype.toISOString costs most of a microsecond; stores and renderers format and
// parse several timestamps per indicator, so the common four-digit years take a direct path.

/** `YYYY-MM-DDTHH:MM:SS.mmm` (no zone) for a millisecond instant. */
function formatMillis(ms: number): string {
  const days = Math.floor(ms / MS_PER_DAY);
  const date = civilDate(days);
  const y = Math.floor(date / 10_000);
  if (y < 0 || y > 9999) return new Date(ms).toISOString().slice(0, -1);
  let rest = ms - days * MS_PER_DAY;
  const h = Math.floor(rest / 3_600_000);
  rest -= h * 3_600_000;
  const mi = Math.floor(rest / 60_000);
  rest -= mi * 60_000;
  const s = Math.floor(rest / 1000);
  const frac = rest - s * 1000;
  const mo = Math.floor(date / 100) - y * 100;
  const d = date - y * 10_000 - mo * 100;
  return (
    `${digits(y, 4)}-${digits(mo, 2)}-${digits(d, 2)}T` +
    `${digits(h, 2)}:${digits(mi, 2)}:${digits(s, 2)}.${digits(frac, 3)}`
  );
}

// Zero-padded numerals, made once: a lookup is cheaper than padding a fresh string each time.
const NUMERALS = Array.from({ length: 10_000 }, (_, n) => String(n).padStart(4, '0'));

/** n (0 to 9999) as `width` digits, zero-padded. */
function digits(n: number, width: 2 | 3 | 4): string {
  const numeral = NUMERALS[n]!;
  return width === 4 ? numeral : numeral.slice(4 - width);
}

// The proleptic Gregorian calendar counted in 400-year eras of 146,097 days, each era starting
// on 1 March so that the leap day ends the year: days since 1970-01-01 to the date, packed as
// year * 10,000 + month * 100 + day.
function civilDate(days: number): number {
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const dayOfEra = z - era * 146_097;
  const yearOfEra = Math.floor(
    (dayOfEra -
      Math.floor(dayOfEra / 1460) +
      Math.floor(dayOfEra / 36_524) -
      Math.floor(dayOfEra / 146_096)) /
      365,
  );
  const dayOfYear =
    dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const monthFromMarch = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * monthFromMarch + 2) / 5) + 1;
  const month = monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9;
  return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0)) * 10_000 + month * 100 + day;
}

/**
 * The form this module writes and most sources use, `YYYY-MM-DDTHH:MM:SS[.fff[fff]]Z`, read
 * without the regular expression; null for anything else, which the general parser then reads.
 */
function parseCanonical(text: string): number | null {
  const n = text.length;
  if (n !== 20 && n !== 24 && n !== 27) return null;
  if (text.charCodeAt(n - 1) !== 90 /* Z */ || text.charCodeAt(10) !== 84 /* T */) return null;
  if (!separatorsAt(text, n)) return null;
  const y = number(text, 0, 4);
  const mo = number(text, 5, 7);
  const d = number(text, 8, 10);
  const h = number(text, 11, 13);
  const mi = number(text, 14, 16);
  const s = number(text, 17, 19);
  const frac = n === 20 ? 0 : number(text, 20, n - 1);
  if (y < 0 || mo < 0 || d < 0 || h < 0 || mi < 0 || s < 0 || frac < 0) return null;
  if (!isRealTime(y, mo, d, h, mi, s)) return null;
  const ms = Date.UTC(y, mo - 1, d, h, mi, s);
  return ms * 1000 + (n === 24 ? frac * 1000 : frac);
}

function separatorsAt(text: string, n: number): boolean {
  return (
    text.charCodeAt(4) === 45 &&
    text.charCodeAt(7) === 45 &&
    text.charCodeAt(13) === 58 &&
    text.charCodeAt(16) === 58 &&
    (n === 20 || text.charCodeAt(19) === 46)
  );
}

/** The decimal number of text[from, to), or -1 when a character is not a digit. */
function number(text: string, from: number, to: number): number {
  let value = 0;
  for (let i = from; i < to; i++) {
    const digit = text.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  return value;
}
