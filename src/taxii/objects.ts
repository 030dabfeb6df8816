import { TaxiiError } from '../server/errors.js';
import { requireCollection } from './collections.js';
import { dateAddedHeaders, envelopeBody, manifestBody, versionsBody } from './envelope.js';
import { readFilters, type RawQuery } from './filters.js';
import { readPage } from './paging.js';
import type { Reply, RequestContext, TaxiiService } from './service.js';

export interface CollectionPath {
  api_root: string;
  collection_id: string;
}

export interface ObjectPath extends CollectionPath {
  object_id: string;
}

/** Objects of a collection, as an envelope (TAXII 2.1 section 5.4). */
export async function listObjects(
  service: TaxiiService,
  rc: RequestContext,
  path: CollectionPath,
  query: RawQuery,
): Promise<Reply> {
  const collection = requireCollection(service, rc, path.api_root, path.collection_id);
  const filters = readFilters(query, service.config.maxPageSize);
  const { page, next } = await readPage(service, rc, collection, filters, true);
  return pageReply(envelopeBody(page, next), page);
}

/** The manifest: one record per object version (TAXII 2.1 section 5.3). */
export async function listManifestRecords(
  service: TaxiiService,
  rc: RequestContext,
  path: CollectionPath,
  query: RawQuery,
): Promise<Reply> {
  const collection = requireCollection(service, rc, path.api_root, path.collection_id);
  const filters = readFilters(query, service.config.maxPageSize);
  const { page, next } = await readPage(service, rc, collection, filters, false);
  return pageReply(manifestBody(page, next), page);
}

/** One object by id, in every version the filters select (TAXII 2.1 section 5.6). */
export async function getObject(
  service: TaxiiService,
  rc: RequestContext,
  path: ObjectPath,
  query: RawQuery,
): Promise<Reply> {
  const collection = requireCollection(service, rc, path.api_root, path.collection_id);
  const filters = { ...readFilters(query, service.config.maxPageSize), ids: [path.object_id] };
  const { page, next } = await readPage(service, rc, collection, filters, true);
  if (page.objects.length === 0 && filters.next === undefined) throw objectNotFound(path);
  return pageReply(envelopeBody(page, next), page);
}

/** The versions of one object (TAXII 2.1 section 5.8). */
export async function listObjectVersions(
  service: TaxiiService,
  rc: RequestContext,
  path: ObjectPath,
  query: RawQuery,
): Promise<Reply> {
  const collection = requireCollection(service, rc, path.api_root, path.collection_id);
  // The versions resource lists every version retained; match[version] is not its filter.
  const filters = {
    ...readFilters(query, service.config.maxPageSize),
    ids: [path.object_id],
    versionKeywords: ['all'],
  };
  const { page, next } = await readPage(service, rc, collection, filters, false);
  if (page.objects.length === 0 && filters.next === undefined) throw objectNotFound(path);
  return pageReply(versionsBody(page, next), page);
}

function pageReply(body: string, page: { objects: unknown[] }): Reply {
  const headers = dateAddedHeaders(page as Parameters<typeof dateAddedHeaders>[0]);
  return { status: 200, headers, body, objects: page.objects.length };
}

function objectNotFound(path: ObjectPath): TaxiiError {
  return new TaxiiError(
    'not_found',
    `There is no object "${path.object_id}" in collection "${path.collection_id}" that matches the filters.`,
  );
}
