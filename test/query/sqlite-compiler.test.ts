import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { parseQuery } from '../../src/query/parser.js';
import { compileSqlite } from '../../src/query/sqlite-compiler.js';
import { createIndicatorDb, type IndicatorDb } from './support/indicator-db.js';
import { loadRealIndicators, NOW_MICROS } from './support/real-indicators.js';

const DAY = 86_400_000_000;

describe('compileSqlite', () => {
  let fixture: IndicatorDb;
  let total: number;

  beforeAll(() => {
    const indicators = loadRealIndicators();
    total = indicators.length;
    fixture = createIndicatorDb(indicators);
  });

  afterAll(() => fixture.close());

  function plan(query: string): string {
    const predicate = compileSqlite(parseQuery(query));
    const sql = `EXPLAIN QUERY PLAN SELECT key FROM indicators i WHERE ${predicate.sql}`;
    const statement = fixture.db.prepare(sql);
    const rows = statement.all(...predicate.params(NOW_MICROS)) as { detail: string }[];
    return rows.map((row) => row.detail).join(' | ');
  }

  it('says whether the answer depends on the time of the request', () => {
    const cases: Array<[string, boolean]> = [
      ['', false],
      ['type:IP and score:3', false],
      ['modified:>="2024-01-01"', false],
      ['modified:>="7 days ago"', true],
      ['type:IP or (tags:c2 and lastSeen:<"2 hours ago")', true],
      ['expirationStatus:active', true],
    ];
    for (const [query, usesNow] of cases) {
      expect(compileSqlite(parseQuery(query)).usesNow, query).toBe(usesNow);
    }
  });

  it('writes no user text into the SQL, only placeholders', () => {
    const queries = [
      'zqtype:zqvalue',
      'type:zqa value:zqb* tags:(zqc zqd*) sourceBrands:zqe sourceInstances:zq?f',
      'tlp:zqg description:*zqh aggregatedReliability:zqi zqfield:(zqj zq*)',
      'zqport:>5 zqbare "zq quoted"',
      `value:"'); DROP TABLE indicators; --" tags:"x' OR '1'='1"`,
    ];
    for (const query of queries) {
      const { sql } = compileSqlite(parseQuery(query));
      expect(sql).not.toMatch(/zq|DROP|'1'/i);
    }
  });

  it('treats quotes and SQL in values as plain text', () => {
    const predicate = compileSqlite(parseQuery(`value:"'); DROP TABLE indicators; --"`));
    expect(fixture.keysWhere(predicate, NOW_MICROS)).toEqual([]);
    expect(fixture.db.prepare('SELECT count(*) AS n FROM indicators').get()).toEqual({ n: total });
  });

  const indexed: [query: string, index: string][] = [
    ['type:IP', 'indicators_type_nocase (type=?)'],
    ['type:IP or type:Domain', 'indicators_type_nocase (type=?)'],
    ['type:(IP Domain)', 'indicators_type_nocase (type=?)'],
    ['value:8.8.8.8', 'indicators_value_nocase (value=?)'],
    ['8.8.8.8', 'indicators_value_nocase (value=?)'],
    ['value:evil*', 'indicators_value_nocase (value>? AND value<?)'],
    ['value:a* or value:b*', 'MULTI-INDEX OR'],
    ['score:3', 'indicators_score (score=?)'],
    ['score:>=2', 'indicators_score (score>?)'],
    ['verdict:(bad suspicious)', 'indicators_score (score=?)'],
    ['modified:>="7 days ago"', 'indicators_modified (modified>?)'],
    ['tags:c2', 'indicator_tags_tag (tag=?)'],
    ['tags:(c2 apt)', 'indicator_tags_tag (tag=?)'],
    ['tags:zlo*', 'indicator_tags_tag (tag>? AND tag<?)'],
    ['sourceBrands:ESET', 'indicator_sources_name (kind=? AND name=?)'],
  ];

  it.each(indexed)('serves %j from an index (%s)', (query, index) => {
    expect(plan(query)).toContain(index);
  });

  it('resolves relative dates against the now of each request', () => {
    const predicate = compileSqlite(parseQuery('modified:>="30 days ago"'));
    const today = fixture.keysWhere(predicate, NOW_MICROS).length;
    const aYearLater = fixture.keysWhere(predicate, NOW_MICROS + 365 * DAY).length;

    expect(predicate.params(NOW_MICROS)).toEqual([NOW_MICROS - 30 * DAY]);
    expect(today).toBeGreaterThan(0);
    expect(aYearLater).toBe(0);
  });

  it('is never NULL, so negations keep rows with empty fields', () => {
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
    ];
    for (const query of queries) {
      const predicate = compileSqlite(parseQuery(query));
      const sql = `SELECT count(*) AS n FROM indicators i WHERE (${predicate.sql}) IS NULL`;
      const row = fixture.db.prepare(sql).get(...predicate.params(NOW_MICROS));
      expect(row, query).toEqual({ n: 0 });
    }
  });

  it('stays within SQLite limits for the largest query the parser accepts', () => {
    // Terms the compiler cannot merge into one IN list, so each is its own OR operand.
    const terms = Array.from({ length: 1000 }, (_, i) => (i % 2 ? `port:>${i}` : `-tags:t${i}`));
    const nested = `${'('.repeat(30)}${terms.join(' or ')}${')'.repeat(30)}`;
    const predicate = compileSqlite(parseQuery(`not ${nested}`));
    expect(() => fixture.keysWhere(predicate, NOW_MICROS)).not.toThrow();
  });

  it('matches every indicator for the empty query', () => {
    const predicate = compileSqlite(parseQuery(''));
    expect(predicate).toMatchObject({ sql: '1' });
    expect(fixture.keysWhere(predicate, NOW_MICROS)).toHaveLength(total);
  });
});
