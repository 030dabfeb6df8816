/** Pages and counts of a collection's indicator-derived objects in the PostgreSQL store. */
import type pg from 'pg';

import type { SqlPredicate } from '../../query/sql-predicate.js';
import { objectsFrom, versionCondition } from '../object-versions-sql.js';
import type {
  IndicatorStore,
  ObjectFilter,
  ObjectPage,
  ObjectRecord,
  StoreQuery,
} from '../store.js';

export interface PostgresQuery extends StoreQuery {
  readonly dialect: 'postgres';
  readonly predicate: SqlPredicate;
}

type CountFilter = Parameters<IndicatorStore['countObjects']>[0];

export async function pageObjectRows(pool: pg.Pool, filter: ObjectFilter): Promise<ObjectPage> {
  const { from, where, params, bind } = objectConditions(filter);
  if (filter.after) {
    const after = `(${bind(filter.after.dateAdded)}::bigint, ${bind(filter.after.id)}::text)`;
    where.push(`(o.date_added, o.object_id) > ${after}`);
  }

  const body = filter.withJson ? 'o.json' : "''";
  const sql =
    `SELECT o.object_id AS id, o.type, o.version, o.date_added AS "dateAdded", ${body} AS json ` +
    `FROM ${from} WHERE ${where.join(' AND ')} ` +
    `ORDER BY o.date_added, o.object_id LIMIT ${bind(filter.limit + 1)}` +
    // Only TAXII 2.0's item ranges skip by offset; 2.1 pages continue from a keyset position.
    (filter.offset ? ` OFFSET ${bind(filter.offset)}` : '');

  const { rows } = await pool.query<ObjectRecord>(sql, params);
  const more = rows.length > filter.limit;
  return { objects: more ? rows.slice(0, filter.limit) : rows, more };
}

export async function countObjectRows(pool: pg.Pool, filter: CountFilter): Promise<number> {
  const { from, where, params } = objectConditions(filter);
  const sql = `SELECT count(*)::int AS n FROM ${from} WHERE ${where.join(' AND ')}`;
  const result = await pool.query<{ n: number }>(sql, params);
  return Number(result.rows[0]!.n);
}

export function asPostgresQuery(query: StoreQuery): PostgresQuery {
  if (query.dialect !== 'postgres') {
    throw new Error(`a ${query.dialect} query cannot run on the PostgreSQL store`);
  }
  return query as PostgresQuery;
}

/**
 * The tables and WHERE conditions every object read shares: profile, query and the TAXII
 * filters. A query that selects every indicator needs no indicator columns, so the join is
 * left out. Earlier versions belong to the collection that selects their indicator now.
 */
function objectConditions(filter: CountFilter) {
  const { predicate } = asPostgresQuery(filter.query);
  const params: unknown[] = predicate.matchesAll ? [] : predicate.params(filter.now);
  const bind = (value: unknown): string => `$${params.push(value)}`;
  const where = [`o.profile = ${bind(filter.profile)}`];
  // A relationship to another indicator's object is served only where that object is in the
  // collection too. The subquery's `i` is the target's indicator; the predicate's parameters
  // ($1 ...) are bound once and serve both.
  const sameTarget = 't.profile = o.profile AND t.object_id = o.target_ref';
  // Of the copies of a shared object (a marking definition), only the first in the collection
  // is served: none earlier belongs to an indicator the query selects. The search runs back
  // from the row, where the nearest earlier copy in the collection usually is.
  const earlierCopy =
    'e.profile = o.profile AND e.object_id = o.object_id AND e.shared ' +
    'AND e.date_added < o.date_added';
  if (predicate.matchesAll) {
    where.push(
      `(o.target_ref IS NULL OR EXISTS (SELECT 1 FROM stix_objects t WHERE ${sameTarget}))`,
      `(NOT o.shared OR NOT EXISTS (SELECT 1 FROM stix_objects e WHERE ${earlierCopy} ` +
        'ORDER BY e.date_added DESC LIMIT 1))',
    );
  } else {
    where.unshift(`(${predicate.sql})`);
    where.push(
      '(o.target_ref IS NULL OR EXISTS (SELECT 1 FROM stix_objects t ' +
        'JOIN indicators i ON i.key = t.indicator ' +
        `WHERE ${sameTarget} AND (${predicate.sql})))`,
      '(NOT o.shared OR NOT EXISTS (SELECT 1 FROM stix_objects e ' +
        `JOIN indicators i ON i.key = e.indicator WHERE ${earlierCopy} AND (${predicate.sql}) ` +
        'ORDER BY e.date_added DESC LIMIT 1))',
    );
  }
  const objects = objectsFrom('postgres', filter.versions);
  const from = predicate.matchesAll
    ? objects
    : `${objects} JOIN indicators i ON i.key = o.indicator`;

  if (filter.addedAfter !== undefined) where.push(`o.date_added > ${bind(filter.addedAfter)}`);
  if (filter.types?.length) where.push(`o.type = ANY(${bind(filter.types)}::text[])`);
  if (filter.ids?.length) where.push(`o.object_id = ANY(${bind(filter.ids)}::text[])`);
  const versions = versionCondition('postgres', filter.versions, (values) =>
    values.map((v) => bind(v)).join(', '),
  );
  if (versions !== null) where.push(versions);
  return { from, where, params, bind };
}
