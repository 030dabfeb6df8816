import { readFileSync, readdirSync } from 'node:fs';

import { describe, expect, it } from 'vitest';

import { packageFile } from '../../src/package-files.js';
import { createStixValidator } from '../../src/stix/validate.js';
import { DOMAIN_TYPES, SCO_TYPES } from '../../src/stix/xsoar-types.js';

const validate = createStixValidator();
const ID = '8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f';

const indicator = {
  type: 'indicator',
  spec_version: '2.1',
  id: `indicator--${ID}`,
  created: '2024-01-02T03:04:05.678Z',
  modified: '2024-01-02T03:04:05.678Z',
  name: '198.51.100.3',
  indicator_types: ['malicious-activity'],
  pattern: "[ipv4-addr:value = '198.51.100.3']",
  pattern_type: 'stix',
  pattern_version: '2.1',
  valid_from: '2024-01-02T03:04:05.678Z',
};

const sco = (type: string, more: object) => ({
  type,
  spec_version: '2.1',
  id: `${type}--${ID}`,
  ...more,
});
const file = sco('file', { hashes: { MD5: 'a'.repeat(32) } });
const relationship = {
  type: 'relationship',
  spec_version: '2.1',
  id: `relationship--${ID}`,
  created: indicator.created,
  modified: indicator.created,
  relationship_type: 'based-on',
  source_ref: indicator.id,
  target_ref: `ipv4-addr--${ID}`,
};

describe('createStixValidator', () => {
  it('has a schema for every object type the renderer can emit', () => {
    const dir = packageFile('openapi', 'schemas', 'stix');
    const files = readdirSync(dir).filter((f) => f.endsWith('.json'));
    const types = files.filter((f) => f !== 'common.json').map((f) => f.replace(/\.json$/, ''));
    const emitted = [
      'indicator',
      'relationship',
      'marking-definition',
      'extension-definition',
      ...SCO_TYPES,
      ...Object.values(DOMAIN_TYPES),
    ];
    expect(types.sort()).toEqual([...new Set(emitted)].sort());

    for (const name of files) {
      const schema = JSON.parse(readFileSync(`${dir}/${name}`, 'utf8')) as Record<string, unknown>;
      expect(schema.$id).toBe(`https://taxii2-server.invalid/schemas/stix/${name}`);
    }
  });

  it('accepts well-formed objects', () => {
    expect(validate(indicator)).toEqual([]);
    expect(validate(file)).toEqual([]);
    expect(validate(relationship)).toEqual([]);
  });

  it.each<[string, unknown, RegExp]>([
    ['a missing pattern', { ...indicator, pattern: undefined }, /required property 'pattern'/],
    ['created in seconds', { ...indicator, created: '2024-01-02T03:04:05Z' }, /\/created/],
    ['a zone other than Z', { ...indicator, valid_from: '2024-01-02T03:04:05+01:00' }, /valid/],
    ['a property STIX does not define', { ...indicator, severity: 'high' }, /unevaluated/],
    ['an unknown indicator type', { ...indicator, indicator_types: ['bad'] }, /indicator_types\/0/],
    ['an upper-case id', { ...indicator, id: `indicator--${ID.toUpperCase()}` }, /\/id/],
    ['an id of another type', { ...indicator, id: `malware--${ID}` }, /\/id/],
    ['empty labels', { ...indicator, labels: [] }, /\/labels/],
    ['a confidence over 100', { ...indicator, confidence: 101 }, /\/confidence/],
    ['a hash of the wrong length', { ...file, hashes: { MD5: 'a'.repeat(31) } }, /\/hashes\/MD5/],
    ['an SCO with a created time', { ...file, created: indicator.created }, /unevaluated/],
    ['no type', { id: 'x' }, /has no type/],
    ['an unknown type', { type: 'grouping' }, /no schema for STIX type "grouping"/],
    ['an IPv4 prefix over 32', sco('ipv4-addr', { value: '1.2.3.4/40' }), /\/value/],
    ['a short hive name', sco('windows-registry-key', { key: 'HKLM\\x' }), /\/key/],
    ['a reference that is no id', { ...relationship, target_ref: 'x' }, /\/target_ref/],
  ])('rejects %s', (_what, object, message) => {
    const errors = validate(object);
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.join('\n')).toMatch(message);
  });
});
