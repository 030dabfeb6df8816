import { TaxiiError } from '../../server/errors.js';
import { STIX_20 } from '../../server/media-types.js';
import { bundle20Json } from '../../stix/bundle.js';
import type { ObjectFilter, ObjectPage } from '../../store/store.js';
import { formatTimestamp } from '../../time/microseconds.js';
import type { Collection } from '../collection-set.js';
import { requireCollection } from '../collections.js';
import { dateAddedHeaders } from '../envelope.js';
import { readFilters, type RawQuery } from '../filters.js';
import { objectVersions, postedSelection } from '../paging.js';
import type { CollectionPath, ObjectPath } from '../objects.js';
import { contentRange, ITEMS_UNIT, parseRange, selectPage } from '../range.js';
import type { Reply, RequestContext, TaxiiService } from '../service.js';

/** Objects of a collection as a STIX 2.0 bundle, paged by item ranges (TAXII 2.0 5.3). */
export async function listObjects20(
  service: TaxiiService,
  rc: RequestContext,
  path: CollectionPath,
  query: RawQuery,
  range: string | undefined,
): Promise<Reply> {
  const collection = requireCollection(service, rc, path.api_root, path.collection_id);
  const { page, headers, status } = await rangePage(service, rc, collection, query, range, {});
  return {
    status,
    headers,
    body: bundle20Json(page.objects.map((o) => o.json)),
    objects: page.objects.length,
  };
}

/** One object by id, in the versions asked for, as a bundle (TAXII 2.0 section 5.5). */
export async function getObject20(
  service: TaxiiService,
  rc: RequestContext,
  path: ObjectPath,
  query: RawQuery,
): Promise<Reply> {
  const collection = requireCollection(service, rc, path.api_root, path.collection_id);
  const filters = readFilters(query, service.config.maxPageSize);
  const page = await service.store.pageObjects({
    ...selection(service, rc, collection, filters),
    ids: [path.object_id],
    limit: service.config.maxPageSize,
    withJson: true,
  });
  if (page.objects.length === 0) {
    throw new TaxiiError(
      'not_found',
      `There is no object "${path.object_id}" in collection "${path.collection_id}".`,
    );
  }
  const body = bundle20Json(page.objects.map((o) => o.json));
  return { status: 200, headers: dateAddedHeaders(page), body, objects: page.objects.length };
}

/** The manifest: one entry per object with its versions (TAXII 2.0 section 5.6). */
export async function listManifest20(
  service: TaxiiService,
  rc: RequestContext,
  path: CollectionPath,
  query: RawQuery,
  range: string | undefined,
): Promise<Reply> {
  const collection = requireCollection(service, rc, path.api_root, path.collection_id);
  const { page, headers, status } = await rangePage(service, rc, collection, query, range, {
    withJson: false,
  });
  const objects = page.objects.map((o) => ({
    id: o.id,
    date_added: formatTimestamp(o.dateAdded),
    versions: [o.version],
    media_types: [STIX_20],
  }));
  const body = objects.length ? JSON.stringify({ objects }) : '{}';
  return { status, headers, body, objects: objects.length };
}

type Selection = Omit<ObjectFilter, 'limit' | 'withJson'>;

function selection(
  service: TaxiiService,
  rc: RequestContext,
  collection: Collection,
  filters: ReturnType<typeof readFilters>,
): Selection {
  return {
    query: collection.storeQuery,
    profile: service.renderer.profile,
    addedAfter: filters.addedAfter,
    types: filters.types,
    ids: filters.ids,
    versions: objectVersions(filters),
    now: rc.now,
    // A 2.0 client gets the 2.0 objects of a writable collection: 2.1 ones do not fit a bundle.
    posted: postedSelection(collection, { ...filters, specVersions: ['2.0'] }),
  };
}

/**
 * Counts what the filters select, then reads the page the Range header asks for. TAXII 2.0
 * has no cursor: a range is an offset into collection order, so a deep page costs a scan.
 */
async function rangePage(
  service: TaxiiService,
  rc: RequestContext,
  collection: Collection,
  query: RawQuery,
  range: string | undefined,
  { withJson = true }: { withJson?: boolean },
): Promise<{ page: ObjectPage; headers: Record<string, string>; status: number }> {
  const filters = readFilters(query, service.config.maxPageSize);
  const chosen = selection(service, rc, collection, filters);
  const total = await service.store.countObjects(chosen);

  const wanted = selectPage(parseRange(range), total, service.config.maxPageSize);
  if (wanted.status === 416) {
    throw new TaxiiError('range_not_satisfiable', `${wanted.reason}.`, {
      'Content-Range': wanted.contentRange,
      'Accept-Ranges': ITEMS_UNIT,
    });
  }
  const page =
    wanted.limit === 0
      ? { objects: [], more: false }
      : await service.store.pageObjects({
          ...chosen,
          offset: wanted.offset,
          limit: wanted.limit,
          withJson,
        });
  const headers = {
    ...dateAddedHeaders(page),
    'Accept-Ranges': ITEMS_UNIT,
    'Content-Range': contentRange(wanted.offset, page.objects.length, total),
  };
  return { page, headers, status: wanted.status };
}
