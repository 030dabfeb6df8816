import { v5 as referenceV5 } from 'uuid';
import { describe, expect, it } from 'vitest';

import { SCO_ID_NAMESPACE } from '../../src/stix/ids.js';
import { uuid5 } from '../../src/stix/uuid5.js';

const NAMES = [
  '',
  'a',
  'www.example.com',
  '{"value":"198.51.100.7"}',
  '["indicator","ipv4-addr","198.51.100.7"]',
  'bücher.example',
  '例え.テスト',
  'emoji 🦀 in a name',
  'x'.repeat(5000),
  'line\nbreak\ttab "quotes" \\ backslash',
];

describe('uuid5', () => {
  it('gives the reference implementation’s UUID for every name and namespace', () => {
    const namespaces = [
      SCO_ID_NAMESPACE,
      referenceV5.URL,
      referenceV5.DNS,
      SCO_ID_NAMESPACE.toUpperCase(),
    ];
    for (const namespace of namespaces) {
      for (const name of NAMES) expect(uuid5(name, namespace)).toBe(referenceV5(name, namespace));
    }
  });

  it('matches RFC 9562’s example of a version 5 UUID', () => {
    // RFC 9562 appendix A.4: the name www.example.com in the DNS namespace.
    expect(uuid5('www.example.com', '6ba7b810-9dad-11d1-80b4-00c04fd430c8')).toBe(
      '2ed6657d-e927-568b-95e1-2665a8aea6a2',
    );
  });

  it('refuses a name with an unpaired surrogate, as the reference does, and a malformed namespace', () => {
    expect(() => referenceV5('bad\ud800', SCO_ID_NAMESPACE)).toThrow(URIError);
    expect(() => uuid5('bad\ud800', SCO_ID_NAMESPACE)).toThrow(URIError);
    expect(() => uuid5('tail\udc00', SCO_ID_NAMESPACE)).toThrow(URIError);
    expect(uuid5('pair \ud83e\udd80', SCO_ID_NAMESPACE)).toBe(
      referenceV5('pair \ud83e\udd80', SCO_ID_NAMESPACE),
    );
    expect(() => uuid5('x', 'not-a-uuid')).toThrow(TypeError);
  });
});
