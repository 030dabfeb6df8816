/**
 * The versions of indicators' objects, as SQL both stores share. The latest version of every
 * object is in `stix_objects`, the only table the default read (`last`) touches; the earlier
 * versions a store retains are in `stix_object_versions`, every one older than the object's
 * latest. A read that asks for other versions reads both as one relation named `o`, with a
 * `latest` column telling them apart.
 */
import { latestOnly, type ObjectVersions } from './store.js';

export type Dialect = 'sqlite' | 'postgres';

const COLUMNS = 'profile, indicator, object_id, type, version, date_added, json, target_ref';

/** The relation `o` a read of these versions draws from. */
export function objectsFrom(dialect: Dialect, versions: ObjectVersions | undefined): string {
  if (latestOnly(versions)) return 'stix_objects o';
  const [yes, no] = dialect === 'sqlite' ? ['1', '0'] : ['true', 'false'];
  return (
    `(SELECT ${COLUMNS}, shared, ${yes} AS latest FROM stix_objects UNION ALL ` +
    `SELECT ${COLUMNS}, ${no} AS shared, ${no} AS latest FROM stix_object_versions) o`
  );
}

/**
 * The condition on `o` that a row is one of the versions asked for, or null when every row is
 * (the latest alone, read from stix_objects, or `all`). `bindList` binds values and returns
 * their marks, comma-separated.
 */
export function versionCondition(
  dialect: Dialect,
  versions: ObjectVersions | undefined,
  bindList: (values: readonly string[]) => string,
): string | null {
  if (latestOnly(versions) || versions!.all) return null;
  const any: string[] = [];
  if (versions!.exact.length > 0) any.push(`o.version IN (${bindList(versions!.exact)})`);
  if (versions!.last) any.push(dialect === 'sqlite' ? 'o.latest = 1' : 'o.latest');
  if (versions!.first) {
    // Earlier versions are all older than the latest, so the first is the one with none older.
    const older =
      dialect === 'sqlite' ? 'h.version < o.version' : 'h.version < o.version COLLATE "C"';
    any.push(
      'NOT EXISTS (SELECT 1 FROM stix_object_versions h WHERE h.profile = o.profile ' +
        `AND h.object_id = o.object_id AND ${older})`,
    );
  }
  return any.length === 0 ? (dialect === 'sqlite' ? '0' : 'false') : `(${any.join(' OR ')})`;
}
