import type { CollectionDefinition } from '../config/collections-document.js';
import type { ServerConfig } from '../config/config.js';
import { ConfigError } from '../config/config-error.js';
import { checkTrustedProxies } from '../server/public-url.js';
import { httpsServerOptions } from '../server/tls-context.js';
import { checkCollectionAccess } from './check-access.js';
import { loadUsers, type User } from './users.js';

/**
 * Checks everything about who may read what before the server starts: users and their hashes,
 * the collections' access lists, trusted proxies and the TLS files. Each problem is a
 * ConfigError naming the field and the fix; `check-config` runs the same checks.
 */
export function checkSecurityConfig(
  config: Readonly<ServerConfig>,
  collections: readonly CollectionDefinition[],
): User[] {
  const users = loadUsers(config.users);
  checkCollectionAccess(collections, users, config.collections ?? 'collections document');
  checkTrustedProxies(config.trustedProxies);
  if (config.tls) httpsServerOptions(config.tls);
  if (config.tls?.clientCertificate && !config.tls.clientCa) {
    throw new ConfigError(
      'configuration',
      'tls.clientCertificate',
      'needs tls.clientCa',
      'give the CA bundle that client certificates must chain to, or drop clientCertificate',
    );
  }
  return users;
}

/** Start-up warnings: set-ups that work, but that an operator should know are weak. */
export function securityWarnings(config: Readonly<ServerConfig>, users: readonly User[]): string[] {
  const warnings: string[] = [];
  if (users.length === 0) {
    warnings.push(
      'no users are configured: every client may read every collection without credentials',
    );
  } else if (!config.tls && config.trustedProxies.length === 0 && !httpsBehindProxy(config)) {
    warnings.push(
      'users are configured but the server speaks plain HTTP: credentials cross the network ' +
        'in clear text',
    );
  }
  const byCertificate = users.filter((u) => u.certificateSubject !== null).map((u) => u.name);
  if (byCertificate.length > 0 && !config.tls?.clientCa) {
    warnings.push(
      `users ${byCertificate.join(', ')} have a certificateSubject, but mutual TLS is off ` +
        '(tls.clientCa): they cannot sign in with a certificate',
    );
  }
  if (config.tls?.clientCa && byCertificate.length === 0) {
    warnings.push(
      'mutual TLS is on but no user has a certificateSubject: client certificates identify nobody',
    );
  }
  return warnings;
}

function httpsBehindProxy(config: Readonly<ServerConfig>): boolean {
  return config.publicBaseUrl?.startsWith('https:') ?? false;
}
