/**
 * Compiles a query into a SQLite predicate over `indicators i` (src/store/sqlite/schema.ts).
 *
 * Every user value travels as a parameter. Every expression is two-valued (nullable columns are
 * guarded with IS NOT NULL), so a negation never loses rows to SQL's NULL logic, and the result
 * agrees row for row with the reference evaluator in evaluate.ts.
 *
 * Index use: single values compare with `= ? COLLATE NOCASE` and lists with
 * `COLLATE NOCASE IN (...)` (the NOCASE indexes on type, value, tag and source name); wildcards
 * use LIKE, which SQLite turns into an index range when the pattern has a literal prefix; tags
 * and sources are `i.key IN (subquery)` so the planner may drive the query from their indexes.
 * LIKE is case-insensitive only while `PRAGMA case_sensitive_like` is off, SQLite's default.
 */
import type {
  DateField,
  DateTermNode,
  ExpirationStatusNode,
  QueryNode,
  ScoreTermNode,
  TextField,
  TextTermNode,
} from './ast.js';
import { mergeAlternatives } from './merge-alternatives.js';
import { compileCustomField } from './sqlite-custom-fields.js';
import { joinBalanced, SqlParams } from './sqlite-params.js';
import { textMatch } from './sqlite-text-match.js';
import type { SqlPredicate } from './sql-predicate.js';
import { matchesPattern, TLP_SAME_COLOUR } from './text-match.js';

export type { SqlPredicate } from './sql-predicate.js';

/** Compiles a parsed query once; the predicate's params are resolved per request. */
export function compileSqlite(node: QueryNode): SqlPredicate {
  const params = new SqlParams();
  const sql = compileNode(node, params);
  return { sql, params: (nowMicros) => params.resolve(nowMicros) };
}

function compileNode(node: QueryNode, params: SqlParams): string {
  switch (node.kind) {
    case 'all':
      return '1';
    case 'and':
      return joinBalanced(
        node.children.map((child) => compileNode(child, params)),
        'AND',
      );
    case 'or': {
      const children = mergeAlternatives(node.children);
      return joinBalanced(
        children.map((child) => compileNode(child, params)),
        'OR',
      );
    }
    case 'not':
      return `(NOT ${compileNode(node.child, params)})`;
    case 'text':
      return compileText(node, params);
    case 'score':
      return compileScore(node, params);
    case 'date':
      return compileDate(node, params);
    case 'expiration-status':
      return compileExpirationStatus(node, params);
    case 'custom':
      return compileCustomField(node, params);
  }
}

interface Column {
  readonly name: string;
  readonly nullable: boolean;
}

type ColumnTextField = Exclude<TextField, 'tags' | 'sourceBrands' | 'sourceInstances'>;

const TEXT_COLUMNS: Readonly<Record<ColumnTextField, Column>> = {
  type: { name: 'i.type', nullable: false },
  value: { name: 'i.value', nullable: false },
  tlp: { name: 'i.tlp', nullable: true },
  description: { name: 'i.description', nullable: true },
  aggregatedReliability: { name: 'i.aggregated_reliability', nullable: true },
};

function compileText(node: TextTermNode, params: SqlParams): string {
  switch (node.field) {
    case 'tags':
      return `i.key IN (SELECT t.indicator FROM indicator_tags t WHERE ${textMatch(
        't.tag',
        node.patterns,
        params,
      )})`;
    case 'sourceBrands':
    case 'sourceInstances': {
      const kind = node.field === 'sourceBrands' ? 'brand' : 'instance';
      return `i.key IN (SELECT s.indicator FROM indicator_sources s WHERE s.kind = '${kind}' AND ${textMatch(
        's.name',
        node.patterns,
        params,
      )})`;
    }
    default: {
      const column = TEXT_COLUMNS[node.field];
      const patterns = node.field === 'tlp' ? withTlpAliases(node.patterns) : node.patterns;
      return guardNull(column, textMatch(column.name, patterns, params));
    }
  }
}

// A TLP pattern that matches WHITE or CLEAR also matches the other name, as the evaluator says.
function withTlpAliases(patterns: readonly string[]): string[] {
  const aliased = patterns.some((p) => TLP_SAME_COLOUR.some((name) => matchesPattern(p, name)));
  return aliased ? [...patterns, ...TLP_SAME_COLOUR] : [...patterns];
}

function guardNull(column: Column, predicate: string): string {
  return column.nullable ? `(${column.name} IS NOT NULL AND ${predicate})` : predicate;
}

function compileScore(node: ScoreTermNode, params: SqlParams): string {
  const test = node.test;
  if (test.op !== 'in') return `i.score ${test.op} ${params.bind(test.score)}`;

  const scores = [...new Set(test.scores)];
  if (scores.length === 1) return `i.score = ${params.bind(scores[0])}`;
  return `i.score IN (${params.bindList(scores)})`;
}

const DATE_COLUMNS: Readonly<Record<DateField, Column>> = {
  created: { name: 'i.created', nullable: false },
  modified: { name: 'i.modified', nullable: false },
  firstSeen: { name: 'i.first_seen', nullable: true },
  lastSeen: { name: 'i.last_seen', nullable: true },
  expiration: { name: 'i.expiration', nullable: true },
};

function compileDate(node: DateTermNode, params: SqlParams): string {
  const column = DATE_COLUMNS[node.field];
  const test = node.test;
  const col = column.name;

  if (test.op === 'present') return column.nullable ? `${col} IS NOT NULL` : '1';
  if (test.op === 'within') {
    const ranges = test.ranges.map(
      (r) => `(${col} >= ${params.bind(r.start)} AND ${col} < ${params.bind(r.end)})`,
    );
    return guardNull(column, joinBalanced(ranges, 'OR'));
  }

  const bound = test.bound;
  const param =
    bound.kind === 'instant' ? params.bind(bound.micros) : params.bindAgo(bound.offsetMicros);
  return guardNull(column, `${col} ${test.op} ${param}`);
}

function compileExpirationStatus(node: ExpirationStatusNode, params: SqlParams): string {
  const statuses = new Set(node.statuses);
  if (statuses.size === 2) return '1';
  return statuses.has('active')
    ? `(i.expiration IS NULL OR i.expiration > ${params.bindAgo(0)})`
    : `(i.expiration IS NOT NULL AND i.expiration <= ${params.bindAgo(0)})`;
}
