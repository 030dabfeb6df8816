/** Pages and counts of a collection's indicator-derived objects in the PostgreSQL store. */
import type pg from 'pg';

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

export interface PostgresQuery extends StoreQuery {
  readonly dialect: 'postgres';
  readonly predicate: SqlPredicate;
}

type CountFilter = Parameters<IndicatorStore['countObjects']>[0];

export async function pageObjectRows(pool: pg.Pool, filter: ObjectFilter): Promise<ObjectPage> {
  const params = statementParams(filter);
  const bind = (value: unknown): string => `$${params.push(value)}`;
  const body = filter.withJson ? 'o.json' : "''";
  const arms = versionArms(filter.versions).flatMap((arm) => {
    const where = objectConditions(filter, arm, bind);
    if (!where) return [];
    if (filter.after) {
      const after = `(${bind(filter.after.dateAdded)}::bigint, ${bind(filter.after.id)}::text)`;
      where.push(`(o.date_added, o.object_id) > ${after}`);
    }
    return [
      `SELECT o.object_id AS id, o.type, o.version, o.date_added AS "dateAdded", ${body} AS json ` +
        `FROM ${from(filter, arm)} WHERE ${where.join(' AND ')} ORDER BY o.date_added, o.object_id`,
    ];
  });
  const skip = filter.offset ?? 0;
  let sql: string;
  if (arms.length === 1) {
    sql =
      `${arms[0]} LIMIT ${bind(filter.limit + 1)}` +
      // Only TAXII 2.0's item ranges skip by offset; 2.1 pages continue from a keyset position.
      (skip ? ` OFFSET ${bind(skip)}` : '');
  } else {
    // Each arm reads its own index in order and stops where the page can end.
    const end = skip + filter.limit + 1;
    const limited = arms.map((arm, n) => `SELECT * FROM (${arm} LIMIT ${end}) AS arm${n}`);
    sql =
      `${limited.join(' UNION ALL ')} ORDER BY 4, 1 ` +
      `LIMIT ${bind(filter.limit + 1)} OFFSET ${bind(skip)}`;
  }

  const { rows } = await pool.query<ObjectRecord>(sql, params);
  const more = rows.length > filter.limit;
  return { objects: more ? rows.slice(0, filter.limit) : rows, more };
}

export async function countObjectRows(pool: pg.Pool, filter: CountFilter): Promise<number> {
  const params = statementParams(filter);
  const bind = (value: unknown): string => `$${params.push(value)}`;
  const counts = versionArms(filter.versions).flatMap((arm) => {
    const where = objectConditions(filter, arm, bind);
    return where
      ? [`(SELECT count(*) FROM ${from(filter, arm)} WHERE ${where.join(' AND ')})`]
      : [];
  });
  if (counts.length === 0) return 0;
  const result = await pool.query<{ n: number }>(
    `SELECT (${counts.join(' + ')})::int AS n`,
    params,
  );
  return Number(result.rows[0]!.n);
}

/** The statement's parameters to begin with: the collection predicate's, bound once. */
function statementParams(filter: CountFilter): unknown[] {
  const { predicate } = asPostgresQuery(filter.query);
  return predicate.matchesAll ? [] : predicate.params(filter.now);
}

export function asPostgresQuery(query: StoreQuery): PostgresQuery {
  if (query.dialect !== 'postgres') {
    throw new Error(`a ${query.dialect} query cannot run on the PostgreSQL store`);
  }
  return query as PostgresQuery;
}

/**
 * The tables of one arm (ARM_TABLE, as `o`): a query that selects every indicator needs no
 * indicator columns, so the join is left out.
 */
function from(filter: CountFilter, arm: VersionArm): string {
  const table = `${ARM_TABLE[arm]} o`;
  const { predicate } = asPostgresQuery(filter.query);
  return predicate.matchesAll ? table : `${table} JOIN indicators i ON i.key = o.indicator`;
}

/**
 * The WHERE conditions every object read shares: profile, query and the TAXII filters, on one
 * arm; null when the arm holds none of the versions asked for. `bind` numbers parameters for
 * the whole statement. Earlier versions belong to the collection that selects their indicator
 * now.
 */
function objectConditions(
  filter: CountFilter,
  arm: VersionArm,
  bind: (value: unknown) => string,
): string[] | null {
  const { predicate } = asPostgresQuery(filter.query);
  // The predicate's marks are $1 ... : its parameters come first in the statement (see
  // statementParams), and every arm and subquery uses them.
  const predicateSql = predicate.sql;
  const where = [`o.profile = ${bind(filter.profile)}`];
  // A relationship to another indicator's object is served only where that object is in the
  // collection too. The subquery's `i` is the target's indicator.
  const sameTarget = 't.profile = o.profile AND t.object_id = o.target_ref';
  // Of the copies of a shared object (a marking definition), only the first in the collection
  // is served: none earlier belongs to an indicator the query selects. The search runs back
  // from the row, where the nearest earlier copy in the collection usually is. Earlier versions
  // are never shared copies.
  const earlierCopy =
    'e.profile = o.profile AND e.object_id = o.object_id AND e.shared ' +
    'AND e.date_added < o.date_added';
  // A report (and each relationship rendered with it) is served only where every object it
  // names is in the collection: none of its target_refs is missing.
  const sameTargets = 't.profile = o.profile AND t.object_id = x.ref COLLATE "C"';
  const missing = (found: string) =>
    '(o.target_refs IS NULL OR NOT EXISTS (SELECT 1 FROM ' +
    `jsonb_array_elements_text(o.target_refs) AS x(ref) WHERE NOT EXISTS (${found})))`;
  const latest = arm === 'latest';
  if (predicate.matchesAll) {
    where.push(
      `(o.target_ref IS NULL OR EXISTS (SELECT 1 FROM stix_objects t WHERE ${sameTarget}))`,
      missing(`SELECT 1 FROM stix_objects t WHERE ${sameTargets}`),
    );
    if (latest) {
      where.push(
        `(NOT o.shared OR NOT EXISTS (SELECT 1 FROM stix_objects e WHERE ${earlierCopy} ` +
          'ORDER BY e.date_added DESC LIMIT 1))',
      );
    }
  } else {
    where.unshift(`(${predicateSql})`);
    where.push(
      '(o.target_ref IS NULL OR EXISTS (SELECT 1 FROM stix_objects t ' +
        'JOIN indicators i ON i.key = t.indicator ' +
        `WHERE ${sameTarget} AND (${predicateSql})))`,
      missing(
        'SELECT 1 FROM stix_objects t JOIN indicators i ON i.key = t.indicator ' +
          `WHERE ${sameTargets} AND (${predicateSql})`,
      ),
    );
    if (latest) {
      where.push(
        '(NOT o.shared OR NOT EXISTS (SELECT 1 FROM stix_objects e ' +
          `JOIN indicators i ON i.key = e.indicator WHERE ${earlierCopy} AND (${predicateSql}) ` +
          'ORDER BY e.date_added DESC LIMIT 1))',
      );
    }
  }

  if (filter.addedAfter !== undefined) where.push(`o.date_added > ${bind(filter.addedAfter)}`);
  if (filter.types?.length) where.push(`o.type = ANY(${bind(filter.types)}::text[])`);
  if (filter.ids?.length) where.push(`o.object_id = ANY(${bind(filter.ids)}::text[])`);
  const versions = versionCondition(filter.versions, arm, (values) =>
    values.map((v) => bind(v)).join(', '),
  );
  if (versions === false) return null;
  if (versions !== null) where.push(versions);
  return where;
}
