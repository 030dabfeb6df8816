/**
 * Text matching in PostgreSQL: one place decides between `=`, `= ANY` and LIKE, so columns,
 * tags, sources and custom fields match a pattern the same way.
 *
 * Case is folded on both sides with `lower(... COLLATE "C")`, which lower-cases ASCII letters
 * only: the folding text-match.ts defines and SQLite's NOCASE applies. ILIKE and `lower()` under
 * the database's own collation fold non-ASCII letters too, and would disagree with the evaluator.
 */
import { joinBalanced, type SqlParams } from './sqlite-params.js';
import { foldCase, hasWildcard, toLikePattern } from './text-match.js';

export const POSTGRES_BOOLEANS = { true: 'TRUE', false: 'FALSE' } as const;

/** The expression, folded as every match compares it (and as the expression indexes store it). */
export function folded(expr: string): string {
  return `lower(${expr} COLLATE "C")`;
}

/**
 * Matches a non-NULL text expression against any of the patterns, case-insensitively (ASCII).
 * Values are folded here, once, so the SQL folds only the stored side.
 */
export function textMatch(expr: string, patterns: readonly string[], params: SqlParams): string {
  const exact = new Set<string>();
  const wild = new Set<string>();
  for (const pattern of patterns) {
    if (hasWildcard(pattern)) wild.add(toLikePattern(foldCase(pattern)));
    else exact.add(foldCase(pattern));
  }

  const subject = folded(expr);
  const parts: string[] = [];
  const values = [...exact];
  if (values.length === 1) parts.push(`${subject} = ${params.bind(values[0])}`);
  if (values.length > 1) parts.push(`${subject} = ANY(${params.bind(values)}::text[])`);
  for (const like of wild) parts.push(`${subject} LIKE ${params.bind(like)} ESCAPE '\\'`);
  return joinBalanced(parts, 'OR', POSTGRES_BOOLEANS);
}
