/**
 * Sources rendered before their target was written name it by the id a plain indicator of its
 * type and value would have; once the target is written with an own STIX id or other hashes,
 * they are rendered again, so their relationships point at the object it is.
 */
import type pg from 'pg';

import type { StixRenderer } from '../../stix/rendered.js';
import { toStoredIndicator, type IndicatorRow } from '../indicator-record.js';
import { firstOf, namedTargets, plainIdsReplaced } from '../relationship-targets.js';
import type { StoredObject } from '../store.js';
import { readRowsWhere } from './read-rows.js';
import { storedTargets } from './relationship-targets.js';
import { insertObjects, redateRelationships, type ObjectRow } from './row-writes.js';
import { renderRow } from './upsert-chunk.js';

interface WrittenRow {
  key: number;
  row: IndicatorRow;
  dateAdded: number;
}

/** Renders again every other indicator whose relationships name a written one by a plain id. */
export async function relinkSources(
  client: pg.ClientBase,
  written: readonly WrittenRow[],
  objects: readonly ObjectRow[],
  renderers: readonly StixRenderer[],
): Promise<void> {
  const byIndicator = new Map<number, StoredObject[]>();
  for (const { indicator, object } of objects) {
    const list = byIndicator.get(indicator) ?? [];
    list.push(object);
    byIndicator.set(indicator, list);
  }
  const stale = written.flatMap((w) =>
    plainIdsReplaced(
      renderers,
      toStoredIndicator(w.key, w.row, w.dateAdded),
      byIndicator.get(w.key) ?? [],
    ),
  );
  if (stale.length === 0) return;

  const found = await client.query<{ indicator: string }>(
    'SELECT DISTINCT s.indicator FROM unnest($1::text[], $2::text[]) AS u(profile, id) ' +
      'JOIN stix_objects s ON s.profile = u.profile AND s.target_ref = u.id ' +
      'WHERE NOT (s.indicator = ANY($3::bigint[]))',
    [stale.map((s) => s.profile), stale.map((s) => s.id), written.map((w) => w.key)],
  );
  const keys = found.rows.map((r) => Number(r.indicator));
  if (keys.length === 0) return;

  const sources = await readRowsWhere(client, 'i.key = ANY($1::bigint[])', [keys], keys.length);
  // The written targets are in the store now, with everything else the sources name.
  const targets = firstOf(await storedTargets(client, namedTargets(sources.map((s) => s.row))));
  await client.query('DELETE FROM stix_objects WHERE indicator = ANY($1::bigint[])', [keys]);
  const rendered = sources.flatMap((s) => renderRow(renderers, s.key, s.row, s.dateAdded, targets));
  await insertObjects(client, rendered);
  await redateRelationships(client, rendered);
}
