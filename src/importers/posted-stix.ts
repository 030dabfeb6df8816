/**
 * STIX objects posted to a writable collection, as indicators: the same conversion as a bundle
 * file's (stix-bundle-format.ts), over the objects a store transaction adds and the objects of
 * the collection they refer to, so a relationship posted after its ends still finds them.
 */
import type { IndicatorInput } from '../indicators/indicator.js';
import type { PostedIndexing, PostedIndicator } from '../store/posted-objects.js';
import type { StixRenderer } from '../stix/rendered.js';
import { mergeInto, RecordSet, union } from './record-set.js';
import { addStixObjects, type ReadObject } from './stix-bundle-format.js';
import { scoreOf, type StixJson } from './stix-object-indicator.js';

/** The ids an object refers to that its conversion reads: a relationship's ends, its creator. */
export function referencedIds(objects: readonly StixJson[]): string[] {
  const ids = new Set<string>();
  for (const object of objects) {
    for (const property of ['source_ref', 'target_ref', 'created_by_ref']) {
      const ref = object[property];
      if (typeof ref === 'string') ids.add(ref);
    }
  }
  return [...ids];
}

/**
 * The indicators `objects` become. `known` holds the collection's newest version of the
 * objects they refer to. Each indicator records the collection as its source instance. An
 * indicator is kept when one of `objects` gives it or a relationship among them starts at it.
 */
export function postedIndicators(
  objects: readonly StixJson[],
  known: readonly StixJson[],
  source: string,
): PostedIndicator[] {
  const own = new Set(objects.map((o) => String(o.id)));
  const read: ReadObject[] = objects.map((object, i) => ({ line: i + 1, object }));
  for (const object of known) {
    if (!own.has(String(object.id))) read.push({ line: read.length + 1, object });
  }
  const set = new RecordSet(source, {});
  addStixObjects(read, set);

  const scored = new Set<string>();
  for (const object of objects) {
    if (scoreOf(object, String(object.type)) !== undefined) scored.add(String(object.id));
  }
  const newRelationships = objects.some((o) => o.type === 'relationship');
  return set
    .finish('stix-bundle')
    .records.map((r) => r.indicator)
    .filter((i) => own.has(String(i.stixId)) || (newRelationships && i.relationships?.length))
    .map((indicator) => {
      indicator.sourceInstances = union(indicator.sourceInstances, [source]);
      return { indicator, scored: scored.has(String(indicator.stixId)) };
    });
}

/**
 * A posted indicator folded into the one the store holds under the same type and value: what
 * the posted object says wins, lists (tags, sources, relationships) add up, and what it leaves
 * out (a score, a description, custom fields) keeps its stored value. So posting an object
 * never takes away what an import or an earlier post gave the indicator.
 */
export function mergeWithStored(
  posted: PostedIndicator,
  stored: IndicatorInput | null,
): IndicatorInput {
  const { indicator } = posted;
  if (stored === null) return indicator;
  const merged: IndicatorInput = { ...indicator, customFields: { ...indicator.customFields } };
  mergeInto(merged, stored);
  if (!posted.scored) merged.score = stored.score;
  return merged;
}

/** The conversion a writable collection's chunks run, with the collection's name as source. */
export function postedIndexing(
  renderers: readonly StixRenderer[],
  collectionName: (collectionId: string) => string,
): PostedIndexing {
  return {
    renderers,
    references: referencedIds,
    indicators: (collection, objects, known) =>
      postedIndicators(objects, known, collectionName(collection)),
    merge: mergeWithStored,
  };
}
