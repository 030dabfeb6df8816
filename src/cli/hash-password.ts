import { newApiKey } from '../auth/api-key.js';
import {
  ARGON2_DEFAULTS,
  hashPasswordArgon2id,
  hashPasswordScrypt,
  SCRYPT_DEFAULTS,
} from '../auth/password-hash.js';
import { parseCommand, UsageError } from './args.js';
import { EXIT, type Command } from './io.js';
import { readSecret, type SecretInput } from './read-secret.js';

const USAGE = `Usage: taxii2-server hash-password [--argon2id] [--user NAME]
       taxii2-server hash-password --api-key [--user NAME]

Prints what configuration stores for a user: the hash of a password, or a new API key and its
digest. The password is read from the terminal without echo (asked twice), or as the first line
of standard input; it is never a command-line argument, which shell history would keep.

Options:
  --argon2id     hash with Argon2id (m=${ARGON2_DEFAULTS.m} KiB, t=${ARGON2_DEFAULTS.t}) instead of
                 scrypt (N=2^${SCRYPT_DEFAULTS.ln}, r=${SCRYPT_DEFAULTS.r}, p=${SCRYPT_DEFAULTS.p})
  --api-key      make a new random API key instead: the key goes to the user, the digest to
                 the configuration; the key is shown only this once
  --user NAME    print the result as a "users" entry for NAME, ready to paste

Examples:
  taxii2-server hash-password
  printf '%s\\n' "$PASSWORD" | taxii2-server hash-password --user alice
  taxii2-server hash-password --api-key --user sentinel`;

/** The command, reading secrets from the given input (standard input unless a test gives one). */
export function createHashPasswordCommand(input: SecretInput = process.stdin): Command {
  return {
    name: 'hash-password',
    summary: "hash a password, or make an API key, for the configuration's users",
    usage: USAGE,

    async run(argv, io) {
      const { values, positionals } = parseCommand(argv, {
        argon2id: { type: 'boolean' },
        'api-key': { type: 'boolean' },
        user: { type: 'string' },
      });
      if (positionals.length > 0) {
        throw new UsageError('the password is read from standard input, not from the command line');
      }
      const user = typeof values['user'] === 'string' ? values['user'] : undefined;

      if (values['api-key'] === true) {
        const { key, digest } = newApiKey();
        io.err('The API key, for the user only (it is not stored anywhere):');
        io.out(key);
        io.err('The digest, for the configuration:');
        io.out(user ? entry(user, { apiKeys: [digest] }) : digest);
        return EXIT.ok;
      }

      const password = await readPassword(input, io.err);
      const hash =
        values['argon2id'] === true
          ? await hashPasswordArgon2id(password)
          : await hashPasswordScrypt(password);
      io.out(user ? entry(user, { password: hash }) : hash);
      return EXIT.ok;
    },
  };
}

export const hashPasswordCommand = createHashPasswordCommand();

async function readPassword(input: SecretInput, prompt: (text: string) => void): Promise<string> {
  const password = await readSecret(input, prompt, 'Password');
  if (input.isTTY && password !== (await readSecret(input, prompt, 'Again'))) {
    throw new Error('the two passwords differ');
  }
  if (password === '') throw new Error('the password is empty');
  return password;
}

function entry(user: string, value: Record<string, unknown>): string {
  return JSON.stringify({ users: { [user]: value } }, null, 2);
}
