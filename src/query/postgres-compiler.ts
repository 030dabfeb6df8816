/**
 * Compiles a query into a PostgreSQL predicate over `indicators i` (src/store/postgres/schema.ts),
 * the counterpart of sqlite-compiler.ts: the same tree, the same meaning, row for row.
 *
 * Every user value travels as a parameter (`$1`, `$2` ... in the order bound; the store numbers
 * its own after them). Every expression is two-valued: nullable columns are guarded with
 * IS NOT NULL, so a negation never loses rows to SQL's NULL logic.
 *
 * Index use: text compares `lower(column COLLATE "C")`, the expression the schema indexes, with
 * `=`, `= ANY(array)` or LIKE (an index range when the pattern has a literal prefix, because the
 * index's collation is "C"); tags and sources are `i.key IN (subquery)` over their own folded
 * indexes, so the planner may drive the query from them.
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
import { compileCustomField } from './postgres-custom-fields.js';
import { POSTGRES_BOOLEANS, textMatch } from './postgres-text-match.js';
import type { SqlPredicate } from './sql-predicate.js';
import { joinBalanced, SqlParams } from './sqlite-params.js';
import { matchesPattern, TLP_SAME_COLOUR } from './text-match.js';

/** Compiles a parsed query once; the predicate's params are resolved per request. */
export function compilePostgres(node: QueryNode): SqlPredicate {
  const params = new SqlParams((position) => `$${position}`);
  const sql = compileNode(node, params);
  return { sql, params: (nowMicros) => params.resolve(nowMicros) };
}

const { true: TRUE } = POSTGRES_BOOLEANS;

function join(parts: readonly string[], op: 'AND' | 'OR'): string {
  return joinBalanced(parts, op, POSTGRES_BOOLEANS);
}

function compileNode(node: QueryNode, params: SqlParams): string {
  switch (node.kind) {
    case 'all':
      return TRUE;
    case 'and':
      return join(
        node.children.map((child) => compileNode(child, params)),
        'AND',
      );
    case 'or': {
      const children = mergeAlternatives(node.children);
      return join(
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
  return `i.score = ANY(${params.bind(scores)}::smallint[])`;
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

  if (test.op === 'present') return column.nullable ? `${col} IS NOT NULL` : TRUE;
  if (test.op === 'within') {
    const ranges = test.ranges.map(
      (r) => `(${col} >= ${params.bind(r.start)} AND ${col} < ${params.bind(r.end)})`,
    );
    return guardNull(column, join(ranges, 'OR'));
  }

  const bound = test.bound;
  const param =
    bound.kind === 'instant' ? params.bind(bound.micros) : params.bindAgo(bound.offsetMicros);
  return guardNull(column, `${col} ${test.op} ${param}::bigint`);
}

function compileExpirationStatus(node: ExpirationStatusNode, params: SqlParams): string {
  const statuses = new Set(node.statuses);
  if (statuses.size === 2) return TRUE;
  return statuses.has('active')
    ? `(i.expiration IS NULL OR i.expiration > ${params.bindAgo(0)}::bigint)`
    : `(i.expiration IS NOT NULL AND i.expiration <= ${params.bindAgo(0)}::bigint)`;
}
