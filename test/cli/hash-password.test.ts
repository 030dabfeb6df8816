import { Readable } from 'node:stream';

import { describe, expect, it } from 'vitest';

import { keyDigest } from '../../src/auth/api-key.js';
import { parsePasswordHash, passwordHasher } from '../../src/auth/password-hash.js';
import { createHashPasswordCommand } from '../../src/cli/hash-password.js';
import { main } from '../../src/cli/main.js';

function run(argv: string[], stdin = '') {
  const out: string[] = [];
  const err: string[] = [];
  const command = createHashPasswordCommand(Readable.from([stdin]));
  const io = { out: (t: string) => out.push(t), err: (t: string) => err.push(t), env: {} };
  return command.run(argv, io).then((code) => ({ code, out, err }));
}

describe('hash-password', () => {
  it('prints a scrypt hash of the first line of standard input that verifies it', async () => {
    const { code, out } = await run([], 'tr0ub4dor&3\nignored second line\n');
    expect(code).toBe(0);
    const hash = parsePasswordHash(out[0]!);
    expect(hash).toMatchObject({ algorithm: 'scrypt', ln: 17, r: 8, p: 1 });
    expect(await passwordHasher.verify(hash, 'tr0ub4dor&3')).toBe(true);
  });

  it('hashes with Argon2id on request, as a users entry ready to paste', async () => {
    const { out } = await run(['--argon2id', '--user', 'alice'], 'pw\r\n');
    const entry = JSON.parse(out[0]!) as { users: { alice: { password: string } } };
    const hash = parsePasswordHash(entry.users.alice.password);
    expect(hash.algorithm).toBe('argon2id');
    expect(await passwordHasher.verify(hash, 'pw')).toBe(true);
  });

  it('makes an API key and the digest configuration keeps of it', async () => {
    const { out, err } = await run(['--api-key']);
    const [key, digest] = out;
    expect(key).toMatch(/^t2s_[A-Za-z0-9_-]{43}$/);
    expect(digest).toBe(`sha256:${keyDigest(key!).toString('hex')}`);
    expect(err.join('\n')).toMatch(/not stored anywhere/);
  });

  it('refuses an empty password', async () => {
    await expect(run([], '\n')).rejects.toThrow('the password is empty');
  });

  it('refuses a password on the command line, with exit code 2', async () => {
    const err: string[] = [];
    const code = await main(['hash-password', 'secret'], {
      out: () => {},
      err: (t) => err.push(t),
      env: {},
    });
    expect(code).toBe(2);
    expect(err.join('\n')).toMatch(/not from the command line/);
  });
});
