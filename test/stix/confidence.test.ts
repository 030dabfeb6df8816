import { readFileSync } from 'node:fs';

import { describe, expect, it } from 'vitest';

import type { Score } from '../../src/indicators/indicator.js';
import { packageFile } from '../../src/package-files.js';
import { confidenceFor, indicatorTypeForScore } from '../../src/stix/confidence.js';

const GRADES = ['A+', 'A', 'B', 'C', 'D', 'E', 'F'] as const;
const SCORES: Score[] = [3, 2, 1, 0];

describe('the verdict in STIX terms', () => {
  it.each<[Score, string, Array<number | null>]>([
    [3, 'malicious-activity', [95, 85, 70, 55, 35, 15, 50]],
    [2, 'anomalous-activity', [75, 65, 55, 40, 25, 10, 35]],
    [1, 'benign', [95, 85, 70, 55, 35, 15, 50]],
    [0, 'unknown', [null, null, null, null, null, null, null]],
  ])('maps score %s to %s and a confidence per reliability grade', (score, type, want) => {
    expect(indicatorTypeForScore(score)).toBe(type);
    expect(GRADES.map((grade) => confidenceFor(score, `${grade} - as XSOAR writes it`))).toEqual(
      want,
    );
    // No reliability, or one that names no grade, is read as F.
    expect(confidenceFor(score, null)).toBe(want[6]);
    expect(confidenceFor(score, 'trusted')).toBe(want[6]);
  });

  it('is documented in the README exactly as it is computed', () => {
    const readme = readFileSync(packageFile('README.md'), 'utf8');
    for (const score of SCORES) {
      const row = new RegExp(`^\\| ${score} [a-z]+ \\| \`([a-z-]+)\` \\| ([^|]+) \\|$`, 'm');
      const [, type, confidences] = row.exec(readme) ?? [];
      expect(type, `README row for score ${score}`).toBe(indicatorTypeForScore(score));
      const computed = GRADES.map((grade) => confidenceFor(score, grade));
      const documented = computed.every((c) => c === null)
        ? confidences!.startsWith('none')
        : confidences!.trim() === computed.join(', ');
      expect(documented, `README confidences for score ${score}: ${confidences}`).toBe(true);
    }
  });
});
