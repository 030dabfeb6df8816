/**
 * Relationships stored with an indicator, as relationship SROs: from the object the indicator
 * becomes to the object its target indicator becomes, in the STIX version being written.
 *
 * The target is named by its XSOAR type and value, so its object id is the one the mapping
 * gives an indicator of that type and value, with the target's own STIX id and custom fields
 * (a File's other hashes) where the store supplied them (`IndicatorRelationship.target`). The
 * store serves such a relationship only when an object with that id is in the same collection
 * (see `RenderedObject.targetRef`), so a target that is missing, outside the collection, or
 * identified otherwise is never dangled.
 */
import type { IndicatorRelationship, StoredIndicator } from '../indicators/indicator.js';
import { persistentId, stix20Id } from './ids.js';
import type { MappedObject } from './mapping.js';
import { provenanceOf, type MappingOptions, type Report } from './mapping-steps.js';
import type { Provenance, StixObject } from './objects.js';
import type { StixVersion } from './rendered.js';
import { canonicalXsoarType } from './xsoar-types.js';

/** Builds one relationship SRO in the version being written. */
export type RelationshipBuilder = (
  id: string,
  provenance: Provenance,
  relationshipType: string,
  sourceRef: string,
  targetRef: string,
  description?: string,
) => StixObject;

export interface RelationshipContext {
  version: StixVersion;
  options: MappingOptions;
  /** The version's mapping, to find the object a target indicator becomes. */
  map(indicator: StoredIndicator, options: MappingOptions): MappedObject[];
  build: RelationshipBuilder;
  report: Report;
}

/**
 * A relationship type as STIX requires it: lower-case ASCII letters and digits in runs joined
 * by single hyphens (`Related To` and `related_to` give `related-to`); null when nothing is left.
 */
export function stixRelationshipType(name: string): string | null {
  const type = name
    .normalize('NFKD')
    // Accents come apart from their letters under NFKD; dropping them keeps the letter.
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return type === '' ? null : type;
}

/** The relationship SROs of an indicator whose own objects are `own`; one per distinct id. */
export function relationshipObjects(
  indicator: StoredIndicator,
  own: readonly MappedObject[],
  context: RelationshipContext,
): MappedObject[] {
  if (indicator.relationships.length === 0) return [];
  const source = primaryObject(own);
  const silent: Report = { leftOut: () => [], incomplete: () => {} };
  const provenance = provenanceOf(indicator, silent);
  if (source === null || provenance === null) return [];

  const objects = new Map<string, MappedObject>();
  for (const stored of indicator.relationships) {
    const made = relationshipObject(indicator, stored, source, provenance, context);
    if (typeof made === 'string') context.report.incomplete([made]);
    else if (!objects.has(made.object.id)) objects.set(made.object.id, made);
  }
  return [...objects.values()];
}

function relationshipObject(
  indicator: StoredIndicator,
  stored: IndicatorRelationship,
  source: StixObject,
  provenance: Provenance,
  context: RelationshipContext,
): MappedObject | string {
  const what = `relationship ${JSON.stringify(stored.relationshipType)} to ${stored.targetType}`;
  const type = stixRelationshipType(String(stored.relationshipType ?? ''));
  if (type === null) return `${what}: the name holds no letters or digits; left out`;
  // A report is served only with every object it names, a condition that the one target a
  // relationship is served beside does not carry. What a report covers is said by its own
  // relationships, from the report, which become its object_refs.
  if (canonicalXsoarType(String(stored.targetType)) === 'Report') {
    return `${what}: a relationship to a report is left out; the report's object_refs name its objects`;
  }
  const target = targetId(indicator, stored, context);
  if (target === null) return `${what}: the target has no STIX object; left out`;

  const id = persistentId(context.options.namespace, 'relationship', type, source.id, target);
  const description = stored.description?.trim() || undefined;
  const object = context.build(
    context.version === '2.0' ? stix20Id(id) : id,
    provenance,
    type,
    source.id,
    target,
    description,
  );
  return { object, version: provenance.modified, targetRef: target };
}

/** The id of the object an indicator of the target's type and value becomes, or null. */
function targetId(
  indicator: StoredIndicator,
  stored: IndicatorRelationship,
  context: RelationshipContext,
): string | null {
  const standIn: StoredIndicator = {
    ...indicator,
    type: String(stored.targetType),
    value: String(stored.targetValue),
    tlp: null,
    stixId: stored.target?.stixId ?? null,
    customFields: stored.target?.customFields ?? {},
    relationships: [],
  };
  const quiet = { ...context.options, warn: () => {} };
  try {
    return primaryObject(context.map(standIn, quiet))?.id ?? null;
  } catch {
    // The mapping never throws by design; a defect leaves this relationship out, not the page.
    return null;
  }
}

/** The object an indicator becomes: its first that is not a relationship. */
function primaryObject(objects: readonly MappedObject[]): StixObject | null {
  return objects.find(({ object }) => object.type !== 'relationship')?.object ?? null;
}
