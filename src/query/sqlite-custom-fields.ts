/**
 * Custom fields in SQLite: `custom_fields` is a JSON object, read with json_each. A key matches
 * case-insensitively; an array value matches when any element does.
 *
 * Element rules (the evaluator's, too): strings match patterns; booleans match the words true
 * and false; numbers match numerically (equal to a numeric value, or a comparison); a pattern of
 * only `*` matches any element that is not null; nested arrays and objects match nothing else.
 */
import type { CustomTermNode, CustomTest } from './ast.js';
import type { SqlParams } from './sqlite-params.js';
import { joinBalanced } from './sqlite-params.js';
import { textMatch } from './sqlite-text-match.js';
import { isMatchAll, matchesPattern } from './text-match.js';

const NUMERIC = `IN ('integer', 'real')`;

export function compileCustomField(node: CustomTermNode, params: SqlParams): string {
  // Bound in the order the placeholders are written: key, array elements, then a lone value.
  const key = params.bind(node.key);
  const element = elementMatch('e', node.test, params);
  const single = elementMatch('c', node.test, params);

  return (
    `EXISTS (SELECT 1 FROM json_each(i.custom_fields) c WHERE c.key = ${key} COLLATE NOCASE ` +
    `AND CASE WHEN c.type = 'array' ` +
    `THEN EXISTS (SELECT 1 FROM json_each(c.value) e WHERE ${element}) ` +
    `ELSE ${single} END)`
  );
}

/** A match on one JSON element, given the json_each alias that holds it. */
function elementMatch(alias: string, test: CustomTest, params: SqlParams): string {
  const type = `${alias}.type`;
  const value = `${alias}.value`;

  const isNumber = `${type} ${NUMERIC}`;
  if (test.op !== 'in') return `(${isNumber} AND ${value} ${test.op} ${params.bind(test.number)})`;

  const patterns = test.values.map((v) => v.pattern);
  if (patterns.some(isMatchAll)) return `${type} <> 'null'`;

  const parts = [`(${type} = 'text' AND ${textMatch(value, patterns, params)})`];
  for (const word of ['true', 'false']) {
    if (patterns.some((p) => matchesPattern(p, word))) parts.push(`${type} = '${word}'`);
  }

  const numbers = [...new Set(test.values.flatMap((v) => (v.number === null ? [] : [v.number])))];
  if (numbers.length === 1) parts.push(`(${isNumber} AND ${value} = ${params.bind(numbers[0])})`);
  if (numbers.length > 1) parts.push(`(${isNumber} AND ${value} IN (${params.bindList(numbers)}))`);

  return joinBalanced(parts, 'OR');
}
