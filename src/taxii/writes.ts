import { TaxiiError } from '../server/errors.js';
import { requireCollection } from './collections.js';
import type { CollectionPath, ObjectPath } from './objects.js';
import type { Reply, RequestContext, TaxiiService } from './service.js';

/**
 * Adding objects (TAXII 2.1 section 5.5). Collections defined by indicator queries are read-only,
 * so a client that may see the collection is refused with 403, one that may not with 404.
 */
export function addObjects(service: TaxiiService, rc: RequestContext, path: CollectionPath): Reply {
  return refuseWrite(service, rc, path);
}

/** Deleting an object (TAXII 2.1 section 5.7); refused as for adding. */
export function deleteObject(service: TaxiiService, rc: RequestContext, path: ObjectPath): Reply {
  return refuseWrite(service, rc, path);
}

function refuseWrite(service: TaxiiService, rc: RequestContext, path: CollectionPath): never {
  const collection = requireCollection(service, rc, path.api_root, path.collection_id);
  throw new TaxiiError(
    'forbidden',
    `Collection "${collection.title}" is defined by an indicator query and is read-only.`,
  );
}
