/**
 * A readable, indented rendering of a parsed query, for `query --explain`: it shows how the
 * parser grouped the terms and what each value was read as (scores, date ranges, patterns).
 */
import { formatTimestamp } from '../time/microseconds.js';
import type { DateTermNode, QueryNode, ScoreTermNode, TermNode, TextTermNode } from './ast.js';
import { hasWildcard } from './text-match.js';

const INDENT = '  ';

const STATUS_MEANING = {
  active: 'active (no expiration, or one after now)',
  expired: 'expired (expiration at or before now)',
} as const;

/** Renders the tree, one node per line, children indented under their operator. */
export function explainQuery(node: QueryNode): string {
  return lines(node, 0).join('\n');
}

function lines(node: QueryNode, depth: number): string[] {
  const pad = INDENT.repeat(depth);
  switch (node.kind) {
    case 'all':
      return [`${pad}every indicator`];
    case 'and':
    case 'or':
      return [
        `${pad}${node.kind === 'and' ? 'all of' : 'any of'}`,
        ...node.children.flatMap((child) => lines(child, depth + 1)),
      ];
    case 'not':
      return [`${pad}not`, ...lines(node.child, depth + 1)];
    default:
      return [`${pad}${describeTerm(node)}`];
  }
}

function describeTerm(node: TermNode): string {
  switch (node.kind) {
    case 'text':
      return describeText(node);
    case 'score':
      return describeScore(node);
    case 'date':
      return describeDate(node);
    case 'expiration-status':
      const statuses = [...new Set(node.statuses)].map((status) => STATUS_MEANING[status]);
      return `expirationStatus is ${statuses.join(' or ')}`;
    case 'custom': {
      const test = node.test;
      const subject = `custom field ${quote(node.key)}`;
      if (test.op !== 'in') return `${subject} ${test.op} ${test.number}`;
      return `${subject} ${describePatterns(test.values.map((v) => v.pattern))}`;
    }
  }
}

function describeText(node: TextTermNode): string {
  const field = node.written === '' ? 'value' : node.field;
  return `${field} ${describePatterns(node.patterns)}`;
}

/** `is "a"`, `like "*.b"`, or `is any of "a", like "*.b"`. */
function describePatterns(patterns: readonly string[]): string {
  const [only] = patterns;
  if (patterns.length === 1 && only !== undefined) {
    return `${hasWildcard(only) ? 'like' : 'is'} ${quote(only)}`;
  }
  const each = patterns.map((p) => (hasWildcard(p) ? `like ${quote(p)}` : quote(p)));
  return `is any of ${each.join(', ')}`;
}

function describeScore(node: ScoreTermNode): string {
  const field = node.written.toLowerCase() === 'score' ? 'score' : `score (${node.written})`;
  const test = node.test;
  if (test.op !== 'in') return `${field} ${test.op} ${test.score}`;
  if (test.scores.length === 1) return `${field} = ${test.scores[0]}`;
  return `${field} in ${test.scores.join(', ')}`;
}

function describeDate(node: DateTermNode): string {
  const field =
    node.field === 'created' && node.written.toLowerCase() === 'timestamp'
      ? 'created (timestamp)'
      : node.field;
  const test = node.test;

  if (test.op === 'present') return `${field} is present`;
  if (test.op === 'within') {
    const ranges = test.ranges.map(
      (r) => `[${formatTimestamp(r.start)}, ${formatTimestamp(r.end)})`,
    );
    return `${field} within ${ranges.join(' or ')}`;
  }

  const bound = test.bound;
  if (bound.kind === 'instant') return `${field} ${test.op} ${formatTimestamp(bound.micros)}`;
  const unit = bound.amount === 1 ? bound.unit : `${bound.unit}s`;
  return `${field} ${test.op} now - ${bound.amount} ${unit}`;
}

function quote(text: string): string {
  return JSON.stringify(text);
}
