import { describe, expect, it } from 'vitest';

import {
  ITEMS_UNIT,
  contentRange,
  parseRange,
  selectPage,
  unsatisfiedRange,
  type RangePage,
  type RangeRequest,
} from '../../src/taxii/range.js';

describe('parseRange', () => {
  const cases: Array<[string | undefined, RangeRequest]> = [
    [undefined, { kind: 'absent' }],
    ['', { kind: 'absent' }],
    ['   ', { kind: 'absent' }],
    // The form the TAXII 2.0 specification prints, and the one RFC 9110 defines.
    ['items 0-99', { kind: 'items', first: 0, last: 99 }],
    ['items=0-99', { kind: 'items', first: 0, last: 99 }],
    ['Items=100-199', { kind: 'items', first: 100, last: 199 }],
    ['ITEMS 5-5', { kind: 'items', first: 5, last: 5 }],
    ['  items   10-19  ', { kind: 'items', first: 10, last: 19 }],
    ['items= 0-4', { kind: 'items', first: 0, last: 4 }],
    ['items = 0 - 4', { kind: 'items', first: 0, last: 4 }],
    ['items=50-', { kind: 'items', first: 50, last: null }],
    ['items -20', { kind: 'suffix', length: 20 }],
    ['items=-1', { kind: 'suffix', length: 1 }],
    ['bytes=0-499', { kind: 'ignored', unit: 'bytes' }],
    ['pages 1-2', { kind: 'ignored', unit: 'pages' }],
  ];

  it.each(cases)('reads %j as %j', (header, want) => {
    expect(parseRange(header)).toEqual(want);
  });

  const malformed: Array<[string, string]> = [
    ['items 99-0', 'ends before it starts'],
    ['items=10-9', 'ends before it starts'],
    ['items 0-9,20-29', 'only one range'],
    ['items', 'not `items <first>-<last>`'],
    ['items ', 'not `<first>-<last>`'],
    ['items a-b', 'not `<first>-<last>`'],
    ['items 1.5-3', 'not `<first>-<last>`'],
    ['items 1-2-3', 'not `<first>-<last>`'],
    ['items -', 'not `<first>-<last>`'],
    ['items --5', 'not `<first>-<last>`'],
    ['items 0x10-0x20', 'not `<first>-<last>`'],
    ['items -0', 'length of 1 or more'],
    ['items 99999999999999999999-99999999999999999999', 'too large'],
    ['items 0-99999999999999999999', 'too large'],
    ['items0-99', 'not `items <first>-<last>`'],
    ['=0-99', 'not `items <first>-<last>`'],
  ];

  it.each(malformed)('finds %j malformed: %s', (header, reason) => {
    const request = parseRange(header);

    expect(request.kind).toBe('malformed');
    expect(request.kind === 'malformed' && request.reason).toContain(reason);
  });
});

describe('selectPage', () => {
  const CAP = 100;
  const items = (first: number, last: number | null): RangeRequest => ({
    kind: 'items',
    first,
    last,
  });

  const absent: RangeRequest = { kind: 'absent' };
  const cases: Array<[string, RangeRequest, number, RangePage]> = [
    ['no range, all fit', absent, 40, { status: 200, offset: 0, limit: 40 }],
    ['no range, exactly the cap', absent, 100, { status: 200, offset: 0, limit: 100 }],
    ['no range, more than the cap', absent, 250, { status: 206, offset: 0, limit: 100 }],
    ['no range, nothing', absent, 0, { status: 200, offset: 0, limit: 0 }],
    [
      'another unit',
      { kind: 'ignored', unit: 'bytes' },
      250,
      {
        status: 206,
        offset: 0,
        limit: 100,
      },
    ],
    ['the first page', items(0, 99), 250, { status: 206, offset: 0, limit: 100 }],
    ['a middle page', items(100, 199), 250, { status: 206, offset: 100, limit: 100 }],
    ['the last page, cut short', items(200, 299), 250, { status: 206, offset: 200, limit: 50 }],
    ['one item', items(7, 7), 250, { status: 206, offset: 7, limit: 1 }],
    ['the last item', items(249, 249), 250, { status: 206, offset: 249, limit: 1 }],
    ['a range wider than the cap', items(0, 9999), 5000, { status: 206, offset: 0, limit: 100 }],
    ['a range covering everything', items(0, 99), 40, { status: 206, offset: 0, limit: 40 }],
    ['an open-ended range', items(240, null), 250, { status: 206, offset: 240, limit: 10 }],
    [
      'an open-ended range past the cap',
      items(10, null),
      250,
      {
        status: 206,
        offset: 10,
        limit: 100,
      },
    ],
    ['a suffix', { kind: 'suffix', length: 20 }, 250, { status: 206, offset: 230, limit: 20 }],
    [
      'a suffix longer than all',
      { kind: 'suffix', length: 500 },
      40,
      {
        status: 206,
        offset: 0,
        limit: 40,
      },
    ],
    [
      'a suffix longer than the cap',
      { kind: 'suffix', length: 150 },
      250,
      {
        status: 206,
        offset: 100,
        limit: 100,
      },
    ],
    ['a suffix of nothing', { kind: 'suffix', length: 5 }, 0, { status: 200, offset: 0, limit: 0 }],
    ['the first page of nothing', items(0, 99), 0, { status: 200, offset: 0, limit: 0 }],
    [
      'a range past the end',
      items(250, 349),
      250,
      {
        status: 416,
        contentRange: 'items */250',
        reason: 'the range starts at item 250 of 250',
      },
    ],
    [
      'a range far past the end',
      items(1000, 1099),
      250,
      {
        status: 416,
        contentRange: 'items */250',
        reason: 'the range starts at item 1000 of 250',
      },
    ],
    [
      'a later page of nothing',
      items(100, 199),
      0,
      {
        status: 416,
        contentRange: 'items */0',
        reason: 'the range starts at item 100 of 0',
      },
    ],
    [
      'a malformed range',
      { kind: 'malformed', reason: 'the range ends before it starts' },
      250,
      {
        status: 416,
        contentRange: 'items */250',
        reason: 'the range ends before it starts',
      },
    ],
  ];

  it.each(cases)('serves %s', (_name, request, total, want) => {
    expect(selectPage(request, total, CAP)).toEqual(want);
  });

  it('answers a reversed header with 416 end to end', () => {
    expect(selectPage(parseRange('items 99-0'), 250, CAP)).toMatchObject({
      status: 416,
      contentRange: 'items */250',
    });
  });

  it.each([0, -1, 1.5, Number.NaN])('refuses a page cap of %s', (cap) => {
    expect(() => selectPage({ kind: 'absent' }, 10, cap)).toThrow(RangeError);
  });
});

describe('contentRange', () => {
  const cases: Array<[number, number, number, string]> = [
    [0, 100, 1500, 'items 0-99/1500'],
    [100, 100, 1500, 'items 100-199/1500'],
    [1400, 100, 1500, 'items 1400-1499/1500'],
    [0, 1, 1, 'items 0-0/1'],
    [0, 40, 40, 'items 0-39/40'],
    [0, 0, 0, 'items 0-0/0'],
    [0, 0, 12, 'items */12'],
  ];

  it.each(cases)('writes offset %i, %i returned of %i as %j', (offset, returned, total, want) => {
    expect(contentRange(offset, returned, total)).toBe(want);
  });

  it('writes every page, the empty result included, in the form taxii2-client parses', () => {
    // taxii2client.common._grab_total_items matches this and fails on anything else.
    const clientPattern = /^items (\d+)-(\d+)\/(\d+)$/;

    for (const [offset, returned, total] of cases.filter(([, n, all]) => n > 0 || all === 0)) {
      expect(contentRange(offset, returned, total)).toMatch(clientPattern);
    }
  });

  it('writes the 416 form with the total only', () => {
    expect(unsatisfiedRange(250)).toBe('items */250');
    expect(ITEMS_UNIT).toBe('items');
  });
});

describe('paging a whole result by ranges', () => {
  it.each([
    [0, 100],
    [1, 100],
    [99, 100],
    [100, 100],
    [101, 100],
    [1234, 100],
    [7, 3],
  ])('visits each of %i items exactly once with a cap of %i', (total, cap) => {
    // The loop of a TAXII 2.0 client: ask for a page, learn its size, ask for the next.
    const seen: number[] = [];
    let start = 0;
    for (let requests = 0; requests < 1000; requests++) {
      const page = selectPage(parseRange(`items ${start}-${start + cap - 1}`), total, cap);
      if (page.status === 416) break;
      for (let i = page.offset; i < page.offset + page.limit; i++) seen.push(i);
      const [, first, last, all] = /^items (\d+)-(\d+)\/(\d+)$/
        .exec(contentRange(page.offset, page.limit, total))!
        .map(Number);
      if (total === 0) break;
      expect(first).toBe(start);
      start = last! + 1;
      if (start >= all!) break;
    }

    expect(seen).toEqual(Array.from({ length: total }, (_, i) => i));
  });
});
