/** Pages and counts of a collection's indicator-derived objects in the SQLite store. */
import type { SqlPredicate } from '../../query/sql-predicate.js';
import { objectsFrom, versionCondition } from '../object-versions-sql.js';
import type {
  IndicatorStore,
  ObjectFilter,
  ObjectPage,
  ObjectRecord,
  StoreQuery,
} from '../store.js';
import { firstSharedCopy, targetInCollection } from './object-rows.js';
import type { StatementCache } from './statement-cache.js';

export interface SqliteQuery extends StoreQuery {
  readonly dialect: 'sqlite';
  readonly predicate: SqlPredicate;
}

type CountFilter = Parameters<IndicatorStore['countObjects']>[0];

export function pageObjectRows(statements: StatementCache, filter: ObjectFilter): ObjectPage {
  const { from, where, params } = objectConditions(filter);
  if (filter.after) {
    where.push('(o.date_added, o.object_id) > (?, ?)');
    params.push(filter.after.dateAdded, filter.after.id);
  }

  const body = filter.withJson ? 'o.json' : "''";
  const sql =
    `SELECT o.object_id AS id, o.type, o.version, o.date_added AS dateAdded, ${body} AS json ` +
    `FROM ${from} WHERE ${where.join(' AND ')} ORDER BY o.date_added, o.object_id LIMIT ?` +
    (filter.offset ? ' OFFSET ?' : '');
  params.push(filter.limit + 1);
  if (filter.offset) params.push(filter.offset);

  const rows = statements.get(sql).all(...params) as ObjectRecord[];
  const more = rows.length > filter.limit;
  return { objects: more ? rows.slice(0, filter.limit) : rows, more };
}

export function countObjectRows(statements: StatementCache, filter: CountFilter): number {
  const { from, where, params } = objectConditions(filter);
  const sql = `SELECT count(*) AS n FROM ${from} WHERE ${where.join(' AND ')}`;
  return (statements.get(sql).get(...params) as { n: number }).n;
}

/**
 * The tables and WHERE conditions every object read shares: profile, query and the TAXII
 * filters. A query that selects every indicator needs no indicator columns, so the join is
 * left out, and a page of the latest versions reads the objects' primary key alone, as a bare
 * keyset read does. Earlier versions belong to the collection that selects their indicator now.
 */
function objectConditions(filter: CountFilter) {
  const { predicate } = asSqliteQuery(filter.query);
  const where = ['o.profile = ?'];
  const params: unknown[] = [filter.profile];
  if (predicate.matchesAll) {
    where.push(targetInCollection(null), firstSharedCopy(null));
  } else {
    const predicateParams = predicate.params(filter.now);
    where.push(`(${predicate.sql})`);
    // CASE makes SQLite test the row's own indicator first: otherwise it may search the earlier
    // copies of every row, the collection's or not, which is quadratic in a sparse collection.
    const [target, shared] = [targetInCollection, firstSharedCopy].map((f) => f(predicate.sql));
    where.push(`(CASE WHEN (${predicate.sql}) THEN ${target} AND ${shared} ELSE 0 END)`);
    params.push(...predicateParams, ...predicateParams, ...predicateParams, ...predicateParams);
  }
  const objects = objectsFrom('sqlite', filter.versions);
  const from = predicate.matchesAll
    ? objects
    : `${objects} JOIN indicators i ON i.key = o.indicator`;
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
  const versions = versionCondition('sqlite', filter.versions, bindList);
  if (versions !== null) where.push(versions);
  return { from, where, params };
}

export function asSqliteQuery(query: StoreQuery): SqliteQuery {
  if (query.dialect !== 'sqlite') {
    throw new Error(`a ${query.dialect} query cannot run on the SQLite store`);
  }
  return query as SqliteQuery;
}
