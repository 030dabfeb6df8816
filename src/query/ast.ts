/**
 * The indicator query's syntax tree, as the parser leaves it: fields resolved, values checked
 * and converted, so the evaluator and every SQL compiler read the same meaning.
 */
import type { Score } from '../indicators/indicator.js';

/** Character offsets into the query text; `end` is exclusive. */
export interface Span {
  readonly start: number;
  readonly end: number;
}

export type CompareOp = '>' | '>=' | '<' | '<=';

/** Fields holding text, matched case-insensitively with `*` and `?` wildcards. */
export type TextField =
  | 'type'
  | 'value'
  | 'tags'
  | 'sourceBrands'
  | 'sourceInstances'
  | 'tlp'
  | 'description'
  | 'aggregatedReliability';

/** Fields holding dates (microseconds in the store). `timestamp` is read as `created`. */
export type DateField = 'created' | 'modified' | 'firstSeen' | 'lastSeen' | 'expiration';

export type DurationUnit = 'second' | 'minute' | 'hour' | 'day' | 'week' | 'month' | 'year';

export type ExpirationStatus = 'active' | 'expired';

/** The empty query: every indicator. */
export interface MatchAllNode {
  readonly kind: 'all';
  readonly span: Span;
}

export interface AndNode {
  readonly kind: 'and';
  readonly children: readonly QueryNode[];
  readonly span: Span;
}

export interface OrNode {
  readonly kind: 'or';
  readonly children: readonly QueryNode[];
  readonly span: Span;
}

export interface NotNode {
  readonly kind: 'not';
  readonly child: QueryNode;
  readonly span: Span;
}

/** `field:pattern` or `field:(p1 p2)` on a text field: true when any pattern matches. */
export interface TextTermNode {
  readonly kind: 'text';
  readonly field: TextField;
  /** The field name as written (empty for a bare word, which searches the value). */
  readonly written: string;
  /** Patterns as written (quotes and escapes removed); `*` and `?` are wildcards. */
  readonly patterns: readonly string[];
  readonly span: Span;
}

export type ScoreTest =
  | { readonly op: 'in'; readonly scores: readonly Score[] }
  | { readonly op: CompareOp; readonly score: Score };

/** `score`, `verdict` or `reputation`: all three read the score column. */
export interface ScoreTermNode {
  readonly kind: 'score';
  readonly written: string;
  readonly test: ScoreTest;
  readonly span: Span;
}

/** A half-open interval of microseconds: `start <= t < end`. */
export interface DateRange {
  readonly start: number;
  readonly end: number;
  /** The date as written. */
  readonly text: string;
}

/**
 * A comparison bound. An `instant` is fixed at parse time; an `ago` bound is `now - offset`,
 * evaluated at request time.
 */
export type DateBound =
  | { readonly kind: 'instant'; readonly micros: number; readonly text: string }
  | {
      readonly kind: 'ago';
      readonly amount: number;
      readonly unit: DurationUnit;
      readonly offsetMicros: number;
      readonly text: string;
    };

/**
 * `within` is date equality: any of the ranges (a day, minute, second ... as precise as the date
 * was written). `present` is `field:*`, any date at all. An absolute comparison is normalised to
 * `>=` or `<` against a range edge.
 */
export type DateTest =
  | { readonly op: 'within'; readonly ranges: readonly DateRange[] }
  | { readonly op: 'present' }
  | { readonly op: CompareOp; readonly bound: DateBound };

export interface DateTermNode {
  readonly kind: 'date';
  readonly field: DateField;
  readonly written: string;
  readonly test: DateTest;
  readonly span: Span;
}

/** `expirationStatus:active` (no expiration, or one after now) or `expirationStatus:expired`. */
export interface ExpirationStatusNode {
  readonly kind: 'expiration-status';
  readonly written: string;
  readonly statuses: readonly ExpirationStatus[];
  readonly span: Span;
}

/** One value compared with a custom field's elements. */
export interface CustomValue {
  /** Matched against string elements (and the words true/false for booleans). */
  readonly pattern: string;
  /** The value as a number, for equality with numeric elements; null when it is not one. */
  readonly number: number | null;
}

export type CustomTest =
  | { readonly op: 'in'; readonly values: readonly CustomValue[] }
  | { readonly op: CompareOp; readonly number: number };

/** Any field name we do not know: a key of the indicator's custom fields. */
export interface CustomTermNode {
  readonly kind: 'custom';
  /** The key as written; matched case-insensitively. */
  readonly key: string;
  readonly test: CustomTest;
  readonly span: Span;
}

export type TermNode =
  TextTermNode | ScoreTermNode | DateTermNode | ExpirationStatusNode | CustomTermNode;

export type QueryNode = MatchAllNode | AndNode | OrNode | NotNode | TermNode;
