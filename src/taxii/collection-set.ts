import { v5 as uuidv5 } from 'uuid';

import {
  permissions,
  type AccessMode,
  type CollectionAccess,
  type Permissions,
} from '../auth/collection-access.js';
import type { Principal } from '../auth/principal.js';
import type { CollectionDefinition } from '../config/collections-document.js';
import type { IndicatorStore, StoreQuery } from '../store/store.js';

/** A served collection: a saved indicator query with a stable id (TAXII 2.1 section 5.2). */
export interface Collection {
  id: string;
  title: string;
  description: string;
  query: string;
  storeQuery: StoreQuery;
  access: CollectionAccess;
  /** Serves the objects its writers post (TAXII 2.1 section 5.5) instead of a query's. */
  writable: boolean;
}

/** A collection as one principal sees it: can_read and can_write are computed per request. */
export interface VisibleCollection extends Permissions {
  collection: Collection;
}

/**
 * The configured collections, in document order, looked up by id. Access is a property of the
 * set per principal: a collection the principal may not read is not in its view at all.
 */
export class CollectionSet {
  private readonly byId: ReadonlyMap<string, Collection>;

  constructor(
    readonly all: readonly Collection[],
    readonly mode: AccessMode = 'users',
  ) {
    this.byId = new Map(all.map((c) => [c.id, c]));
  }

  /** The collection with this id, whoever asks: for the server's own use, not for clients. */
  get(id: string): Collection | undefined {
    return this.byId.get(id.toLowerCase());
  }

  /** The collections a principal may read, with its permissions on each. */
  visibleTo(principal: Principal): VisibleCollection[] {
    return this.all.flatMap((c) => {
      const granted = this.permissionsOn(c, principal);
      return granted.canRead ? [{ collection: c, ...granted }] : [];
    });
  }

  /** The collection with this id if the principal may read it; otherwise as if it did not exist. */
  find(id: string, principal: Principal): VisibleCollection | undefined {
    const collection = this.get(id);
    if (!collection) return undefined;
    const granted = this.permissionsOn(collection, principal);
    return granted.canRead ? { collection, ...granted } : undefined;
  }

  // Only a writable collection can be written, whoever its document names as writers.
  private permissionsOn(collection: Collection, principal: Principal): Permissions {
    const granted = permissions(collection.access, principal, this.mode);
    return { canRead: granted.canRead, canWrite: granted.canWrite && collection.writable };
  }

  /** Whether any collection is readable without credentials. */
  get anyPublic(): boolean {
    return this.mode === 'open' || this.all.some((c) => c.access.public);
  }
}

/**
 * Builds the collections for a store. Ids are uuid5 of the name in the installation's
 * namespace, so they survive restarts and differ between installations.
 */
export function buildCollections(
  definitions: readonly CollectionDefinition[],
  namespace: string,
  store: IndicatorStore,
  mode: AccessMode = 'users',
): CollectionSet {
  return new CollectionSet(
    definitions.map((d) => ({
      id: collectionId(d.name, namespace),
      title: d.name,
      description: d.description,
      query: d.query,
      // A writable collection holds no indicators: its objects are the posted ones.
      storeQuery: store.compileQuery(
        d.writable ? { kind: 'not', child: d.ast, span: d.ast.span } : d.ast,
      ),
      access: d.access,
      writable: d.writable,
    })),
    mode,
  );
}

export function collectionId(name: string, namespace: string): string {
  return uuidv5(`collection:${name}`, namespace);
}
