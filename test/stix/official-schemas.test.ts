import { describe, expect, it } from 'vitest';

import { isIdnHostname, loadOfficialSchemas } from './official-schemas.js';

describe('the idn-hostname format the official schemas use', () => {
  it.each(['example.com', 'bücher.example', 'xn--bcher-kva.example', 'a.b.c.d', 'example.com.'])(
    'accepts %s',
    (name) => {
      expect(isIdnHostname(name)).toBe(true);
    },
  );

  it.each(['', 'bad_host.example', '-lead.example', 'trail-.example', `${'a'.repeat(64)}.com`])(
    'refuses %j',
    (name) => {
      expect(isIdnHostname(name)).toBe(false);
    },
  );

  it('is enforced on domain-name values in both STIX versions', () => {
    for (const version of ['2.1', '2.0'] as const) {
      const official = loadOfficialSchemas(version);
      const base: { type: string; [property: string]: unknown } =
        version === '2.1'
          ? {
              type: 'domain-name',
              spec_version: '2.1',
              id: 'domain-name--bedb4899-d24b-5401-bc86-8f6b4cc18ec7',
            }
          : { type: 'domain-name' };
      const good = { ...base, value: 'example.com' };
      const bad = { ...base, value: 'not a host' };
      expect(official.validate(good)).toEqual([]);
      expect(official.validate(bad)).not.toEqual([]);
    }
  });
});
