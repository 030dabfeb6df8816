import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { StoredIndicator } from '../../src/indicators/indicator.js';
import { matchesQuery } from '../../src/query/evaluate.js';
import { parseQuery } from '../../src/query/parser.js';
import { compileSqlite } from '../../src/query/sqlite-compiler.js';
import { createIndicatorDb, type IndicatorDb } from './support/indicator-db.js';
import { QueryGenerator } from './support/query-generator.js';
import { loadRealIndicators, NOW_MICROS } from './support/real-indicators.js';

// Queries a person would write, and the corners where SQL and the evaluator could part ways.
const HAND_WRITTEN = [
  '',
  '   ',
  'type:IP and score:3',
  'type:ip',
  'type:"Registry Key"',
  'type:(IP IPv6) and -tags:benign',
  'type:IP or type:Domain',
  'type:IP OR type:URL OR value:*.ru',
  'value:*.example.com',
  'value:*.com and not value:*.*.com',
  'value:8.8.8.8',
  '8.8.8.8',
  '"1.1.1.1"',
  'value:http*',
  'value:*/*.php',
  'value:???.com',
  'value:*xn--*',
  'value:support¬forum.org',
  'value:*¬*',
  'value:2400:6180:0:d0::1008:2001',
  'value:%',
  'value:*_*',
  'value:*%*',
  'tags:c2',
  'tags:C2 and -tags:apt',
  'tags:"100%_bad"',
  'tags:100?_bad',
  'tags:100%?bad',
  'tags:*%*',
  'tags:under?score',
  'tags:"back\\\\slash"',
  'tags:"back\\slash"',
  'tags:star*',
  'tags:ĶEEPASS',
  'tags:ķeepass',
  'tags:("tor exit" ransomware)',
  'tags:*',
  '-tags:*',
  'sourceBrands:Maltrail and sourceInstances:Maltrail_instance_2',
  'sourceBrands:"some feed"',
  'sourceBrands:(ESET LOKI) -sourceBrands:Unit42',
  'sourceInstances:*_instance_?',
  'score:>=2 and modified:>="7 days ago"',
  'score:0',
  'score:(0 3)',
  'score:<2',
  'verdict:Malicious',
  'verdict:(bad suspicious)',
  'reputation:benign',
  'verdict:>=suspicious',
  'verdict:none or verdict:unknown',
  'created:2024-01-01',
  'created:>=2024-01-01 and created:<=2024-01-31',
  'created:>2024-06-01',
  'timestamp:<2023-07-01',
  'modified:>="12 hours ago"',
  'modified:2024-06-15',
  'modified:>=2024-06-15T12:00:00Z',
  'modified:<="3 weeks ago"',
  'modified:>"1 month ago"',
  'firstSeen:<"200 days ago"',
  '-firstSeen:<"200 days ago"',
  '-lastSeen:>2024-01-01',
  'lastSeen:*',
  'expiration:<2024-06-15T12:00',
  'expiration:>"0 days ago"',
  'expirationStatus:active',
  'expirationStatus:expired',
  '-expirationStatus:active',
  'expirationStatus:(active expired)',
  'tlp:white',
  'tlp:CLEAR',
  'trafficlightprotocol:amber*',
  'tlp:"AMBER+STRICT"',
  'tlp:*',
  '-tlp:*',
  'tlp:?lear',
  'description:*reference*',
  '-description:*',
  'aggregatedReliability:"A - Completely reliable"',
  'aggregatedReliability:A*',
  'service:"Daily Threat Feed"',
  'SERVICE:"daily threat feed"',
  'service:""',
  'service:*',
  'service:Hourly?Feed',
  'service:Hourly%Feed',
  'service:"weekly 100% feed"',
  'port:80',
  'port:80.0',
  'port:>100',
  'port:<=0.5',
  'port:(22 443)',
  'Port:80',
  'port:eighty',
  'port:*',
  'active:true',
  'active:FALSE',
  'active:t*',
  'aliases:zeus',
  'aliases:7',
  'aliases:>3',
  'aliases:nested',
  'aliases:*',
  'nested:*',
  'nested:"Daily Threat Feed"',
  'nothing:*',
  'missing:*',
  'note:a_b',
  'note:a%b',
  'note:a?b',
  'note:*\\*',
  'note:"😀 smile"',
  'note:"? smile"',
  'note:ünïcode',
  'cvss:>=7.5',
  '(type:IP or type:IPv6) and (score:3 or tags:c2) -tlp:red',
  'not (type:Domain and score:(0 1))',
  'type:URL -(value:*.php or value:*.exe)',
  'type:File and sourceBrands:ESET and modified:>"400 days ago"',
  'NOT NOT type:IP',
  '--type:IP',
  'type:IP AND NOT score:0 OR tags:APT',
];

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
