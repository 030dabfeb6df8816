/**
 * The shapes of the STIX 2.0 objects the renderer writes (STIX 2.0 Parts 1, 2 and 4). As in
 * objects.ts, each builder fixes the member order and leaves out absent properties. STIX 2.0
 * objects carry no `spec_version` (the bundle does) and no `confidence`, which 2.1 introduced.
 */
import type { JsonValue } from './canonical-json.js';
import { stix20HashName } from './hashes.js';
import type { Provenance, StixObject } from './objects.js';

/** An SDO: the common properties of Part 1 section 3.1 around its own. */
export function domainObject20(
  type: string,
  id: string,
  provenance: Provenance,
  body: Record<string, JsonValue>,
  description?: string,
): StixObject {
  return compact({
    type,
    id,
    created: provenance.created,
    modified: provenance.modified,
    name: body.name,
    description,
    ...body,
    labels: provenance.labels,
    object_marking_refs: provenance.markingRefs,
  });
}

/** The indicator-specific properties of an indicator SDO (Part 2 section 2.5). */
export interface Indicator20Body {
  name: string;
  /** The indicator-label-ov entry first, then the indicator's tags. */
  labels: string[];
  pattern: string;
  validFrom: string;
  validUntil?: string | undefined;
}

export function indicator20(
  id: string,
  provenance: Provenance,
  body: Indicator20Body,
  description?: string,
): StixObject {
  return compact({
    type: 'indicator',
    id,
    created: provenance.created,
    modified: provenance.modified,
    name: body.name,
    description,
    labels: body.labels,
    pattern: body.pattern,
    valid_from: body.validFrom,
    valid_until: body.validUntil,
    object_marking_refs: provenance.markingRefs,
  });
}

/** When an observed-data object says its one cyber-observable was seen. */
export interface Observation {
  firstObserved: string;
  lastObserved: string;
}

/**
 * An observed-data SDO (Part 2 section 2.8) holding one cyber-observable, under the key "0"
 * of its `objects` dictionary, where STIX 2.0 keeps observables; they have no ids of their own.
 */
export function observedData20(
  id: string,
  provenance: Provenance,
  observation: Observation,
  observable: StixObject20Observable,
): StixObject {
  return compact({
    type: 'observed-data',
    id,
    created: provenance.created,
    modified: provenance.modified,
    first_observed: observation.firstObserved,
    last_observed: observation.lastObserved,
    number_observed: 1,
    objects: { '0': observable },
    labels: provenance.labels,
    object_marking_refs: provenance.markingRefs,
  });
}

/** A STIX 2.0 cyber-observable: a type and its properties, without an id. */
export type StixObject20Observable = { type: string } & Record<string, JsonValue>;

/**
 * A 2.1 cyber-observable's properties as STIX 2.0 (Part 4) writes them: the ssdeep hash
 * renamed, a user account given the `user_id` 2.0 requires (its login, failing a better
 * one), the 2.1-only `swid` of software left out and the registry data type 2.1 added
 * written under the 2.0 name for the same type.
 */
export function observable20(
  type: string,
  properties: Readonly<Record<string, JsonValue>>,
): StixObject20Observable {
  const out: Record<string, JsonValue> = {};
  for (const [name, value] of Object.entries(properties)) {
    if (type === 'software' && name === 'swid') continue;
    if (name === 'hashes') out.hashes = renamedHashes(value as Record<string, string>);
    else if (name === 'values') out.values = registryValues(value);
    else out[name] = value;
  }
  if (type === 'user-account' && out.user_id === undefined && out.account_login !== undefined) {
    return { type, user_id: out.account_login, ...out };
  }
  return { type, ...out };
}

function renamedHashes(hashes: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(hashes).map(([k, v]) => [stix20HashName(k), v]));
}

// REG_DWORD is little-endian on Windows; STIX 2.1 added the explicit name, 2.0 lacks it.
function registryValues(values: JsonValue): JsonValue {
  if (!Array.isArray(values)) return values;
  return values.map((value) => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
    if (value.data_type !== 'REG_DWORD_LITTLE_ENDIAN') return value;
    return { ...value, data_type: 'REG_DWORD' };
  });
}

/** A relationship SRO (Part 2 section 3.1). */
export function relationship20(
  id: string,
  provenance: Provenance,
  relationshipType: string,
  sourceRef: string,
  targetRef: string,
  description?: string,
): StixObject {
  return compact({
    type: 'relationship',
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

function compact(props: Record<string, JsonValue | undefined>): StixObject {
  const out: Record<string, JsonValue> = {};
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || (Array.isArray(value) && value.length === 0)) continue;
    out[key] = value;
  }
  return out as StixObject;
}
