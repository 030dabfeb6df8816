import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { StoredIndicator } from '../../src/indicators/indicator.js';
import { matchesQuery } from '../../src/query/evaluate.js';
import { parseQuery, QuerySyntaxError } from '../../src/query/parser.js';
import { compileSqlite } from '../../src/query/sqlite-compiler.js';
import { createIndicatorDb, type IndicatorDb } from './support/indicator-db.js';
import { QueryGenerator } from './support/query-generator.js';
import { Random } from '../support/random.js';
import { loadRealIndicators, NOW_MICROS } from './support/real-indicators.js';

const TOKENS = [
  'type',
  'TYPE',
  'value',
  'score',
  'verdict',
  'tags',
  'sourceBrands',
  'created',
  'modified',
  'firstSeen',
  'expiration',
  'expirationStatus',
  'tlp',
  'description',
  'port',
  'x_y',
  '_',
  ':',
  '::',
  '"',
  '\\"',
  '\\\\',
  '\\',
  '(',
  ')',
  '((',
  '))',
  'and',
  'AND',
  'or',
  'OR',
  'not',
  'NOT',
  '-',
  '--',
  '>',
  '>=',
  '<',
  '<=',
  '=',
  '*',
  '?',
  '%',
  '_',
  '&&',
  '||',
  '[',
  ']',
  '{',
  '}',
  'TO',
  'IP',
  'Domain',
  '"Registry Key"',
  '3',
  '-1',
  '1e3',
  'bad',
  'Malicious',
  '2024-01-01',
  '2024-01-01T10:00Z',
  '2024-02-30',
  '"7 days ago"',
  '"3 weeks ago"',
  '"now"',
  'active',
  'expired',
  'white',
  'evil.com',
  '*.ru',
  '8.8.8.8',
  '2001:db8::1',
  'http://x/y?z',
  "'",
  ';',
  '--',
  '/*',
  'ķ',
  'ß',
  'İ',
  '日本',
  '😀',
  '\u200b',
  '\u00a0',
  '\u202e',
  'e\u0301',
  '\t',
  '\n',
  '\u0000',
  '\u0007',
  '\ud800',
  '\udfff',
  '\ud83d\ude00',
];

const CHARS = 'ab:"\\()-*?%_ >=<\t\n.,;\'`~!@#$^&|[]{}0123456789ßķ😀\u0000\u001f\ud800\u00a0';

describe('parseQuery under random input', () => {
  let indicators: StoredIndicator[];
  let fixture: IndicatorDb;

  beforeAll(() => {
    // A slice keeps 10,000 SQL runs fast while still holding every kind of field.
    indicators = loadRealIndicators().filter((_, i) => i % 20 === 0);
    fixture = createIndicatorDb(indicators);
  });

  afterAll(() => fixture.close());

  function inputs(): string[] {
    const random = new Random(1234);
    const generator = new QueryGenerator(loadRealIndicators().slice(0, 500), 99);
    const out: string[] = [];

    for (let i = 0; i < 4000; i++) out.push(tokenSoup(random));
    for (let i = 0; i < 3000; i++) out.push(randomChars(random));
    for (let i = 0; i < 3000; i++) out.push(mutate(generator.query(), random));
    out.push(...pathological());
    return out;
  }

  it('parses or refuses 10,000 inputs with QuerySyntaxError, and runs what it parses', () => {
    const all = inputs();
    expect(all.length).toBeGreaterThanOrEqual(10_000);

    let parsed = 0;
    let refused = 0;

    for (const input of all) {
      let node;
      try {
        node = parseQuery(input);
      } catch (error) {
        expectSyntaxError(error, input);
        refused++;
        continue;
      }

      parsed++;
      const fromSql = fixture.keysWhere(compileSqlite(node), NOW_MICROS);
      const fromEvaluator = indicators
        .filter((x) => matchesQuery(node, x, NOW_MICROS))
        .map((x) => x.key);
      expect(fromSql, `query ${JSON.stringify(input)}`).toEqual(fromEvaluator);
    }

    expect(parsed).toBeGreaterThan(1_500);
    expect(refused).toBeGreaterThan(1_500);
  });
});

function expectSyntaxError(error: unknown, input: string): void {
  if (!(error instanceof QuerySyntaxError)) {
    throw new Error(`${JSON.stringify(input)} threw something else: ${String(error)}`);
  }
  expect(Number.isInteger(error.offset)).toBe(true);
  expect(error.offset).toBeGreaterThanOrEqual(0);
  expect(error.offset).toBeLessThanOrEqual(input.length);
  expect(error.message).toBe(`expected ${error.expected} at ${error.offset}`);
}

function tokenSoup(random: Random): string {
  const parts: string[] = [];
  const n = random.between(0, 14);
  for (let i = 0; i < n; i++) {
    parts.push(random.pick(TOKENS));
    parts.push(random.pick(['', '', ' ', '  ', ':', '\t']));
  }
  return parts.join('');
}

function randomChars(random: Random): string {
  const chars = Array.from(CHARS);
  let out = '';
  const n = random.between(0, 30);
  for (let i = 0; i < n; i++) {
    out += random.chance(0.1) ? String.fromCharCode(random.between(0, 0xffff)) : random.pick(chars);
  }
  return out;
}

/** A valid query with a few characters deleted, doubled or replaced. */
function mutate(query: string, random: Random): string {
  let text = query;
  const edits = random.between(0, 3);
  for (let i = 0; i < edits; i++) {
    const at = random.between(0, text.length);
    const roll = random.between(0, 2);
    if (roll === 0) text = text.slice(0, at) + text.slice(at + 1);
    else if (roll === 1) text = text.slice(0, at) + text.charAt(at) + text.slice(at);
    else text = text.slice(0, at) + random.pick(TOKENS) + text.slice(at + 1);
  }
  return text;
}

function pathological(): string[] {
  return [
    '('.repeat(100_000),
    ')'.repeat(10_000),
    `${'('.repeat(32)}a${')'.repeat(32)}`,
    `${'('.repeat(33)}a${')'.repeat(33)}`,
    'not '.repeat(10_000) + 'a',
    '-'.repeat(10_000) + 'a',
    'a '.repeat(5_000),
    'a or '.repeat(999) + 'a',
    `tags:(${'x '.repeat(999)})`,
    `value:${'*a'.repeat(4_000)}b`,
    `value:"${'\\"'.repeat(5_000)}"`,
    `"${'x'.repeat(20_000)}`,
    `${'*'.repeat(10_000)}`,
    'type:'.repeat(2_000),
    `port:${'9'.repeat(400)}`,
    `port:>${'9'.repeat(400)}`,
    'modified:>"999999999 seconds ago"',
    'modified:>"9999999999 days ago"',
  ];
}
