import { describe, expect, it } from 'vitest';

import { MAX_DEPTH, MAX_VALUES, parseQuery, QuerySyntaxError } from '../../src/query/parser.js';
import { sketch } from './support/sketch.js';

const DAY = 86_400_000_000;

describe('parseQuery', () => {
  const trees: [given: string, want: string][] = [
    ['', 'all'],
    ['  \t\n ', 'all'],
    ['type:IP and score:3', 'and(type=["IP"], score in [3])'],
    ['TYPE:ip', 'type=["ip"]'],
    [
      'Value:x SourceBrands:y SOURCEINSTANCES:z',
      'and(value=["x"], sourceBrands=["y"], sourceInstances=["z"])',
    ],
    ['tlp:red trafficLightProtocol:red', 'and(tlp=["red"], tlp=["red"])'],
    [
      'aggregatedReliability:A* description:*ransom*',
      'and(aggregatedReliability=["A*"], description=["*ransom*"])',
    ],
    ['type:"Registry Key"', 'type=["Registry Key"]'],
    ['a b or c', 'or(and(value=["a"], value=["b"]), value=["c"])'],
    ['a or b c', 'or(value=["a"], and(value=["b"], value=["c"]))'],
    ['a and b or c and d', 'or(and(value=["a"], value=["b"]), and(value=["c"], value=["d"]))'],
    ['not a and b', 'and(not(value=["a"]), value=["b"])'],
    ['-a b', 'and(not(value=["a"]), value=["b"])'],
    ['not (a or b)', 'not(or(value=["a"], value=["b"]))'],
    ['-(a or b)', 'not(or(value=["a"], value=["b"]))'],
    ['NOT NOT a', 'not(not(value=["a"]))'],
    ['--a', 'not(not(value=["a"]))'],
    ['a AND (b AnD c)', 'and(value=["a"], value=["b"], value=["c"])'],
    ['(a)(b)', 'and(value=["a"], value=["b"])'],
    ['a oR b', 'or(value=["a"], value=["b"])'],
    ['notable ORacle android', 'and(value=["notable"], value=["ORacle"], value=["android"])'],
    ['-tags:benign', 'not(tags=["benign"])'],
    ['"evil.com"', 'value=["evil.com"]'],
    ['"and"', 'value=["and"]'],
    ['value:"say \\"hi\\" \\\\ bye"', 'value=["say \\"hi\\" \\\\ bye"]'],
    ['value:"C:\\Windows\\x"', 'value=["C:\\\\Windows\\\\x"]'],
    ['value:HKLM\\Software\\*', 'value=["HKLM\\\\Software\\\\*"]'],
    ['value:*.example.com', 'value=["*.example.com"]'],
    ['value:a%b_c', 'value=["a%b_c"]'],
    ['value:""', 'value=[""]'],
    ['value:2001:db8::1', 'value=["2001:db8::1"]'],
    ['2001:db8::1', 'value=["2001:db8::1"]'],
    ['evil.com:8080', 'value=["evil.com:8080"]'],
    ['value:http://x.test/a?b=1', 'value=["http://x.test/a?b=1"]'],
    ['tags:("a b" c or d OR "e")', 'tags=["a b","c","d","e"]'],
    ['tags:( a )', 'tags=["a"]'],
    ['value:日本語 value:😀', 'and(value=["日本語"], value=["😀"])'],
    ['score:0', 'score in [0]'],
    ['score:(1 3)', 'score in [1,3]'],
    ['score:>=2', 'score>=2'],
    ['score:<1', 'score<1'],
    ['verdict:Malicious', 'score in [3]'],
    ['verdict:bad reputation:GOOD', 'and(score in [3], score in [1])'],
    ['reputation:(benign suspicious 0 none unknown)', 'score in [1,2,0,0,0]'],
    ['verdict:>=suspicious', 'score>=2'],
    [
      'created:2024-01-01',
      'created within 2024-01-01T00:00:00.000000Z..2024-01-02T00:00:00.000000Z',
    ],
    [
      'timestamp:2024-01-01T10:00',
      'created within 2024-01-01T10:00:00.000000Z..2024-01-01T10:01:00.000000Z',
    ],
    [
      'modified:2024-01-01T10:00:30Z',
      'modified within 2024-01-01T10:00:30.000000Z..2024-01-01T10:00:31.000000Z',
    ],
    [
      'modified:2024-01-01T10:00:30.5Z',
      'modified within 2024-01-01T10:00:30.500000Z..2024-01-01T10:00:30.600000Z',
    ],
    [
      'modified:2024-01-01T10:00:30.123456789Z',
      'modified within 2024-01-01T10:00:30.123456Z..2024-01-01T10:00:30.123457Z',
    ],
    [
      'firstSeen:2024-01-01T10:00+02:00',
      'firstSeen within 2024-01-01T08:00:00.000000Z..2024-01-01T08:01:00.000000Z',
    ],
    [
      'lastSeen:"2024-01-01 10:00"',
      'lastSeen within 2024-01-01T10:00:00.000000Z..2024-01-01T10:01:00.000000Z',
    ],
    [
      'expiration:(2024-01-01 2024-03-01)',
      'expiration within 2024-01-01T00:00:00.000000Z..2024-01-02T00:00:00.000000Z | 2024-03-01T00:00:00.000000Z..2024-03-02T00:00:00.000000Z',
    ],
    ['created:>2024-01-01', 'created>=2024-01-02T00:00:00.000000Z'],
    ['created:>=2024-01-01', 'created>=2024-01-01T00:00:00.000000Z'],
    ['created:<2024-01-01', 'created<2024-01-01T00:00:00.000000Z'],
    ['created:<=2024-01-01', 'created<2024-01-02T00:00:00.000000Z'],
    ['created:<=2024-01-01T10:00:00Z', 'created<2024-01-01T10:00:01.000000Z'],
    ['modified:>="7 days ago"', `modified>=now-7day(${7 * DAY})`],
    ['modified:>"12 Hours ago"', `modified>now-12hour(${DAY / 2})`],
    ['modified:<"3 weeks ago"', `modified<now-3week(${21 * DAY})`],
    ['modified:<="1 month ago"', `modified<=now-1month(${30 * DAY})`],
    ['modified:>"90 minutes ago"', `modified>now-90minute(${90 * 60_000_000})`],
    ['modified:>"2 years ago"', `modified>now-2year(${730 * DAY})`],
    ['modified:>"30 seconds ago"', `modified>now-30second(${30_000_000})`],
    ['lastSeen:*', 'lastSeen present'],
    ['expirationStatus:Active', 'expirationStatus ["active"]'],
    ['expirationstatus:(active EXPIRED)', 'expirationStatus ["active","expired"]'],
    ['service:"Daily Threat Feed"', 'custom service=["Daily Threat Feed"]'],
    [
      'port:80 Port:8* port:-1.5e2',
      'and(custom port=["80"#80], custom Port=["8*"], custom port=["-1.5e2"#-150])',
    ],
    ['port:>=1e3', 'custom port>=1000'],
    ['cvss_score:<7.5', 'custom cvss_score<7.5'],
    ['and:x not:y', 'and(custom and=["x"], custom not=["y"])'],
    ['http://x.test', 'custom http=["//x.test"]'],
  ];

  it.each(trees)('reads %j as %s', (given, want) => {
    expect(sketch(parseQuery(given))).toBe(want);
  });

  const errors: [given: string, want: string][] = [
    ['type:IP and (score:3', 'expected ")" at 20'],
    ['(', 'expected a term at 1'],
    [')', 'expected a term at 0'],
    ['()', 'expected a term at 1'],
    ['type:IP)', 'expected end of query at 7'],
    ['type:', 'expected a value at 5'],
    ['type: IP', 'expected a value at 5'],
    ['(type:)', 'expected a value at 6'],
    ['and type:IP', 'expected a term at 0'],
    ['OR a', 'expected a term at 0'],
    ['type:IP and', 'expected a term at 11'],
    ['type:IP or or score:3', 'expected a term at 11'],
    ['type:IP and and a', 'expected a term at 12'],
    ['not', 'expected a term at 3'],
    ['a not', 'expected a term at 5'],
    ['- tags:x', 'expected a term right after "-" at 1'],
    ['a -', 'expected a term right after "-" at 3'],
    ['value:"abc', 'expected a closing quote at 10'],
    ['"abc\\"', 'expected a closing quote at 6'],
    ['value:a"b"', 'expected whitespace or ")" at 7'],
    ['"a"b', 'expected whitespace or ")" at 3'],
    ['value:f(x)', 'expected whitespace or ")" at 7'],
    ['tags:(a)b', 'expected whitespace or ")" at 8'],
    ['score:5', 'expected a score from 0 to 3 at 6'],
    ['score:high', 'expected a score from 0 to 3 at 6'],
    ['score:bad', 'expected a score from 0 to 3 at 6'],
    ['score:>4', 'expected a score from 0 to 3 at 7'],
    ['score:(1 9)', 'expected a score from 0 to 3 at 9'],
    ['score:*', 'expected a score from 0 to 3 at 6'],
    [
      'verdict:evil',
      'expected a verdict (Unknown, Benign, Suspicious, Malicious, or a score from 0 to 3) at 8',
    ],
    [
      'created:yesterday',
      'expected a date (ISO 8601, "*", or a relative date such as "7 days ago") at 8',
    ],
    [
      'created:2024-02-30',
      'expected a date (ISO 8601, "*", or a relative date such as "7 days ago") at 8',
    ],
    [
      'created:2024-01-01T25:00',
      'expected a date (ISO 8601, "*", or a relative date such as "7 days ago") at 8',
    ],
    [
      'created:20240101',
      'expected a date (ISO 8601, "*", or a relative date such as "7 days ago") at 8',
    ],
    [
      'created:1066-10-14',
      'expected a date (ISO 8601, "*", or a relative date such as "7 days ago") at 8',
    ],
    [
      'created:2024-01-0*',
      'expected a date (ISO 8601, "*", or a relative date such as "7 days ago") at 8',
    ],
    [
      'created:"7 days ago"',
      'expected a comparison before a relative date, as in >="7 days ago" at 8',
    ],
    [
      'modified:>"7 fortnights ago"',
      'expected a date (ISO 8601, "*", or a relative date such as "7 days ago") at 10',
    ],
    [
      'modified:>"7 days"',
      'expected a date (ISO 8601, "*", or a relative date such as "7 days ago") at 10',
    ],
    ['modified:>"201 years ago"', 'expected a relative date at most 200 years ago at 10'],
    ['modified:> 2024-01-01', 'expected a value at 10'],
    ['type:>IP', 'expected a value without a comparison ("type" holds text) at 5'],
    ['tags:<=x', 'expected a value without a comparison ("tags" holds text) at 5'],
    ['value:<script>', 'expected a value without a comparison ("value" holds text) at 6'],
    ['expirationStatus:soon', 'expected "active" or "expired" at 17'],
    ['expirationStatus:>active', 'expected "active" or "expired", without a comparison at 17'],
    ['port:>high', 'expected a number (custom field "port" compares numerically) at 6'],
    ['port:>"7 days ago"', 'expected a number (custom field "port" compares numerically) at 6'],
    ['tags:()', 'expected a value at 6'],
    ['tags:(a or)', 'expected a value at 10'],
    ['tags:(or a)', 'expected a value at 6'],
    ['tags:(a or or b)', 'expected a value at 11'],
    ['tags:(a and b)', 'expected a value or "or" (a list means any of its values) at 8'],
    ['tags:(a b', 'expected ")" at 9'],
    ['tags:(>a)', 'expected a value (a list cannot hold comparisons) at 6'],
    ['tags:((a))', 'expected a value at 6'],
    ['score:[1 TO 3]', 'expected a value, not a range (write field:>=a and field:<=b) at 6'],
    [
      'created:{2024-01-01 TO *}',
      'expected a value, not a range (write field:>=a and field:<=b) at 8',
    ],
    ['a && b', 'expected a term ("and" and "or" are written as words) at 2'],
    ['a || b', 'expected a term ("and" and "or" are written as words) at 2'],
    ['value:"a\u0000b"', 'expected a printable character at 8'],
    ['value:a\u0007', 'expected a printable character at 7'],
    ['value:\ud800x', 'expected a valid Unicode character at 6'],
    ['value:x\udc00', 'expected a valid Unicode character at 7'],
  ];

  it.each(errors)('refuses %j with %s', (given, want) => {
    expect(() => parseQuery(given)).toThrow(QuerySyntaxError);
    expect(() => parseQuery(given)).toThrow(want);
  });

  it('gives the offset and what was expected on the error itself', () => {
    const error = catchError(() => parseQuery('type:IP and (score:3'));
    expect(error).toBeInstanceOf(QuerySyntaxError);
    expect(error).toMatchObject({ offset: 20, expected: '")"', message: 'expected ")" at 20' });
  });

  it('records where each node stands in the text', () => {
    const node = parseQuery('type:IP and -tags:x');
    expect(node).toMatchObject({
      kind: 'and',
      span: { start: 0, end: 19 },
      children: [
        { kind: 'text', span: { start: 0, end: 7 } },
        { kind: 'not', span: { start: 12, end: 19 }, child: { span: { start: 13, end: 19 } } },
      ],
    });
    expect(parseQuery(' (a or b) ').span).toEqual({ start: 1, end: 9 });
    expect(parseQuery('tags:("x" y)').span).toEqual({ start: 0, end: 12 });
  });

  it('keeps the field name as written for display', () => {
    expect(parseQuery('Verdict:bad')).toMatchObject({ kind: 'score', written: 'Verdict' });
    expect(parseQuery('evil.com')).toMatchObject({ kind: 'text', field: 'value', written: '' });
  });

  it(`accepts ${MAX_DEPTH} nested groups and refuses one more`, () => {
    const nest = (n: number): string => `${'('.repeat(n)}a${')'.repeat(n)}`;
    expect(sketch(parseQuery(nest(MAX_DEPTH)))).toBe('value=["a"]');
    expect(() => parseQuery(nest(MAX_DEPTH + 1))).toThrow(
      `expected at most ${MAX_DEPTH} nested groups and negations at ${MAX_DEPTH + 1}`,
    );
    expect(() => parseQuery(`${'not '.repeat(MAX_DEPTH + 1)}a`)).toThrow(QuerySyntaxError);
  });

  it(`accepts ${MAX_VALUES} values and refuses one more`, () => {
    expect(() => parseQuery(`tags:(${'a '.repeat(MAX_VALUES)})`)).not.toThrow();
    expect(() => parseQuery('a '.repeat(MAX_VALUES + 1))).toThrow(
      `expected at most ${MAX_VALUES} values in one query at ${2 * MAX_VALUES}`,
    );
  });

  it('refuses a value longer than 10,000 characters', () => {
    expect(() => parseQuery(`value:${'x'.repeat(10_000)}`)).not.toThrow();
    expect(() => parseQuery(`value:${'x'.repeat(10_001)}`)).toThrow(
      'expected a value of at most 10000 characters at 6',
    );
  });
});

function catchError(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}
