import { TaxiiError } from '../server/errors.js';
import type { TaxiiVersion } from '../server/media-types.js';
import type { StatusDetail, WriteStatus } from '../store/posted-objects.js';
import { formatStixTimestamp } from '../time/microseconds.js';
import { requireApiRoot } from './api-root.js';
import { jsonReply, type Reply, type RequestContext, type TaxiiService } from './service.js';

/**
 * The status of an add-objects request (TAXII 2.1 section 4.3). A status is found by any
 * process over the store, for as long as it is kept; one whose collection the requester may
 * not read answers as one that does not exist.
 */
export async function getStatus(
  service: TaxiiService,
  rc: RequestContext,
  apiRoot: string,
  statusId: string,
  version: TaxiiVersion = '2.1',
): Promise<Reply> {
  requireApiRoot(service, apiRoot);
  const status = /^[0-9a-f-]{36}$/.test(statusId)
    ? await service.store.posted.readStatus(statusId)
    : null;
  if (status === null || !service.collections.find(status.collection, rc.principal)) {
    throw new TaxiiError('not_found', `There is no status "${statusId}" in API root "${apiRoot}".`);
  }
  return jsonReply(statusResource(status, version));
}

/**
 * The status resource (TAXII 2.1 section 4.3.1). TAXII 2.0 (section 4.3.1) has the same
 * members, but lists successes and pendings by id alone and failures as id and message.
 */
export function statusResource(
  status: WriteStatus,
  version: TaxiiVersion = '2.1',
): Record<string, unknown> {
  const requested = formatStixTimestamp(status.requestTimestamp);
  // An object with neither `modified` nor `created` has no version until it is added.
  const details = (list: StatusDetail[]): unknown[] =>
    version === '2.0'
      ? list.map((d) => (d.message === undefined ? d.id : { id: d.id, message: d.message }))
      : list.map((d) => ({ ...d, version: d.version ?? requested }));
  return {
    id: status.id,
    status: status.pendings.length > 0 ? 'pending' : 'complete',
    request_timestamp: requested,
    total_count: status.total,
    success_count: status.successes.length,
    ...(status.successes.length ? { successes: details(status.successes) } : {}),
    failure_count: status.failures.length,
    ...(status.failures.length ? { failures: details(status.failures) } : {}),
    pending_count: status.pendings.length,
    ...(status.pendings.length ? { pendings: details(status.pendings) } : {}),
  };
}
