import type { StoredIndicator } from '../../src/indicators/indicator.js';

/** A stored indicator with plain defaults, for tests that care about a few fields. */
export function storedIndicator(overrides: Partial<StoredIndicator> = {}): StoredIndicator {
  return {
    key: 1,
    type: 'IP',
    value: '198.51.100.3',
    score: 3,
    created: '2024-01-02T03:04:05.678901Z',
    modified: '2024-01-03T03:04:05.678901Z',
    firstSeen: null,
    lastSeen: null,
    expiration: null,
    tags: [],
    sourceBrands: [],
    sourceInstances: [],
    tlp: null,
    description: null,
    aggregatedReliability: null,
    stixId: null,
    customFields: {},
    relationships: [],
    dateAdded: 1,
    ...overrides,
  };
}
