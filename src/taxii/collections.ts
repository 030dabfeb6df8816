import { authenticationRequired } from '../auth/challenge.js';
import { TaxiiError } from '../server/errors.js';
import { STIX_21, stixMediaType } from '../server/media-types.js';
import { requireApiRoot } from './api-root.js';
import type { Collection, VisibleCollection } from './collection-set.js';
import { jsonReply, type Reply, type RequestContext, type TaxiiService } from './service.js';

/** The collections of the API root the requester may read (TAXII 2.1 section 5.1). */
export function listCollections(
  service: TaxiiService,
  rc: RequestContext,
  apiRoot: string,
  mediaType: string = STIX_21,
): Reply {
  requireApiRoot(service, apiRoot);
  const visible = service.collections.visibleTo(rc.principal);
  if (visible.length === 0 && mustSignIn(service, rc)) throw authenticationRequired(service.config);
  const resources = visible.map((c) => collectionResource(c, mediaType));
  return jsonReply(visible.length ? { collections: resources } : {});
}

/** One collection (TAXII 2.1 section 5.2). */
export function getCollection(
  service: TaxiiService,
  rc: RequestContext,
  apiRoot: string,
  id: string,
  mediaType: string = STIX_21,
): Reply {
  return jsonReply(collectionResource(findCollection(service, rc, apiRoot, id), mediaType));
}

/**
 * Guard: the API root exists and the requester may read the collection. One it may not read
 * answers exactly as one that does not exist (404), so its existence does not leak; a client
 * without credentials is asked for them (401) instead, for every id alike.
 */
export function requireCollection(
  service: TaxiiService,
  rc: RequestContext,
  apiRoot: string,
  id: string,
): Collection {
  return findCollection(service, rc, apiRoot, id).collection;
}

/** As requireCollection, with the requester's permissions on the collection. */
export function findCollection(
  service: TaxiiService,
  rc: RequestContext,
  apiRoot: string,
  id: string,
): VisibleCollection {
  requireApiRoot(service, apiRoot);
  const found = service.collections.find(id, rc.principal);
  if (found) return found;
  if (mustSignIn(service, rc)) throw authenticationRequired(service.config);
  throw new TaxiiError('not_found', `There is no collection "${id}" in API root "${apiRoot}".`);
}

function mustSignIn(service: TaxiiService, rc: RequestContext): boolean {
  return service.collections.mode === 'users' && rc.principal.kind === 'anonymous';
}

function collectionResource(c: VisibleCollection, mediaType: string): Record<string, unknown> {
  // Writers may post STIX 2.0 beside 2.1; a 2.0 client reads the 2.0 objects alone.
  const mediaTypes =
    c.collection.writable && mediaType === STIX_21 ? [STIX_21, stixMediaType('2.0')] : [mediaType];
  return {
    id: c.collection.id,
    title: c.collection.title,
    ...(c.collection.description ? { description: c.collection.description } : {}),
    can_read: c.canRead,
    can_write: c.canWrite,
    media_types: mediaTypes,
  };
}
