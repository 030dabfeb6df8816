import { describe, expect, it } from 'vitest';

import { canonicalize, type JsonValue } from '../../src/stix/canonical-json.js';

describe('canonicalize (RFC 8785)', () => {
  it('sorts members by UTF-16 code units, as in the example of section 3.2.3', () => {
    const value = {
      '\u20ac': 'Euro Sign',
      '\r': 'Carriage Return',
      '\ufb33': 'Hebrew Letter Dalet With Dagesh',
      '1': 'One',
      '\ud83d\ude00': 'Emoji: Grinning Face',
      '\u0080': 'Control',
      '\u00f6': 'Latin Small Letter O With Diaeresis',
    };
    // Read the names from the text: a parsed object would list the integer-like "1" first.
    const names = [...canonicalize(value).matchAll(/"([^"]*)":/g)].map((m) => m[1]);
    expect(names).toEqual(['\\r', '1', '\u0080', '\u00f6', '\u20ac', '\ud83d\ude00', '\ufb33']);
  });

  it.each<[string, JsonValue, string]>([
    [
      'nested objects, sorted at every level',
      { b: { d: 1, c: 2 }, a: [3, { f: 0, e: 1 }] },
      '{"a":[3,{"e":1,"f":0}],"b":{"c":2,"d":1}}',
    ],
    ['literals', [null, true, false], '[null,true,false]'],
    ['the short escapes', '\b\t\n\f\r"\\', '"\\b\\t\\n\\f\\r\\"\\\\"'],
    ['other controls in lower-case hex', '\u0000\u001f\u000b', '"\\u0000\\u001f\\u000b"'],
    ['non-ASCII and DEL unescaped', '\u007f€🙂', '"\u007f€🙂"'],
    ['a forward slash unescaped', 'a/b', '"a/b"'],
    ['integers', [0, -0, 1, -1, 15169, 4294967295], '[0,0,1,-1,15169,4294967295]'],
    [
      'ECMAScript number forms',
      [1e21, 1e-7, 0.1, 123.456, 1e300, 5e-324],
      '[1e+21,1e-7,0.1,123.456,1e+300,5e-324]',
    ],
    ['an empty object and array', { a: {}, b: [] }, '{"a":{},"b":[]}'],
  ])('writes %s', (_what, value, want) => {
    expect(canonicalize(value)).toBe(want);
  });

  it('leaves out members whose value is undefined', () => {
    expect(canonicalize({ b: undefined, a: 1 })).toBe('{"a":1}');
  });

  it.each<[string, unknown]>([
    ['NaN', Number.NaN],
    ['Infinity', Number.POSITIVE_INFINITY],
    ['a lone high surrogate', 'a\ud800b'],
    ['a lone low surrogate', '\udc00'],
    ['a bigint', 1n],
    ['undefined in an array', [undefined]],
  ])('refuses %s', (_what, value) => {
    expect(() => canonicalize(value as JsonValue)).toThrow(TypeError);
  });
});
