/** One batch of an upsert: look up, classify, then write each kind of row in one statement. */
import type pg from 'pg';

import type { StixRenderer } from '../../stix/rendered.js';
import {
  asNewVersionOf,
  renderObjects,
  toStoredIndicator,
  type CheckedRow,
  type IndicatorRow,
} from '../indicator-record.js';
import {
  insertObjects,
  insertRows,
  redateRelationships,
  updateRows,
  writeMultiValued,
  type DatedRow,
  type ObjectRow,
} from './row-writes.js';
import { archiveObjects, settleVersions } from './object-versions.js';
import type { TargetLookup } from '../relationship-targets.js';
import { relinkSources } from './relink-sources.js';
import { nextDateAdded } from './write-transaction.js';

export type Outcome = 'added' | 'updated' | 'unchanged';

/**
 * Writes rows that hold no (type, value) twice, in their order: changed rows take date_added
 * values upwards from the transaction's next one, as the SQLite store numbers them one by one,
 * and keep up to `retention` versions of their objects. Call only inside a write transaction.
 */
export async function upsertChunk(
  client: pg.ClientBase,
  rows: readonly CheckedRow[],
  renderers: readonly StixRenderer[],
  retention: number,
  targets?: TargetLookup,
): Promise<Outcome[]> {
  const found = await existingRows(
    client,
    rows.map((r) => r.row),
  );
  let next = await nextDateAdded(client);

  const inserts: CheckedDatedRow[] = [];
  const updates: Array<CheckedDatedRow & { key: number }> = [];
  const outcomes = rows.map((checked): Outcome => {
    const { row } = checked;
    const existing = found.get(rowKey(row));
    if (existing?.hash === row.contentHash) return 'unchanged';
    const stored = existing ? asNewVersionOf(row, existing) : row;
    const dated = { row: stored, dateAdded: next++, checked };
    if (existing) updates.push({ ...dated, key: existing.key });
    else inserts.push(dated);
    return existing ? 'updated' : 'added';
  });

  const keys = await insertRows(client, inserts);
  const added = inserts.map((r) => ({ ...r, key: keys.get(r.dateAdded)! }));
  const updatedKeys = updates.map((u) => u.key);
  if (updates.length > 0) {
    await updateRows(client, updates);
    await archiveObjects(client, updatedKeys, retention);
    await client.query('DELETE FROM stix_objects WHERE indicator = ANY($1::bigint[])', [
      updatedKeys,
    ]);
  }
  await writeMultiValued(client, updates, true);
  await writeMultiValued(client, added, false);

  const changed = [...added, ...updates];
  const objects = changed.flatMap((r) => {
    // The objects checked were made of the row as it came in; an update may change created.
    if (r.row !== r.checked.row) return renderRow(renderers, r.key, r.row, r.dateAdded, targets);
    r.checked.warn();
    return r.checked.objects.map((object) => ({
      indicator: r.key,
      dateAdded: r.dateAdded,
      object,
    }));
  });
  await insertObjects(client, objects);
  await redateRelationships(client, objects);
  await settleVersions(client, updatedKeys, retention);
  await relinkSources(client, changed, objects, renderers);
  return outcomes;
}

interface CheckedDatedRow extends DatedRow {
  checked: CheckedRow;
}

/** The objects every renderer makes of one indicator; a repeated id keeps its last rendering. */
export function renderRow(
  renderers: readonly StixRenderer[],
  key: number,
  row: IndicatorRow,
  dateAdded: number,
  targets?: TargetLookup,
): ObjectRow[] {
  const objects = renderObjects(renderers, toStoredIndicator(key, row, dateAdded), targets);
  return objects.map((object) => ({ indicator: key, dateAdded, object }));
}

export function rowKey(row: Pick<IndicatorRow, 'type' | 'value'>): string {
  return `${row.type}\u0000${row.value}`;
}

async function existingRows(
  client: pg.ClientBase,
  rows: readonly IndicatorRow[],
): Promise<Map<string, { key: number; hash: string; created: number; modified: number }>> {
  // One index probe per row. As a plain join, the planner, reading statistics from before this
  // import, may hash-join against the whole table for every chunk: quadratic in a big import.
  // LIMIT 1 in the lateral subquery keeps it a probe ((type, value) is unique anyway).
  const result = await client.query<{
    key: number;
    type: string;
    value: string;
    hash: string;
    created: number;
    modified: number;
  }>(
    'SELECT x.key, u.type, u.value, x.content_hash AS hash, x.created, x.modified ' +
      'FROM unnest($1::text[], $2::text[]) AS u(type, value) ' +
      'CROSS JOIN LATERAL (SELECT i.key, i.content_hash, i.created, i.modified FROM indicators i ' +
      'WHERE i.type = u.type AND i.value = u.value LIMIT 1) x',
    [rows.map((r) => r.type), rows.map((r) => r.value)],
  );
  return new Map(
    result.rows.map((r) => [
      rowKey(r),
      { key: r.key, hash: r.hash, created: Number(r.created), modified: Number(r.modified) },
    ]),
  );
}
