/**
 * Custom fields in PostgreSQL: `custom_fields` is a JSONB object, read with jsonb_each. The
 * element rules are the evaluator's and the SQLite compiler's (see sqlite-custom-fields.ts).
 *
 * PostgreSQL does not promise to evaluate AND operands left to right, and casting a JSON string
 * to a number raises an error, so numeric tests sit inside CASE, which does decide the order.
 * Numbers compare as float8, the double every other side of the comparison holds.
 */
import type { CustomTermNode, CustomTest } from './ast.js';
import { folded, POSTGRES_BOOLEANS, textMatch } from './postgres-text-match.js';
import { joinBalanced, type SqlParams } from './sqlite-params.js';
import { foldCase, isMatchAll, matchesPattern } from './text-match.js';

export function compileCustomField(node: CustomTermNode, params: SqlParams): string {
  const key = params.bind(foldCase(node.key));
  const element = elementMatch('e.value', node.test, params);
  const single = elementMatch('c.value', node.test, params);

  return (
    `EXISTS (SELECT 1 FROM jsonb_each(i.custom_fields) c WHERE ${folded('c.key')} = ${key} ` +
    `AND CASE WHEN jsonb_typeof(c.value) = 'array' ` +
    `THEN EXISTS (SELECT 1 FROM jsonb_array_elements(c.value) e(value) WHERE ${element}) ` +
    `ELSE ${single} END)`
  );
}

/** A match on one JSONB element. */
function elementMatch(value: string, test: CustomTest, params: SqlParams): string {
  const type = `jsonb_typeof(${value})`;
  const numeric = (comparison: string): string =>
    `CASE WHEN ${type} = 'number' THEN (${value})::float8 ${comparison} ELSE FALSE END`;

  if (test.op !== 'in') return numeric(`${test.op} ${params.bind(test.number)}::float8`);

  const patterns = test.values.map((v) => v.pattern);
  if (patterns.some(isMatchAll)) return `${type} <> 'null'`;

  const text = textMatch(`(${value} #>> '{}')`, patterns, params);
  const parts = [`(${type} = 'string' AND ${text})`];
  for (const word of ['true', 'false']) {
    if (patterns.some((p) => matchesPattern(p, word))) parts.push(`${value} = '${word}'::jsonb`);
  }

  const numbers = [...new Set(test.values.flatMap((v) => (v.number === null ? [] : [v.number])))];
  if (numbers.length === 1) parts.push(numeric(`= ${params.bind(numbers[0])}::float8`));
  if (numbers.length > 1) parts.push(numeric(`= ANY(${params.bind(numbers)}::float8[])`));

  return joinBalanced(parts, 'OR', POSTGRES_BOOLEANS);
}
