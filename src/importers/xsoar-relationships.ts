/**
 * XSOAR relationships (`entityA` -name-> `entityB`, as `searchRelationships` and feed
 * integrations write them) to relationships stored with their source indicator.
 *
 * A relationship is stored with the indicator it starts from. When only its target is in the
 * file it is stored there under XSOAR's `reverseName`, so no relationship is lost for being
 * written from the other side.
 */
import type { IndicatorRelationship } from '../indicators/indicator.js';
import { readText } from './field-values.js';
import { canonicalValue, isObject } from './xsoar-indicator.js';
import { xsoarTypeName } from './type-names.js';

/** An entity of a relationship: an XSOAR type and a value in canonical form. */
export interface Entity {
  type: string;
  value: string;
}

export interface ReadRelationship {
  a: Entity;
  b: Entity;
  name: string;
  reverseName: string;
  description: string | null;
}

/** True for an object shaped like an XSOAR relationship. */
export function looksLikeRelationship(value: unknown): boolean {
  return isObject(value) && 'entityA' in value && 'entityB' in value;
}

/** Reads one relationship record, or says what it lacks. */
export function readRelationship(raw: unknown): ReadRelationship | string {
  if (!isObject(raw)) return 'relationship is not a JSON object';
  const a = entity(raw.entityA, raw.entityAType);
  const b = entity(raw.entityB, raw.entityBType);
  const name = readText(raw.name) ?? readText(raw.type);
  if (!a || !b || !name) {
    return 'relationship lacks entityA, entityAType, entityB, entityBType or name';
  }

  const custom = raw.CustomFields ?? raw.fields;
  const fields = isObject(custom) ? custom : {};
  // XSOAR keeps a revoked relationship, marked, and its own TAXII server leaves it out: served,
  // it would state as current what its source has withdrawn.
  if (fields.revoked === true || raw.revoked === true) {
    return `relationship ${describeRelationship({ a, b, name })} is revoked`;
  }
  const description = readText(fields.description) ?? readText(raw.description);
  return { a, b, name, reverseName: readText(raw.reverseName) ?? name, description };
}

/** The relationship as seen from `self`, or null when `self` is neither of its entities. */
export function relationshipFrom(self: Entity, r: ReadRelationship): IndicatorRelationship | null {
  if (sameEntity(self, r.a)) return stored(r.name, r.b, r.description);
  if (sameEntity(self, r.b)) return stored(r.reverseName, r.a, r.description);
  return null;
}

/** A relationship's entities as text, for rejection reasons. */
export function describeRelationship(r: Pick<ReadRelationship, 'a' | 'b' | 'name'>): string {
  const side = (e: Entity) => `${e.type} ${JSON.stringify(e.value)}`;
  return `${side(r.a)} ${r.name} ${side(r.b)}`;
}

function stored(name: string, target: Entity, description: string | null): IndicatorRelationship {
  // STIX relationship types are lower case and hyphenated: "related to" -> "related-to".
  const relationshipType = name
    .trim()
    .toLowerCase()
    .replace(/[\s_]+/g, '-');
  return { relationshipType, targetType: target.type, targetValue: target.value, description };
}

function entity(value: unknown, type: unknown): Entity | null {
  const text = readText(value);
  const label = readText(type);
  if (!text || !label) return null;
  const canonicalType = xsoarTypeName(label);
  return { type: canonicalType, value: canonicalValue(canonicalType, text) };
}

function sameEntity(x: Entity, y: Entity): boolean {
  return x.type === y.type && x.value === y.value;
}
