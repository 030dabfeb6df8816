import type { UserConfig } from '../config/config.js';
import { ConfigError } from '../config/config-error.js';
import { parseKeyDigest } from './api-key.js';
import { canonicalSubjectText } from './certificate-subject.js';
import { parsePasswordHash, type PasswordHash } from './password-hash.js';

/** A configured user with every secret parsed: what authentication compares against. */
export interface User {
  name: string;
  password: PasswordHash | null;
  apiKeys: Buffer[];
  /** Canonical client certificate subject, or null. */
  certificateSubject: string | null;
}

/**
 * Parses the configuration's users. A plain-text password, a weak or malformed hash, a bad
 * API key digest or a subject two users share stops start-up, naming the user and the field.
 */
export function loadUsers(
  users: Readonly<Record<string, UserConfig>>,
  source = 'configuration',
): User[] {
  const bySubject = new Map<string, string>();
  return Object.entries(users).map(([name, entry]) => {
    const field = (key: string) => `users.${name}.${key}`;
    const fail = (key: string, problem: string, fix: string) =>
      new ConfigError(source, field(key), problem, fix);

    let password: PasswordHash | null = null;
    if (entry.password !== undefined) {
      try {
        password = parsePasswordHash(entry.password);
      } catch (error) {
        const fix = 'make a hash with `taxii2-server hash-password`';
        throw fail('password', (error as Error).message, fix);
      }
    }

    const apiKeys = (entry.apiKeys ?? []).map((digest, i) => {
      try {
        return parseKeyDigest(digest);
      } catch (error) {
        throw fail(`apiKeys[${i}]`, (error as Error).message, 'store the digest, never the key');
      }
    });

    let certificateSubject: string | null = null;
    if (entry.certificateSubject !== undefined) {
      try {
        certificateSubject = canonicalSubjectText(entry.certificateSubject);
      } catch (error) {
        throw fail(
          'certificateSubject',
          `is malformed: ${(error as Error).message}`,
          'copy it from `openssl x509 -noout -subject -nameopt RFC2253 -in client.pem`',
        );
      }
      const other = bySubject.get(certificateSubject);
      if (other !== undefined) {
        throw fail(
          'certificateSubject',
          `is also the subject of user "${other}"`,
          'give each user a certificate of its own',
        );
      }
      bySubject.set(certificateSubject, name);
    }

    if (!password && apiKeys.length === 0 && !certificateSubject) {
      throw fail(
        'password',
        'the user has no password, API key or certificate subject',
        'give it at least one, or remove the user',
      );
    }
    return { name: name.normalize('NFC'), password, apiKeys, certificateSubject };
  });
}
