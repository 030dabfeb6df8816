/**
 * STIX cyber-observables (STIX 2.1 chapter 6, 2.0 Part 4) read back into observable indicators:
 * the XSOAR type, the value, and the custom fields the renderer reads when it writes the object
 * again. The property that names the object (an address's `value`, a file's hashes, a key's
 * `key`) must be present; the rest is taken where it fits.
 */
import { canonicalValue } from './xsoar-indicator.js';
import { normalizeHash, type HashAlgorithm } from '../stix/hashes.js';
import { registryKeyValue } from '../stix/registry-key.js';

type Props = Readonly<Record<string, unknown>>;

/** What one observable gives an indicator. */
export interface ObservableValue {
  type: string;
  value: string;
  customFields: Record<string, unknown>;
}

type Reader = (props: Props) => ObservableValue | string;

/** The SCO types this reader knows; any other is no indicator. */
export function isIndicatorSco(type: string): boolean {
  return type in READERS;
}

/** The indicator an SCO's properties describe, or the reason there is none. */
export function observableValue(scoType: string, props: Props): ObservableValue | string {
  const reader = READERS[scoType];
  if (!reader) return `${scoType} objects hold no indicator value`;
  return reader(props);
}

const READERS: Readonly<Record<string, Reader>> = {
  'ipv4-addr': (p) => address(p, 'IP', 'CIDR'),
  'ipv6-addr': (p) => address(p, 'IPv6', 'IPv6CIDR'),
  'domain-name': (p) => checked(p, 'value', 'Domain'),
  url: (p) => checked(p, 'value', 'URL'),
  'email-addr': (p) => checked(p, 'value', 'Email'),
  file,
  'windows-registry-key': registryKey,
  mutex: (p) => named(p, 'name', 'Mutex', {}),
  'autonomous-system': autonomousSystem,
  'user-account': (p) =>
    named(p, 'account_login', 'Account', {
      userid: text(p.user_id),
      accounttype: text(p.account_type),
      displayname: text(p.display_name),
    }),
  software: (p) =>
    named(p, 'name', 'Software', {
      cpe: text(p.cpe),
      swid: text(p.swid),
      vendor: text(p.vendor),
      version: text(p.version),
    }),
  'x509-certificate': certificate,
};

function address(props: Props, single: string, network: string): ObservableValue | string {
  const raw = text(props.value);
  if (raw === undefined) return 'has no value';
  const type = raw.includes('/') ? network : single;
  return { type, value: canonicalValue(type, raw), customFields: {} };
}

function checked(props: Props, property: string, type: string): ObservableValue | string {
  const raw = text(props[property]);
  if (raw === undefined) return `has no ${property}`;
  return { type, value: canonicalValue(type, raw), customFields: {} };
}

function named(
  props: Props,
  property: string,
  type: string,
  extra: Record<string, string | undefined>,
): ObservableValue | string {
  const value = text(props[property]);
  if (value === undefined) return `has no ${property}`;
  return { type, value, customFields: defined(extra) };
}

function autonomousSystem(props: Props): ObservableValue | string {
  const number = props.number;
  if (typeof number !== 'number' || !Number.isSafeInteger(number) || number < 0) {
    return 'has no AS number';
  }
  return { type: 'ASN', value: String(number), customFields: {} };
}

// The indicator's value is the strongest digest the file carries; every hash is kept as a
// custom field, under XSOAR's names, so the SCO written again carries them all.
const VALUE_PREFERENCE: readonly HashAlgorithm[] = ['SHA-256', 'SHA-1', 'MD5', 'SHA-512', 'SSDEEP'];

const XSOAR_FIELD: Readonly<Record<HashAlgorithm, string>> = {
  MD5: 'md5',
  'SHA-1': 'sha1',
  'SHA-256': 'sha256',
  'SHA-512': 'sha512',
  'SHA3-256': 'sha3256',
  'SHA3-512': 'sha3512',
  SSDEEP: 'ssdeep',
  TLSH: 'tlsh',
};

function file(props: Props): ObservableValue | string {
  const hashes = readHashes(props.hashes);
  const algorithm = VALUE_PREFERENCE.find((a) => hashes[a] !== undefined);
  if (algorithm === undefined) return 'has no MD5, SHA-1, SHA-256, SHA-512 or ssdeep hash';
  return { type: 'File', value: hashes[algorithm]!, customFields: hashFields(hashes) };
}

function certificate(props: Props): ObservableValue | string {
  const serial = text(props.serial_number);
  if (serial === undefined) return 'has no serial_number';
  const fields = defined({
    issuer: text(props.issuer),
    subject: text(props.subject),
    validitynotbefore: text(props.validity_not_before),
    validitynotafter: text(props.validity_not_after),
  });
  const customFields = { ...hashFields(readHashes(props.hashes)), ...fields };
  return { type: 'X509 Certificate', value: serial, customFields };
}

function registryKey(props: Props): ObservableValue | string {
  const raw = text(props.key);
  if (raw === undefined) return 'has no key';
  const rows = Array.isArray(props.values) ? props.values : [];
  const keyvalue = rows
    .filter((r): r is Record<string, unknown> => typeof r === 'object' && r !== null)
    .map((r) => defined({ name: text(r.name), data: text(r.data), type: text(r.data_type) }));
  const customFields = keyvalue.length > 0 ? { keyvalue } : {};
  return { type: 'Registry Key', value: registryKeyValue(raw) ?? raw, customFields };
}

/** The hashes of a `hashes` dictionary whose names and values this reader recognizes. */
export function readHashes(raw: unknown): Partial<Record<HashAlgorithm, string>> {
  const hashes: Partial<Record<HashAlgorithm, string>> = {};
  if (typeof raw !== 'object' || raw === null) return hashes;
  for (const [name, value] of Object.entries(raw)) {
    const algorithm = hashAlgorithm(name);
    const digest = algorithm && typeof value === 'string' ? normalizeHash(algorithm, value) : null;
    if (algorithm && digest !== null) hashes[algorithm] = digest;
  }
  return hashes;
}

const ALGORITHMS: Readonly<Record<string, HashAlgorithm>> = {
  MD5: 'MD5',
  SHA1: 'SHA-1',
  SHA256: 'SHA-256',
  SHA512: 'SHA-512',
  SHA3256: 'SHA3-256',
  SHA3512: 'SHA3-512',
  SSDEEP: 'SSDEEP',
  TLSH: 'TLSH',
};

// Bundles spell hash names loosely (`md5`, `SHA256`, `'SHA-256'`); the vocabulary fixes one.
function hashAlgorithm(name: string): HashAlgorithm | undefined {
  return ALGORITHMS[name.toUpperCase().replace(/[-_\s]/g, '')];
}

function hashFields(hashes: Partial<Record<HashAlgorithm, string>>): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const [algorithm, digest] of Object.entries(hashes)) {
    fields[XSOAR_FIELD[algorithm as HashAlgorithm]] = digest;
  }
  return fields;
}

function text(raw: unknown): string | undefined {
  if (typeof raw === 'number' && Number.isFinite(raw)) return String(raw);
  if (typeof raw !== 'string') return undefined;
  const trimmed = raw.trim();
  return trimmed === '' ? undefined : trimmed;
}

function defined<T>(props: Record<string, T | undefined>): Record<string, T> {
  const out: Record<string, T> = {};
  for (const [k, v] of Object.entries(props)) if (v !== undefined) out[k] = v;
  return out;
}
