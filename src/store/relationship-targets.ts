/**
 * The facts a relationship's target object id depends on (its indicator's own STIX id, its
 * custom fields), looked up when the source is rendered: in the records written with it first,
 * then in the store. A target that neither holds yet is named as a plain indicator of its type
 * and value would be, and its sources are rendered again when it is written.
 */
import type {
  IndicatorInput,
  RelationshipTarget,
  StoredIndicator,
} from '../indicators/indicator.js';
import { stixIdType } from '../stix/ids.js';
import type { StixRenderer } from '../stix/rendered.js';
import { SCO_TYPES } from '../stix/xsoar-types.js';
import type { StoredObject } from './store.js';

/** The target indicator of a type and value, or undefined when none is known. */
export type TargetLookup = (type: string, value: string) => RelationshipTarget | undefined;

/** How targets are keyed: type and value, trimmed as the store keeps them. */
export function targetKey(type: string, value: string): string {
  return `${type.trim()}\u0000${value.trim()}`;
}

/** The keys of every target the relationships of `indicators` name. */
export function namedTargets(
  indicators: Iterable<Pick<IndicatorInput, 'relationships'>>,
): Set<string> {
  const keys = new Set<string>();
  for (const { relationships } of indicators) {
    for (const r of relationships ?? []) keys.add(targetKey(r.targetType, r.targetValue));
  }
  return keys;
}

/** The targets among the records of one write, the last record of a type and value winning. */
export function batchTargets(
  records: readonly IndicatorInput[],
  wanted: ReadonlySet<string>,
): Map<string, RelationshipTarget> {
  const found = new Map<string, RelationshipTarget>();
  if (wanted.size === 0) return found;
  for (const record of records) {
    const key = targetKey(record.type, record.value);
    if (!wanted.has(key)) continue;
    const stixId = record.stixId?.trim() || null;
    found.set(key, { stixId, customFields: record.customFields });
  }
  return found;
}

/** A lookup that asks each source in turn. */
export function firstOf(
  ...sources: Array<ReadonlyMap<string, RelationshipTarget> | TargetLookup>
): TargetLookup {
  return (type, value) => {
    for (const source of sources) {
      const found =
        typeof source === 'function' ? source(type, value) : source.get(targetKey(type, value));
      if (found) return found;
    }
    return undefined;
  };
}

/** The indicator with what `lookup` knows of each relationship's target, for rendering. */
export function withRelationshipTargets(
  indicator: StoredIndicator,
  lookup: TargetLookup | undefined,
): StoredIndicator {
  if (!lookup || indicator.relationships.length === 0) return indicator;
  const relationships = indicator.relationships.map((r) => {
    const target = lookup(r.targetType, r.targetValue);
    return target ? { ...r, target } : r;
  });
  return { ...indicator, relationships };
}

/**
 * Where relationships rendered before this indicator was written may point instead of at its
 * object: per profile, the id a plain indicator of its type and value would have, when its own
 * STIX id or custom fields (a File's other hashes) give its object another. A source that names
 * one of these ids is rendered again once this indicator is written.
 */
export function plainIdsReplaced(
  renderers: readonly StixRenderer[],
  indicator: StoredIndicator,
  objects: readonly StoredObject[],
): Array<{ profile: string; id: string }> {
  const own = indicator.stixId === null ? null : stixIdType(indicator.stixId.trim());
  const hasFields = Object.keys(indicator.customFields).length > 0;
  const plain = { ...indicator, stixId: null, customFields: {}, tlp: null, relationships: [] };
  const replaced: Array<{ profile: string; id: string }> = [];
  for (const renderer of renderers) {
    const served = objects.find((o) => o.profile === renderer.profile && isPrimary(o));
    if (!served) continue;
    // Only an own id of the object's type, or the fields of an SCO, change the id; the check
    // spares every other import a second rendering.
    const scoFields = hasFields && SCO_TYPES.includes(served.type);
    if (own !== served.type && !scoFields) continue;
    // The warnings of this rendering go nowhere: it only names an id.
    const named = renderer.render(plain, []).find(isPrimary);
    if (named && named.id !== served.id) {
      replaced.push({ profile: renderer.profile, id: named.id });
    }
  }
  return replaced;
}

// The object an indicator becomes comes first, before its relationships and shared copies.
function isPrimary(o: { type: string; shared?: boolean | undefined }): boolean {
  return o.type !== 'relationship' && !o.shared;
}
