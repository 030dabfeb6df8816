import type { Principal } from './principal.js';

/**
 * Who may read and write one collection, as the collections document says. `read: null` is
 * every signed-in user; `public` adds clients without credentials. Writing needs reading too.
 */
export interface CollectionAccess {
  public: boolean;
  read: readonly string[] | null;
  write: readonly string[];
}

export const DEFAULT_ACCESS: CollectionAccess = Object.freeze({
  public: false,
  read: null,
  write: [],
});

/** How the server as a whole treats clients: `open` when no users are configured. */
export type AccessMode = 'open' | 'users';

export interface Permissions {
  canRead: boolean;
  canWrite: boolean;
}

/** What a principal may do with a collection (TAXII 2.1 section 5.2 can_read / can_write). */
export function permissions(
  access: CollectionAccess,
  principal: Principal,
  mode: AccessMode,
): Permissions {
  if (mode === 'open') return { canRead: true, canWrite: false };
  if (principal.kind === 'anonymous') return { canRead: access.public, canWrite: false };

  const canRead = access.public || access.read === null || access.read.includes(principal.name);
  return { canRead, canWrite: canRead && access.write.includes(principal.name) };
}

/** Every user name a collection's access names, for checking them against the configured users. */
export function namedUsers(access: CollectionAccess): string[] {
  return [...(access.read ?? []), ...access.write];
}
