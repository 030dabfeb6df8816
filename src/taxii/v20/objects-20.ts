import { TaxiiError } from '../../server/errors.js';
import { STIX_20 } from '../../server/media-types.js';
import { bundle20Json } from '../../stix/bundle.js';
import { latestOnly, type ObjectFilter, type ObjectPage } from '../../store/store.js';
import { formatTimestamp } from '../../time/microseconds.js';
import type { Collection } from '../collection-set.js';
import { requireCollection } from '../collections.js';
import { dateAddedHeaders } from '../envelope.js';
import { readFilters, type RawQuery } from '../filters.js';
import { objectVersions, postedSelection } from '../paging.js';
import type { CollectionPath, ObjectPath } from '../objects.js';
import { contentRange, ITEMS_UNIT, parseRange, selectPage } from '../range.js';
import type { Reply, RequestContext, TaxiiService } from '../service.js';
import { remember, startOf, type RangeWalk } from './range-positions.js';

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

/**
 * What is remembered of this selection's ranges at the store's present state, or undefined
 * for a read a remembered count or position could mislead: a writable collection's (its adds
 * and deletes do not raise the write generation), earlier versions', or a query that depends
 * on the time of the request.
 */
async function rangeWalk(
  service: TaxiiService,
  collection: Collection,
  chosen: Selection,
): Promise<RangeWalk | undefined> {
  if (chosen.posted || !latestOnly(chosen.versions) || chosen.query.timeDependent) return undefined;
  const stamp = await service.store.writeGeneration();
  const { addedAfter, types, ids } = chosen;
  const key = JSON.stringify({ collection: collection.id, addedAfter, types, ids });
  return service.ranges.walk(chosen.query, key, stamp);
}

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
 * has no cursor: a range is an offset into collection order. Where the store state allows
 * (range-positions.ts), the count and the end of each page served are remembered, so the next
 * range seeks to where the last one ended instead of skipping every object before it.
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
  const walk = await rangeWalk(service, collection, chosen);
  const total = walk?.total ?? (await service.store.countObjects(chosen));
  if (walk) walk.total = total;

  const wanted = selectPage(parseRange(range), total, service.config.maxPageSize);
  if (wanted.status === 416) {
    throw new TaxiiError('range_not_satisfiable', `${wanted.reason}.`, {
      'Content-Range': wanted.contentRange,
      'Accept-Ranges': ITEMS_UNIT,
    });
  }
  const start = walk ? startOf(walk, wanted.offset) : { offset: 0, after: undefined };
  const page =
    wanted.limit === 0
      ? { objects: [], more: false }
      : await service.store.pageObjects({
          ...chosen,
          ...(start.after ? { after: start.after } : {}),
          offset: wanted.offset - start.offset,
          limit: wanted.limit,
          withJson,
        });
  const last = page.objects[page.objects.length - 1];
  if (walk && last) {
    remember(walk, wanted.offset + page.objects.length, { dateAdded: last.dateAdded, id: last.id });
  }
  const headers = {
    ...dateAddedHeaders(page),
    'Accept-Ranges': ITEMS_UNIT,
    'Content-Range': contentRange(wanted.offset, page.objects.length, total),
  };
  return { page, headers, status: wanted.status };
}
