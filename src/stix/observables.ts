/**
 * XSOAR observables as STIX cyber-observables: the SCO properties each value gives (STIX 2.1
 * chapter 6) and the comparisons that detect it in a pattern (chapter 9).
 */
import type { JsonValue } from './canonical-json.js';
import { recordListField, stringField } from './custom-fields.js';
import {
  DIGEST_ALGORITHMS,
  XSOAR_HASH_FIELDS,
  detectHash,
  normalizeHash,
  orderedHashes,
  type HashAlgorithm,
  type Hashes,
} from './hashes.js';
import {
  asnValue,
  domainGlobLike,
  domainValue,
  emailValue,
  ipv4Value,
  ipv6Value,
  urlValue,
} from './network-values.js';
import type { Comparison } from './pattern.js';
import { registryKeyValue, registryValues } from './registry-key.js';
import { stixTimestamp } from './stix-time.js';

type Fields = Readonly<Record<string, unknown>>;

/** What one observable indicator describes. */
export interface Observable {
  /** The SCO type. */
  type: string;
  /** The SCO's own properties in output order, or null when no SCO can hold the value. */
  properties: Record<string, JsonValue> | null;
  /** The comparisons of its pattern, joined with OR. */
  comparisons: Comparison[];
}

/** An observable, with notes on parts left out; or the reason none can be formed. */
export type ObservableOutcome =
  { observable: Observable; notes: string[] } | { problem: string; notes: string[] };

type Builder = (value: string, fields: Fields, notes: string[]) => Observable | string;

/** Maps one observable indicator (canonical XSOAR type) to its SCO and pattern terms. */
export function buildObservable(
  xsoarType: string,
  value: string,
  fields: Fields,
): ObservableOutcome {
  const builder = BUILDERS[xsoarType];
  const notes: string[] = [];
  if (!builder) return { problem: `${xsoarType} is not an observable type`, notes };

  const built = builder(value, fields, notes);
  if (typeof built === 'string') return { problem: built, notes };
  return { observable: built, notes };
}

/** An SCO whose pattern compares one property with its value. */
function single(type: string, property: string, value: string | number): Observable {
  return {
    type,
    properties: { [property]: value },
    comparisons: [{ type, path: [property], operator: '=', value }],
  };
}

const BUILDERS: Readonly<Record<string, Builder>> = {
  IP: (v) => checked(ipv4Value(v), 'not an IPv4 address or CIDR block', 'ipv4-addr'),
  CIDR: (v) => checked(ipv4Value(v), 'not an IPv4 address or CIDR block', 'ipv4-addr'),
  IPv6: (v) => checked(ipv6Value(v), 'not an IPv6 address or CIDR block', 'ipv6-addr'),
  IPv6CIDR: (v) => checked(ipv6Value(v), 'not an IPv6 address or CIDR block', 'ipv6-addr'),
  Domain: (v) => checked(domainValue(v), 'not a domain name', 'domain-name'),
  DomainGlob: domainGlob,
  URL: (v) => checked(urlValue(v), 'not an absolute URL (RFC 3986)', 'url'),
  Email: (v) => checked(emailValue(v), 'not an e-mail address', 'email-addr'),
  File: file,
  'Registry Key': registryKey,
  ASN: (v) => {
    const n = asnValue(v);
    return n === null ? 'not an AS number' : single('autonomous-system', 'number', n);
  },
  Mutex: (v) => (v.length > 0 ? single('mutex', 'name', v) : 'an empty mutex name'),
  Account: account,
  Software: software,
  'X509 Certificate': x509Certificate,
};

function checked(value: string | null, problem: string, type: string): Observable | string {
  return value === null ? problem : single(type, 'value', value);
}

// A glob is no domain name, so no SCO can carry it; the pattern matches it with LIKE.
function domainGlob(value: string): Observable | string {
  const like = domainGlobLike(value);
  if (like === null) return 'not a domain glob';
  const type = 'domain-name';
  const comparison: Comparison = { type, path: ['value'], operator: 'LIKE', value: like };
  return { type, properties: null, comparisons: [comparison] };
}

/**
 * A file, known by its hashes: the value itself (which must be one) and XSOAR's hash fields.
 * A field that is malformed, or disagrees with the value, is left out and noted.
 */
function file(value: string, fields: Fields, notes: string[]): Observable | string {
  const detected = detectHash(value);
  if (!detected) return 'not an MD5, SHA-1, SHA-256, SHA-512, ssdeep or TLSH hash';

  const [algorithm, digest] = detected;
  const hashes: Hashes = { [algorithm]: digest, ...hashFields(fields, notes) };
  if (hashes[algorithm] !== digest) {
    notes.push(`custom field for ${algorithm} disagrees with the value; the value is kept`);
    hashes[algorithm] = digest;
  }
  return hashObservable('file', orderedHashes(hashes));
}

// The pattern compares the cryptographic digests; a fuzzy hash is compared only when the file
// is known by nothing else, since equal fuzzy hashes are the rare case of what they measure.
function hashObservable(type: string, hashes: Hashes): Observable {
  const digests = DIGEST_ALGORITHMS.filter((algorithm) => hashes[algorithm] !== undefined);
  const compared = digests.length > 0 ? digests : (Object.keys(hashes) as HashAlgorithm[]);
  const comparisons = compared.map((algorithm): Comparison => {
    return { type, path: ['hashes', algorithm], operator: '=', value: hashes[algorithm]! };
  });
  return { type, properties: { hashes: hashes as Record<string, string> }, comparisons };
}

function hashFields(fields: Fields, notes: string[]): Hashes {
  const hashes: Hashes = {};
  for (const [field, algorithm] of Object.entries(XSOAR_HASH_FIELDS)) {
    const raw = stringField(fields, field);
    if (raw === undefined) continue;
    const digest = normalizeHash(algorithm, raw);
    if (digest === null) notes.push(`custom field ${field} is not a well-formed ${algorithm} hash`);
    else hashes[algorithm] = digest;
  }
  return hashes;
}

function registryKey(value: string, fields: Fields, notes: string[]): Observable | string {
  const key = registryKeyValue(value);
  if (key === null) return 'not a registry key under a known hive';

  const observable = single('windows-registry-key', 'key', key);
  const values = registryValues(recordListField(fields, 'keyvalue'), notes);
  if (values.length > 0) observable.properties = { key, values };
  return observable;
}

// Account fields as XSOAR's TAXII export names them: the login is the indicator's value.
function account(value: string, fields: Fields): Observable | string {
  if (value.length === 0) return 'an empty account name';
  const observable = single('user-account', 'account_login', value);
  observable.properties = defined({
    user_id: stringField(fields, 'userid'),
    account_login: value,
    account_type: stringField(fields, 'accounttype')?.toLowerCase(),
    display_name: stringField(fields, 'displayname'),
  });
  return observable;
}

// CPE 2.3 formatted strings: the part, then ten components, any of which may be escaped.
const CPE = /^cpe:2\.3:[aho*-](?::(?:[^:\\\s]|\\.)+){10}$/;

function software(value: string, fields: Fields, notes: string[]): Observable | string {
  if (value.length === 0) return 'an empty software name';

  let cpe = stringField(fields, 'cpe');
  if (cpe !== undefined && !CPE.test(cpe)) {
    notes.push('custom field cpe is not a CPE 2.3 formatted string');
    cpe = undefined;
  }

  const observable = single('software', 'name', value);
  observable.properties = defined({
    name: value,
    cpe,
    swid: stringField(fields, 'swid'),
    vendor: stringField(fields, 'vendor'),
    version: stringField(fields, 'version'),
  });
  return observable;
}

// XSOAR's TAXII export reads the indicator value as the serial number, and so do we.
function x509Certificate(value: string, fields: Fields, notes: string[]): Observable | string {
  const serial = value.trim();
  if (serial.length === 0) return 'an empty certificate serial number';

  const hashes = orderedHashes(hashFields(fields, notes));
  const observable = single('x509-certificate', 'serial_number', serial);
  observable.properties = defined({
    hashes: Object.keys(hashes).length > 0 ? (hashes as Record<string, string>) : undefined,
    serial_number: serial,
    issuer: distinguishedName(fields, 'issuer'),
    subject: distinguishedName(fields, 'subject'),
    validity_not_before: stixTimestamp(stringField(fields, 'validitynotbefore')) ?? undefined,
    validity_not_after: stixTimestamp(stringField(fields, 'validitynotafter')) ?? undefined,
  });
  return observable;
}

// XSOAR keeps a name either as text or as a grid of {title, data} rows (`CN=example.com`).
function distinguishedName(fields: Fields, name: string): string | undefined {
  const text = stringField(fields, name);
  if (text !== undefined) return text;

  const parts = recordListField(fields, name)
    .filter((row) => typeof row.title === 'string' && typeof row.data === 'string')
    .map((row) => `${row.title as string}=${row.data as string}`);
  return parts.length > 0 ? parts.join(', ') : undefined;
}

function defined(props: Record<string, JsonValue | undefined>): Record<string, JsonValue> {
  const out: Record<string, JsonValue> = {};
  for (const [k, v] of Object.entries(props)) if (v !== undefined) out[k] = v;
  return out;
}
