/**
 * The reference meaning of a query: whether one indicator matches it. Every SQL compiler must
 * select exactly the indicators this function accepts (the differential tests hold them to it).
 */
import type { StoredIndicator } from '../indicators/indicator.js';
import { parseTimestamp } from '../time/microseconds.js';
import type {
  CompareOp,
  CustomTermNode,
  CustomTest,
  DateField,
  DateTermNode,
  QueryNode,
  TextField,
} from './ast.js';
import { foldCase, isMatchAll, matchesPattern, matchesTlp } from './text-match.js';

/** Whether the indicator matches the query at the instant `nowMicros`. */
export function matchesQuery(
  node: QueryNode,
  indicator: StoredIndicator,
  nowMicros: number,
): boolean {
  switch (node.kind) {
    case 'all':
      return true;
    case 'and':
      return node.children.every((child) => matchesQuery(child, indicator, nowMicros));
    case 'or':
      return node.children.some((child) => matchesQuery(child, indicator, nowMicros));
    case 'not':
      return !matchesQuery(node.child, indicator, nowMicros);
    case 'text':
      return matchesText(node.field, node.patterns, indicator);
    case 'score': {
      const test = node.test;
      if (test.op === 'in') return test.scores.includes(indicator.score);
      return compare(indicator.score, test.op, test.score);
    }
    case 'date':
      return matchesDate(node, indicator, nowMicros);
    case 'expiration-status': {
      const expiration = dateOf(indicator, 'expiration');
      const active = expiration === null || expiration > nowMicros;
      return node.statuses.includes(active ? 'active' : 'expired');
    }
    case 'custom':
      return matchesCustom(node, indicator);
  }
}

function matchesText(
  field: TextField,
  patterns: readonly string[],
  indicator: StoredIndicator,
): boolean {
  const values = textValues(field, indicator);
  const matches = field === 'tlp' ? matchesTlp : matchesPattern;
  return values.some((value) => patterns.some((pattern) => matches(pattern, value)));
}

function textValues(field: TextField, indicator: StoredIndicator): readonly string[] {
  switch (field) {
    case 'tags':
    case 'sourceBrands':
    case 'sourceInstances':
      return indicator[field];
    case 'type':
    case 'value':
      return [indicator[field]];
    case 'tlp':
    case 'description':
    case 'aggregatedReliability': {
      const value = indicator[field];
      return value === null ? [] : [value];
    }
  }
}

function matchesDate(node: DateTermNode, indicator: StoredIndicator, nowMicros: number): boolean {
  const micros = dateOf(indicator, node.field);
  if (micros === null) return false;

  const test = node.test;
  if (test.op === 'present') return true;
  if (test.op === 'within') return test.ranges.some((r) => micros >= r.start && micros < r.end);

  const bound = test.bound;
  const limit = bound.kind === 'instant' ? bound.micros : nowMicros - bound.offsetMicros;
  return compare(micros, test.op, limit);
}

function dateOf(indicator: StoredIndicator, field: DateField): number | null {
  const text = indicator[field];
  return text === null ? null : parseTimestamp(text);
}

function compare(left: number, op: CompareOp, right: number): boolean {
  switch (op) {
    case '>':
      return left > right;
    case '>=':
      return left >= right;
    case '<':
      return left < right;
    case '<=':
      return left <= right;
  }
}

// Custom fields: see sqlite-custom-fields.ts for the element rules both sides share.
function matchesCustom(node: CustomTermNode, indicator: StoredIndicator): boolean {
  const key = foldCase(node.key);
  return Object.entries(indicator.customFields).some(([name, value]) => {
    if (foldCase(name) !== key) return false;
    const elements = Array.isArray(value) ? value : [value];
    return elements.some((element) => matchesElement(node.test, element));
  });
}

function matchesElement(test: CustomTest, element: unknown): boolean {
  // JSON has no undefined, NaN or Infinity: stored, they read back as absent or null.
  const isNumber = typeof element === 'number' && Number.isFinite(element);
  if (test.op !== 'in') return isNumber && compare(element, test.op, test.number);

  if (element === null || element === undefined || (typeof element === 'number' && !isNumber)) {
    return false;
  }
  return test.values.some((value) => {
    if (isMatchAll(value.pattern)) return true;
    if (typeof element === 'string') return matchesPattern(value.pattern, element);
    if (typeof element === 'boolean') return matchesPattern(value.pattern, String(element));
    if (isNumber) return value.number !== null && element === value.number;
    return false;
  });
}
