import { TaxiiError } from '../server/errors.js';
import { formatStixTimestamp, parseTimestamp } from '../time/microseconds.js';

/** The TAXII 2.1 filtering and paging parameters of one request (sections 3.4 and 3.5). */
export interface TaxiiFilters {
  addedAfter?: number;
  types?: string[];
  ids?: string[];
  /** Exact versions asked for, beside any keywords; absent with no keyword means `last`. */
  versions?: string[];
  /** `first`, `last` and `all` as match[version] gave them, beside or instead of exact ones. */
  versionKeywords?: string[];
  specVersions?: string[];
  limit: number;
  next?: string;
}

export type RawQuery = Readonly<Record<string, unknown>>;

const VERSION_KEYWORDS = new Set(['all', 'first', 'last']);
const MATCH_FIELDS = ['id', 'type', 'version', 'spec_version'] as const;

/**
 * Reads the filters from the parsed query. The document has already checked their shapes;
 * this turns them into values and rejects what a schema cannot express.
 */
export function readFilters(query: RawQuery, maxPageSize: number): TaxiiFilters {
  const filters: TaxiiFilters = { limit: readLimit(query['limit'], maxPageSize) };

  const addedAfter = single(query['added_after'], 'added_after');
  if (addedAfter !== undefined) filters.addedAfter = readTimestamp(addedAfter, 'added_after');

  const next = single(query['next'], 'next');
  if (next !== undefined) filters.next = next;

  const match = readMatch(query);
  if (match.type) filters.types = match.type;
  if (match.id) filters.ids = match.id;
  if (match.spec_version) filters.specVersions = match.spec_version;
  if (match.version) {
    const keywords = match.version.filter((v) => VERSION_KEYWORDS.has(v));
    if (keywords.length > 0) filters.versionKeywords = keywords;
    const exact = match.version.filter((v) => !VERSION_KEYWORDS.has(v));
    if (exact.length > 0) {
      filters.versions = exact.map((v) => formatStixTimestamp(readTimestamp(v, 'match[version]')));
    }
  }
  return filters;
}

/**
 * What a `next` token is bound to: the collection and the match filters. `added_after` is left
 * out on purpose: the token's position already lies after it, and clients such as Elastic's
 * follow `next` without repeating `added_after`.
 */
export function selectionKey(collectionId: string, filters: TaxiiFilters): string {
  return JSON.stringify([
    collectionId,
    filters.types ?? null,
    filters.ids ?? null,
    filters.versions ?? null,
    filters.versionKeywords ?? null,
    filters.specVersions ?? null,
  ]);
}

function readLimit(raw: unknown, maxPageSize: number): number {
  const text = single(raw, 'limit');
  if (text === undefined) return maxPageSize;
  if (!/^[0-9]+$/.test(text) || Number(text) < 1) {
    throw new TaxiiError(
      'invalid_parameter',
      `limit must be a positive whole number, not "${text}".`,
    );
  }
  return Math.min(Number(text), maxPageSize);
}

function readTimestamp(text: string, name: string): number {
  const micros = /T/i.test(text) ? parseTimestamp(text) : null;
  if (micros === null) {
    throw new TaxiiError(
      'invalid_parameter',
      `${name} must be an RFC 3339 timestamp such as 2024-01-31T12:00:00.000000Z, not "${text}".`,
    );
  }
  return micros;
}

function readMatch(query: RawQuery): Partial<Record<(typeof MATCH_FIELDS)[number], string[]>> {
  const nested = query['match'];
  const out: Partial<Record<(typeof MATCH_FIELDS)[number], string[]>> = {};
  for (const field of MATCH_FIELDS) {
    const name = `match[${field}]`;
    const raw = isRecord(nested) ? nested[field] : query[name];
    const text = single(raw, name);
    if (text === undefined) continue;
    const items = text
      .split(',')
      .map((item) => item.trim())
      .filter((item) => item !== '');
    if (items.length === 0) throw new TaxiiError('invalid_parameter', `${name} is empty.`);
    out[field] = items;
  }
  return out;
}

function single(raw: unknown, name: string): string | undefined {
  if (raw === undefined) return undefined;
  if (Array.isArray(raw)) {
    throw new TaxiiError('invalid_parameter', `${name} may be given once per request.`);
  }
  if (typeof raw !== 'string' && typeof raw !== 'number') {
    throw new TaxiiError('invalid_parameter', `${name} is malformed.`);
  }
  return String(raw);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
