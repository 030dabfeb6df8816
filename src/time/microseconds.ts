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
  const rest = micros - ms * 1000;
  const iso = new Date(ms).toISOString(); // 2024-01-02T03:04:05.678Z
  return `${iso.slice(0, 23)}${String(rest).padStart(3, '0')}Z`;
}

/** Formats microseconds as RFC 3339 UTC with millisecond precision (STIX timestamps). */
export function formatStixTimestamp(micros: number): string {
  return new Date(Math.floor(micros / 1000)).toISOString();
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
