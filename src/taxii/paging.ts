import { TaxiiError } from '../server/errors.js';
import type { ObjectPage, ObjectVersions, PostedSelection } from '../store/store.js';
import { parseTimestamp } from '../time/microseconds.js';
import type { Collection } from './collection-set.js';
import { selectionKey, type TaxiiFilters } from './filters.js';
import type { RequestContext, TaxiiService } from './service.js';

export interface ServedPage {
  page: ObjectPage;
  next: string | undefined;
}

/**
 * One page of a collection in (date_added, id) order, with the `next` token that continues it
 * (TAXII 2.1 section 3.4). The token is bound to the filters; reusing it with others is a 400.
 */
export async function readPage(
  service: TaxiiService,
  rc: RequestContext,
  collection: Collection,
  filters: TaxiiFilters,
  withJson: boolean,
): Promise<ServedPage> {
  const selection = selectionKey(collection.id, filters);
  const after =
    filters.next === undefined ? undefined : decodeNext(service, filters.next, selection);
  const posted = postedSelection(collection, filters);
  if (!posted && filters.specVersions && !filters.specVersions.includes('2.1')) {
    return { page: { objects: [], more: false }, next: undefined };
  }

  const page = await service.store.pageObjects({
    query: collection.storeQuery,
    profile: service.renderer.profile,
    addedAfter: filters.addedAfter,
    types: filters.types,
    ids: filters.ids,
    versions: objectVersions(filters),
    after,
    limit: filters.limit,
    withJson,
    now: rc.now,
    posted,
  });

  const last = page.objects[page.objects.length - 1];
  const next =
    page.more && last
      ? service.cursors.encode({ dateAdded: last.dateAdded, id: last.id }, selection)
      : undefined;
  return { page, next };
}

/**
 * Which versions of each object match[version] selects (TAXII 2.1 section 3.4.2): `last`
 * unless it says otherwise; exact versions as rendered, at a STIX timestamp's milliseconds.
 */
export function objectVersions(filters: TaxiiFilters): ObjectVersions {
  const keywords = new Set(filters.versionKeywords ?? []);
  const exact = filters.versions ?? [];
  return {
    exact,
    first: keywords.has('first'),
    last: keywords.has('last') || (keywords.size === 0 && exact.length === 0),
    all: keywords.has('all'),
  };
}

/**
 * What a writable collection's page selects beyond the common filters: the spec versions, and
 * which versions of each object, exact ones in microseconds as posted objects keep them.
 */
export function postedSelection(
  collection: Collection,
  filters: TaxiiFilters,
): PostedSelection | undefined {
  if (!collection.writable) return undefined;
  const versions = objectVersions(filters);
  return {
    collection: collection.id,
    specVersions: filters.specVersions,
    versions: { ...versions, exact: versions.exact.map((v) => parseTimestamp(v)!) },
  };
}

function decodeNext(service: TaxiiService, token: string, selection: string) {
  const position = service.cursors.decode(token, selection);
  if (!position) {
    throw new TaxiiError(
      'invalid_parameter',
      'next is not a token this server issued for this collection and these filters; ' +
        'start again without next, or repeat the filters of the first request.',
    );
  }
  return position;
}
