/**
 * STIX timestamps (the timestamp type of STIX 2.1 chapter 2): RFC 3339 in UTC with a `Z`; for
 * `created` and `modified` at least millisecond precision, which every timestamp written here has.
 */
import { formatStixTimestamp, parseTimestamp } from '../time/microseconds.js';

/** An ISO 8601 date as a STIX timestamp, or null when it is absent or not a date. */
export function stixTimestamp(text: string | null | undefined): string | null {
  if (!text) return null;
  const micros = parseTimestamp(text);
  return micros === null ? null : formatStixTimestamp(micros);
}

/** The later of two STIX timestamps; they share one fixed-width form, so text order is time. */
export function laterOf(a: string, b: string): string {
  return b > a ? b : a;
}
