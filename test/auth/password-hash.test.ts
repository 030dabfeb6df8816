import { describe, expect, it } from 'vitest';

import {
  hashCost,
  hashPasswordArgon2id,
  hashPasswordScrypt,
  parsePasswordHash,
  passwordHasher,
} from '../../src/auth/password-hash.js';

describe('password hashes', () => {
  it('verifies a scrypt hash it made, and only with the right password', async () => {
    const stored = parsePasswordHash(await hashPasswordScrypt('s3cret', { ln: 14, r: 8, p: 1 }));
    expect(hashCost(stored)).toBe('scrypt ln=14 r=8 p=1 len=32');
    expect(await passwordHasher.verify(stored, 's3cret')).toBe(true);
    expect(await passwordHasher.verify(stored, 's3creT')).toBe(false);
  });

  it('verifies an argon2id hash it made, and only with the right password', async () => {
    const stored = parsePasswordHash(
      await hashPasswordArgon2id('s3cret', { m: 7_168, t: 1, p: 1 }),
    );
    expect(hashCost(stored)).toBe('argon2id m=7168 t=1 p=1');
    expect(await passwordHasher.verify(stored, 's3cret')).toBe(true);
    expect(await passwordHasher.verify(stored, 'wrong')).toBe(false);
  });

  it('makes a different hash each time: the salt is random', async () => {
    const cost = { ln: 14, r: 8, p: 1 };
    expect(await hashPasswordScrypt('same', cost)).not.toBe(await hashPasswordScrypt('same', cost));
  });

  it('hashes the NFC form, so both spellings of a name verify', async () => {
    const stored = parsePasswordHash(
      await hashPasswordScrypt('\u00e9t\u00e9', { ln: 14, r: 8, p: 1 }),
    );
    expect(await passwordHasher.verify(stored, 'e\u0301te\u0301')).toBe(true);
  });

  it('defaults to OWASP costs when hashing for configuration', async () => {
    expect(hashCost(parsePasswordHash(await hashPasswordArgon2id('pw')))).toBe(
      'argon2id m=19456 t=2 p=1',
    );
  });

  it.each([
    ['hunter2', /plain-text passwords are refused/],
    ['$2b$12$abcdefghijklmnopqrstuuABCDEFGHIJKLMNOPQRSTUVWXYZ01234', /not a scrypt or argon2 hash/],
    ['$scrypt$ln=12,r=8,p=1$c2FsdHNhbHRzYWx0c2FsdA$' + 'A'.repeat(43), /cost is too low/],
    ['$scrypt$ln=15,r=8,p=1$c2FsdA$' + 'A'.repeat(43), /16-byte salt/],
    ['$argon2id$v=19$m=1024,t=1,p=1$c2FsdHNhbHRzYWx0c2FsdA$' + 'A'.repeat(43), /cost is too low/],
    [
      '$argon2id$v=16$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0c2FsdA$' + 'A'.repeat(43),
      /not a scrypt or argon2/,
    ],
  ])('refuses %s', (text, message) => {
    expect(() => parsePasswordHash(text)).toThrow(message);
  });
});
