import { describe, expect, it } from 'vitest';

import { formatTimestamp, parseTimestamp } from '../../src/time/microseconds.js';

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

// What a date is, said through Date: the fields survive a round trip through UTC unchanged.
function realByDate(y: number, mo: number, d: number, h: number, mi: number, s: number) {
  const date = new Date(0);
  date.setUTCFullYear(y, mo - 1, d);
  date.setUTCHours(h, mi, s, 0);
  const got = [
    date.getUTCFullYear(),
    date.getUTCMonth() + 1,
    date.getUTCDate(),
    date.getUTCHours(),
    date.getUTCMinutes(),
    date.getUTCSeconds(),
  ];
  return got.every((v, i) => v === [y, mo, d, h, mi, s][i]);
}

describe('parseTimestamp', () => {
  it('keeps microseconds, truncates nanoseconds, applies offsets', () => {
    expect(parseTimestamp('2024-01-02T03:04:05.678901Z')).toBe(
      Date.UTC(2024, 0, 2, 3, 4, 5, 678) * 1000 + 901,
    );
    expect(parseTimestamp('2024-01-02T03:04:05.123456789Z')).toBe(
      parseTimestamp('2024-01-02T03:04:05.123456Z'),
    );
    expect(parseTimestamp('2024-01-02T05:04:05+02:00')).toBe(
      parseTimestamp('2024-01-02T03:04:05Z'),
    );
    expect(parseTimestamp('2024-01-02')).toBe(Date.UTC(2024, 0, 2) * 1000);
    expect(formatTimestamp(parseTimestamp(' 2024-01-02T03:04:05.000007z ')!)).toBe(
      '2024-01-02T03:04:05.000007Z',
    );
  });

  it('accepts exactly the dates whose fields are real', () => {
    const cases: Array<[number, number, number, number, number, number]> = [];
    for (const y of [1, 99, 100, 1900, 1970, 2000, 2023, 2024, 2100, 9999]) {
      for (const mo of [0, 1, 2, 4, 12, 13]) {
        for (const d of [0, 1, 28, 29, 30, 31, 32]) cases.push([y, mo, d, 12, 30, 30]);
      }
    }
    for (const [h, mi, s] of [
      [23, 59, 59],
      [24, 0, 0],
      [0, 60, 0],
      [0, 0, 60],
    ] as const) {
      cases.push([2024, 6, 15, h, mi, s]);
    }
    for (const [y, mo, d, h, mi, s] of cases) {
      const text = `${pad(y, 4)}-${pad(mo)}-${pad(d)}T${pad(h)}:${pad(mi)}:${pad(s)}Z`;
      const real = y >= 100 && realByDate(y, mo, d, h, mi, s);
      expect(parseTimestamp(text) !== null, text).toBe(real);
      if (real) expect(formatTimestamp(parseTimestamp(text)!)).toBe(text.replace('Z', '.000000Z'));
    }
  });

  it('refuses what is not a date', () => {
    for (const text of ['', 'yesterday', '2024-1-2', '2024-01-02T03', '0001-01-01T00:00:00Z']) {
      expect(parseTimestamp(text), text).toBeNull();
    }
  });
});
