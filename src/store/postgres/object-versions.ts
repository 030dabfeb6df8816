/**
 * Keeping the earlier versions of indicators' objects in the PostgreSQL store when they change,
 * as the SQLite store does (sqlite/object-versions.ts): the objects they had move to
 * `stix_object_versions` before the new ones are written, then each object keeps at most
 * `retention - 1` earlier versions beside its latest. Call inside a write transaction.
 */
import type pg from 'pg';

const COLUMNS =
  'profile, indicator, object_id, type, version, date_added, json, target_ref, target_refs';

/** Moves these indicators' latest objects, shared copies apart, to the earlier versions. */
export async function archiveObjects(
  client: pg.ClientBase,
  indicators: readonly number[],
  retention: number,
): Promise<void> {
  if (retention <= 1 || indicators.length === 0) return;
  await client.query(
    `INSERT INTO stix_object_versions (${COLUMNS}) SELECT ${COLUMNS} FROM stix_objects ` +
      'WHERE indicator = ANY($1::bigint[]) AND NOT shared ON CONFLICT DO NOTHING',
    [indicators],
  );
}

/**
 * After these indicators' new objects are written: drops the earlier versions of objects they
 * no longer have or whose latest is not newer, then each object's beyond the retention.
 */
export async function settleVersions(
  client: pg.ClientBase,
  indicators: readonly number[],
  retention: number,
): Promise<void> {
  if (indicators.length === 0) return;
  const probe = await client.query(
    'SELECT 1 FROM stix_object_versions WHERE indicator = ANY($1::bigint[]) LIMIT 1',
    [indicators],
  );
  if (probe.rowCount === 0) return;
  await client.query(
    'DELETE FROM stix_object_versions v WHERE v.indicator = ANY($1::bigint[]) AND NOT EXISTS ' +
      '(SELECT 1 FROM stix_objects c WHERE c.indicator = v.indicator AND c.profile = v.profile ' +
      'AND c.object_id = v.object_id AND c.version COLLATE "C" > v.version)',
    [indicators],
  );
  await client.query(
    `DELETE FROM stix_object_versions v WHERE v.indicator = ANY($1::bigint[]) AND ${beyond('$2')}`,
    [indicators, Math.max(retention - 1, 0)],
  );
}

/** Prunes every object's earlier versions to the retention, as when it was lowered. */
export async function pruneAllVersions(client: pg.ClientBase, retention: number): Promise<number> {
  const kept = Math.max(retention - 1, 0);
  const result =
    kept === 0
      ? await client.query('DELETE FROM stix_object_versions')
      : await client.query(`DELETE FROM stix_object_versions v WHERE ${beyond('$1')}`, [kept]);
  return result.rowCount ?? 0;
}

/** The condition on `v` that `mark` or more earlier versions of its object are newer. */
function beyond(mark: string): string {
  return (
    '(SELECT count(*) FROM stix_object_versions n WHERE n.profile = v.profile ' +
    `AND n.object_id = v.object_id AND n.version COLLATE "C" > v.version) >= ${mark}`
  );
}
