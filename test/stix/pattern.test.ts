import { describe, expect, it } from 'vitest';

import {
  intLiteral,
  objectPath,
  observationPattern,
  stringLiteral,
  type Comparison,
} from '../../src/stix/pattern.js';
import { parsePattern, PatternSyntaxError } from './pattern-parser.js';

// 64 KiB of the characters that need escaping, and two that must pass through untouched.
const big = `${"a'b\\".repeat((64 * 1024) / 4)}é🙂`;

describe('string literals', () => {
  const table: [string, string, string][] = [
    ['plain text', 'example.com', "'example.com'"],
    ['a single quote', "o'neil", "'o\\'neil'"],
    ['a backslash', 'C:\\Temp', "'C:\\\\Temp'"],
    ['a backslash before a quote', "\\'", "'\\\\\\''"],
    ['two backslashes', '\\\\', "'\\\\\\\\'"],
    ['a trailing backslash', 'x\\', "'x\\\\'"],
    ['double quotes', 'say "hi"', '\'say "hi"\''],
    ['a line break and a tab', 'a\nb\tc', "'a\nb\tc'"],
    ['non-ASCII letters', 'bücher.de', "'bücher.de'"],
    ['an astral character', 'x🙂y', "'x🙂y'"],
    ['the empty string', '', "''"],
  ];

  it.each(table)('escapes %s', (_what, value, literal) => {
    expect(stringLiteral(value)).toBe(literal);
  });

  it.each([...table.map(([what, value]) => [what, value]), ['a 64 KiB value', big]])(
    'parses back to the original value for %s',
    (_what, value) => {
      const parsed = parsePattern(`[mutex:name = ${stringLiteral(value!)}]`);
      expect(parsed.observations[0]![0]!.value).toBe(value);
    },
  );
});

describe('object paths', () => {
  it.each([
    ['ipv4-addr', ['value'], 'ipv4-addr:value'],
    ['file', ['hashes', 'MD5'], 'file:hashes.MD5'],
    ['file', ['hashes', 'SHA-256'], "file:hashes.'SHA-256'"],
    ['file', ['hashes', 'SHA3-512'], "file:hashes.'SHA3-512'"],
    ['file', ['hashes', 'SSDEEP'], 'file:hashes.SSDEEP'],
    ['windows-registry-key', ['key'], 'windows-registry-key:key'],
    ['x509-certificate', ['serial_number'], 'x509-certificate:serial_number'],
  ] as const)('writes %s %j as %s', (type, path, want) => {
    expect(objectPath(type, path)).toBe(want);
  });

  it('refuses a type that is not a STIX type name', () => {
    expect(() => objectPath('File', ['name'])).toThrow(TypeError);
  });
});

describe('observation expressions', () => {
  it('joins comparisons with OR inside one pair of brackets', () => {
    const comparisons: Comparison[] = [
      { type: 'file', path: ['hashes', 'MD5'], operator: '=', value: 'aa' },
      { type: 'file', path: ['hashes', 'SHA-1'], operator: '=', value: 'bb' },
    ];
    const pattern = observationPattern(comparisons, 'OR');
    expect(pattern).toBe("[file:hashes.MD5 = 'aa' OR file:hashes.'SHA-1' = 'bb']");
    expect(parsePattern(pattern)).toEqual({
      observations: [
        [
          { objectType: 'file', path: ['hashes', 'MD5'], operator: '=', value: 'aa' },
          { objectType: 'file', path: ['hashes', 'SHA-1'], operator: '=', value: 'bb' },
        ],
      ],
      operators: ['OR'],
    });
  });

  it('writes integers as integer literals', () => {
    const type = 'autonomous-system';
    const asn: Comparison = { type, path: ['number'], operator: '=', value: 15169 };
    const pattern = observationPattern([asn], 'OR');
    expect(pattern).toBe('[autonomous-system:number = 15169]');
    expect(parsePattern(pattern).observations[0]![0]!.value).toBe(15169);
    expect(() => intLiteral(1.5)).toThrow(RangeError);
  });

  it('refuses an expression without comparisons', () => {
    expect(() => observationPattern([], 'OR')).toThrow(TypeError);
  });
});

describe('the test grammar', () => {
  it.each([
    ["[mutex:name = 'a'b']", 'an unescaped quote'],
    ["[mutex:name = 'a\\nb']", 'an escape the grammar does not define'],
    ["[mutex:name = 'abc]", 'an unterminated literal'],
    ["[file:hashes.SHA-256 = 'aa']", 'a hyphenated component without quotes'],
    ["mutex:name = 'a'", 'a comparison outside brackets'],
    ["[mutex:name = 'a'] extra", 'trailing text'],
    ['[autonomous-system:number = 015]', 'an integer with a leading zero'],
    ["[mutex:name 'a']", 'a missing operator'],
  ])('rejects %s (%s)', (pattern) => {
    expect(() => parsePattern(pattern)).toThrow(PatternSyntaxError);
  });

  it('accepts nested parentheses and several observations', () => {
    const parsed = parsePattern(
      "[ipv4-addr:value = '1.2.3.4'] OR [domain-name:value LIKE '%.example.com' AND (x:y != 1)]",
    );
    expect(parsed.operators).toEqual(['OR', 'AND']);
  });
});
