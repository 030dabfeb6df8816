/**
 * Writing an indicator's rendered objects, and the conditions that keep a relationship to
 * another indicator's object, or a report naming several, out of any collection that does not
 * hold those objects too.
 */
import type { StoredObject } from '../store.js';
import type { StatementCache } from './statement-cache.js';

/**
 * Inserts one indicator's objects at its date_added. A relationship to another
 * indicator's object is dated by the later of its two ends, and so, when this indicator is such
 * a target, are the relationships already stored that point at its objects: a poller resuming
 * from an earlier date sees a relationship once both of its ends are there. Reports, which name
 * several objects, are dated once the whole write is done (redateReports).
 */
export function insertObjectRows(
  statements: StatementCache,
  indicator: number,
  dateAdded: number,
  objects: readonly StoredObject[],
  holding: RelationshipsHeld = new Map(),
): void {
  // The caller has removed the indicator's old objects and the list repeats no (profile, id);
  // should two indicators still name one object at one date, the first stays, as in the
  // PostgreSQL store. OR IGNORE costs what a plain INSERT does; OR REPLACE, several times more.
  const insert = statements.get(
    'INSERT OR IGNORE INTO stix_objects (profile, indicator, object_id, type, version, ' +
      'date_added, json, target_ref, target_refs, shared) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const targetDate = statements.get(
    'SELECT max(date_added) AS d FROM stix_objects WHERE profile = ? AND object_id = ?',
  );
  for (const o of objects) {
    const target = o.targetRef ?? null;
    const found =
      target === null ? null : (targetDate.get(o.profile, target) as { d: number | null });
    const date = Math.max(dateAdded, found?.d ?? 0);
    const [targets, shared] = [targetRefsColumn(o), o.shared ? 1 : 0];
    insert.run(
      o.profile,
      indicator,
      o.id,
      o.type,
      o.version,
      date,
      o.json,
      target,
      targets,
      shared,
    );
    if (target !== null) holding.set(o.profile, true);
  }

  const redate = statements.get(
    'UPDATE OR IGNORE stix_objects SET date_added = ? ' +
      'WHERE profile = ? AND target_ref = ? AND date_added < ?',
  );
  for (const o of objects) {
    if (o.shared) continue;
    let holds = holding.get(o.profile);
    if (holds === undefined)
      holding.set(o.profile, (holds = holdsRelationships(statements, o.profile)));
    if (holds) redate.run(dateAdded, o.profile, o.id, dateAdded);
  }
}

/**
 * Per profile, whether the store holds any relationship to another indicator's object: when it
 * holds none, nothing needs re-dating. Valid within one write transaction (no other writer can
 * add one meanwhile); a transaction's upserts share one, so each profile is asked once.
 */
export type RelationshipsHeld = Map<string, boolean>;

/** The target_refs column of an object: its targets as a JSON array, or null. */
export function targetRefsColumn(o: Pick<StoredObject, 'targetRefs'>): string | null {
  return o.targetRefs ? JSON.stringify(o.targetRefs) : null;
}

/**
 * Dates every object that names several targets (a report and its relationships) by the latest
 * of its own date and its targets' objects', as a relationship is dated by its later end. Run
 * once a write's objects are all in place, inside its transaction: it reads every such row of
 * the store, which the partial index keeps to the reports alone.
 */
export function redateReports(statements: StatementCache): void {
  // CROSS JOIN keeps the report's few targets outside: the planner would otherwise walk the
  // profile's every object and look each up among them.
  const latest =
    '(SELECT max(t.date_added) FROM json_each(o.target_refs) r ' +
    'CROSS JOIN stix_objects t INDEXED BY stix_objects_id ' +
    'ON t.profile = o.profile AND t.object_id = r.value)';
  // OR IGNORE as for relationships: of two copies of one object at one date, the first stays.
  statements
    .get(
      `UPDATE OR IGNORE stix_objects AS o SET date_added = ${latest} ` +
        `WHERE o.target_refs IS NOT NULL AND o.date_added < ${latest}`,
    )
    .run();
}

function holdsRelationships(statements: StatementCache, profile: string): boolean {
  const probe = statements.get(
    'SELECT 1 FROM stix_objects WHERE profile = ? AND target_ref IS NOT NULL LIMIT 1',
  );
  return probe.get(profile) !== undefined;
}

/**
 * The condition on `stix_objects o` that a relationship's target is in the collection: an
 * object with its id in the same profile, of an indicator the collection's predicate selects.
 * The subquery names its indicator `i` as the predicate expects; inside it, that `i` is the
 * target's. Bind the predicate's parameters again for it. A null predicate, for a collection
 * of every indicator, asks only that the target exists.
 */
export function targetInCollection(predicateSql: string | null): string {
  const target = 'SELECT 1 FROM stix_objects t';
  const same = 't.profile = o.profile AND t.object_id = o.target_ref';
  if (predicateSql === null) return `(o.target_ref IS NULL OR EXISTS (${target} WHERE ${same}))`;
  // Left to itself, SQLite's planner walks the profile's whole primary key for each
  // relationship once the indicators join is in the subquery; the id index finds the target.
  return (
    `(o.target_ref IS NULL OR EXISTS (${target} INDEXED BY stix_objects_id ` +
    `JOIN indicators i ON i.key = t.indicator WHERE ${same} AND (${predicateSql})))`
  );
}

/**
 * The condition on `stix_objects o` that every object it names in `target_refs` (a report's
 * object_refs) is in the collection, as targetInCollection asks of one. Bind the predicate's
 * parameters again for it; a null predicate asks only that each exists.
 */
export function targetsInCollection(predicateSql: string | null): string {
  const same = 't.profile = o.profile AND t.object_id = r.value';
  const found =
    predicateSql === null
      ? `SELECT 1 FROM stix_objects t WHERE ${same}`
      : 'SELECT 1 FROM stix_objects t INDEXED BY stix_objects_id ' +
        `JOIN indicators i ON i.key = t.indicator WHERE ${same} AND (${predicateSql})`;
  const missing = `SELECT 1 FROM json_each(o.target_refs) r WHERE NOT EXISTS (${found})`;
  return `(o.target_refs IS NULL OR NOT EXISTS (${missing}))`;
}

/**
 * The condition on `stix_objects o` that a shared copy (shared-objects.ts in src/stix) is the
 * first in the collection: no earlier copy of the same object belongs to an indicator the
 * predicate selects. The search runs back from the row, where the nearest earlier copy in the
 * collection usually is. Bind the predicate's parameters again for it; a null predicate, for
 * a collection of every indicator, asks for no earlier copy at all.
 */
export function firstSharedCopy(predicateSql: string | null): string {
  const earlier =
    'e.profile = o.profile AND e.object_id = o.object_id AND e.shared = 1 ' +
    'AND e.date_added < o.date_added ORDER BY e.date_added DESC LIMIT 1';
  if (predicateSql === null) {
    return `(o.shared = 0 OR NOT EXISTS (SELECT 1 FROM stix_objects e WHERE ${earlier}))`;
  }
  // As for relationships: unguided, the planner walks back over every earlier object of the
  // profile; the shared-copy index walks back over the copies of this one.
  return (
    '(o.shared = 0 OR NOT EXISTS (SELECT 1 FROM stix_objects e INDEXED BY stix_objects_shared ' +
    `JOIN indicators i ON i.key = e.indicator WHERE (${predicateSql}) AND ${earlier}))`
  );
}
