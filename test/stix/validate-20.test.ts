import { readFileSync, readdirSync } from 'node:fs';

import { describe, expect, it } from 'vitest';

import { packageFile } from '../../src/package-files.js';
import { createStixValidator } from '../../src/stix/validate.js';

const validate = createStixValidator('2.0');
const ID = '8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f';
const created = '2024-01-02T03:04:05.678Z';

const indicator = {
  type: 'indicator',
  id: `indicator--${ID}`,
  created,
  modified: created,
  name: '198.51.100.3',
  labels: ['malicious-activity', 'c2'],
  pattern: "[ipv4-addr:value = '198.51.100.3']",
  valid_from: created,
};

const observedData = (observable: object) => ({
  type: 'observed-data',
  id: `observed-data--${ID}`,
  created,
  modified: created,
  first_observed: created,
  last_observed: created,
  number_observed: 1,
  objects: { '0': observable },
});

const relationship = {
  type: 'relationship',
  id: `relationship--${ID}`,
  created,
  modified: created,
  relationship_type: 'based-on',
  source_ref: indicator.id,
  target_ref: `observed-data--${ID}`,
};

const bundle = (more: object) => ({
  type: 'bundle',
  id: `bundle--${ID}`,
  spec_version: '2.0',
  ...more,
});
const MD5 = '0'.repeat(32);
const ACCOUNT = { user_id: 'S-1-5-21-1', account_login: 'jdoe' };
const mutexSeen = observedData({ type: 'mutex', name: 'm' });
const V5_ID = 'indicator--8e2e2d2b-17d4-5cbf-938f-98ee46b3cd3f';

const sdo = (type: string, more: object = {}) => ({
  type,
  id: `${type}--${ID}`,
  created,
  modified: created,
  name: 'Emotet',
  ...more,
});

describe('createStixValidator for STIX 2.0', () => {
  it('has a schema for every object type the 2.0 renderer can emit, and the bundle', () => {
    const dir = packageFile('openapi', 'schemas', 'stix', 'stix-2.0');
    const files = readdirSync(dir).filter((f) => f.endsWith('.json'));
    const shared = ['common.json', 'observables.json'];
    const types = files.filter((f) => !shared.includes(f)).map((f) => f.replace(/\.json$/, ''));

    expect(types.sort()).toEqual(
      [
        'attack-pattern',
        'bundle',
        'campaign',
        'course-of-action',
        'identity',
        'indicator',
        'intrusion-set',
        'malware',
        'marking-definition',
        'observed-data',
        'relationship',
        'report',
        'threat-actor',
        'tool',
        'vulnerability',
      ].sort(),
    );
    for (const name of files) {
      const schema = JSON.parse(readFileSync(`${dir}/${name}`, 'utf8')) as Record<string, unknown>;
      expect(schema.$id).toBe(`https://taxii2-server.invalid/schemas/stix/stix-2.0/${name}`);
    }
  });

  it.each<[string, object]>([
    ['an indicator', indicator],
    ['an observed address', observedData({ type: 'ipv4-addr', value: '198.51.100.0/24' })],
    ['an observed file', observedData({ type: 'file', hashes: { ssdeep: '3:a:b', MD5: MD5 } })],
    ['an observed account', observedData({ type: 'user-account', ...ACCOUNT })],
    ['a relationship', relationship],
    ['malware', sdo('malware', { labels: ['unknown'] })],
    ['an identity', sdo('identity', { identity_class: 'unknown' })],
    ['a bundle', bundle({ objects: [indicator] })],
    ['an empty bundle', bundle({})],
  ])('accepts %s', (_what, object) => {
    expect(validate(object)).toEqual([]);
  });

  it.each<[string, unknown, RegExp]>([
    ['a spec_version on an object', { ...indicator, spec_version: '2.0' }, /unevaluated/],
    ['a confidence', { ...indicator, confidence: 50 }, /unevaluated/],
    ['a pattern_type', { ...indicator, pattern_type: 'stix' }, /unevaluated/],
    ['indicator_types', { ...indicator, indicator_types: ['benign'] }, /unevaluated/],
    ['an indicator without labels', { ...indicator, labels: undefined }, /'labels'/],
    ['labels without a verdict', { ...indicator, labels: ['c2'] }, /\/labels/],
    ['a version 5 UUID', { ...indicator, id: V5_ID }, /\/id/],
    ['malware without labels', sdo('malware'), /'labels'/],
    ['malware with is_family', sdo('malware', { labels: ['x'], is_family: true }), /unevaluated/],
    ['an identity without a class', sdo('identity'), /'identity_class'/],
    ['a location, which 2.0 lacks', sdo('location', { country: 'FR' }), /no schema for STIX type/],
    ['an SCO outside observed-data', { type: 'ipv4-addr', value: '1.2.3.4' }, /no schema/],
    [
      'an observable with an id',
      observedData({ type: 'ipv4-addr', id: `ipv4-addr--${ID}`, value: '1.2.3.4' }),
      /objects\/0/,
    ],
    ['the 2.1 ssdeep name', observedData({ type: 'file', hashes: { SSDEEP: '3:a:b' } }), /SSDEEP/],
    [
      'an account without user_id',
      observedData({ type: 'user-account', account_login: 'u' }),
      /user_id/,
    ],
    ['an observable type not emitted', observedData({ type: 'process', pid: 1 }), /objects\/0/],
    ['two observables', { ...mutexSeen, objects: { '0': {}, '1': {} } }, /objects/],
    ['no observation counted', { ...mutexSeen, number_observed: 0 }, /number_observed/],
    ['a bundle with an empty list of objects', bundle({ objects: [] }), /objects/],
    ['a 2.1 bundle', bundle({ spec_version: '2.1' }), /spec_version/],
  ])('rejects %s', (_what, object, message) => {
    const errors = validate(object);

    expect(errors.length).toBeGreaterThan(0);
    expect(errors.join('\n')).toMatch(message);
  });
});
