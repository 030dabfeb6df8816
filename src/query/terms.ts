/**
 * Turns `field:value` as written into a typed term, checking the value against the field, so a
 * query that cannot be honoured fails when it is parsed (at configuration load).
 */
import type { Score } from '../indicators/indicator.js';
import type {
  CompareOp,
  CustomValue,
  DateRange,
  DateTest,
  ExpirationStatus,
  ScoreTest,
  Span,
  TermNode,
} from './ast.js';
import { type FieldKind, resolveField } from './fields.js';
import { QuerySyntaxError } from './query-syntax-error.js';
import type { RawValue } from './scanner.js';
import { hasWildcard, isMatchAll } from './text-match.js';
import {
  MAX_AGO_MICROS,
  readAbsoluteDate,
  readExpirationStatus,
  readNumber,
  readRelativeDate,
  readScore,
} from './values.js';

/** How a term's value was written: one value, a list of any-of values, or a comparison. */
export type ValueShape =
  | { readonly kind: 'single'; readonly value: RawValue }
  | { readonly kind: 'list'; readonly values: readonly RawValue[] }
  | {
      readonly kind: 'compare';
      readonly op: CompareOp;
      readonly opStart: number;
      readonly value: RawValue;
    };

/** Longest value a query may hold; keeps every LIKE pattern under SQLite's 50,000-byte limit. */
export const MAX_VALUE_LENGTH = 10_000;

const RELATIVE_NEEDS_COMPARISON = 'a comparison before a relative date, as in >="7 days ago"';
const DATE_EXPECTED = 'a date (ISO 8601, "*", or a relative date such as "7 days ago")';

/** Builds the term for a field name as written (empty for a bare word, which means value). */
export function buildTerm(written: string, shape: ValueShape, span: Span): TermNode {
  for (const value of valuesOf(shape)) {
    if (value.text.length > MAX_VALUE_LENGTH) {
      throw new QuerySyntaxError(`a value of at most ${MAX_VALUE_LENGTH} characters`, value.start);
    }
  }

  const field: FieldKind | null =
    written === '' ? { kind: 'text', field: 'value' } : resolveField(written);
  if (field === null) return customTerm(written, shape, span);

  switch (field.kind) {
    case 'text':
      if (shape.kind === 'compare') throw textComparison(written, shape.opStart);
      return { kind: 'text', field: field.field, written, patterns: texts(shape), span };
    case 'score':
      return { kind: 'score', written, test: scoreTest(shape, field.acceptsVerdictNames), span };
    case 'date':
      return { kind: 'date', field: field.field, written, test: dateTest(shape), span };
    case 'expiration-status':
      if (shape.kind === 'compare') {
        throw new QuerySyntaxError('"active" or "expired", without a comparison', shape.opStart);
      }
      return { kind: 'expiration-status', written, statuses: statuses(shape), span };
  }
}

function valuesOf(shape: ValueShape): readonly RawValue[] {
  return shape.kind === 'list' ? shape.values : [shape.value];
}

function texts(shape: ValueShape): string[] {
  return valuesOf(shape).map((v) => v.text);
}

function textComparison(written: string, offset: number): QuerySyntaxError {
  const name = written === '' ? 'value' : written;
  return new QuerySyntaxError(`a value without a comparison ("${name}" holds text)`, offset);
}

function scoreTest(shape: ValueShape, acceptsVerdictNames: boolean): ScoreTest {
  const expected = acceptsVerdictNames
    ? 'a verdict (Unknown, Benign, Suspicious, Malicious, or a score from 0 to 3)'
    : 'a score from 0 to 3';
  const read = (value: RawValue): Score => {
    const score = readScore(value.text, acceptsVerdictNames);
    if (score === null) throw new QuerySyntaxError(expected, value.start);
    return score;
  };

  if (shape.kind === 'compare') return { op: shape.op, score: read(shape.value) };
  return { op: 'in', scores: valuesOf(shape).map(read) };
}

function dateTest(shape: ValueShape): DateTest {
  if (shape.kind !== 'compare') {
    const values = valuesOf(shape);
    if (values.some((v) => isMatchAll(v.text))) return { op: 'present' };
    return { op: 'within', ranges: values.map(readDateRange) };
  }

  const { op, value } = shape;
  const relative = readRelativeDate(value.text);
  if (relative !== null) {
    if (relative.offsetMicros > MAX_AGO_MICROS) {
      throw new QuerySyntaxError('a relative date at most 200 years ago', value.start);
    }
    return { op, bound: { kind: 'ago', ...relative, text: value.text } };
  }

  // A comparison with a date that names a span (a day, say) compares with the whole span:
  // `>2024-01-01` is after that day, `<=2024-01-01` is up to its end.
  const range = readDateRange(value);
  const after = op === '>' || op === '<=';
  const micros = after ? range.end : range.start;
  const normalised = op === '>' || op === '>=' ? '>=' : '<';
  return { op: normalised, bound: { kind: 'instant', micros, text: value.text } };
}

function readDateRange(value: RawValue): DateRange {
  const range = readAbsoluteDate(value.text);
  if (range !== null) return range;
  if (readRelativeDate(value.text) !== null) {
    throw new QuerySyntaxError(RELATIVE_NEEDS_COMPARISON, value.start);
  }
  throw new QuerySyntaxError(DATE_EXPECTED, value.start);
}

function statuses(shape: ValueShape): ExpirationStatus[] {
  return valuesOf(shape).map((value) => {
    const status = readExpirationStatus(value.text);
    if (status === null) throw new QuerySyntaxError('"active" or "expired"', value.start);
    return status;
  });
}

function customTerm(key: string, shape: ValueShape, span: Span): TermNode {
  if (shape.kind === 'compare') {
    const number = readNumber(shape.value.text);
    if (number === null) {
      // Limitation: custom fields compare only numerically; their dates are untyped strings.
      const expected = `a number (custom field "${key}" compares numerically)`;
      throw new QuerySyntaxError(expected, shape.value.start);
    }
    return { kind: 'custom', key, test: { op: shape.op, number }, span };
  }

  const values: CustomValue[] = valuesOf(shape).map((value) => ({
    pattern: value.text,
    number: hasWildcard(value.text) ? null : readNumber(value.text),
  }));
  return { kind: 'custom', key, test: { op: 'in', values }, span };
}
