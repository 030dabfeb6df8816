/**
 * The versions of indicators' objects, as SQL both stores share. The latest version of every
 * object is in `stix_objects`, the only table the default read (`last`) touches; the earlier
 * versions a store retains are in `stix_object_versions`, every one older than the object's
 * latest. A read that asks for other versions reads each table in its own index order, as one
 * arm of a UNION ALL, and merges the two: each arm stops at the page's end, so a deep page
 * costs no more than the latest versions' page does.
 */
import { latestOnly, type ObjectVersions } from './store.js';

export type Dialect = 'sqlite' | 'postgres';

/** One table of object versions: the latest, or the earlier ones (which are never shared). */
export type VersionArm = 'latest' | 'earlier';

export const ARM_TABLE: Readonly<Record<VersionArm, string>> = {
  latest: 'stix_objects',
  earlier: 'stix_object_versions',
};

/** The tables a read of these versions draws from. */
export function versionArms(versions: ObjectVersions | undefined): VersionArm[] {
  return latestOnly(versions) ? ['latest'] : ['latest', 'earlier'];
}

/**
 * The condition on one arm's rows (`o`) that a row is one of the versions asked for: null when
 * every row of the arm is, `false` when none is (the arm can be left out). `bindList` binds
 * values and returns their marks, comma-separated.
 */
export function versionCondition(
  versions: ObjectVersions | undefined,
  arm: VersionArm,
  bindList: (values: readonly string[]) => string,
): string | null | false {
  if (latestOnly(versions) || versions!.all) return null;
  if (versions!.last && arm === 'latest') return null;
  const any: string[] = [];
  if (versions!.exact.length > 0) any.push(`o.version IN (${bindList(versions!.exact)})`);
  if (versions!.first) {
    // Earlier versions are all older than the latest, so the first is the one with none older.
    const older = arm === 'latest' ? '' : ' AND h.version < o.version';
    any.push(
      'NOT EXISTS (SELECT 1 FROM stix_object_versions h WHERE h.profile = o.profile ' +
        `AND h.object_id = o.object_id${older})`,
    );
  }
  return any.length === 0 ? false : `(${any.join(' OR ')})`;
}
