import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { StoredIndicator } from '../../src/indicators/indicator.js';
import { matchesQuery } from '../../src/query/evaluate.js';
import { parseQuery } from '../../src/query/parser.js';
import { compilePostgres } from '../../src/query/postgres-compiler.js';
import { testPostgresUrl } from '../support/postgres-test-db.js';
import { HAND_WRITTEN } from './support/hand-written-queries.js';
import {
  createPostgresIndicatorDb,
  type PostgresIndicatorDb,
} from './support/postgres-indicator-db.js';
import { QueryGenerator } from './support/query-generator.js';
import { loadRealIndicators, NOW_MICROS } from './support/real-indicators.js';

const url = testPostgresUrl();

describe.skipIf(url === null)('the PostgreSQL compiler against the reference evaluator', () => {
  let indicators: StoredIndicator[];
  let fixture: PostgresIndicatorDb;

  beforeAll(async () => {
    indicators = loadRealIndicators();
    fixture = await createPostgresIndicatorDb(url!, indicators);
  });

  afterAll(() => fixture?.close());

  async function expectSameRows(query: string): Promise<number> {
    const node = parseQuery(query);
    const fromSql = await fixture.keysWhere(compilePostgres(node), NOW_MICROS);
    const fromEvaluator = indicators
      .filter((x) => matchesQuery(node, x, NOW_MICROS))
      .map((x) => x.key);
    expect(fromSql, `query ${JSON.stringify(query)}`).toEqual(fromEvaluator);
    return fromSql.length;
  }

  it('selects exactly the rows the evaluator accepts for every hand-written query', async () => {
    const counts: number[] = [];
    for (const query of HAND_WRITTEN) counts.push(await expectSameRows(query));

    const partial = counts.filter((n) => n > 0 && n < indicators.length).length;
    expect(partial).toBeGreaterThan(HAND_WRITTEN.length * 0.75);
  });

  it('selects exactly the rows the evaluator accepts for 600 generated queries', async () => {
    // The same seed as the SQLite run: both compilers answer the same 600 queries.
    const generator = new QueryGenerator(indicators, 7);
    const counts: number[] = [];
    for (let i = 0; i < 600; i++) counts.push(await expectSameRows(generator.query()));

    const partial = counts.filter((n) => n > 0 && n < indicators.length).length;
    expect(partial).toBeGreaterThan(300);
  });

  it('matches what the data says for queries whose answer is known', async () => {
    expect(await expectSameRows('value:8.8.8.8')).toBe(1);
    expect(await expectSameRows('type:IP')).toBe(indicators.filter((x) => x.type === 'IP').length);
    expect(await expectSameRows('')).toBe(indicators.length);
    expect(await expectSameRows('tags:c2 or -tags:c2')).toBe(indicators.length);
    expect(await expectSameRows('value:*_*')).toBe(
      indicators.filter((x) => x.value.includes('_')).length,
    );
    expect(await expectSameRows('tags:ĶEEPASS')).toBe(
      indicators.filter((x) => x.tags.includes('ĶEEPASS')).length,
    );
  });
});
