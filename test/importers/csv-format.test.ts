import { describe, expect, it } from 'vitest';

import { ImportFileError, parseIndicatorText } from '../../src/importers/index.js';

function values(text: string, file = 'f.csv', valueColumn?: string) {
  const parsed = parseIndicatorText(text, file, valueColumn ? { valueColumn } : {});
  return parsed.records.map((r) => [r.line, r.indicator.type, r.indicator.value]);
}

describe('CSV with a header', () => {
  it('reads value, type, score, tags, description, source and dates by header name', () => {
    const text = [
      'Indicator,Indicator_Type,Score,Tags,Comment,Source,First Seen,Last_Seen,TLP,Expiration',
      '"evil.com",Domain,3,"c2;apt","a, quoted, note",Feed A,2024-01-02T03:04:05.123456789Z,' +
        '2024-02-01,AMBER,0001-01-01T00:00:00Z',
    ].join('\n');
    const parsed = parseIndicatorText(text, 'f.csv');
    expect(parsed.format).toBe('csv');
    expect(parsed.records[0]?.indicator).toMatchObject({
      type: 'Domain',
      value: 'evil.com',
      score: 3,
      tags: ['c2', 'apt'],
      description: 'a, quoted, note',
      sourceBrands: ['Feed A'],
      firstSeen: '2024-01-02T03:04:05.123456Z',
      lastSeen: '2024-02-01T00:00:00.000000Z',
      tlp: 'AMBER',
      expiration: null,
      created: null,
      modified: null,
    });
  });

  it('maps type cells as sources write them and detects the rest', () => {
    const text = [
      'value,type',
      '1.2.3.4:80,IPV4:PORT',
      'evil.com,domain-name',
      'e086aa137fa19f67d27b39d0eca18610,md5',
      'CVE-2021-44228,cve',
      'http://x.example/a,C2 @ somewhere',
      '2001:db8::1,ip',
    ].join('\n');
    const parsed = parseIndicatorText(text, 'f.csv');
    expect(parsed.records.map((r) => [r.indicator.type, r.indicator.value])).toEqual([
      ['IP', '1.2.3.4'],
      ['Domain', 'evil.com'],
      ['File', 'e086aa137fa19f67d27b39d0eca18610'],
      ['CVE', 'CVE-2021-44228'],
      ['URL', 'http://x.example/a'],
      ['IPv6', '2001:db8::1'],
    ]);
    expect(parsed.records[0]?.indicator.customFields).toEqual({ ports: [80] });
    expect(parsed.records[4]?.indicator.customFields).toEqual({ type: 'C2 @ somewhere' });
  });

  it('refuses a value that does not fit its declared type', () => {
    const parsed = parseIndicatorText('value,type\n1.2.3.4,Domain\n', 'f.csv');
    expect(parsed.rejections).toEqual([
      { file: 'f.csv', line: 2, reason: '"1.2.3.4": declared Domain, but the value reads as IP' },
    ]);
  });

  it('turns a bare host in a URL column into a URL of that host', () => {
    expect(values('value,type\nevil.com:8080,URL\n')).toEqual([[2, 'URL', 'http://evil.com:8080']]);
  });

  it('reads one indicator per column whose header names a type', () => {
    const sha256 = 'f1412386aa8db2579aff2636cb9511cacc5fd9880ecab60c048508fbe26ee4d9';
    const text = `md5,sha256,filename\nE086AA137FA19F67D27B39D0ECA18610,${sha256},a.exe\n`;
    const parsed = parseIndicatorText(text, 'f.csv');
    const got = parsed.records.map(({ indicator: i }) => [i.type, i.value, i.customFields]);
    expect(got).toEqual([
      ['File', 'e086aa137fa19f67d27b39d0eca18610', { filename: 'a.exe' }],
      ['File', sha256, { filename: 'a.exe' }],
    ]);
  });

  it('takes the value column a caller names', () => {
    const got = values('host,seen\nevil.com,yes\n', 'f.csv', 'HOST');
    expect(got).toEqual([[2, 'Domain', 'evil.com']]);
  });

  it('throws when the named value column is missing', () => {
    expect(() => parseIndicatorText('a,b\n1,2\n', 'f.csv', { valueColumn: 'ioc' })).toThrow(
      new ImportFileError('f.csv', 'no column is headed "ioc" (headers: a, b)'),
    );
  });

  it('keeps unknown columns as custom fields under their header', () => {
    const parsed = parseIndicatorText('ioc,Campaign,Port\nevil.com,Snowman,443\n', 'f.csv');
    const custom = parsed.records[0]?.indicator.customFields;
    expect(custom).toEqual({ Campaign: 'Snowman', ports: [443] });
  });

  it('rejects bad rows with their line and keeps the good ones', () => {
    const text = [
      'value,score,first seen',
      'a.example.com,3,2024-01-01',
      'b.example.com,7,2024-01-01',
      'c.example.com,1,yesterday',
      ',2,',
      'd.example.com,2,2024-01-01,extra',
      '"e.example.com,2',
    ].join('\n');
    const parsed = parseIndicatorText(text, 'f.csv');
    expect(parsed.records.map((r) => r.indicator.value)).toEqual(['a.example.com']);
    expect(parsed.rejections.map((r) => [r.line, r.reason])).toEqual([
      [3, 'score "7" is not 0 to 3 or a verdict word'],
      [4, 'first seen "yesterday" is not a date'],
      [5, 'row has no indicator value'],
      [6, 'row has 4 fields, the header 3'],
      [7, 'a quoted field is never closed (truncated file?)'],
    ]);
  });

  it('reads verdict words as scores', () => {
    const text =
      'value,verdict\na.example.com,Malicious\nb.example.com,benign\nc.example.com,Suspicious\n';
    const parsed = parseIndicatorText(text, 'f.csv');
    expect(parsed.records.map((r) => r.indicator.score)).toEqual([3, 1, 2]);
  });

  it('treats a .csv file with an unknown header as CSV with the first column as value', () => {
    expect(values('thing,note\nevil.com,x\n', 'odd.csv')).toEqual([[2, 'Domain', 'evil.com']]);
  });
});
