import { TaxiiError } from '../server/errors.js';
import { STIX_21 } from '../server/media-types.js';
import { requireApiRoot } from './api-root.js';
import type { Collection } from './collection-set.js';
import { jsonReply, type Reply, type TaxiiService } from './service.js';

/** The collections of the API root (TAXII 2.1 section 5.1). */
export function listCollections(service: TaxiiService, apiRoot: string): Reply {
  requireApiRoot(service, apiRoot);
  const readable = service.collections.all.filter((c) => c.canRead);
  return jsonReply(readable.length ? { collections: readable.map(collectionResource) } : {});
}

/** One collection (TAXII 2.1 section 5.2). */
export function getCollection(service: TaxiiService, apiRoot: string, id: string): Reply {
  return jsonReply(collectionResource(requireCollection(service, apiRoot, id)));
}

/** Guard: the API root exists and the collection is one the client may see. */
export function requireCollection(service: TaxiiService, apiRoot: string, id: string): Collection {
  requireApiRoot(service, apiRoot);
  const collection = service.collections.get(id);
  if (!collection || !collection.canRead) {
    throw new TaxiiError('not_found', `There is no collection "${id}" in API root "${apiRoot}".`);
  }
  return collection;
}

function collectionResource(c: Collection): Record<string, unknown> {
  return {
    id: c.id,
    title: c.title,
    ...(c.description ? { description: c.description } : {}),
    can_read: c.canRead,
    can_write: c.canWrite,
    media_types: [STIX_21],
  };
}
