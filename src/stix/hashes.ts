/**
 * File and certificate hashes: the names of the STIX 2.1 hash-algorithm-ov vocabulary, how each
 * value must look, and which one an SCO id is derived from.
 */

export type HashAlgorithm =
  'MD5' | 'SHA-1' | 'SHA-256' | 'SHA-512' | 'SHA3-256' | 'SHA3-512' | 'SSDEEP' | 'TLSH';

export type Hashes = Partial<Record<HashAlgorithm, string>>;

/**
 * The order in which one hash is picked for an SCO id: MD5, SHA-1, SHA-256, SHA-512, which is
 * the order the OASIS reference implementation (stix2) applies for section 2.9, so ids agree
 * with it. The rest of the vocabulary follows, so the choice stays deterministic for objects
 * that carry none of the first four.
 */
export const ID_HASH_PREFERENCE: readonly HashAlgorithm[] = [
  'MD5',
  'SHA-1',
  'SHA-256',
  'SHA-512',
  'SHA3-256',
  'SHA3-512',
  'SSDEEP',
  'TLSH',
];

/** The cryptographic digests: the hashes an indicator pattern compares for equality. */
export const DIGEST_ALGORITHMS: readonly HashAlgorithm[] = ['MD5', 'SHA-1', 'SHA-256', 'SHA-512'];

const HEX_LENGTH: Partial<Record<HashAlgorithm, number>> = {
  MD5: 32,
  'SHA-1': 40,
  'SHA-256': 64,
  'SHA-512': 128,
  'SHA3-256': 64,
  'SHA3-512': 128,
};

// The shapes the hashes type of STIX 2.1 admits for the two fuzzy hashes; ssdeep is further
// held to its blocksize:hash:hash layout so that arbitrary words are not taken for one. TLSH
// 4 prefixes its 70 digits with the version marker `T1`, which STIX's 70 characters leave no
// room for; the digits are the same hash, so the marker is dropped.
const SSDEEP = /^\d{1,10}:[A-Za-z0-9/+]+:[A-Za-z0-9/+]+$/;
const TLSH = /^(?:T1)?([A-Fa-f0-9]{70})$/;
const HEX = /^[0-9a-fA-F]+$/;

/** XSOAR's custom field names for the hashes of a File indicator. */
export const XSOAR_HASH_FIELDS: Readonly<Record<string, HashAlgorithm>> = {
  md5: 'MD5',
  sha1: 'SHA-1',
  sha256: 'SHA-256',
  sha512: 'SHA-512',
  ssdeep: 'SSDEEP',
  tlsh: 'TLSH',
};

/**
 * Checks a hash value for `algorithm` and returns it normalized (trimmed; hex digests in
 * lower case and TLSH in upper case, as its tools print it, so that the same digest always
 * yields the same SCO id), or null if it is not a well-formed value for that algorithm.
 */
export function normalizeHash(algorithm: HashAlgorithm, raw: string): string | null {
  const value = raw.trim();
  const hexLength = HEX_LENGTH[algorithm];
  if (hexLength !== undefined) {
    return value.length === hexLength && HEX.test(value) ? value.toLowerCase() : null;
  }
  if (algorithm === 'SSDEEP') return value.length <= 128 && SSDEEP.test(value) ? value : null;
  return TLSH.exec(value)?.[1]!.toUpperCase() ?? null;
}

/**
 * Recognizes a bare hash by its shape: hex digests by length (a 64-digit value is taken as
 * SHA-256 rather than SHA3-256, the far more common reading), then ssdeep and TLSH, whose 70
 * digits no digest has. Null otherwise.
 */
export function detectHash(raw: string): [HashAlgorithm, string] | null {
  for (const algorithm of [...DIGEST_ALGORITHMS, 'SSDEEP', 'TLSH'] as const) {
    const value = normalizeHash(algorithm, raw);
    if (value !== null) return [algorithm, value];
  }
  return null;
}

/** The one hash an SCO id is computed from, by the preference order above. */
export function chooseIdHash(hashes: Hashes): [HashAlgorithm, string] | null {
  for (const algorithm of ID_HASH_PREFERENCE) {
    const value = hashes[algorithm];
    if (value !== undefined) return [algorithm, value];
  }
  return null;
}

/** The hashes in preference order: a fixed member order for byte-identical JSON. */
export function orderedHashes(hashes: Hashes): Hashes {
  const ordered: Hashes = {};
  for (const algorithm of ID_HASH_PREFERENCE) {
    const value = hashes[algorithm];
    if (value !== undefined) ordered[algorithm] = value;
  }
  return ordered;
}

/**
 * The name STIX 2.0 gives a hash: its hash-algorithm-ov spells ssdeep in lower case, and
 * agrees with 2.1 on the rest (TLSH, which 2.0 does not list, is written as a custom key).
 */
export function stix20HashName(algorithm: string): string {
  return algorithm === 'SSDEEP' ? 'ssdeep' : algorithm;
}
