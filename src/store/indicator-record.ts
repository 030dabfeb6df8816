import * as crypto from 'node:crypto';

import type { IndicatorInput, Score, StoredIndicator } from '../indicators/indicator.js';
import type { HeldRendering, StixRenderer } from '../stix/rendered.js';
import { withRelationshipTargets, type TargetLookup } from './relationship-targets.js';
import type { StoredObject } from './store.js';
import { formatTimestamp, parseTimestamp } from '../time/microseconds.js';

/** An indicator reduced to the columns every store keeps, dates in microseconds. */
export interface IndicatorRow {
  type: string;
  value: string;
  score: Score;
  created: number;
  modified: number;
  firstSeen: number | null;
  lastSeen: number | null;
  expiration: number | null;
  tlp: string | null;
  description: string | null;
  aggregatedReliability: string | null;
  stixId: string | null;
  tags: string[];
  sourceBrands: string[];
  sourceInstances: string[];
  customFields: Record<string, unknown>;
  relationships: IndicatorRecordRelationships;
  contentHash: string;
  /**
   * False when the source gave no `created` (the write time stands in), so that an update keeps
   * the stored one; absent on rows read back from a store.
   */
  createdFromSource?: boolean;
}

type IndicatorRecordRelationships = StoredIndicator['relationships'];

export class InvalidIndicatorError extends Error {}

/**
 * Normalizes an importer's record for storage. `now` fills created/modified when the source
 * has none; it does not enter the content hash, so re-importing the same record is a no-op.
 */
export function toIndicatorRow(input: IndicatorInput, now: number): IndicatorRow {
  const type = input.type.trim();
  const value = input.value.trim();
  if (!type) throw new InvalidIndicatorError('indicator has no type');
  if (!value) throw new InvalidIndicatorError('indicator has no value');
  if (![0, 1, 2, 3].includes(input.score)) {
    throw new InvalidIndicatorError(`score ${String(input.score)} is not 0, 1, 2 or 3`);
  }

  const sourceCreated = optionalDate(input.created);
  const created = sourceCreated ?? now;
  const modified = Math.max(optionalDate(input.modified) ?? created, created);
  const row = {
    type,
    value,
    score: input.score,
    firstSeen: optionalDate(input.firstSeen),
    lastSeen: optionalDate(input.lastSeen),
    expiration: optionalDate(input.expiration),
    tlp: blankToNull(input.tlp),
    description: blankToNull(input.description),
    aggregatedReliability: blankToNull(input.aggregatedReliability),
    stixId: blankToNull(input.stixId),
    tags: distinctSorted(input.tags),
    sourceBrands: distinctSorted(input.sourceBrands),
    sourceInstances: distinctSorted(input.sourceInstances),
    customFields: input.customFields,
    relationships: input.relationships ?? [],
  };
  // What the hash covers, its keys written in sorted order, so that JSON.stringify gives the
  // key-sorted serialization stores hold hashes of; the source's own dates, not `now`.
  const hashed = {
    aggregatedReliability: row.aggregatedReliability,
    created: input.created ?? null,
    customFields: sortKeys(row.customFields),
    description: row.description,
    expiration: row.expiration,
    firstSeen: row.firstSeen,
    lastSeen: row.lastSeen,
    modified: input.modified ?? null,
    relationships: sortKeys(row.relationships),
    score: row.score,
    sourceBrands: row.sourceBrands,
    sourceInstances: row.sourceInstances,
    stixId: row.stixId,
    tags: row.tags,
    tlp: row.tlp,
    type,
    value,
  };
  const text = JSON.stringify(hashed);
  if (UNSTORABLE_ESCAPE.test(text)) {
    throw new InvalidIndicatorError(
      'indicator text holds a NUL character or an unpaired surrogate',
    );
  }
  const contentHash = sha256Base64Url(text);
  return { ...row, created, modified, contentHash, createdFromSource: sourceCreated !== null };
}

/**
 * The row as an update of a stored indicator: STIX keeps `created` across versions of an
 * object, so a source that gives none keeps the stored creation time.
 */
export function asUpdateOf(row: IndicatorRow, storedCreated: number): IndicatorRow {
  if (row.createdFromSource !== false) return row;
  return { ...row, created: storedCreated, modified: Math.max(row.modified, storedCreated) };
}

/**
 * The row as the next version of a stored indicator: `created` as in asUpdateOf, and a
 * `modified` later than the stored one by at least the millisecond STIX timestamps show, since
 * every version of an object needs a `modified` of its own (STIX 2.1 section 3.6). A source
 * that changed an indicator without moving its `modified` gets the next millisecond.
 */
export function asNewVersionOf(
  row: IndicatorRow,
  stored: { created: number; modified: number },
): IndicatorRow {
  const updated = asUpdateOf(row, stored.created);
  const next = (Math.floor(stored.modified / 1000) + 1) * 1000;
  return updated.modified >= next ? updated : { ...updated, modified: next };
}

/** The indicator as renderers and query evaluation see it. */
export function toStoredIndicator(
  key: number,
  row: IndicatorRow,
  dateAdded: number,
): StoredIndicator {
  return {
    key,
    type: row.type,
    value: row.value,
    score: row.score,
    created: formatTimestamp(row.created),
    modified: formatTimestamp(row.modified),
    firstSeen: nullableFormat(row.firstSeen),
    lastSeen: nullableFormat(row.lastSeen),
    expiration: nullableFormat(row.expiration),
    tags: row.tags,
    sourceBrands: row.sourceBrands,
    sourceInstances: row.sourceInstances,
    tlp: row.tlp,
    description: row.description,
    aggregatedReliability: row.aggregatedReliability,
    stixId: row.stixId,
    customFields: row.customFields,
    relationships: row.relationships,
    dateAdded,
  };
}

// NUL characters and unpaired surrogates survive in a JavaScript string but not in every store
// (PostgreSQL's text and JSONB refuse both), so every store refuses them alike. JSON.stringify
// writes exactly these as the escapes \u0000 and \ud800 to \udfff (a pair it writes as it is),
// so one search of the hashed text finds them in any field, key or custom value: an escape is
// a backslash that an even run of backslashes (escaped backslashes) may precede.
const UNSTORABLE_ESCAPE = /(?<!\\)(?:\\\\)*\\u(?:0000|d[89a-f])/;

function optionalDate(text: string | null | undefined): number | null {
  if (text === null || text === undefined || text.trim() === '') return null;
  const micros = parseTimestamp(text);
  if (micros === null) throw new InvalidIndicatorError(`"${text}" is not an ISO 8601 date`);
  return micros;
}

function nullableFormat(micros: number | null): string | null {
  return micros === null ? null : formatTimestamp(micros);
}

function blankToNull(text: string | null | undefined): string | null {
  const trimmed = text?.trim();
  return trimmed ? trimmed : null;
}

function distinctSorted(items: readonly string[]): string[] {
  if (items.length === 0) return [];
  if (items.length === 1) {
    const only = items[0]!.trim();
    return only === '' ? [] : [only];
  }
  const kept = items.map((item) => item.trim()).filter((item) => item !== '');
  return [...new Set(kept)].sort();
}

// crypto.hash arrived in Node 20.12; earlier 20.x releases take the streaming form.
const sha256Base64Url: (text: string) => string =
  typeof crypto.hash === 'function'
    ? (text) => crypto.hash('sha256', text, 'base64url')
    : (text) => crypto.createHash('sha256').update(text).digest('base64url');

// Custom fields are sorted recursively because sources write them in any order.
function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.length === 0 ? value : value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  if (isEmptyObject(value)) return value;
  const entries = Object.entries(value as Record<string, unknown>)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => [k, sortKeys(v)] as const);
  return Object.fromEntries(entries);
}

function isEmptyObject(value: object): boolean {
  for (const key in value) if (Object.hasOwn(value, key)) return false;
  return true;
}

/** A record the store accepts: its row and what the renderers made of it. */
export interface CheckedRow {
  row: IndicatorRow;
  /** Every renderer's objects for the row as it came in (key and date_added do not enter). */
  objects: StoredObject[];
  /** Logs what rendering left out; call when the objects are written, as render() would. */
  warn(): void;
}

/**
 * A checked record as plain data, as a worker thread hands it back (check-pool.ts): the row,
 * its objects, and the warnings each renderer held back, by the renderer's index.
 */
export interface CheckedRecord {
  row: IndicatorRow;
  objects: StoredObject[];
  held: Array<[renderer: number, fields: object, msg: string]>;
}

/**
 * The record as a row with its rendered objects, or why the store refuses it: a malformed
 * field, or nothing any renderer can serve (a "hash" of the wrong length, an unknown type),
 * which would otherwise be counted as added and never reach a client.
 */
export function checkedIndicatorRow(
  record: IndicatorInput,
  now: number,
  renderers: readonly StixRenderer[],
  targets?: TargetLookup,
): CheckedRow | string {
  const checked = checkRecord(record, now, renderers, targets);
  return typeof checked === 'string' ? checked : withWarnings(checked, renderers);
}

/** checkedIndicatorRow's answer as data, its warnings held; see withWarnings. */
export function checkRecord(
  record: IndicatorInput,
  now: number,
  renderers: readonly StixRenderer[],
  targets?: TargetLookup,
): CheckedRecord | string {
  let row: IndicatorRow;
  try {
    row = toIndicatorRow(record, now);
  } catch (error) {
    if (error instanceof InvalidIndicatorError) return error.message;
    throw error;
  }

  const indicator = withRelationshipTargets(toStoredIndicator(0, row, 0), targets);
  const renderings = renderers.map((renderer) => renderer.renderHeld(indicator));
  if (renderers.length > 0 && renderings.every((r) => r.objects.length === 0)) {
    return `no STIX object can be made of it: ${whyNone(renderings) ?? 'the renderer made none'}`;
  }
  const objects = renderings.flatMap(({ objects }, i) =>
    objects.map((o) => ({ profile: renderers[i]!.profile, ...o })),
  );
  const held = renderings.flatMap(({ held }, i) =>
    held.map(([fields, msg]) => [i, fields, msg] as [number, object, string]),
  );
  return { row, objects: distinctObjects(objects), held };
}

// Why a rendering made nothing: the first problem that left an object out, rather than a note
// on a part left out of an object (a relationship) that was never made anyway.
function whyNone(renderings: readonly HeldRendering[]): string | undefined {
  const held = renderings.flatMap((r) => r.held.map(([, msg], i) => [msg, r.problems[i]] as const));
  const reason = held.find(([msg]) => msg !== 'stix object incomplete') ?? held[0];
  return reason?.[1];
}

/** The checked record; its `warn()` logs the held warnings through the renderers that held them. */
export function withWarnings(
  checked: CheckedRecord,
  renderers: readonly StixRenderer[],
): CheckedRow {
  const { row, objects, held } = checked;
  const warn = () => {
    for (const [index, fields, msg] of held) renderers[index]!.warn(fields, msg);
  };
  return { row, objects, warn };
}

/** Every renderer's objects for an indicator, a repeated (profile, id) keeping its last one. */
export function renderObjects(
  renderers: readonly StixRenderer[],
  stored: StoredIndicator,
  targets?: TargetLookup,
): StoredObject[] {
  const indicator = withRelationshipTargets(stored, targets);
  return distinctObjects(
    renderers.flatMap((renderer) =>
      renderer.render(indicator).map((o) => ({ profile: renderer.profile, ...o })),
    ),
  );
}

// The stores key objects by (profile, date_added, id), so one indicator's objects must not
// repeat an id within a profile; the last rendering of a repeated one is kept.
function distinctObjects(objects: StoredObject[]): StoredObject[] {
  if (objects.length < 2) return objects;
  const byKey = new Map<string, StoredObject>();
  for (const o of objects) {
    const key = `${o.profile}\u0000${o.id}`;
    byKey.set(key, o);
  }
  return byKey.size === objects.length ? objects : [...byKey.values()];
}
