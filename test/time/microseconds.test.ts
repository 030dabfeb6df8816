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

describe('formatTimestamp and parseTimestamp', () => {
  // Microseconds are exact in a double up to 2**53, about the years 1685 to 2255; whole seconds
  // are exact over every four-digit year. Both spread by a fixed linear congruential sequence.
  const spread = (lowest: number, highest: number, unit: number) => {
    const found: number[] = [];
    let x = 12345;
    for (let i = 0; i < 10_000; i++) {
      x = (x * 1_103_515_245 + 12_345) % 2 ** 31;
      found.push(Math.floor((lowest + (x / 2 ** 31) * (highest - lowest)) / unit) * unit);
    }
    return found;
  };
  const instants = [
    ...spread(Date.UTC(1700, 0, 1) * 1000, Date.UTC(2250, 0, 1) * 1000, 1),
    ...spread(Date.UTC(100, 0, 1) * 1000, Date.UTC(9999, 11, 31, 23, 59, 59) * 1000, 1_000_000),
    Date.UTC(2000, 1, 29) * 1000,
    Date.UTC(1900, 2, 1) * 1000 - 1,
    Date.UTC(100, 0, 1) * 1000,
    0,
  ];

  it('formats every instant as Date does, with six fraction digits', () => {
    for (const micros of instants) {
      const ms = Math.floor(micros / 1000);
      const want = `${new Date(ms).toISOString().slice(0, 23)}${pad(micros - ms * 1000, 3)}Z`;
      expect(formatTimestamp(micros)).toBe(want);
    }
  });

  it('formats years past 9999 as Date does', () => {
    const ms = Date.UTC(10_000, 0, 1);
    expect(formatTimestamp(ms * 1000)).toBe('+010000-01-01T00:00:00.000000Z');
  });

  it('reads back what it formats, with three, six or no fraction digits', () => {
    for (const micros of instants) {
      const text = formatTimestamp(micros);
      expect(parseTimestamp(text)).toBe(micros);
      const ms = Math.floor(micros / 1000);
      expect(parseTimestamp(`${text.slice(0, 23)}Z`)).toBe(ms * 1000);
      expect(parseTimestamp(`${text.slice(0, 19)}Z`)).toBe(Math.floor(micros / 1e6) * 1e6);
    }
  });

  it('refuses canonical-looking text whose fields are not a date', () => {
    for (const text of [
      '2024-02-30T00:00:00Z',
      '2024-01-01T24:00:00.000Z',
      '2024-01-01T00:00:00.00aZ',
      '2024-01-0xT00:00:00.000000Z',
      '0099-01-01T00:00:00.000Z',
    ]) {
      expect(parseTimestamp(text), text).toBeNull();
    }
  });
});
