/** A status resource from its stored rows: the same shaping for both stores. */
import type { StatusDetail, WriteStatus } from './posted-objects.js';

export interface StatusObjectRow {
  object_id: string;
  version: string | null;
  outcome: 'pending' | 'success' | 'failure';
  message: string | null;
}

export function statusFromRows(
  status: { id: string; collection: string; request_timestamp: number },
  rows: readonly StatusObjectRow[],
): WriteStatus {
  const out: WriteStatus = {
    id: status.id,
    collection: status.collection,
    requestTimestamp: Number(status.request_timestamp),
    total: rows.length,
    successes: [],
    failures: [],
    pendings: [],
  };
  const lists = { success: out.successes, failure: out.failures, pending: out.pendings };
  for (const row of rows) {
    const detail: StatusDetail = { id: row.object_id, version: row.version };
    if (row.message !== null) detail.message = row.message;
    lists[row.outcome].push(detail);
  }
  return out;
}
