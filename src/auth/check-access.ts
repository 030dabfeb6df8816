import type { CollectionDefinition } from '../config/collections-document.js';
import { ConfigError } from '../config/config-error.js';
import { namedUsers } from './collection-access.js';
import type { User } from './users.js';

/**
 * Every user a collection's `read` or `write` names must be configured, and every writer must
 * be a reader. A typo would otherwise lock a partner out silently, and read lists on a server
 * with no users at all would be a server open to everyone that looks closed.
 */
export function checkCollectionAccess(
  collections: readonly CollectionDefinition[],
  users: readonly User[],
  source = 'collections document',
): void {
  const known = new Set(users.map((u) => u.name));
  for (const c of collections) {
    const unknown = namedUsers(c.access).find((name) => !known.has(name.normalize('NFC')));
    if (unknown === undefined) continue;
    throw new ConfigError(
      source,
      `collection "${c.name}"`,
      users.length === 0
        ? `names user "${unknown}", but no users are configured, so the server is open to everyone`
        : `names user "${unknown}", who is not among the configured users`,
      'add the user to "users" in the configuration, or correct the name',
    );
  }
  for (const c of collections) {
    const { read } = c.access;
    const writer = c.access.write.find((name) => read !== null && !read.includes(name));
    if (writer === undefined || c.access.public) continue;
    throw new ConfigError(
      source,
      `collection "${c.name}"`,
      `lets user "${writer}" write but not read`,
      `add "${writer}" to "read" as well`,
    );
  }
}
