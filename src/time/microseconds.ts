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
  const ms = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  if (Number.isNaN(ms) || !sameFields(ms, y!, mo!, d!, h, mi, s)) return null;

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

// Date.UTC rolls 2024-02-31 over into March; a real date keeps its fields.
function sameFields(ms: number, ...fields: string[]): boolean {
  const d = new Date(ms);
  const want = fields.map(Number);
  const got = [
    d.getUTCFullYear(),
    d.getUTCMonth() + 1,
    d.getUTCDate(),
    d.getUTCHours(),
    d.getUTCMinutes(),
    d.getUTCSeconds(),
  ];
  return want.every((v, i) => v === got[i]);
}
