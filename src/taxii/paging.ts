import { TaxiiError } from '../server/errors.js';
import type { ObjectPage } from '../store/store.js';
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
  if (filters.specVersions && !filters.specVersions.includes('2.1')) {
    return { page: { objects: [], more: false }, next: undefined };
  }

  const page = await service.store.pageObjects({
    query: collection.storeQuery,
    profile: service.renderer.profile,
    addedAfter: filters.addedAfter,
    types: filters.types,
    ids: filters.ids,
    versions: filters.versions,
    after,
    limit: filters.limit,
    withJson,
    now: rc.now,
  });

  const last = page.objects[page.objects.length - 1];
  const next =
    page.more && last
      ? service.cursors.encode({ dateAdded: last.dateAdded, id: last.id }, selection)
      : undefined;
  return { page, next };
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
