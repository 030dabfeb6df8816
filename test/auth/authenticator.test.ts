import { beforeAll, describe, expect, it } from 'vitest';

import { newApiKey } from '../../src/auth/api-key.js';
import { Authenticator, type AuthInput } from '../../src/auth/authenticator.js';
import {
  hashCost,
  hashPasswordArgon2id,
  hashPasswordScrypt,
  passwordHasher,
  type PasswordHash,
  type PasswordHasher,
} from '../../src/auth/password-hash.js';
import { loadUsers } from '../../src/auth/users.js';
import type { UserConfig } from '../../src/config/config.js';

/** The real hasher, recording the cost of every hash it computes. */
function countingHasher(): PasswordHasher & { costs: string[] } {
  const costs: string[] = [];
  return {
    costs,
    verify(hash: PasswordHash, password: string) {
      costs.push(hashCost(hash));
      return passwordHasher.verify(hash, password);
    },
  };
}

const basic = (user: string, password: string): AuthInput => ({
  authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`,
  certificate: null,
});

describe('Authenticator', () => {
  const key = newApiKey();
  let users: Record<string, UserConfig>;

  beforeAll(async () => {
    users = {
      alice: { password: await hashPasswordScrypt('alice-pw', { ln: 15, r: 8, p: 1 }) },
      bob: {
        password: await hashPasswordScrypt('bob-pw', { ln: 15, r: 8, p: 1 }),
        apiKeys: [key.digest],
      },
      keyonly: { apiKeys: [newApiKey().digest] },
      dave: { certificateSubject: 'CN=dave,O=Partner' },
    };
  });

  async function fresh() {
    const hasher = countingHasher();
    return { hasher, auth: await Authenticator.create(loadUsers(users), { hasher }) };
  }

  it('costs an unknown user exactly the hashing work of a known user with a wrong password', async () => {
    const { hasher, auth } = await fresh();
    expect(await auth.authenticate(basic('alice', 'wrong'))).toMatchObject({ ok: false });
    const known = [...hasher.costs];
    hasher.costs.length = 0;
    expect(await auth.authenticate(basic('nobody', 'wrong'))).toMatchObject({ ok: false });
    expect(hasher.costs).toEqual(known);
    expect(known).toEqual(['scrypt ln=15 r=8 p=1 len=32']);
  });

  it('costs a user without a password the same work when it tries Basic', async () => {
    const { hasher, auth } = await fresh();
    expect(await auth.authenticate(basic('keyonly', 'guess'))).toMatchObject({ ok: false });
    expect(hasher.costs).toEqual(['scrypt ln=15 r=8 p=1 len=32']);
  });

  it('matches the decoy to argon2 when the configured hashes are argon2', async () => {
    const argonUsers = loadUsers({
      erin: { password: await hashPasswordArgon2id('pw', { m: 7_168, t: 1, p: 1 }) },
    });
    const hasher = countingHasher();
    const auth = await Authenticator.create(argonUsers, { hasher });
    await auth.authenticate(basic('erin', 'wrong'));
    await auth.authenticate(basic('nobody', 'wrong'));
    expect(hasher.costs).toEqual(['argon2id m=7168 t=1 p=1', 'argon2id m=7168 t=1 p=1']);
  });

  it('hashes once for a correct password, then remembers it', async () => {
    const { hasher, auth } = await fresh();
    for (let i = 0; i < 3; i++) {
      expect(await auth.authenticate(basic('alice', 'alice-pw'))).toEqual({
        ok: true,
        principal: { kind: 'user', name: 'alice', method: 'password' },
      });
    }
    expect(hasher.costs).toHaveLength(1);
  });

  it('never remembers a failure: each wrong guess is hashed again', async () => {
    const { hasher, auth } = await fresh();
    for (let i = 0; i < 3; i++) await auth.authenticate(basic('alice', 'wrong'));
    expect(hasher.costs).toHaveLength(3);
  });

  it('finds the owner of a bearer token without hashing any password', async () => {
    const { hasher, auth } = await fresh();
    const outcome = await auth.authenticate({
      authorization: `Bearer ${key.key}`,
      certificate: null,
    });
    expect(outcome).toEqual({
      ok: true,
      principal: { kind: 'user', name: 'bob', method: 'api-key' },
    });
    expect(hasher.costs).toEqual([]);
  });

  it('accepts an API key as the Basic password of its owner only', async () => {
    const { auth } = await fresh();
    expect(await auth.authenticate(basic('bob', key.key))).toMatchObject({
      ok: true,
      principal: { method: 'api-key' },
    });
    expect(await auth.authenticate(basic('alice', key.key))).toMatchObject({ ok: false });
  });

  it('maps a trusted client certificate to the user with its subject', async () => {
    const { auth } = await fresh();
    const dave = { authorized: true, subject: { O: 'Partner', CN: 'dave' } };
    expect(await auth.authenticate({ authorization: undefined, certificate: dave })).toEqual({
      ok: true,
      principal: { kind: 'user', name: 'dave', method: 'certificate' },
    });
    expect(
      await auth.authenticate({
        authorization: undefined,
        certificate: { ...dave, authorized: false },
      }),
    ).toEqual({ ok: false, reason: 'the client certificate is not trusted' });
    expect(
      await auth.authenticate({
        authorization: undefined,
        certificate: { authorized: true, subject: { CN: 'dave' } },
      }),
    ).toEqual({ ok: false, reason: 'the client certificate subject maps to no user' });
  });

  it('refuses credentials for one user over a certificate of another', async () => {
    const { auth } = await fresh();
    const dave = { authorized: true, subject: { O: 'Partner', CN: 'dave' } };
    const outcome = await auth.authenticate({ ...basic('alice', 'alice-pw'), certificate: dave });
    expect(outcome).toMatchObject({ ok: false, reason: /different users/ });
  });

  it('is disabled, and everyone anonymous, when no users are configured', async () => {
    const auth = await Authenticator.create([]);
    expect(auth.enabled).toBe(false);
  });
});
