/**
 * Keeping the earlier versions of an indicator's objects in the SQLite store when it changes:
 * the objects it had move to `stix_object_versions` before the new ones are written, then each
 * object keeps at most `retention - 1` earlier versions beside its latest.
 */
import type { StatementCache } from './statement-cache.js';

const COLUMNS =
  'profile, indicator, object_id, type, version, date_added, json, target_ref, target_refs';

/**
 * Moves an indicator's latest objects to the earlier versions; call before they are replaced.
 * Shared copies (markings) do not change version and are written again with the new ones.
 */
export function archiveObjects(
  statements: StatementCache,
  indicator: number,
  retention: number,
): void {
  if (retention <= 1) return;
  statements
    .get(
      `INSERT OR IGNORE INTO stix_object_versions (${COLUMNS}) ` +
        `SELECT ${COLUMNS} FROM stix_objects WHERE indicator = ? AND shared = 0`,
    )
    .run(indicator);
}

/**
 * After an indicator's new objects are written: drops the earlier versions of objects it no
 * longer has, or whose latest version is not newer (an object that went away takes its history
 * with it), then all but the newest `retention - 1` of each object's earlier versions.
 */
export function settleVersions(
  statements: StatementCache,
  indicator: number,
  retention: number,
): void {
  // Unguided, the planner walks the profile's whole primary key for each row; the id index
  // finds the object's latest version.
  statements
    .get(
      'DELETE FROM stix_object_versions AS v WHERE v.indicator = ? AND NOT EXISTS ' +
        '(SELECT 1 FROM stix_objects c INDEXED BY stix_objects_id WHERE c.profile = v.profile ' +
        'AND c.object_id = v.object_id AND c.indicator = v.indicator AND c.version > v.version)',
    )
    .run(indicator);
  statements
    .get(`DELETE FROM stix_object_versions AS v WHERE v.indicator = ? AND ${beyond()}`)
    .run(indicator, Math.max(retention - 1, 0));
}

/** Prunes every object's earlier versions to the retention, as when it was lowered. */
export function pruneAllVersions(statements: StatementCache, retention: number): number {
  const kept = Math.max(retention - 1, 0);
  const sql =
    kept === 0
      ? 'DELETE FROM stix_object_versions'
      : `DELETE FROM stix_object_versions AS v WHERE ${beyond()}`;
  const result = kept === 0 ? statements.get(sql).run() : statements.get(sql).run(kept);
  return result.changes;
}

/** The condition on `v` that this many or more earlier versions of its object are newer. */
function beyond(): string {
  return (
    '(SELECT count(*) FROM stix_object_versions n WHERE n.profile = v.profile ' +
    'AND n.object_id = v.object_id AND n.version > v.version) >= ?'
  );
}
