import { TaxiiError } from '../server/errors.js';
import { requireApiRoot } from './api-root.js';
import type { Reply, TaxiiService } from './service.js';

/**
 * The status of an add-objects request (TAXII 2.1 section 4.3). Statuses exist only for writes;
 * every collection here is read-only, so no status id is known.
 */
export function getStatus(service: TaxiiService, apiRoot: string, statusId: string): Reply {
  requireApiRoot(service, apiRoot);
  throw new TaxiiError('not_found', `There is no status "${statusId}" in API root "${apiRoot}".`);
}
