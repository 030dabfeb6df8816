import { randomUUID } from 'node:crypto';

import { TaxiiError } from '../server/errors.js';
import type { TaxiiVersion } from '../server/media-types.js';
import { findCollection } from './collections.js';
import { readFilters, type RawQuery } from './filters.js';
import { postedSelection } from './paging.js';
import type { CollectionPath, ObjectPath } from './objects.js';
import { readPostedObjects, SPEC_VERSIONS } from './posted-envelope.js';
import type { Reply, RequestContext, TaxiiService } from './service.js';
import { statusResource } from './status.js';

/** An add request with this many objects or fewer is finished before the server answers. */
export const INLINE_OBJECTS = 100;

const MICROS_PER_HOUR = 3600 * 1_000_000;

/** What an add request brings besides its path. */
export interface AddRequest {
  headers: Readonly<Record<string, string | string[] | undefined>>;
  body: unknown;
  /** Throws the document's 400 for a body that is no envelope (2.1) or bundle (2.0). */
  checkBody: () => void;
}

/**
 * Adding objects (TAXII 2.1 section 5.5, 2.0 section 5.4). A writable collection takes the
 * objects of an envelope (2.1) or bundle (2.0) from its writers and answers 202 with a status;
 * a query-defined collection is read-only: 403 to a client that may see it, 404 otherwise.
 * A body of another media type never gets here: the router answers 415 before reading it.
 */
export async function addObjects(
  service: TaxiiService,
  rc: RequestContext,
  path: CollectionPath,
  request: AddRequest,
  version: TaxiiVersion = '2.1',
): Promise<Reply> {
  const found = findCollection(service, rc, path.api_root, path.collection_id);
  const { collection } = found;
  if (!collection.writable) throw readOnly(collection.title);
  if (!found.canWrite) {
    throw new TaxiiError(
      'forbidden',
      `You may read collection "${collection.title}" but not write it.`,
    );
  }
  // After the permission checks: whoever may not write learns nothing from the body's fate.
  request.checkBody();

  const objects = (request.body as { objects?: unknown[] } | undefined)?.objects ?? [];
  const { accepted, refused } = readPostedObjects(objects, version);
  const statusId = randomUUID();
  const posted = service.store.posted;
  await posted.acceptObjects(
    {
      id: statusId,
      collection: collection.id,
      requestTimestamp: rc.now,
      // TAXII clients poll a status for a while after the request (apiRoot.statusRetentionHours).
      expires: rc.now + service.config.apiRoot.statusRetentionHours * MICROS_PER_HOUR,
    },
    accepted,
    refused,
  );
  await posted.expireStatuses(rc.now);

  if (accepted.length <= INLINE_OBJECTS) await service.writes.finish(statusId);
  else service.writes.start(statusId);
  rc.log.info({ status: statusId, objects: objects.length }, 'add request accepted');

  const status = await posted.readStatus(statusId);
  const body = JSON.stringify(statusResource(status!, version));
  return { status: 202, body, objects: objects.length };
}

/**
 * Deleting an object (TAXII 2.1 section 5.7): its versions that match[version] and
 * match[spec_version] select, every version of every spec version by default; writers of
 * writable collections only.
 */
export async function deleteObject(
  service: TaxiiService,
  rc: RequestContext,
  path: ObjectPath,
  query: RawQuery,
): Promise<Reply> {
  const found = findCollection(service, rc, path.api_root, path.collection_id);
  const { collection } = found;
  if (!collection.writable) throw readOnly(collection.title);
  if (!found.canWrite) {
    throw new TaxiiError(
      'forbidden',
      `You may read collection "${collection.title}" but not write it.`,
    );
  }

  const filters = readFilters(query, service.config.maxPageSize);
  const asked = postedSelection(collection, filters)!;
  const everyVersion = filters.versions === undefined && filters.versionKeywords === undefined;
  const versions = everyVersion ? { ...asked.versions, last: false, all: true } : asked.versions;
  const deleted = await service.store.posted.deletePosted(collection.id, path.object_id, {
    // Every spec version unless match[spec_version] names some, as every version is.
    specVersions: filters.specVersions ?? SPEC_VERSIONS,
    versions,
  });
  if (deleted === 0) {
    throw new TaxiiError(
      'not_found',
      `There is no object "${path.object_id}" in collection "${path.collection_id}" that matches the filters.`,
    );
  }
  rc.log.info({ object: path.object_id, versions: deleted }, 'object deleted');
  return { status: 200, body: '' };
}

function readOnly(title: string): TaxiiError {
  return new TaxiiError(
    'forbidden',
    `Collection "${title}" is defined by an indicator query and is read-only.`,
  );
}
