import { describe, expect, it } from 'vitest';

import {
  STIX_20,
  TAXII_20,
  TAXII_21,
  negotiate,
  negotiateVersion,
  parseAccept,
  servedMediaTypes,
  type BodyKind,
  type TaxiiVersion,
} from '../../src/server/media-types.js';

type Want = TaxiiVersion | null;

// What a server serving TAXII 2.1 alone answers; every one of these holds with 2.0 switched on
// too, except the 2.0 vendor type, which is then answered in 2.0 (see the next table).
const TAXII_21_CASES: Array<[string | undefined, Want]> = [
  [undefined, '2.1'],
  ['', '2.1'],
  ['application/taxii+json;version=2.1', '2.1'],
  ['application/taxii+json; version=2.1', '2.1'],
  ['Application/TAXII+JSON; Version="2.1"', '2.1'],
  ['application/taxii+json', '2.1'],
  ['*/*', '2.1'],
  ['application/*', '2.1'],
  ['text/html, application/taxii+json;version=2.1;q=0.5', '2.1'],
  ['application/taxii+json;version=2.1;q=0', null],
  ['application/taxii+json;version=2.0', null],
  ['application/vnd.oasis.taxii+json; version=2.0', null],
  ['application/json', null],
  ['text/html', null],
  ['garbage', null],
];

describe('negotiateVersion with TAXII 2.1 alone', () => {
  it.each(TAXII_21_CASES)('answers %j with %j', (accept, want) => {
    expect(negotiateVersion(accept, ['2.1'])).toBe(want);
  });

  it('holds a q=0 refusal against a wildcard in the same header', () => {
    expect(negotiateVersion('application/taxii+json;version=2.1;q=0, */*', ['2.1'])).toBeNull();
  });
});

describe('negotiateVersion with both versions served (the default)', () => {
  const cases: Array<[string | undefined, Want]> = [
    ...TAXII_21_CASES.filter(([accept]) => accept !== TAXII_20),
    // The 2.0 vendor types, as taxii2-client's v20 module and older pollers send them.
    [TAXII_20, '2.0'],
    ['application/vnd.oasis.taxii+json;version=2.0', '2.0'],
    ['APPLICATION/VND.OASIS.TAXII+JSON; VERSION="2.0"', '2.0'],
    ['application/vnd.oasis.taxii+json', '2.0'],
    ['application/vnd.oasis.taxii+json; version=2.1', null],
    ['application/vnd.oasis.taxii+json; version=2.0;q=0', null],
    // A refusal by q=0 holds against a wildcard in the same header.
    ['application/taxii+json;q=0, */*', '2.0'],
    ['application/taxii+json;q=0, application/vnd.oasis.taxii+json;q=0, */*', null],
    // q-values decide between versions; on a tie the first listed wins.
    ['application/taxii+json;version=2.1;q=0.4, application/vnd.oasis.taxii+json;q=0.9', '2.0'],
    ['application/vnd.oasis.taxii+json; version=2.0, application/taxii+json;version=2.1', '2.0'],
    ['application/taxii+json;version=2.1, application/vnd.oasis.taxii+json; version=2.0', '2.1'],
    ['text/html, application/vnd.oasis.taxii+json; version=2.0;q=0.5', '2.0'],
    // STIX content is not what a TAXII resource endpoint sends.
    [STIX_20, null],
    ['application/stix+json;version=2.1', null],
  ];

  it.each(cases)('answers %j with %j', (accept, want) => {
    expect(negotiateVersion(accept)).toBe(want);
    expect(negotiateVersion(accept, ['2.1', '2.0'])).toBe(want);
  });
});

describe('negotiateVersion with TAXII 2.0 alone', () => {
  const cases: Array<[string | undefined, Want]> = [
    [undefined, '2.0'],
    ['*/*', '2.0'],
    ['application/*', '2.0'],
    [TAXII_20, '2.0'],
    ['application/vnd.oasis.taxii+json', '2.0'],
    [TAXII_21, null],
    ['application/taxii+json', null],
    ['application/taxii+json;version=2.1, */*;q=0.1', '2.0'],
  ];

  it.each(cases)('answers %j with %j', (accept, want) => {
    expect(negotiateVersion(accept, ['2.0'])).toBe(want);
  });
});

describe('negotiateVersion with nothing served', () => {
  it.each([undefined, '*/*', TAXII_21, TAXII_20])('answers %j with null', (accept) => {
    expect(negotiateVersion(accept, [])).toBeNull();
  });
});

describe('negotiate on the TAXII 2.0 object endpoints, which send STIX bundles', () => {
  const cases: Array<[string | undefined, BodyKind, ReturnType<typeof negotiate>]> = [
    [STIX_20, 'stix', { version: '2.0', mediaType: STIX_20 }],
    ['application/vnd.oasis.stix+json;version=2.0', 'stix', { version: '2.0', mediaType: STIX_20 }],
    ['application/vnd.oasis.stix+json', 'stix', { version: '2.0', mediaType: STIX_20 }],
    ['application/vnd.oasis.stix+json; version=2.1', 'stix', null],
    // A client that names the TAXII type gets it back, so its Content-Type check passes.
    [TAXII_20, 'stix', { version: '2.0', mediaType: TAXII_20 }],
    ['*/*', 'stix', { version: '2.1', mediaType: TAXII_21 }],
    [undefined, 'stix', { version: '2.1', mediaType: TAXII_21 }],
    [TAXII_21, 'stix', { version: '2.1', mediaType: TAXII_21 }],
    ['application/stix+json;version=2.1', 'stix', null],
    [STIX_20, 'taxii', null],
    [TAXII_20, 'taxii', { version: '2.0', mediaType: TAXII_20 }],
  ];

  it.each(cases)('answers %j for a %s body with %j', (accept, body, want) => {
    expect(negotiate(accept, { body })).toEqual(want);
  });

  it('answers a wildcard with the 2.0 type of the body when only 2.0 is served', () => {
    expect(negotiate('*/*', { served: ['2.0'], body: 'stix' })).toEqual({
      version: '2.0',
      mediaType: STIX_20,
    });
    expect(negotiate(undefined, { served: ['2.0'] })).toEqual({
      version: '2.0',
      mediaType: TAXII_20,
    });
  });

  it('agrees with negotiateVersion on the version', () => {
    expect(negotiateVersion(STIX_20, ['2.0'], 'stix')).toBe('2.0');
    expect(negotiateVersion(STIX_20, ['2.1'], 'stix')).toBeNull();
  });
});

describe('servedMediaTypes', () => {
  it('lists the media types of the versions served, newest first', () => {
    expect(servedMediaTypes()).toEqual([TAXII_21, TAXII_20]);
    expect(servedMediaTypes(['2.0', '2.1'], 'stix')).toEqual([TAXII_21, STIX_20]);
    expect(servedMediaTypes(['2.0'])).toEqual([TAXII_20]);
    expect(servedMediaTypes(['2.1'], 'stix')).toEqual([TAXII_21]);
  });
});

describe('parseAccept', () => {
  it('reads parameters and q-values, ignoring quoted commas', () => {
    const ranges = parseAccept('application/taxii+json; x="a,b"; version=2.1; q=0.8, */*;q=0.1');
    expect(ranges).toHaveLength(2);
    expect(ranges[0]!.params.get('x')).toBe('a,b');
    expect(ranges[0]!.params.get('version')).toBe('2.1');
    expect(ranges[0]!.q).toBe(0.8);
    expect(ranges[1]!.q).toBe(0.1);
  });

  it('skips malformed ranges instead of failing', () => {
    expect(parseAccept('nonsense, ;;, application/taxii+json')).toHaveLength(1);
  });
});
