/**
 * Field-specific value syntax: scores and verdict names, absolute and relative dates, numbers.
 * Each reader returns null for text that is not such a value; the parser turns that into a
 * QuerySyntaxError at the value's offset.
 */
import type { Score } from '../indicators/indicator.js';
import { parseTimestamp } from '../time/microseconds.js';
import type { DateRange, DurationUnit, ExpirationStatus } from './ast.js';

const VERDICTS: ReadonlyMap<string, Score> = new Map([
  ['unknown', 0],
  ['none', 0],
  ['good', 1],
  ['benign', 1],
  ['suspicious', 2],
  ['bad', 3],
  ['malicious', 3],
]);

/** A score digit 0..3, or (for verdict and reputation) one of XSOAR's verdict names. */
export function readScore(text: string, acceptsVerdictNames: boolean): Score | null {
  if (/^[0-3]$/.test(text)) return Number(text) as Score;
  if (!acceptsVerdictNames) return null;
  return VERDICTS.get(text.toLowerCase()) ?? null;
}

export function readExpirationStatus(text: string): ExpirationStatus | null {
  const folded = text.toLowerCase();
  return folded === 'active' || folded === 'expired' ? folded : null;
}

const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/** A decimal number as JSON or a person would write it; null for anything else. */
export function readNumber(text: string): number | null {
  if (!NUMBER.test(text)) return null;
  const n = Number(text);
  return Number.isFinite(n) ? n : null;
}

// The subset of RFC 3339 a query may write; the capture groups say how precise it is.
const DATE =
  /^\d{4}-\d{2}-\d{2}(?:[Tt ](\d{2}):\d{2}(?::(\d{2})(?:\.(\d+))?)?)?(?:[Zz]|[+-]\d{2}:?\d{2})?$/;

const MICROS_PER_SECOND = 1_000_000;
const MICROS_PER_DAY = 86_400 * MICROS_PER_SECOND;

// Dates stay within the range where microseconds are exact in a double (about 1685 to 2255).
const FIRST_YEAR = 1800;
const LAST_YEAR = 2200;

/**
 * An ISO 8601 date or date-time as the range of instants it names: a date without a time is
 * that whole day, `T10:00` that minute, `T10:00:00` that second, and so on for the fraction.
 */
export function readAbsoluteDate(text: string): DateRange | null {
  const m = DATE.exec(text);
  if (!m) return null;
  const year = Number(text.slice(0, 4));
  if (year < FIRST_YEAR || year > LAST_YEAR) return null;

  const start = parseTimestamp(text);
  if (start === null) return null;

  const [, hour, second, fraction] = m;
  return { start, end: start + precisionMicros(hour, second, fraction), text };
}

function precisionMicros(hour?: string, second?: string, fraction?: string): number {
  if (hour === undefined) return MICROS_PER_DAY;
  if (second === undefined) return 60 * MICROS_PER_SECOND;
  if (fraction === undefined) return MICROS_PER_SECOND;
  return 10 ** Math.max(0, 6 - fraction.length);
}

const UNIT_MICROS: Readonly<Record<DurationUnit, number>> = {
  second: MICROS_PER_SECOND,
  minute: 60 * MICROS_PER_SECOND,
  hour: 3_600 * MICROS_PER_SECOND,
  day: MICROS_PER_DAY,
  week: 7 * MICROS_PER_DAY,
  month: 30 * MICROS_PER_DAY, // a month is 30 days, a year 365: what "ago" needs, not a calendar
  year: 365 * MICROS_PER_DAY,
};

const RELATIVE = /^(\d{1,9})\s*(second|minute|hour|day|week|month|year)s?\s+ago$/i;

/** The longest relative date a query may name, so `now - offset` stays exact. */
export const MAX_AGO_MICROS = 200 * UNIT_MICROS.year;

export interface RelativeDate {
  readonly amount: number;
  readonly unit: DurationUnit;
  readonly offsetMicros: number;
}

/**
 * `7 days ago`, `12 hours ago`, `1 month ago` ...; null for anything else. The caller refuses an
 * offset past MAX_AGO_MICROS.
 */
export function readRelativeDate(text: string): RelativeDate | null {
  const m = RELATIVE.exec(text.trim());
  if (!m) return null;

  const amount = Number(m[1]);
  const unit = m[2]!.toLowerCase() as DurationUnit;
  return { amount, unit, offsetMicros: amount * UNIT_MICROS[unit] };
}
