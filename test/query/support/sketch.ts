/** A compact one-line rendering of a syntax tree, for given/want tables in the tests. */
import type { QueryNode } from '../../../src/query/ast.js';
import { formatTimestamp } from '../../../src/time/microseconds.js';

const iso = formatTimestamp;

export function sketch(node: QueryNode): string {
  switch (node.kind) {
    case 'all':
      return 'all';
    case 'and':
    case 'or':
      return `${node.kind}(${node.children.map(sketch).join(', ')})`;
    case 'not':
      return `not(${sketch(node.child)})`;
    case 'text':
      return `${node.field}=${JSON.stringify(node.patterns)}`;
    case 'score':
      return node.test.op === 'in'
        ? `score in ${JSON.stringify(node.test.scores)}`
        : `score${node.test.op}${node.test.score}`;
    case 'date': {
      const test = node.test;
      if (test.op === 'present') return `${node.field} present`;
      if (test.op === 'within') {
        const ranges = test.ranges.map((r) => `${iso(r.start)}..${iso(r.end)}`);
        return `${node.field} within ${ranges.join(' | ')}`;
      }
      const bound = test.bound;
      const limit =
        bound.kind === 'instant'
          ? iso(bound.micros)
          : `now-${bound.amount}${bound.unit}(${bound.offsetMicros})`;
      return `${node.field}${test.op}${limit}`;
    }
    case 'expiration-status':
      return `expirationStatus ${JSON.stringify(node.statuses)}`;
    case 'custom': {
      const test = node.test;
      if (test.op !== 'in') return `custom ${node.key}${test.op}${test.number}`;
      const values = test.values.map(
        (v) => `${JSON.stringify(v.pattern)}${v.number === null ? '' : `#${v.number}`}`,
      );
      return `custom ${node.key}=[${values.join(',')}]`;
    }
  }
}
