import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * API keys are 256 random bits made by `hash-password --api-key`; configuration keeps only
 * their SHA-256 digest, `sha256:<64 hex>`. A slow password hash adds nothing against guessing a
 * 256-bit secret, and a key sent as `Bearer` names no user, so it is found by its digest.
 */
export const API_KEY_DIGEST = /^sha256:[0-9a-f]{64}$/;

const KEY_PREFIX = 't2s_';

/** A new API key and the digest to put in configuration. */
export function newApiKey(): { key: string; digest: string } {
  const key = KEY_PREFIX + randomBytes(32).toString('base64url');
  return { key, digest: `sha256:${keyDigest(key).toString('hex')}` };
}

export function keyDigest(key: string): Buffer {
  return createHash('sha256').update(key, 'utf8').digest();
}

/** Reads a configured digest; throws when it is not `sha256:` and 64 lower-case hex digits. */
export function parseKeyDigest(text: string): Buffer {
  if (!API_KEY_DIGEST.test(text)) {
    throw new Error(
      'is not "sha256:" and 64 hex digits; `taxii2-server hash-password --api-key` makes one',
    );
  }
  return Buffer.from(text.slice('sha256:'.length), 'hex');
}

/**
 * Whether a digest is one of the candidates, comparing against every candidate in constant
 * time, so the time taken says nothing about which one (if any) matched.
 */
export function digestIn(digest: Buffer, candidates: readonly Buffer[]): boolean {
  let found = false;
  for (const candidate of candidates) {
    if (timingSafeEqual(candidate, digest)) found = true;
  }
  return found;
}
