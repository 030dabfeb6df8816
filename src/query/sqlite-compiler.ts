/**
 * The SQLite dialect of the query compiler (sql-compiler.ts), over the schema in
 * src/store/sqlite/schema.ts.
 *
 * Index use: single values compare with `= ? COLLATE NOCASE` and lists with
 * `COLLATE NOCASE IN (...)` (the NOCASE indexes on type, value, tag and source name); wildcards
 * use LIKE, which SQLite turns into an index range when the pattern has a literal prefix. LIKE
 * is case-insensitive only while `PRAGMA case_sensitive_like` is off, SQLite's default.
 */
import type { QueryNode } from './ast.js';
import { compileSql, type SqlDialect } from './sql-compiler.js';
import type { SqlPredicate } from './sql-predicate.js';
import { compileCustomField } from './sqlite-custom-fields.js';
import { SQLITE_BOOLEANS } from './sqlite-params.js';
import { textMatch } from './sqlite-text-match.js';

export type { SqlPredicate } from './sql-predicate.js';

const SQLITE: SqlDialect = {
  booleans: SQLITE_BOOLEANS,
  textMatch,
  customField: compileCustomField,
  scoreIn: (scores, params) => `i.score IN (${params.bindList(scores)})`,
  integer: (param) => param,
};

/** Compiles a parsed query once; the predicate's params are resolved per request. */
export function compileSqlite(node: QueryNode): SqlPredicate {
  return compileSql(node, SQLITE);
}
