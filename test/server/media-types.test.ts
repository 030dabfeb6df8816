import { describe, expect, it } from 'vitest';

import { negotiateVersion, parseAccept } from '../../src/server/media-types.js';

describe('negotiateVersion', () => {
  const cases: Array<[string | undefined, '2.1' | null]> = [
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

  it.each(cases)('answers %j with %j', (accept, want) => {
    expect(negotiateVersion(accept)).toBe(want);
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
