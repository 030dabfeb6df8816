/**
 * The PostgreSQL dialect of the query compiler (sql-compiler.ts), over the schema in
 * src/store/postgres/schema.ts: the same tree, the same meaning, row for row.
 *
 * Parameters are `$1`, `$2` ... in the order bound; the store numbers its own after them.
 * Index use: text compares `lower(column COLLATE "C")`, the expression the schema indexes, with
 * `=`, `= ANY(array)` or LIKE (an index range when the pattern has a literal prefix, because the
 * index's collation is "C").
 */
import type { QueryNode } from './ast.js';
import { compileCustomField } from './postgres-custom-fields.js';
import { POSTGRES_BOOLEANS, textMatch } from './postgres-text-match.js';
import { compileSql, type SqlDialect } from './sql-compiler.js';
import type { SqlPredicate } from './sql-predicate.js';

const POSTGRES: SqlDialect = {
  placeholder: (position) => `$${position}`,
  booleans: POSTGRES_BOOLEANS,
  textMatch,
  customField: compileCustomField,
  scoreIn: (scores, params) => `i.score = ANY(${params.bind(scores)}::smallint[])`,
  integer: (param) => `${param}::bigint`,
};

/** Compiles a parsed query once; the predicate's params are resolved per request. */
export function compilePostgres(node: QueryNode): SqlPredicate {
  return compileSql(node, POSTGRES);
}
