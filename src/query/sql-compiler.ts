/**
 * Compiles a query tree into a SQL predicate over `indicators i`, for any store dialect: the
 * tree's meaning is written once here, and each dialect (sqlite-compiler.ts,
 * postgres-compiler.ts) supplies only how its SQL spells text matching, custom fields, lists
 * and integers.
 *
 * Every user value travels as a parameter. Every expression is two-valued (nullable columns are
 * guarded with IS NOT NULL), so a negation never loses rows to SQL's NULL logic, and the result
 * agrees row for row with the reference evaluator in evaluate.ts.
 */
import type {
  CustomTermNode,
  DateField,
  DateTermNode,
  ExpirationStatusNode,
  QueryNode,
  ScoreTermNode,
  TextField,
  TextTermNode,
} from './ast.js';
import { mergeAlternatives } from './merge-alternatives.js';
import type { SqlPredicate } from './sql-predicate.js';
import { joinBalanced, SqlParams, type SqlBooleans } from './sqlite-params.js';
import { matchesPattern, TLP_SAME_COLOUR } from './text-match.js';

/** What differs between stores' SQL; the rest of a query's translation is shared. */
export interface SqlDialect {
  /** How the n-th parameter is written (`?` when absent). */
  placeholder?: (position: number) => string;
  booleans: SqlBooleans;
  /** A match of a text expression against any of the patterns, case-folded as the store does. */
  textMatch(expr: string, patterns: readonly string[], params: SqlParams): string;
  customField(node: CustomTermNode, params: SqlParams): string;
  /** `i.score` in a list of two or more scores. */
  scoreIn(scores: readonly number[], params: SqlParams): string;
  /** A bound integer as compared with the BIGINT date columns. */
  integer(param: string): string;
}

/** Compiles a parsed query once; the predicate's params are resolved per request. */
export function compileSql(node: QueryNode, dialect: SqlDialect): SqlPredicate {
  const params = new SqlParams(dialect.placeholder);
  const sql = new TreeCompiler(dialect, params).node(node);
  return {
    sql,
    matchesAll: node.kind === 'all',
    usesNow: params.usesNow,
    params: (nowMicros) => params.resolve(nowMicros),
  };
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

const DATE_COLUMNS: Readonly<Record<DateField, Column>> = {
  created: { name: 'i.created', nullable: false },
  modified: { name: 'i.modified', nullable: false },
  firstSeen: { name: 'i.first_seen', nullable: true },
  lastSeen: { name: 'i.last_seen', nullable: true },
  expiration: { name: 'i.expiration', nullable: true },
};

class TreeCompiler {
  constructor(
    private readonly dialect: SqlDialect,
    private readonly params: SqlParams,
  ) {}

  node(node: QueryNode): string {
    switch (node.kind) {
      case 'all':
        return this.dialect.booleans.true;
      case 'and':
        return this.join(
          node.children.map((child) => this.node(child)),
          'AND',
        );
      case 'or':
        return this.join(
          mergeAlternatives(node.children).map((child) => this.node(child)),
          'OR',
        );
      case 'not':
        return `(NOT ${this.node(node.child)})`;
      case 'text':
        return this.text(node);
      case 'score':
        return this.score(node);
      case 'date':
        return this.date(node);
      case 'expiration-status':
        return this.expirationStatus(node);
      case 'custom':
        return this.dialect.customField(node, this.params);
    }
  }

  private join(parts: readonly string[], op: 'AND' | 'OR'): string {
    return joinBalanced(parts, op, this.dialect.booleans);
  }

  // Tags and sources are `i.key IN (subquery)`, so the planner may start from their indexes.
  private text(node: TextTermNode): string {
    const match = (expr: string, patterns: readonly string[]) =>
      this.dialect.textMatch(expr, patterns, this.params);
    switch (node.field) {
      case 'tags':
        return (
          'i.key IN (SELECT t.indicator FROM indicator_tags t WHERE ' +
          `${match('t.tag', node.patterns)})`
        );
      case 'sourceBrands':
      case 'sourceInstances': {
        const kind = node.field === 'sourceBrands' ? 'brand' : 'instance';
        return (
          `i.key IN (SELECT s.indicator FROM indicator_sources s WHERE s.kind = '${kind}' AND ` +
          `${match('s.name', node.patterns)})`
        );
      }
      default: {
        const column = TEXT_COLUMNS[node.field];
        const patterns = node.field === 'tlp' ? withTlpAliases(node.patterns) : node.patterns;
        return guardNull(column, match(column.name, patterns));
      }
    }
  }

  private score(node: ScoreTermNode): string {
    const test = node.test;
    if (test.op !== 'in') return `i.score ${test.op} ${this.params.bind(test.score)}`;

    const scores = [...new Set(test.scores)];
    if (scores.length === 1) return `i.score = ${this.params.bind(scores[0])}`;
    return this.dialect.scoreIn(scores, this.params);
  }

  private date(node: DateTermNode): string {
    const column = DATE_COLUMNS[node.field];
    const test = node.test;
    const col = column.name;
    const int = (param: string) => this.dialect.integer(param);

    if (test.op === 'present') {
      return column.nullable ? `${col} IS NOT NULL` : this.dialect.booleans.true;
    }
    if (test.op === 'within') {
      const ranges = test.ranges.map(
        (r) => `(${col} >= ${this.params.bind(r.start)} AND ${col} < ${this.params.bind(r.end)})`,
      );
      return guardNull(column, this.join(ranges, 'OR'));
    }

    const bound = test.bound;
    const param =
      bound.kind === 'instant'
        ? this.params.bind(bound.micros)
        : this.params.bindAgo(bound.offsetMicros);
    return guardNull(column, `${col} ${test.op} ${int(param)}`);
  }

  private expirationStatus(node: ExpirationStatusNode): string {
    const statuses = new Set(node.statuses);
    if (statuses.size === 2) return this.dialect.booleans.true;
    const now = this.dialect.integer(this.params.bindAgo(0));
    return statuses.has('active')
      ? `(i.expiration IS NULL OR i.expiration > ${now})`
      : `(i.expiration IS NOT NULL AND i.expiration <= ${now})`;
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
