/**
 * The shapes of the STIX 2.1 objects the renderer writes. Every builder fixes the member order,
 * so the same inputs always serialize to the same bytes, and leaves out absent properties
 * rather than writing nulls or empty lists, which STIX does not allow.
 */
import type { JsonValue } from './canonical-json.js';

/** A STIX object as plain JSON data. */
export interface StixObject {
  type: string;
  id: string;
  [property: string]: JsonValue;
}

/** What every object made from one indicator version shares. */
export interface Provenance {
  /** STIX timestamps; `modified` is never before `created`. */
  created: string;
  modified: string;
  confidence?: number | undefined;
  labels?: string[] | undefined;
  markingRefs?: string[] | undefined;
}

/** An SDO: the common properties around its own, `name` and `description` leading. */
export function domainObject(
  type: string,
  id: string,
  provenance: Provenance,
  body: Record<string, JsonValue>,
  description?: string,
): StixObject {
  return asStixObject({
    type,
    spec_version: '2.1',
    id,
    created: provenance.created,
    modified: provenance.modified,
    name: body.name,
    description,
    ...body,
    confidence: provenance.confidence,
    labels: provenance.labels,
    object_marking_refs: provenance.markingRefs,
  });
}

/** The indicator-specific properties of an indicator SDO (section 4.7). */
export interface IndicatorBody {
  name: string;
  indicatorType: string;
  pattern: string;
  validFrom: string;
  validUntil?: string | undefined;
}

export function indicatorBody(body: IndicatorBody): Record<string, JsonValue> {
  return compact({
    name: body.name,
    indicator_types: [body.indicatorType],
    pattern: body.pattern,
    pattern_type: 'stix',
    pattern_version: '2.1',
    valid_from: body.validFrom,
    valid_until: body.validUntil,
  });
}

/** An SCO: no created, modified or labels, which cyber-observables do not have (chapter 6). */
export function cyberObservable(
  type: string,
  id: string,
  properties: Record<string, JsonValue>,
  markingRefs?: string[],
): StixObject {
  return asStixObject({
    type,
    spec_version: '2.1',
    id,
    ...properties,
    object_marking_refs: markingRefs,
  });
}

/** A relationship SRO (section 5.1). */
export function relationship(
  id: string,
  provenance: Provenance,
  relationshipType: string,
  sourceRef: string,
  targetRef: string,
  description?: string,
): StixObject {
  return asStixObject({
    type: 'relationship',
    spec_version: '2.1',
    id,
    created: provenance.created,
    modified: provenance.modified,
    relationship_type: relationshipType,
    description,
    source_ref: sourceRef,
    target_ref: targetRef,
    object_marking_refs: provenance.markingRefs,
  });
}

function asStixObject(props: Record<string, JsonValue | undefined>): StixObject {
  return compact(props) as StixObject;
}

function compact(props: Record<string, JsonValue | undefined>): Record<string, JsonValue> {
  const out: Record<string, JsonValue> = {};
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || (Array.isArray(value) && value.length === 0)) continue;
    out[key] = value;
  }
  return out;
}
