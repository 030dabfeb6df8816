/**
 * The store-independent steps of turning a chunk's added objects into indicators: what to read
 * and which objects to convert. Each store runs the reads and the write in its own dialect,
 * inside the chunk's transaction (see PostedIndexing).
 */
import type { IndicatorInput } from '../indicators/indicator.js';
import type { PostedIndexing, StixObject } from './posted-objects.js';
import type { PendingRow } from './status-rows.js';

/** The newest version of one object of a collection. */
export interface NewestPosted {
  object_id: string;
  version_us: number;
  json: string;
}

/** The ids whose newest version a chunk reads: its own objects' and those they refer to. */
export function idsToRead(added: readonly PendingRow[], indexing: PostedIndexing): string[] {
  const objects = added.map((row) => JSON.parse(row.json) as StixObject);
  return [...new Set([...added.map((row) => row.object_id), ...indexing.references(objects)])];
}

/**
 * The indicators a chunk's added objects become, before they are folded into stored ones.
 * Only an object that is now its id's newest version converts: posting an older version of an
 * object must not take its indicator back in time.
 */
export function chunkIndicators(
  collection: string,
  added: readonly PendingRow[],
  newest: readonly NewestPosted[],
  indexing: PostedIndexing,
): ReturnType<PostedIndexing['indicators']> {
  const newestVersion = new Map(newest.map((n) => [n.object_id, Number(n.version_us)]));
  const objects = added
    .filter((row) => newestVersion.get(row.object_id) === Number(row.version_us))
    .map((row) => JSON.parse(row.json) as StixObject);
  if (objects.length === 0) return [];
  const known = newest.map((n) => JSON.parse(n.json) as StixObject);
  return indexing.indicators(collection, objects, known);
}

/** The key stores look indicators up by. */
export function indicatorKey(indicator: Pick<IndicatorInput, 'type' | 'value'>): string {
  return `${indicator.type}\u0000${indicator.value}`;
}
