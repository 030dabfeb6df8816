/**
 * Objects that the objects of many indicators refer to, such as the TLP marking definitions.
 * Each indicator's rendering carries a copy of every one its objects refer to, marked
 * `shared`; the store serves, in each collection, only the first copy in collection order,
 * so a collection holds each such object once and before anything that refers to it.
 */
import type { MappedObject } from './mapping.js';
import { markingDefinitionFor } from './markings.js';
import type { StixVersion } from './rendered.js';

/** The marking definitions that `objects` refer to, one each, as shared objects. */
export function markingObjects(
  objects: readonly MappedObject[],
  version: StixVersion,
): MappedObject[] {
  const refs = new Set<string>();
  for (const { object } of objects) {
    const markings = object.object_marking_refs;
    if (Array.isArray(markings)) for (const ref of markings) refs.add(String(ref));
  }

  const shared: MappedObject[] = [];
  for (const ref of [...refs].sort()) {
    const definition = markingDefinitionFor(ref, version);
    // Marking definitions have no `modified`; their TAXII version is their `created`.
    if (definition)
      shared.push({ object: definition, version: String(definition.created), shared: true });
  }
  return shared;
}
