import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

import { hash as argon2Hash, verify as argon2Verify, type Algorithm } from '@node-rs/argon2';

/**
 * Password hashes as configuration stores them, in the PHC string format:
 * `$scrypt$ln=17,r=8,p=1$<salt>$<hash>` (node:crypto) or `$argon2id$v=19$m=...,t=...,p=...$...`.
 * A plain-text password is never accepted.
 */
export type PasswordHash = ScryptHash | Argon2Hash;

export interface ScryptHash {
  algorithm: 'scrypt';
  /** log2 of the CPU/memory cost N. */
  ln: number;
  r: number;
  p: number;
  salt: Buffer;
  hash: Buffer;
}

export interface Argon2Hash {
  algorithm: 'argon2id' | 'argon2i' | 'argon2d';
  /** Memory in KiB, passes, lanes: what a verification costs. */
  m: number;
  t: number;
  p: number;
  phc: string;
}

/** What verifying a password costs; two hashes with equal costs take equal work. */
export function hashCost(hash: PasswordHash): string {
  return hash.algorithm === 'scrypt'
    ? `scrypt ln=${hash.ln} r=${hash.r} p=${hash.p} len=${hash.hash.length}`
    : `${hash.algorithm} m=${hash.m} t=${hash.t} p=${hash.p}`;
}

/** The one place password hashes are computed: injectable, so tests can count the work. */
export interface PasswordHasher {
  verify(hash: PasswordHash, password: string): Promise<boolean>;
}

/** OWASP's first scrypt choice (N=2^17, r=8, p=1): about 0.4 s and 128 MiB per hash. */
export const SCRYPT_DEFAULTS = { ln: 17, r: 8, p: 1 } as const;
/** OWASP's first Argon2id choice: 19 MiB, 2 passes, 1 lane. */
export const ARGON2_DEFAULTS = { m: 19_456, t: 2, p: 1 } as const;

// Below these a hash falls to an offline guesser far faster than the defaults do.
const SCRYPT_FLOOR = { ln: 14, r: 8 };
const ARGON2_FLOOR = { m: 7_168, t: 1 };

const SCRYPT_PHC =
  /^\$scrypt\$ln=(\d{1,2}),r=(\d{1,3}),p=(\d{1,3})\$([A-Za-z0-9+/]+)\$([A-Za-z0-9+/]+)$/;
const ARGON2_PHC =
  /^\$(argon2id|argon2i|argon2d)\$v=19\$m=(\d{1,10}),t=(\d{1,10}),p=(\d{1,3})\$[A-Za-z0-9+/]+\$[A-Za-z0-9+/]+$/;

/** Parses a stored hash; throws an Error saying what is wrong with it. */
export function parsePasswordHash(text: string): PasswordHash {
  const scryptMatch = SCRYPT_PHC.exec(text);
  if (scryptMatch) {
    const [ln, r, p] = [1, 2, 3].map((i) => Number(scryptMatch[i]));
    const parsed: ScryptHash = {
      algorithm: 'scrypt',
      ln: ln!,
      r: r!,
      p: p!,
      salt: Buffer.from(scryptMatch[4]!, 'base64'),
      hash: Buffer.from(scryptMatch[5]!, 'base64'),
    };
    if (parsed.ln < SCRYPT_FLOOR.ln || parsed.r < SCRYPT_FLOOR.r || parsed.p < 1) {
      const floor = `ln=${SCRYPT_FLOOR.ln}, r=${SCRYPT_FLOOR.r}`;
      throw new Error(`the scrypt cost is too low (at least ${floor})`);
    }
    if (parsed.ln > 24 || parsed.salt.length < 16 || parsed.hash.length < 32) {
      throw new Error('the scrypt hash needs ln of at most 24, a 16-byte salt and a 32-byte hash');
    }
    return parsed;
  }

  const argon = ARGON2_PHC.exec(text);
  if (argon) {
    const [m, t, p] = [2, 3, 4].map((i) => Number(argon[i]));
    if (m! < ARGON2_FLOOR.m || t! < ARGON2_FLOOR.t || p! < 1) {
      const floor = `m=${ARGON2_FLOOR.m}, t=${ARGON2_FLOOR.t}`;
      throw new Error(`the argon2 cost is too low (at least ${floor})`);
    }
    return { algorithm: argon[1] as Argon2Hash['algorithm'], m: m!, t: t!, p: p!, phc: text };
  }

  throw new Error(
    'is not a scrypt or argon2 hash in PHC form ($scrypt$... or $argon2id$...); plain-text ' +
      'passwords are refused',
  );
}

/** The real hasher: scrypt (node:crypto) and argon2 (@node-rs/argon2), both off the main thread. */
export const passwordHasher: PasswordHasher = {
  async verify(stored, password) {
    const candidate = password.normalize('NFC');
    if (stored.algorithm !== 'scrypt') return argon2Verify(stored.phc, candidate);
    const length = stored.hash.length;
    const derived = await scryptAsync(candidate, stored.salt, length, scryptOptions(stored));
    return timingSafeEqual(derived, stored.hash);
  },
};

/** A new scrypt hash of a password, for `hash-password`. */
export async function hashPasswordScrypt(
  password: string,
  cost: { ln: number; r: number; p: number } = SCRYPT_DEFAULTS,
): Promise<string> {
  const salt = randomBytes(16);
  const derived = await scryptAsync(password.normalize('NFC'), salt, 32, scryptOptions(cost));
  const b64 = (b: Buffer) => b.toString('base64').replace(/=+$/, '');
  return `$scrypt$ln=${cost.ln},r=${cost.r},p=${cost.p}$${b64(salt)}$${b64(derived)}`;
}

/** A new Argon2id hash of a password, for `hash-password --argon2id`. */
export function hashPasswordArgon2id(
  password: string,
  cost: { m: number; t: number; p: number } = ARGON2_DEFAULTS,
): Promise<string> {
  return argon2Hash(password.normalize('NFC'), {
    algorithm: ARGON2ID,
    memoryCost: cost.m,
    timeCost: cost.t,
    parallelism: cost.p,
  });
}

// A const enum in the package's types; its runtime value is 2.
const ARGON2ID = 2 as Algorithm;

function scryptOptions(cost: { ln: number; r: number; p: number }): ScryptOptions {
  const N = 2 ** cost.ln;
  // scrypt needs 128 * N * r bytes; node refuses more than maxmem, 32 MiB by default.
  return { N, r: cost.r, p: cost.p, maxmem: 128 * N * cost.r + 16 * 1024 * 1024 };
}

function scryptAsync(password: string, salt: Buffer, length: number, options: ScryptOptions) {
  return new Promise<Buffer>((resolve, reject) => {
    scrypt(password, salt, length, options, (error, key) => (error ? reject(error) : resolve(key)));
  });
}
