import { describe, expect, it } from 'vitest';

import type { StoredIndicator } from '../../src/indicators/indicator.js';
import { matchesQuery } from '../../src/query/evaluate.js';
import { parseQuery } from '../../src/query/parser.js';

const NOW = Date.UTC(2024, 5, 15, 12) * 1000; // 2024-06-15T12:00:00Z

function indicator(extra: Partial<StoredIndicator> = {}): StoredIndicator {
  return {
    key: 1,
    type: 'Domain',
    value: 'evil.example.com',
    score: 3,
    created: '2024-01-01T00:00:00.000000Z',
    modified: '2024-06-10T08:30:00.000000Z',
    firstSeen: null,
    lastSeen: null,
    expiration: null,
    tags: ['APT', 'c2'],
    sourceBrands: ['Maltrail'],
    sourceInstances: ['Maltrail_instance_1'],
    tlp: 'CLEAR',
    description: 'Reference: https://example.test/report',
    aggregatedReliability: 'A - Completely reliable',
    stixId: null,
    customFields: {},
    relationships: [],
    dateAdded: 1,
    ...extra,
  };
}

type Row = [query: string, extra: Partial<StoredIndicator>, want: boolean];

function check(rows: Row[]): void {
  it.each(rows)('%j on %j is %s', (query, extra, want) => {
    expect(matchesQuery(parseQuery(query), indicator(extra), NOW)).toBe(want);
  });
}

describe('matchesQuery', () => {
  describe('matches text case-insensitively with * and ? only', () => {
    check([
      ['', {}, true],
      ['type:domain', {}, true],
      ['type:"Registry Key"', { type: 'Registry Key' }, true],
      ['type:Registry', { type: 'Registry Key' }, false],
      ['type:IP', { type: 'IPv6' }, false],
      ['EVIL.EXAMPLE.COM', {}, true],
      ['value:*.example.com', {}, true],
      ['value:*.example.co', {}, false],
      ['value:evil.*', {}, true],
      ['value:????.example.com', {}, true],
      ['value:???.example.com', {}, false],
      ['value:*', {}, true],
      ['value:evil_example_com', {}, false],
      ['value:evil%', {}, false],
      ['value:100%_sure', { value: '100%_sure' }, true],
      ['value:100%_sure', { value: '100%xsure' }, false],
      ['value:a?c', { value: 'a😀c' }, true],
      ['value:a??c', { value: 'a😀c' }, false],
      ['value:ĶEEPASS.info', { value: 'ķeepass.info' }, false],
      ['value:ķeepass.INFO', { value: 'ķeepass.info' }, true],
      ['value:"a\\\\b"', { value: 'a\\b' }, true],
      ['value:*a*a*a*a*a*b', { value: 'a'.repeat(5000) }, false],
    ]);
  });

  describe('matches multi-valued fields when any element matches', () => {
    check([
      ['tags:apt', {}, true],
      ['tags:(x c2)', {}, true],
      ['tags:c?', {}, true],
      ['-tags:benign', {}, true],
      ['tags:*', { tags: [] }, false],
      ['sourceBrands:maltrail', {}, true],
      ['sourceBrands:Maltrail_instance_1', {}, false],
      ['sourceInstances:*_instance_1', {}, true],
    ]);
  });

  describe('reads verdicts and scores as one scale', () => {
    check([
      ['score:3', {}, true],
      ['verdict:Malicious', {}, true],
      ['reputation:bad', {}, true],
      ['verdict:benign', { score: 1 }, true],
      ['verdict:good', { score: 1 }, true],
      ['verdict:none', { score: 0 }, true],
      ['verdict:>=Suspicious', { score: 2 }, true],
      ['score:<2', { score: 2 }, false],
      ['score:(0 1)', { score: 1 }, true],
    ]);
  });

  describe('matches dates by day, by comparison and relative to now', () => {
    check([
      ['created:2024-01-01', { created: '2024-01-01T00:00:00.000000Z' }, true],
      ['created:2024-01-01', { created: '2024-01-01T23:59:59.999999Z' }, true],
      ['created:2024-01-01', { created: '2024-01-02T00:00:00.000000Z' }, false],
      ['created:2024-01-01', { created: '2023-12-31T23:59:59.999999Z' }, false],
      ['timestamp:2024-01-01', {}, true],
      ['created:>2024-01-01', { created: '2024-01-01T23:00:00.000000Z' }, false],
      ['created:<=2024-01-01', { created: '2024-01-01T23:00:00.000000Z' }, true],
      ['created:>=2024-01-01T00:00:00Z', {}, true],
      ['created:<2024-01-01T00:00:00Z', {}, false],
      ['modified:>="7 days ago"', {}, true],
      ['modified:>="5 days ago"', {}, false],
      ['modified:>"5 days ago"', { modified: '2024-06-10T12:00:00.000000Z' }, false],
      ['modified:>="5 days ago"', { modified: '2024-06-10T12:00:00.000000Z' }, true],
      ['modified:<"12 hours ago"', {}, true],
      ['lastSeen:>2000-01-01', {}, false],
      ['-lastSeen:>2000-01-01', {}, true],
      ['lastSeen:*', {}, false],
      ['firstSeen:*', { firstSeen: '2023-01-01T00:00:00.000000Z' }, true],
    ]);
  });

  describe('tells active from expired at the given now', () => {
    check([
      ['expirationStatus:active', { expiration: null }, true],
      ['expirationStatus:active', { expiration: '2024-06-15T12:00:00.000001Z' }, true],
      ['expirationStatus:active', { expiration: '2024-06-15T12:00:00.000000Z' }, false],
      ['expirationStatus:expired', { expiration: '2024-06-15T12:00:00.000000Z' }, true],
      ['expirationStatus:expired', { expiration: null }, false],
    ]);
  });

  describe('treats WHITE and CLEAR as one TLP colour', () => {
    check([
      ['tlp:white', { tlp: 'CLEAR' }, true],
      ['tlp:CLEAR', { tlp: 'white' }, true],
      ['trafficlightprotocol:wh*', { tlp: 'CLEAR' }, true],
      ['tlp:amber', { tlp: 'AMBER+STRICT' }, false],
      ['tlp:amber*', { tlp: 'AMBER+STRICT' }, true],
      ['tlp:green', { tlp: 'CLEAR' }, false],
      ['tlp:*', { tlp: null }, false],
      ['-tlp:*', { tlp: null }, true],
    ]);
  });

  describe('reads custom fields by key, any case, element by element', () => {
    const customFields = {
      Service: 'Daily Threat Feed',
      port: 443,
      ratio: 0.5,
      active: true,
      aliases: ['Zeus', 7, null, ['nested'], { o: 1 }],
      empty: [],
      nothing: null,
      object: { service: 'x' },
    };
    check([
      ['service:"daily threat feed"', { customFields }, true],
      ['service:daily*', { customFields }, true],
      ['port:443', { customFields }, true],
      ['port:443.0', { customFields }, true],
      ['port:44*', { customFields }, false],
      ['port:>400 port:<=443', { customFields }, true],
      ['ratio:.5', { customFields }, true],
      ['active:TRUE', { customFields }, true],
      ['active:t*', { customFields }, true],
      ['active:false', { customFields }, false],
      ['aliases:zeus', { customFields }, true],
      ['aliases:7', { customFields }, true],
      ['aliases:>6', { customFields }, true],
      ['aliases:nested', { customFields }, false],
      ['aliases:*', { customFields }, true],
      ['empty:*', { customFields }, false],
      ['nothing:*', { customFields }, false],
      ['object:*', { customFields }, true],
      ['object:x', { customFields }, false],
      ['missing:*', { customFields }, false],
      ['service:>1', { customFields }, false],
    ]);
  });
});
