import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { parseQuery } from '../../src/query/parser.js';
import { compilePostgres } from '../../src/query/postgres-compiler.js';
import { testPostgresUrl } from '../support/postgres-test-db.js';
import {
  createPostgresIndicatorDb,
  type PostgresIndicatorDb,
} from './support/postgres-indicator-db.js';
import { loadRealIndicators, NOW_MICROS } from './support/real-indicators.js';

const DAY = 86_400_000_000;
const url = testPostgresUrl();

describe.skipIf(url === null)('compilePostgres', () => {
  let fixture: PostgresIndicatorDb;
  let total: number;

  beforeAll(async () => {
    const indicators = loadRealIndicators();
    total = indicators.length;
    fixture = await createPostgresIndicatorDb(url!, indicators);
  });

  afterAll(() => fixture?.close());

  // With sequential scans priced out, the plan shows whether an index can serve the predicate
  // at all; on a table this small the planner would otherwise rightly prefer to scan.
  async function plan(query: string): Promise<string> {
    const predicate = compilePostgres(parseQuery(query));
    const client = await fixture.pool.connect();
    try {
      await client.query('SET enable_seqscan = off');
      const sql = `EXPLAIN SELECT key FROM indicators i WHERE ${predicate.sql}`;
      const result = await client.query<{ 'QUERY PLAN': string }>(
        sql,
        predicate.params(NOW_MICROS),
      );
      return result.rows.map((row) => row['QUERY PLAN']).join('\n');
    } finally {
      await client.query('RESET enable_seqscan');
      client.release();
    }
  }

  it('writes no user text into the SQL, only placeholders', () => {
    const queries = [
      'zqtype:zqvalue',
      'type:zqa value:zqb* tags:(zqc zqd*) sourceBrands:zqe sourceInstances:zq?f',
      'tlp:zqg description:*zqh aggregatedReliability:zqi zqfield:(zqj zq*)',
      'zqport:>5 zqbare "zq quoted"',
      `value:"'); DROP TABLE indicators; --" tags:"x' OR '1'='1"`,
    ];
    for (const query of queries) {
      const { sql } = compilePostgres(parseQuery(query));
      expect(sql).not.toMatch(/zq|DROP|'1'/i);
    }
  });

  it('treats quotes and SQL in values as plain text', async () => {
    const predicate = compilePostgres(parseQuery(`value:"'); DROP TABLE indicators; --"`));
    expect(await fixture.keysWhere(predicate, NOW_MICROS)).toEqual([]);
    const count = await fixture.pool.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM indicators',
    );
    expect(count.rows[0]!.n).toBe(total);
  });

  const indexed: [query: string, index: string][] = [
    ['type:IP', 'indicators_type_folded'],
    ['type:(IP Domain)', 'indicators_type_folded'],
    ['value:8.8.8.8', 'indicators_value_folded'],
    ['8.8.8.8', 'indicators_value_folded'],
    ['value:evil*', 'indicators_value_folded'],
    ['score:3', 'indicators_score'],
    ['verdict:(bad suspicious)', 'indicators_score'],
    ['modified:>="7 days ago"', 'indicators_modified'],
    ['tags:c2', 'indicator_tags_tag'],
    ['tags:(c2 apt)', 'indicator_tags_tag'],
    ['tags:zlo*', 'indicator_tags_tag'],
    ['sourceBrands:ESET', 'indicator_sources_name'],
  ];

  it.each(indexed)('serves %j from an index (%s)', async (query, index) => {
    expect(await plan(query)).toContain(index);
  });

  it('turns a wildcard with a literal prefix into an index range', async () => {
    expect(await plan('value:evil*')).toMatch(/Index Cond: .*>= 'evil'.*< 'evim'/);
  });

  it('resolves relative dates against the now of each request', async () => {
    const predicate = compilePostgres(parseQuery('modified:>="30 days ago"'));
    const today = (await fixture.keysWhere(predicate, NOW_MICROS)).length;
    const aYearLater = (await fixture.keysWhere(predicate, NOW_MICROS + 365 * DAY)).length;

    expect(predicate.params(NOW_MICROS)).toEqual([NOW_MICROS - 30 * DAY]);
    expect(today).toBeGreaterThan(0);
    expect(aYearLater).toBe(0);
  });

  it('is never NULL, so negations keep rows with empty fields', async () => {
    const queries = [
      'tlp:red',
      'description:*a*',
      'aggregatedReliability:A*',
      'firstSeen:>2024-01-01',
      'lastSeen:2024-03-01',
      'expiration:<"1 day ago"',
      'expirationStatus:expired',
      'port:>1',
      'service:x',
      'aliases:zeus',
      'nested:*',
    ];
    for (const query of queries) {
      const predicate = compilePostgres(parseQuery(query));
      const sql = `SELECT count(*)::int AS n FROM indicators i WHERE (${predicate.sql}) IS NULL`;
      const result = await fixture.pool.query(sql, predicate.params(NOW_MICROS));
      expect(result.rows[0], query).toEqual({ n: 0 });
    }
  });

  it('runs the largest query the parser accepts', async () => {
    const terms = Array.from({ length: 1000 }, (_, i) => (i % 2 ? `port:>${i}` : `-tags:t${i}`));
    const nested = `${'('.repeat(30)}${terms.join(' or ')}${')'.repeat(30)}`;
    const predicate = compilePostgres(parseQuery(`not ${nested}`));
    await expect(fixture.keysWhere(predicate, NOW_MICROS)).resolves.toBeInstanceOf(Array);
  });

  it('matches every indicator for the empty query', async () => {
    const predicate = compilePostgres(parseQuery(''));
    expect(predicate).toMatchObject({ sql: 'TRUE' });
    expect(await fixture.keysWhere(predicate, NOW_MICROS)).toHaveLength(total);
  });
});
