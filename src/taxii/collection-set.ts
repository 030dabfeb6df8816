import { v5 as uuidv5 } from 'uuid';

import type { CollectionDefinition } from '../config/collections-document.js';
import type { IndicatorStore, StoreQuery } from '../store/store.js';

/** A served collection: a saved indicator query with a stable id (TAXII 2.1 section 5.2). */
export interface Collection {
  id: string;
  title: string;
  description: string;
  query: string;
  storeQuery: StoreQuery;
  canRead: boolean;
  canWrite: boolean;
}

/** The configured collections, in document order, looked up by id. */
export class CollectionSet {
  private readonly byId: ReadonlyMap<string, Collection>;

  constructor(readonly all: readonly Collection[]) {
    this.byId = new Map(all.map((c) => [c.id, c]));
  }

  get(id: string): Collection | undefined {
    return this.byId.get(id.toLowerCase());
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
): CollectionSet {
  return new CollectionSet(
    definitions.map((d) => ({
      id: collectionId(d.name, namespace),
      title: d.name,
      description: d.description,
      query: d.query,
      storeQuery: store.compileQuery(d.ast),
      canRead: true,
      canWrite: false,
    })),
  );
}

export function collectionId(name: string, namespace: string): string {
  return uuidv5(`collection:${name}`, namespace);
}
