/** Relationship targets as the SQLite store holds them (see ../relationship-targets.ts). */
import type { IndicatorInput } from '../../indicators/indicator.js';
import type { StixRenderer } from '../../stix/rendered.js';
import { renderObjects } from '../indicator-record.js';
import {
  batchTargets,
  firstOf,
  namedTargets,
  plainIdsReplaced,
  type TargetLookup,
} from '../relationship-targets.js';
import type { StoredObject } from '../store.js';
import type { StoredIndicator } from '../../indicators/indicator.js';
import { insertObjectRows, type RelationshipsHeld } from './object-rows.js';
import { readIndicatorBatch } from './read-indicators.js';
import type { StatementCache } from './statement-cache.js';

/** Targets among the records being written first, as they come in, then as the store holds them. */
export function targetLookup(
  statements: StatementCache,
  records: readonly IndicatorInput[] = [],
): TargetLookup {
  const read = statements.get(
    'SELECT stix_id AS stixId, custom_fields AS customFields FROM indicators ' +
      'WHERE type = ? AND value = ?',
  );
  const stored: TargetLookup = (type, value) => {
    const row = read.get(type.trim(), value.trim()) as
      { stixId: string | null; customFields: string } | undefined;
    if (!row) return undefined;
    const customFields = JSON.parse(row.customFields) as Record<string, unknown>;
    return { stixId: row.stixId, customFields };
  };
  return firstOf(batchTargets(records, namedTargets(records)), stored);
}

/**
 * Renders again the sources whose relationships name the just-written indicator by the id a
 * plain indicator of its type and value would have, so they point at the object it is. Their
 * own objects come out as they were; only such relationships change.
 */
export function relinkSources(
  statements: StatementCache,
  indicator: StoredIndicator,
  objects: readonly StoredObject[],
  renderers: readonly StixRenderer[],
  targets: TargetLookup,
  holding?: RelationshipsHeld,
): void {
  const stale = plainIdsReplaced(renderers, indicator, objects);
  if (stale.length === 0) return;
  const find = statements.get(
    'SELECT DISTINCT indicator FROM stix_objects WHERE profile = ? AND target_ref = ? ' +
      'AND indicator != ?',
  );
  const sources = new Set<number>();
  for (const { profile, id } of stale) {
    for (const row of find.all(profile, id, indicator.key) as Array<{ indicator: number }>) {
      sources.add(row.indicator);
    }
  }
  for (const key of sources) {
    const [source] = readIndicatorBatch(statements, key - 1, 1);
    if (source?.key !== key) continue;
    statements.get('DELETE FROM stix_objects WHERE indicator = ?').run(key);
    const objects = renderObjects(renderers, source, targets);
    insertObjectRows(statements, key, source.dateAdded, objects, holding);
  }
}
