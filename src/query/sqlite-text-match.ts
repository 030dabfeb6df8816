/**
 * Text matching in SQLite: one place decides between `=`, `IN` and LIKE, so columns, tags,
 * sources and custom fields match a pattern the same way.
 */
import type { SqlParams } from './sqlite-params.js';
import { joinBalanced } from './sqlite-params.js';
import { foldCase, hasWildcard, toLikePattern } from './text-match.js';

/**
 * Matches a non-NULL text expression against any of the patterns, case-insensitively (ASCII, as
 * NOCASE and LIKE fold).
 */
export function textMatch(expr: string, patterns: readonly string[], params: SqlParams): string {
  // Parameters are bound in the order their placeholders are written.
  const exact = new Map<string, string>();
  const wild = new Set<string>();
  for (const pattern of patterns) {
    if (hasWildcard(pattern)) wild.add(pattern);
    else exact.set(foldCase(pattern), pattern);
  }

  const parts: string[] = [];
  const values = [...exact.values()];
  if (values.length === 1) parts.push(`${expr} = ${params.bind(values[0])} COLLATE NOCASE`);
  if (values.length > 1) parts.push(`${expr} COLLATE NOCASE IN (${params.bindList(values)})`);
  for (const pattern of wild) {
    parts.push(`${expr} LIKE ${params.bind(toLikePattern(pattern))} ESCAPE '\\'`);
  }
  return joinBalanced(parts, 'OR');
}
