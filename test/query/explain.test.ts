import { describe, expect, it } from 'vitest';

import { explainQuery } from '../../src/query/explain.js';
import { parseQuery } from '../../src/query/parser.js';

describe('explainQuery', () => {
  const cases: [given: string, want: string[]][] = [
    ['', ['every indicator']],
    ['"evil.com"', ['value is "evil.com"']],
    [
      'type:IP and (score:3 or verdict:>=suspicious) -tags:benign',
      [
        'all of',
        '  type is "IP"',
        '  any of',
        '    score = 3',
        '    score (verdict) >= 2',
        '  not',
        '    tags is "benign"',
      ],
    ],
    [
      'value:(evil.com *.ru) created:2024-01-01 modified:>="7 days ago" lastSeen:*',
      [
        'all of',
        '  value is any of "evil.com", like "*.ru"',
        '  created within [2024-01-01T00:00:00.000000Z, 2024-01-02T00:00:00.000000Z)',
        '  modified >= now - 7 days',
        '  lastSeen is present',
      ],
    ],
    [
      'firstSeen:<=2024-01-01 timestamp:>2024-01-01T10:00:00Z modified:<"1 hour ago"',
      [
        'all of',
        '  firstSeen < 2024-01-02T00:00:00.000000Z',
        '  created (timestamp) >= 2024-01-01T10:00:01.000000Z',
        '  modified < now - 1 hour',
      ],
    ],
    [
      'expirationStatus:active or service:("Daily Threat Feed" 8*) or port:>=1e3',
      [
        'any of',
        '  expirationStatus is active (no expiration, or one after now)',
        '  custom field "service" is any of "Daily Threat Feed", like "8*"',
        '  custom field "port" >= 1000',
      ],
    ],
    ['score:(0 1) tlp:white', ['all of', '  score in 0, 1', '  tlp is "white"']],
  ];

  it.each(cases)('explains %j as an indented tree', (given, want) => {
    expect(explainQuery(parseQuery(given))).toBe(want.join('\n'));
  });
});
