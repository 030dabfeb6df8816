/**
 * The objects of an Add Objects request (TAXII 2.1 section 5.5; 2.0 section 5.4), each checked
 * for what the server itself reads: its id names its type, and its version timestamps parse.
 * Everything else in an object is the poster's and is kept exactly as written.
 */
import { postedSpecVersion } from '../stix/spec-version.js';
import { parseTimestamp } from '../time/microseconds.js';
import type { PostedObjectInput, RefusedObject } from '../store/posted-objects.js';

export interface ReadEnvelope {
  accepted: PostedObjectInput[];
  refused: RefusedObject[];
}

/** The STIX versions a writable collection holds, oldest first. */
export const SPEC_VERSIONS: readonly string[] = ['2.0', '2.1'];

const ID =
  /^([a-z][a-z0-9-]*[a-z0-9])--[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * Sorts the posted objects into those to store and those refused with a reason, each of the
 * spec version `postedSpecVersion` gives it (`defaultSpec` is the API's).
 */
export function readPostedObjects(objects: readonly unknown[], defaultSpec: string): ReadEnvelope {
  const read: ReadEnvelope = { accepted: [], refused: [] };
  for (const object of objects) {
    const checked = checkObject(object, defaultSpec);
    if ('message' in checked) read.refused.push(checked);
    else read.accepted.push(checked);
  }
  return read;
}

function checkObject(raw: unknown, defaultSpec: string): PostedObjectInput | RefusedObject {
  const object = raw as Record<string, unknown>;
  const id = String(object.id);
  // A status shows versions as timestamps: a refused object's unreadable one is left out.
  const shown = versionText(object);
  const refuse = (message: string): RefusedObject => ({
    id,
    version: shown !== null && parseTimestamp(shown) !== null ? shown : null,
    message,
  });

  const match = ID.exec(id);
  if (!match || match[1] !== object.type) return refuse('the id does not name the object type');
  const spec = postedSpecVersion(object, defaultSpec);
  if (typeof spec !== 'string' || !SPEC_VERSIONS.includes(spec))
    return refuse(`spec_version ${String(spec)} is not 2.0 or 2.1`);

  for (const property of ['created', 'modified'] as const) {
    const value = object[property];
    if (value !== undefined && (typeof value !== 'string' || parseTimestamp(value) === null)) {
      return refuse(`${property} is not a timestamp`);
    }
  }
  const version = versionText(object);
  return {
    id,
    type: object.type as string,
    specVersion: spec,
    version,
    versionMicros: version === null ? 0 : parseTimestamp(version)!,
    json: JSON.stringify(object),
  };
}

// TAXII 2.1 section 3.6 (object versions): `modified`, else `created`; objects with neither,
// such as most cyber-observables, have one version only.
function versionText(object: Record<string, unknown>): string | null {
  const version = object.modified ?? object.created;
  return typeof version === 'string' ? version : null;
}
