/**
 * A rewrite for SQL compilers: the alternatives of an `or` that test the same text field (or the
 * score) are merged into one term, so `type:IP or type:Domain` becomes one `IN` list an index
 * can serve. The meaning is unchanged: a term with several values already means any of them.
 */
import type { QueryNode, ScoreTermNode, TextField, TextTermNode } from './ast.js';

export function mergeAlternatives(children: readonly QueryNode[]): QueryNode[] {
  const out: QueryNode[] = [];
  const texts = new Map<TextField, number>();
  let scoreAt = -1;

  for (const child of children) {
    if (child.kind === 'text') {
      const at = texts.get(child.field);
      if (at === undefined) {
        texts.set(child.field, out.push(child) - 1);
      } else {
        const seen = out[at] as TextTermNode;
        out[at] = { ...seen, patterns: [...seen.patterns, ...child.patterns] };
      }
    } else if (child.kind === 'score' && child.test.op === 'in') {
      if (scoreAt < 0) {
        scoreAt = out.push(child) - 1;
      } else {
        const seen = out[scoreAt] as ScoreTermNode;
        const scores = seen.test.op === 'in' ? seen.test.scores : [];
        out[scoreAt] = { ...seen, test: { op: 'in', scores: [...scores, ...child.test.scores] } };
      }
    } else {
      out.push(child);
    }
  }
  return out;
}
