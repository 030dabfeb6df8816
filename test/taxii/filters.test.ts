import { describe, expect, it } from 'vitest';

import { TaxiiError } from '../../src/server/errors.js';
import { readFilters } from '../../src/taxii/filters.js';

describe('readFilters', () => {
  it('caps the page at the server maximum, with or without a limit', () => {
    expect(readFilters({}, 1000).limit).toBe(1000);
    expect(readFilters({ limit: '50' }, 1000).limit).toBe(50);
    expect(readFilters({ limit: '5000' }, 1000).limit).toBe(1000);
  });

  it.each(['0', '-1', 'abc', '1.5', ''])('rejects limit=%j', (limit) => {
    expect(() => readFilters({ limit }, 1000)).toThrow(TaxiiError);
  });

  it('reads added_after to the microsecond, also from nanosecond input', () => {
    expect(readFilters({ added_after: '2024-01-02T03:04:05.123456Z' }, 10).addedAfter).toBe(
      Date.UTC(2024, 0, 2, 3, 4, 5) * 1000 + 123456,
    );
    expect(readFilters({ added_after: '2024-01-02T03:04:05.123456789Z' }, 10).addedAfter).toBe(
      Date.UTC(2024, 0, 2, 3, 4, 5) * 1000 + 123456,
    );
  });

  it.each(['yesterday', '2024-01-02', '2024-13-01T00:00:00Z', '2024-02-30T00:00:00Z'])(
    'rejects added_after=%j',
    (addedAfter) => {
      expect(() => readFilters({ added_after: addedAfter }, 10)).toThrow(/added_after/);
    },
  );

  it('splits comma lists in match filters, nested or flat', () => {
    expect(readFilters({ match: { type: 'indicator, ipv4-addr' } }, 10).types).toEqual([
      'indicator',
      'ipv4-addr',
    ]);
    expect(readFilters({ 'match[id]': 'a,b' }, 10).ids).toEqual(['a', 'b']);
  });

  it('rejects a filter given twice', () => {
    expect(() => readFilters({ match: { type: ['a', 'b'] } }, 10)).toThrow(/once/);
  });

  it('keeps every version for the keywords and narrows for timestamps', () => {
    expect(readFilters({ match: { version: 'last' } }, 10).versions).toBeUndefined();
    expect(readFilters({ match: { version: '2024-01-01T00:00:00Z' } }, 10).versions).toEqual([
      '2024-01-01T00:00:00.000Z',
    ]);
    expect(() => readFilters({ match: { version: 'newest' } }, 10)).toThrow(/match\[version\]/);
  });
});
