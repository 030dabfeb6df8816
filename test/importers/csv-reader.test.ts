import { describe, expect, it } from 'vitest';

import { forEachCsvRow, type CsvRow } from '../../src/importers/csv-reader.js';

function rows(text: string): CsvRow[] {
  const out: CsvRow[] = [];
  forEachCsvRow(text, (row) => void out.push(row));
  return out;
}

describe('the CSV reader', () => {
  it.each([
    ['a,b,c', [['a', 'b', 'c']]],
    [
      'a,b\r\nc,d\r\n',
      [
        ['a', 'b'],
        ['c', 'd'],
      ],
    ],
    ['"a,1","b ""quoted""",c', [['a,1', 'b "quoted"', 'c']]],
    ['a,,c,', [['a', '', 'c', '']]],
    ['"",x', [['', 'x']]],
    ['a\n\n\nb', [['a'], ['b']]],
    [
      '"multi\nline",x\ny,z',
      [
        ['multi\nline', 'x'],
        ['y', 'z'],
      ],
    ],
    ['"a"b,c', [['ab', 'c']]],
  ])('splits %j', (given, want) => {
    expect(rows(given).map((r) => r.fields)).toEqual(want);
  });

  it('numbers rows by the line they start on, counting breaks inside quotes', () => {
    const got = rows('h1,h2\n"two\nlines",x\n\nlast,row\n');
    expect(got.map((r) => r.line)).toEqual([1, 2, 5]);
  });

  it('marks a quoted field that never closes', () => {
    const got = rows('value,type\n"cut off,here');
    expect(got[1]).toMatchObject({
      line: 2,
      error: 'a quoted field is never closed (truncated file?)',
    });
  });
});
