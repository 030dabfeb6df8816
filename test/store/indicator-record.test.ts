import { describe, expect, it } from 'vitest';

import type { IndicatorInput } from '../../src/indicators/indicator.js';
import { toIndicatorRow } from '../../src/store/indicator-record.js';

const record: IndicatorInput = {
  type: 'IP',
  value: '198.51.100.7',
  score: 3,
  created: '2024-01-02T03:04:05.678901Z',
  modified: null,
  firstSeen: '2024-01-01',
  lastSeen: null,
  expiration: null,
  tags: ['c2', 'botnet', 'c2', ' '],
  sourceBrands: ['Feed B', 'Feed A'],
  sourceInstances: ['x'],
  tlp: 'AMBER',
  description: 'A description',
  aggregatedReliability: 'A - Completely reliable',
  stixId: null,
  customFields: { zeta: [3, 1], alpha: { b: 1, a: [{ y: 1, x: 2 }] }, Ünïcode: 'naïve' },
  relationships: [{ relationshipType: 'indicates', targetType: 'Malware', targetValue: 'Emotet' }],
};

describe('content hash', () => {
  // Stores keep the hash of every indicator: a change to it would make the next import of an
  // unchanged feed an update of every indicator, with new date_added values for all.
  it('stays the hash stores already hold for the same record', () => {
    expect(toIndicatorRow(record, 1).contentHash).toBe(
      'hsmn9PhXraLg_Krmq-ZFzn7QxD8v-e0zJej0et_N7gc',
    );
    const sparse = { ...record, created: null, tags: [], customFields: {}, description: '  ' };
    expect(toIndicatorRow({ ...sparse, relationships: undefined }, 1).contentHash).toBe(
      'WPYdigDH484jdZqZECq55ASd02pGf74l-J7lXN44wOg',
    );
  });

  it('ignores the order of custom fields, tags and sources, and the clock', () => {
    const reordered: IndicatorInput = {
      ...record,
      tags: ['botnet', 'c2'],
      sourceBrands: ['Feed A', 'Feed B'],
      customFields: { Ünïcode: 'naïve', alpha: { a: [{ x: 2, y: 1 }], b: 1 }, zeta: [3, 1] },
    };
    expect(toIndicatorRow(reordered, 2).contentHash).toBe(toIndicatorRow(record, 1).contentHash);
  });

  it('changes with any field', () => {
    const hash = toIndicatorRow(record, 1).contentHash;
    const changed: Array<Partial<IndicatorInput>> = [
      { score: 2 },
      { modified: '2024-01-03T00:00:00Z' },
      { tags: ['c2'] },
      { customFields: { ...record.customFields, zeta: [1, 3] } },
      { relationships: [] },
      { tlp: null },
    ];
    for (const change of changed) {
      expect(toIndicatorRow({ ...record, ...change }, 1).contentHash).not.toBe(hash);
    }
  });
});

describe('text no store can hold', () => {
  const refused: Array<[string, Partial<IndicatorInput>]> = [
    ['a NUL in the value', { value: '198.51.100.7\u0000' }],
    ['a NUL in a tag', { tags: ['c2\u0000'] }],
    ['a NUL after escaped backslashes', { description: 'a\\\\\u0000' }],
    ['a lone high surrogate in a custom field', { customFields: { note: 'x\ud800' } }],
    ['a lone low surrogate in a nested custom field', { customFields: { a: [{ b: '\udfff' }] } }],
    ['a lone surrogate in a custom field name', { customFields: { ['\udc00']: 1 } }],
    [
      'a lone surrogate in a relationship',
      { relationships: [{ ...rel(), targetValue: '\ud83d' }] },
    ],
  ];
  const accepted: Array<[string, Partial<IndicatorInput>]> = [
    ['the text \\u0000 written out', { description: 'a \\u0000 and \\ud800 in prose' }],
    ['escaped backslashes before a u', { description: '\\\\u0000' }],
    ['a surrogate pair', { description: 'fish \ud83d\udc1f', tags: ['\ud83d\udc1f'] }],
    ['other control characters', { description: 'a\u0001b\tc\u001f' }],
  ];

  function rel() {
    return { relationshipType: 'indicates', targetType: 'Malware', targetValue: 'Emotet' };
  }

  it.each(refused)('refuses %s', (_name, change) => {
    expect(() => toIndicatorRow({ ...record, ...change }, 1)).toThrow(
      /NUL character or an unpaired surrogate/,
    );
  });

  it.each(accepted)('accepts %s', (_name, change) => {
    expect(toIndicatorRow({ ...record, ...change }, 1).value).toBe(
      (change.value ?? record.value).trim(),
    );
  });
});
