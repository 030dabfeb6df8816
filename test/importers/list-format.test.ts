import { describe, expect, it } from 'vitest';

import { parseIndicatorText } from '../../src/importers/index.js';
import { splitListLine } from '../../src/importers/list-format.js';

describe('splitListLine', () => {
  it.each([
    ['8.8.8.8', { value: '8.8.8.8', description: null, lokiScore: null }],
    ['  8.8.8.8  \r', { value: '8.8.8.8', description: null, lokiScore: null }],
    [
      '129.82.138.12 # pinger1a.netsec.colostate.edu',
      { value: '129.82.138.12', description: 'pinger1a.netsec.colostate.edu', lokiScore: null },
    ],
    [
      'xn--eepass-vbb.info    # was: ķeepass.info',
      { value: 'xn--eepass-vbb.info', description: 'was: ķeepass.info', lokiScore: null },
    ],
    [
      '185.178.209[.]193\tCobalt Strike C2 communication\t',
      {
        value: '185.178.209[.]193',
        description: 'Cobalt Strike C2 communication',
        lokiScore: null,
      },
    ],
    ['176.123.5.126;65', { value: '176.123.5.126', description: null, lokiScore: 65 }],
    [
      'evil.com;Sofacy report',
      { value: 'evil.com', description: 'Sofacy report', lokiScore: null },
    ],
    [
      'http://evil.com/a;b=c # keep the semicolon',
      { value: 'http://evil.com/a;b=c', description: 'keep the semicolon', lokiScore: null },
    ],
    [
      'http://evil.com/#fragment',
      { value: 'http://evil.com/#fragment', description: null, lokiScore: null },
    ],
  ])('splits %j', (given, want) => {
    expect(splitListLine(given)).toEqual(want);
  });

  it.each(['', '   ', '# comment', '  # indented comment', '#'])('skips %j', (given) => {
    expect(splitListLine(given)).toBeNull();
  });
});

describe('a plain list', () => {
  const text = [
    '# header comment',
    '',
    'evil[.]com # first',
    'EVIL.com',
    '1.2.3.4:8080',
    '1.2.3.4:443 # second port',
    'not_an_indicator',
    '/only/a/path.php',
    'e086aa137fa19f67d27b39d0eca18610\tsample',
  ].join('\n');

  it('yields one record per distinct value, at the line that first gave it', () => {
    const parsed = parseIndicatorText(text, 'list.txt');
    expect(parsed.format).toBe('list');
    expect(parsed.records.map((r) => [r.line, r.indicator.type, r.indicator.value])).toEqual([
      [3, 'Domain', 'evil.com'],
      [5, 'IP', '1.2.3.4'],
      [9, 'File', 'e086aa137fa19f67d27b39d0eca18610'],
    ]);
  });

  it('merges ports of a repeated address and fills an empty description from a later line', () => {
    const parsed = parseIndicatorText(text, 'list.txt');
    const ip = parsed.records.find((r) => r.indicator.type === 'IP')?.indicator;
    expect(ip?.customFields).toEqual({ ports: [8080, 443] });
    expect(ip?.description).toBe('second port');
    expect(parsed.records[0]?.indicator.description).toBe('first');
  });

  it('rejects what is no indicator with file, line and reason', () => {
    const parsed = parseIndicatorText(text, 'list.txt');
    expect(parsed.rejections).toEqual([
      {
        file: 'list.txt',
        line: 7,
        reason:
          '"not_an_indicator": not an IP, CIDR, domain, URL, e-mail or hash ' +
          '(a single label is not a domain name)',
      },
      {
        file: 'list.txt',
        line: 8,
        reason: '"/only/a/path.php": a path without a host is no indicator',
      },
    ]);
  });

  it('leaves created and modified empty and scores 0 when nothing says otherwise', () => {
    const [first] = parseIndicatorText(text, 'list.txt').records;
    expect(first?.indicator).toMatchObject({
      score: 0,
      created: null,
      modified: null,
      tags: [],
      sourceBrands: [],
    });
  });

  it('applies the score, tags and source given as defaults', () => {
    const parsed = parseIndicatorText('evil.com\n', 'l.txt', {
      score: 3,
      tags: ['c2', 'c2'],
      source: 'My Feed',
    });
    expect(parsed.records[0]?.indicator).toMatchObject({
      score: 3,
      tags: ['c2'],
      sourceBrands: ['My Feed'],
    });
  });

  it('reads every value as the default type, checking the ones it can', () => {
    const mutexes = parseIndicatorText('Global\\evil\nevil.com\n', 'm.txt', { type: 'Mutex' });
    expect(mutexes.records.map((r) => [r.indicator.type, r.indicator.value])).toEqual([
      ['Mutex', 'Global\\evil'],
      ['Mutex', 'evil.com'],
    ]);

    const hashes = parseIndicatorText('ABCDEF0123456789ABCDEF0123456789\nevil.com\n', 'h.txt', {
      type: 'file',
    });
    const hashValues = hashes.records.map((r) => r.indicator.value);
    expect(hashValues).toEqual(['abcdef0123456789abcdef0123456789']);
    const reason = hashes.rejections[0]?.reason;
    expect(reason).toBe('"evil.com": declared File, but the value reads as Domain');
  });

  it('keeps a LOKI score as a custom field and leaves the XSOAR score alone', () => {
    const parsed = parseIndicatorText('176.123.5.126;65\n', 'c2-iocs.txt', { score: 2 });
    expect(parsed.records[0]?.indicator).toMatchObject({
      type: 'IP',
      score: 2,
      customFields: { lokiscore: 65 },
    });
  });

  it('reads CRLF line ends and a byte-order mark', () => {
    const parsed = parseIndicatorText('\uFEFFa.example.com\r\nb.example.com\r\n', 'crlf.txt');
    const got = parsed.records.map((r) => r.indicator.value);
    expect(got).toEqual(['a.example.com', 'b.example.com']);
    expect(parsed.rejections).toEqual([]);
  });
});
