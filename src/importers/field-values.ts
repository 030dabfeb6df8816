/**
 * Field values shared by the formats: scores, dates and tag lists, each read leniently where
 * sources differ and refused with a reason where the value cannot mean anything.
 */
import type { Score } from '../indicators/indicator.js';
import { formatTimestamp, parseTimestamp } from '../time/microseconds.js';

export type Read<T> = { ok: true; value: T } | { ok: false; reason: string };

// XSOAR's verdict words as its UI and CSV exports spell them.
const SCORE_WORDS: Record<string, Score> = {
  unknown: 0,
  none: 0,
  good: 1,
  benign: 1,
  suspicious: 2,
  bad: 3,
  malicious: 3,
};

/** Reads a score: 0..3 as a number or digit string, or a verdict word; undefined when absent. */
export function readScore(raw: unknown): Read<Score | undefined> {
  if (raw === undefined || raw === null || raw === '') return { ok: true, value: undefined };

  const text = String(raw).trim().toLowerCase();
  const word = SCORE_WORDS[text];
  if (word !== undefined) return { ok: true, value: word };
  if (/^[0-3]$/.test(text)) return { ok: true, value: Number(text) as Score };
  return { ok: false, reason: `score ${JSON.stringify(raw)} is not 0 to 3 or a verdict word` };
}

// Exports repeat the same timestamps across thousands of records; parsing is the slow part.
const DATES = new Map<string, string | null>();

/**
 * Reads a date into ISO 8601 UTC with six fraction digits (digits past the sixth are cut).
 * XSOAR writes 0001-01-01T00:00:00Z for "never"; that, and an empty value, read as null.
 */
export function readDate(raw: unknown, field: string): Read<string | null> {
  if (raw === undefined || raw === null || raw === '') return { ok: true, value: null };
  if (typeof raw !== 'string') return { ok: false, reason: `${field} is not a date string` };
  if (raw.startsWith('0001-01-01')) return { ok: true, value: null };

  let iso = DATES.get(raw);
  if (iso === undefined) {
    const micros = parseTimestamp(raw);
    iso = micros === null ? null : formatTimestamp(micros);
    if (DATES.size >= 10_000) DATES.clear();
    DATES.set(raw, iso);
  }
  if (iso === null) return { ok: false, reason: `${field} ${JSON.stringify(raw)} is not a date` };
  return { ok: true, value: iso };
}

/** Reads tags from an array of strings or a string separated by commas, semicolons or bars. */
export function readTags(raw: unknown): string[] {
  if (raw === undefined || raw === null) return [];
  const items = Array.isArray(raw) ? raw : String(raw).split(/[,;|]/);
  const tags = items
    .filter((t): t is string | number => typeof t === 'string' || typeof t === 'number')
    .map((t) => String(t).trim())
    .filter((t) => t !== '');
  return [...new Set(tags)];
}

/** Reads a list of strings (`sourceBrands`, `sourceInstances`); one string counts as a list. */
export function readStrings(raw: unknown): string[] {
  if (typeof raw === 'string') return raw.trim() === '' ? [] : [raw.trim()];
  if (!Array.isArray(raw)) return [];
  const strings = raw.filter((s): s is string => typeof s === 'string' && s.trim() !== '');
  return [...new Set(strings.map((s) => s.trim()))];
}

/** A trimmed non-empty string, or null. */
export function readText(raw: unknown): string | null {
  if (typeof raw !== 'string' && typeof raw !== 'number') return null;
  const text = String(raw).trim();
  return text === '' ? null : text;
}
