/** Pages and counts of a collection's indicator-derived objects in the SQLite store. */
import type { SqlPredicate } from '../../query/sql-predicate.js';
import {
  ARM_TABLE,
  versionArms,
  versionCondition,
  type VersionArm,
} from '../object-versions-sql.js';
import type {
  IndicatorStore,
  ObjectFilter,
  ObjectPage,
  ObjectRecord,
  StoreQuery,
} from '../store.js';
import { firstSharedCopy, targetInCollection, targetsInCollection } from './object-rows.js';
import type { StatementCache } from './statement-cache.js';

export interface SqliteQuery extends StoreQuery {
  readonly dialect: 'sqlite';
  readonly predicate: SqlPredicate;
}

type CountFilter = Parameters<IndicatorStore['countObjects']>[0];

export function pageObjectRows(statements: StatementCache, filter: ObjectFilter): ObjectPage {
  const body = filter.withJson ? 'o.json' : "''";
  const params: unknown[] = [];
  const arms = selectedArms(filter).map(({ from, where, params: armParams }) => {
    params.push(...armParams);
    if (filter.after) {
      where.push('(o.date_added, o.object_id) > (?, ?)');
      params.push(filter.after.dateAdded, filter.after.id);
    }
    return (
      `SELECT o.object_id AS id, o.type, o.version, o.date_added AS dateAdded, ${body} AS json ` +
      `FROM ${from} WHERE ${where.join(' AND ')} ORDER BY o.date_added, o.object_id`
    );
  });
  const skip = filter.offset ?? 0;
  let sql: string;
  if (arms.length === 1) {
    sql = `${arms[0]} LIMIT ?` + (skip ? ' OFFSET ?' : '');
    params.push(filter.limit + 1);
    if (skip) params.push(skip);
  } else {
    // Each arm reads its own index in order and stops where the page can end; the merge of the
    // two sorts no more than twice a page.
    const limited = arms.map((arm) => `SELECT * FROM (${arm} LIMIT ${skip + filter.limit + 1})`);
    sql = `${limited.join(' UNION ALL ')} ORDER BY 4, 1 LIMIT ? OFFSET ?`;
    params.push(filter.limit + 1, skip);
  }

  const rows = statements.get(sql).all(...params) as ObjectRecord[];
  const more = rows.length > filter.limit;
  return { objects: more ? rows.slice(0, filter.limit) : rows, more };
}

export function countObjectRows(statements: StatementCache, filter: CountFilter): number {
  const params: unknown[] = [];
  const counts = selectedArms(filter).map(({ from, where, params: armParams }) => {
    params.push(...armParams);
    return `(SELECT count(*) FROM ${from} WHERE ${where.join(' AND ')})`;
  });
  if (counts.length === 0) return 0;
  const sql = `SELECT ${counts.join(' + ')} AS n`;
  return (statements.get(sql).get(...params) as { n: number }).n;
}

/** The conditions of each table the filter's versions can come from. */
function selectedArms(filter: CountFilter) {
  return versionArms(filter.versions).flatMap((arm) => {
    const conditions = objectConditions(filter, arm);
    return conditions ? [conditions] : [];
  });
}

/**
 * The tables and WHERE conditions every object read shares: profile, query and the TAXII
 * filters, on one arm (ARM_TABLE) as `o`; null when the arm holds none of the versions asked
 * for. A query that selects every indicator needs no indicator columns, so the join is left
 * out, and a page of the latest versions reads the objects' primary key alone, as a bare
 * keyset read does. Earlier versions belong to the collection that selects their indicator now.
 */
function objectConditions(filter: CountFilter, arm: VersionArm) {
  const { predicate } = asSqliteQuery(filter.query);
  const where = ['o.profile = ?'];
  const params: unknown[] = [filter.profile];
  // Earlier versions are never shared copies.
  const shared = arm === 'latest' ? firstSharedCopy : null;
  if (predicate.matchesAll) {
    where.push(targetInCollection(null), targetsInCollection(null));
    if (shared) where.push(shared(null));
  } else {
    const predicateParams = predicate.params(filter.now);
    where.push(`(${predicate.sql})`);
    // CASE makes SQLite test the row's own indicator first: otherwise it may search the earlier
    // copies of every row, the collection's or not, which is quadratic in a sparse collection.
    const own = [
      targetInCollection(predicate.sql),
      targetsInCollection(predicate.sql),
      ...(shared ? [shared(predicate.sql)] : []),
    ];
    where.push(`(CASE WHEN (${predicate.sql}) THEN ${own.join(' AND ')} ELSE 0 END)`);
    for (let n = 0; n < 2 + own.length; n++) params.push(...predicateParams);
  }
  const table = `${ARM_TABLE[arm]} o`;
  const from = predicate.matchesAll ? table : `${table} JOIN indicators i ON i.key = o.indicator`;
  const bindList = (values: readonly unknown[]) => {
    params.push(...values);
    return values.map(() => '?').join(', ');
  };

  if (filter.addedAfter !== undefined) {
    where.push('o.date_added > ?');
    params.push(filter.addedAfter);
  }
  if (filter.types?.length) where.push(`o.type IN (${bindList(filter.types)})`);
  if (filter.ids?.length) where.push(`o.object_id IN (${bindList(filter.ids)})`);
  const versions = versionCondition(filter.versions, arm, bindList);
  if (versions === false) return null;
  if (versions !== null) where.push(versions);
  return { from, where, params };
}

export function asSqliteQuery(query: StoreQuery): SqliteQuery {
  if (query.dialect !== 'sqlite') {
    throw new Error(`a ${query.dialect} query cannot run on the SQLite store`);
  }
  return query as SqliteQuery;
}
