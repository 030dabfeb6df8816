/**
 * The rows of add requests as both stores keep them (tables `write_statuses` and
 * `write_status_objects`): what is written when a request is accepted, what a chunk reads back
 * to settle, and how the rows become a status resource. Only the SQL differs between stores.
 */
import {
  CONFLICTING_VERSION,
  type PostedObjectInput,
  type RefusedObject,
  type StatusDetail,
  type WriteStatus,
} from './posted-objects.js';

export type Outcome = 'pending' | 'success' | 'failure';

/** A status's object as a status read returns it. */
export interface StatusObjectRow {
  object_id: string;
  version: string | null;
  outcome: Outcome;
  message: string | null;
}

/** A pending object as a chunk reads it to add it to its collection. */
export interface PendingRow {
  seq: number;
  object_id: string;
  version: string | null;
  version_us: number;
  type: string;
  spec_version: string;
  json: string;
}

/** The columns of `write_status_objects` after `status`, in the order `acceptedRows` fills. */
export const STATUS_OBJECT_COLUMNS =
  'seq, object_id, version, outcome, message, version_us, type, spec_version, json';

/** The object rows of an accepted request: its objects pending, then its refusals as failures. */
export function acceptedRows(
  objects: readonly PostedObjectInput[],
  refused: readonly RefusedObject[],
): unknown[][] {
  let seq = 0;
  return [
    ...objects.map((o) => [
      seq++,
      o.id,
      o.version,
      'pending',
      null,
      o.versionMicros,
      o.type,
      o.specVersion,
      o.json,
    ]),
    ...refused.map((r) => [seq++, r.id, r.version, 'failure', r.message, null, null, null, null]),
  ];
}

/**
 * A pending object the collection already holds under its id and version: a success that adds
 * nothing when the same object was posted before (a retried request duplicates nothing), a
 * failure when it differs. Resolves an undated object's version to the held one.
 */
export function heldOutcome(
  row: PendingRow,
  held: { json: string; version: string },
): string | null {
  row.version ??= held.version;
  return held.json === row.json ? null : CONFLICTING_VERSION;
}

/** The values of the settling update: outcome, message, version (a failure carries its reason). */
export function settledValues(row: PendingRow, failure: string | null): unknown[] {
  return [failure === null ? 'success' : 'failure', failure, row.version];
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
