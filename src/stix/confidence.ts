/**
 * What an indicator's XSOAR verdict says in STIX terms: the indicator type (the indicator-type-ov
 * vocabulary) from the score, and a confidence (the common property, 0 to 100) from the score
 * and the source's reliability.
 */
import type { Score } from '../indicators/indicator.js';

const INDICATOR_TYPES: Readonly<Record<Score, string>> = {
  0: 'unknown',
  1: 'benign',
  2: 'anomalous-activity',
  3: 'malicious-activity',
};

/** The indicator-type-ov entry for an XSOAR score. */
export function indicatorTypeForScore(score: Score): string {
  return INDICATOR_TYPES[score] ?? 'unknown';
}

/**
 * Confidence by reliability (rows) and verdict (columns):
 *
 * | reliability                         | bad (3) | suspicious (2) | good (1) | unknown (0) |
 * |-------------------------------------|---------|----------------|----------|-------------|
 * | A+ - 3rd party enrichment           | 95      | 75             | 95       | none        |
 * | A - Completely reliable             | 85      | 65             | 85       | none        |
 * | B - Usually reliable                | 70      | 55             | 70       | none        |
 * | C - Fairly reliable                 | 55      | 40             | 55       | none        |
 * | D - Not usually reliable            | 35      | 25             | 35       | none        |
 * | E - Unreliable                      | 15      | 10             | 15       | none        |
 * | F - Reliability cannot be judged    | 50      | 35             | 50       | none        |
 * | (no reliability given)              | 50      | 35             | 50       | none        |
 *
 * A verdict of bad or good is a firm claim and takes the source's full weight; suspicious is
 * a hedged claim and scores lower. Without a verdict there is nothing to be confident in, so
 * no confidence is given, which STIX reads as "unspecified". F and a missing reliability sit
 * at the middle of the scale: the source is neither vouched for nor doubted.
 */
const FIRM: Readonly<Record<string, number>> = {
  'A+': 95,
  A: 85,
  B: 70,
  C: 55,
  D: 35,
  E: 15,
  F: 50,
};

const HEDGED: Readonly<Record<string, number>> = {
  'A+': 75,
  A: 65,
  B: 55,
  C: 40,
  D: 25,
  E: 10,
  F: 35,
};

/** The confidence for a score and an XSOAR reliability string, or null for none. */
export function confidenceFor(score: Score, reliability: string | null | undefined): number | null {
  if (score !== 1 && score !== 2 && score !== 3) return null;

  const table = score === 2 ? HEDGED : FIRM;
  return table[reliabilityGrade(reliability)] ?? table.F!;
}

// XSOAR writes reliabilities as "B - Usually reliable"; the grade is what precedes the dash.
function reliabilityGrade(reliability: string | null | undefined): string {
  const m = /^\s*(A\+|[A-F])(?:\s|-|$)/i.exec(reliability ?? '');
  return m ? m[1]!.toUpperCase() : 'F';
}
