/**
 * STIX 2.0 and 2.1 bundles (and bare arrays of STIX objects) to indicator records. Objects
 * become indicators where they describe one (src/importers/stix-object-indicator.ts);
 * relationships between two such objects are stored with their source indicator; every other
 * object is refused with its id and reason and counted by type.
 */
import { ImportFileError } from './import-file-error.js';
import type { ImportDefaults } from './import-types.js';
import { arrayElements, LineIndex, objectMembers, skipSpace, type JsonSpan } from './json-spans.js';
import type { RecordSet } from './record-set.js';
import { stixObjectIndicator, type BundleContext, type StixJson } from './stix-object-indicator.js';

/** The bundle as far as read: identities, and the first object id of each indicator. */
interface ReadContext extends BundleContext {
  firstByName: Map<string, string>;
}

/** A STIX object and the line it starts at. */
export interface ReadObject {
  line: number;
  object: StixJson;
}

/** An indicator's (type, value), the key the record set merges by. */
interface Entity {
  type: string;
  value: string;
}

/** Reads a STIX bundle, or an array of STIX objects, into the record set. */
export function parseStixBundle(text: string, set: RecordSet, _defaults: ImportDefaults): void {
  const lines = new LineIndex(text);
  addStixObjects(readObjects(text, set, lines), set);
}

/**
 * Adds STIX objects to the record set: each object that describes an indicator, then each
 * relationship between two of them, attached to its source's record.
 */
export function addStixObjects(objects: readonly ReadObject[], set: RecordSet): void {
  const context = { identityNames: identityNames(objects), firstByName: new Map<string, string>() };
  const entities = new Map<string, Entity>();
  const relationships: ReadObject[] = [];
  for (const read of objects) {
    if (read.object.type === 'relationship') relationships.push(read);
    else addObject(read, set, context, entities);
  }
  for (const read of relationships) addRelationship(read, set, entities);
}

function readObjects(text: string, set: RecordSet, lines: LineIndex): ReadObject[] {
  const spans = objectSpans(text, set, lines);
  const objects: ReadObject[] = [];
  for (const span of spans) {
    const line = lines.lineOf(span.start);
    if (span.end < 0) {
      set.reject(line, 'object is cut off where the file ends (truncated?)');
      continue;
    }
    const object = parseObject(text.slice(span.start, span.end));
    if (typeof object === 'string') set.reject(line, object);
    else objects.push({ line, object });
  }
  return objects;
}

// The `objects` array of a bundle, or the whole document when it is an array.
function objectSpans(text: string, set: RecordSet, lines: LineIndex): JsonSpan[] {
  const start = skipSpace(text, 0);
  const open = text[start] === '[' ? start : bundleObjects(text, start, set.file);
  if (open === null) return [];
  const scan = arrayElements(text, open);
  if (scan.problem) set.reject(lines.lineOf(scan.problem.at), `JSON: ${scan.problem.reason}`);
  return scan.items;
}

function bundleObjects(text: string, start: number, file: string): number | null {
  if (text[start] !== '{') throw new ImportFileError(file, 'is not a STIX bundle');
  const members = objectMembers(text, start).items;
  const objects = members.find((m) => m.key === 'objects');
  if (!objects) return null;
  if (text[objects.start] !== '[') {
    throw new ImportFileError(file, 'is a STIX bundle whose "objects" is not an array');
  }
  return objects.start;
}

function parseObject(json: string): StixJson | string {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (error) {
    return `not valid JSON: ${(error as Error).message}`;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return 'element is not a JSON object';
  }
  const object = value as StixJson;
  if (typeof object.type !== 'string' || typeof object.id !== 'string') {
    return 'element is not a STIX object (it lacks "type" or "id")';
  }
  return object;
}

function identityNames(objects: readonly ReadObject[]): Map<string, string> {
  const names = new Map<string, string>();
  for (const { object } of objects) {
    if (object.type === 'identity' && typeof object.name === 'string' && object.name.trim()) {
      names.set(object.id as string, object.name.trim());
    }
  }
  return names;
}

function addObject(
  { line, object }: ReadObject,
  set: RecordSet,
  context: ReadContext,
  entities: Map<string, Entity>,
): void {
  const id = object.id as string;
  const indicator = stixObjectIndicator(object, set, context);
  if (typeof indicator === 'string') {
    return set.notImported(line, object.type as string, `${id}: ${indicator}`);
  }

  const entity = { type: indicator.type, value: indicator.value };
  entities.set(id, entity);
  // Equal observables are one indicator however many ids a bundle gives them; two domain
  // objects of one name may be different things (ATT&CK reuses technique names), so only the
  // first is imported and the relationships of both attach to it.
  const named = `${entity.type}\u0000${entity.value}`;
  const first = context.firstByName.get(named);
  if (first !== undefined && first !== id && isDomainObject(object)) {
    const reason = `${id}: has the name of ${first}, imported first; relationships attach to it`;
    return set.notImported(line, object.type as string, reason);
  }
  if (first === undefined) context.firstByName.set(named, id);
  set.add(line, indicator);
}

function isDomainObject(object: StixJson): boolean {
  return object.type !== 'indicator' && typeof object.created === 'string' && 'name' in object;
}

function addRelationship(
  { line, object }: ReadObject,
  set: RecordSet,
  entities: ReadonlyMap<string, Entity>,
): void {
  const id = String(object.id);
  const refuse = (reason: string) => set.notImported(line, 'relationship', `${id}: ${reason}`);
  if (object.revoked === true) return refuse('is revoked');

  const relationshipType =
    typeof object.relationship_type === 'string' ? object.relationship_type : '';
  const source = entities.get(String(object.source_ref));
  const target = entities.get(String(object.target_ref));
  if (relationshipType.trim() === '') return refuse('has no relationship_type');
  if (!source) return refuse(`source ${String(object.source_ref)} is no indicator in this file`);
  if (!target) return refuse(`target ${String(object.target_ref)} is no indicator in this file`);
  if (source.type === target.type && source.value === target.value) {
    return refuse('joins two objects that are the same indicator');
  }

  const description = typeof object.description === 'string' ? object.description : null;
  set.relate(source.type, source.value, {
    relationshipType: relationshipType.trim(),
    targetType: target.type,
    targetValue: target.value,
    description,
  });
}
