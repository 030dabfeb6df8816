import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { StoredIndicator } from '../../src/indicators/indicator.js';
import { matchesQuery } from '../../src/query/evaluate.js';
import { parseQuery } from '../../src/query/parser.js';
import { compileSqlite } from '../../src/query/sqlite-compiler.js';
import { HAND_WRITTEN } from './support/hand-written-queries.js';
import { createIndicatorDb, type IndicatorDb } from './support/indicator-db.js';
import { QueryGenerator } from './support/query-generator.js';
import { loadRealIndicators, NOW_MICROS } from './support/real-indicators.js';

describe('the SQLite compiler against the reference evaluator', () => {
  let indicators: StoredIndicator[];
  let fixture: IndicatorDb;

  beforeAll(() => {
    indicators = loadRealIndicators();
    fixture = createIndicatorDb(indicators);
  });

  afterAll(() => fixture.close());

  function expectSameRows(query: string): number {
    const node = parseQuery(query);
    const fromSql = fixture.keysWhere(compileSqlite(node), NOW_MICROS);
    const fromEvaluator = indicators
      .filter((x) => matchesQuery(node, x, NOW_MICROS))
      .map((x) => x.key);
    expect(fromSql, `query ${JSON.stringify(query)}`).toEqual(fromEvaluator);
    return fromSql.length;
  }

  it('selects exactly the rows the evaluator accepts for every hand-written query', () => {
    const counts = HAND_WRITTEN.map(expectSameRows);

    // The fixture must make these queries discriminate: most select some rows but not all.
    const partial = counts.filter((n) => n > 0 && n < indicators.length).length;
    expect(partial).toBeGreaterThan(HAND_WRITTEN.length * 0.75);
  });

  it('selects exactly the rows the evaluator accepts for 600 generated queries', () => {
    const generator = new QueryGenerator(indicators, 7);
    const counts: number[] = [];
    for (let i = 0; i < 600; i++) counts.push(expectSameRows(generator.query()));

    const partial = counts.filter((n) => n > 0 && n < indicators.length).length;
    expect(partial).toBeGreaterThan(300);
  });

  it('matches what the data says for queries whose answer is known', () => {
    const count = (query: string): number => expectSameRows(query);

    expect(count('value:8.8.8.8')).toBe(1);
    expect(count('type:IP')).toBe(indicators.filter((x) => x.type === 'IP').length);
    expect(count('')).toBe(indicators.length);
    expect(count('tags:c2 or -tags:c2')).toBe(indicators.length);
    expect(count('value:support¬forum.org')).toBe(1);
    // `_` and `%` are literal characters, not SQL wildcards.
    expect(count('value:*_*')).toBe(indicators.filter((x) => x.value.includes('_')).length);
    expect(count('value:*%*')).toBe(indicators.filter((x) => x.value.includes('%')).length);
    expect(count('value:*_*')).toBeGreaterThan(0);
  });
});
