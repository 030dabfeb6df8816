/**
 * STIX patterning (STIX 2.1 chapter 9): the small part of the grammar the renderer writes.
 * One observation expression per indicator, holding comparisons of object paths to literals.
 */

/** The comparison operators the renderer uses. */
export type ComparisonOperator = '=' | 'LIKE';

/** One `<object path> <operator> <literal>` term, kept structured until it is written. */
export interface Comparison {
  type: string;
  /** Property path below the object, one entry per step (`['hashes', 'SHA-256']`). */
  path: readonly string[];
  operator: ComparisonOperator;
  value: string | number;
}

// The grammar's two identifier tokens: object types may hold hyphens; path components may
// not, and any component that is not a bare identifier has to be written as a string literal.
const OBJECT_TYPE = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;
const BARE_COMPONENT = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/**
 * A string literal: quoted with `'`, inside which the grammar's StringLiteral token admits
 * exactly two escapes, `\'` and `\\`. Every other character, line breaks and non-ASCII
 * included, stands for itself.
 */
export function stringLiteral(value: string): string {
  return `'${value.replace(/[\\']/g, (c) => `\\${c}`)}'`;
}

/** An integer literal; only safe integers, so the text is the exact value. */
export function intLiteral(value: number): string {
  if (!Number.isSafeInteger(value)) throw new RangeError(`not a safe integer: ${value}`);
  return String(value);
}

/** An object path such as `file:hashes.'SHA-256'`, quoting the components that need it. */
export function objectPath(type: string, path: readonly string[]): string {
  if (!OBJECT_TYPE.test(type)) throw new TypeError(`not a STIX object type: ${type}`);
  if (path.length === 0) throw new TypeError('an object path needs at least one component');

  const steps = path.map((c) => (BARE_COMPONENT.test(c) ? c : stringLiteral(c)));
  return `${type}:${steps.join('.')}`;
}

/** One comparison expression, written out. */
export function writeComparison(c: Comparison): string {
  const literal = typeof c.value === 'number' ? intLiteral(c.value) : stringLiteral(c.value);
  return `${objectPath(c.type, c.path)} ${c.operator} ${literal}`;
}

/** One observation expression, its comparisons joined by `join`: `[a OR b]`. */
export function observationPattern(comparisons: readonly Comparison[], join: 'AND' | 'OR'): string {
  if (comparisons.length === 0) {
    throw new TypeError('an observation expression needs at least one comparison');
  }
  return `[${comparisons.map(writeComparison).join(` ${join} `)}]`;
}
