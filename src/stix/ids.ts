/**
 * STIX identifiers (STIX 2.1 section 2.9): deterministic ids for cyber-observable objects and
 * persistent, installation-scoped ids for everything else.
 */

import { canonicalize, type JsonObject, type JsonValue } from './canonical-json.js';
import { chooseIdHash, type Hashes } from './hashes.js';
import { uuid5 } from './uuid5.js';

/** The namespace STIX 2.1 fixes for SCO ids; section 2.9 forbids it for anything else. */
export const SCO_ID_NAMESPACE = '00abedb4-aa42-466c-9c01-fed23315a9b7';

/** RFC 9562's namespace for names that are URLs. */
const URL_NAMESPACE = '6ba7b811-9dad-11d1-80b4-00c04fd430c8';

/** The product's own namespace: installation namespaces are derived inside it. */
export const PRODUCT_NAMESPACE = uuid5('urn:taxii2-server', URL_NAMESPACE);

/**
 * The ID Contributing Properties of each SCO type the renderer emits, from the "ID
 * Contributing Properties" line of each object's section in STIX 2.1 chapter 6.
 */
export const ID_CONTRIBUTING_PROPERTIES: Readonly<Record<string, readonly string[]>> = {
  'autonomous-system': ['number'],
  'domain-name': ['value'],
  'email-addr': ['value'],
  file: ['hashes', 'name', 'extensions', 'parent_directory_ref'],
  'ipv4-addr': ['value'],
  'ipv6-addr': ['value'],
  mutex: ['name'],
  software: ['name', 'cpe', 'swid', 'vendor', 'version'],
  url: ['value'],
  'user-account': ['account_type', 'user_id', 'account_login'],
  'windows-registry-key': ['key', 'values'],
  'x509-certificate': ['hashes', 'serial_number'],
};

// Versions 1 to 5 only: the identifier schema of STIX 2.1 accepts no others.
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-5][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const STIX_ID = /^([a-z][a-z0-9-]+[a-z0-9])--([0-9a-f-]{36})$/;

/** Whether `text` is a lower-case RFC 4122 UUID string of version 1 to 5. */
export function isUuid(text: string): boolean {
  return UUID.test(text);
}

/** The object type of a well-formed STIX id (`indicator--<uuid>` gives `indicator`), or null. */
export function stixIdType(id: string): string | null {
  const m = STIX_ID.exec(id);
  if (!m || !isUuid(m[2]!)) return null;
  return m[1]!;
}

/**
 * The deterministic id of an SCO: a UUIDv5 in the STIX namespace over the canonical JSON of
 * the object's ID Contributing Properties. A `hashes` property contributes one hash only,
 * chosen by ID_HASH_PREFERENCE. Returns null when no contributing property is present, the
 * case for which the standard falls back to a random UUIDv4.
 */
export function scoId(type: string, properties: Readonly<Record<string, unknown>>): string | null {
  const names = ID_CONTRIBUTING_PROPERTIES[type];
  if (!names) throw new TypeError(`no ID Contributing Properties known for ${type}`);

  const contributing: JsonObject = {};
  for (const name of names) {
    const value = properties[name];
    if (value === undefined || value === null) continue;
    contributing[name] = name === 'hashes' ? oneHash(value as Hashes) : (value as JsonValue);
  }

  if (Object.values(contributing).every((v) => v === undefined)) return null;
  return `${type}--${uuid5(canonicalize(contributing), SCO_ID_NAMESPACE)}`;
}

function oneHash(hashes: Hashes): JsonObject | undefined {
  const chosen = chooseIdHash(hashes);
  return chosen ? { [chosen[0]]: chosen[1] } : undefined;
}

/**
 * The namespace of one installation: a UUIDv5 of its seed inside the product namespace.
 * The store keeps the seed, so every SDO and relationship id survives restarts and rebuilds.
 */
export function installationNamespace(seed: string): string {
  return uuid5(seed, PRODUCT_NAMESPACE);
}

/**
 * A persistent id for an SDO or relationship: a UUIDv5 in the installation namespace over a
 * stable name. The name parts are joined as a canonical JSON array, so no choice of part
 * values can make two different names collide, and the STIX type is always the first part,
 * which keeps the UUID portion unique across object types as section 2.9 requires.
 */
export function persistentId(namespace: string, type: string, ...nameParts: string[]): string {
  return `${type}--${uuid5(canonicalize([type, ...nameParts]), namespace)}`;
}

/**
 * The STIX 2.0 form of an id. STIX 2.0 requires a version 4 UUID in every id (Part 1 section
 * 2.5), which the persistent (version 5) ids are not, so the version digit is set to 4 and
 * every other digit kept. The 2.0 id of an object is then as stable as its 2.1 id and differs
 * from it in that one digit; ids that already hold a version 4 UUID pass unchanged.
 */
export function stix20Id(id: string): string {
  const type = stixIdType(id);
  if (type === null) throw new TypeError(`not a STIX identifier: ${id}`);

  const uuid = id.slice(type.length + 2);
  return `${type}--${uuid.slice(0, 14)}4${uuid.slice(15)}`;
}
