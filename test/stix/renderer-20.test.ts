import { describe, expect, it } from 'vitest';

import { persistentId, scoId, stix20Id } from '../../src/stix/ids.js';
import { TLP_MARKING_IDS } from '../../src/stix/markings.js';
import { NAMESPACE, parse, setup } from './renderer-setup.js';
import { storedIndicator } from './stored-indicator.js';

const v20 = (options: Parameters<typeof setup>[0] = {}) => setup({ version: '2.0', ...options });
const UUID_V4 = '[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}';
const V4_ID = new RegExp(`^[a-z][a-z0-9-]+--${UUID_V4}$`);
const UNKNOWN_TO_2_0 = [
  'spec_version',
  'confidence',
  'indicator_types',
  'pattern_type',
  'pattern_version',
  'extensions',
  'is_family',
];

describe('the STIX 2.0 indicator SDO', () => {
  it('carries the indicator with its verdict as a label, its window, tags and TLP', () => {
    const { renderer, warnings } = v20();
    const rendered = renderer.render(
      storedIndicator({
        firstSeen: '2024-01-01T00:00:00.000001Z',
        expiration: '2024-02-01T00:00:00Z',
        tags: ['c2', 'apt', 'c2', ' '],
        tlp: 'AMBER',
        description: 'Seen beaconing.',
        aggregatedReliability: 'B - Usually reliable',
      }),
    );

    const id = stix20Id(persistentId(NAMESPACE, 'indicator', 'IP', '198.51.100.3'));
    expect(rendered).toEqual([
      {
        id,
        type: 'indicator',
        version: '2024-01-03T03:04:05.678Z',
        json: JSON.stringify({
          type: 'indicator',
          id,
          created: '2024-01-02T03:04:05.678Z',
          modified: '2024-01-03T03:04:05.678Z',
          name: '198.51.100.3',
          description: 'Seen beaconing.',
          labels: ['malicious-activity', 'c2', 'apt'],
          pattern: "[ipv4-addr:value = '198.51.100.3']",
          valid_from: '2024-01-01T00:00:00.000Z',
          valid_until: '2024-02-01T00:00:00.000Z',
          object_marking_refs: [TLP_MARKING_IDS.AMBER],
        }),
      },
      {
        id: TLP_MARKING_IDS.AMBER,
        type: 'marking-definition',
        version: '2017-01-20T00:00:00.000Z',
        json: JSON.stringify({
          type: 'marking-definition',
          id: TLP_MARKING_IDS.AMBER,
          created: '2017-01-20T00:00:00.000Z',
          definition_type: 'tlp',
          definition: { tlp: 'amber' },
        }),
        shared: true,
      },
    ]);
    expect(warnings).toEqual([]);
  });

  it.each([
    [3, 'malicious-activity'],
    [2, 'anomalous-activity'],
    [1, 'benign'],
    [0, 'unknown'],
  ] as const)('labels score %i %s, ahead of the tags', (score, label) => {
    const [sdo] = v20().objects({ score, tags: ['phishing'] });

    expect(sdo!.labels).toEqual([label, 'phishing']);
  });

  it('does not repeat a tag that equals the verdict label', () => {
    expect(v20().objects({ tags: ['malicious-activity', 'x'] })[0]!.labels).toEqual([
      'malicious-activity',
      'x',
    ]);
  });

  it('has the id of the 2.1 indicator but for the UUID version digit, which 2.0 fixes at 4', () => {
    const [id21] = setup()
      .objects()
      .map((o) => String(o.id));
    const [id20] = v20()
      .objects()
      .map((o) => String(o.id));

    // The version digit opens the third group of the UUID: indicator--xxxxxxxx-xxxx-Vxxx-...
    const withoutVersion = (id: string) => id.replace(/^(\w+--\w{8}-\w{4}-)\w/, '$1');
    expect(id20).toMatch(V4_ID);
    expect(id21).not.toMatch(V4_ID);
    expect(withoutVersion(id20!)).toBe(withoutVersion(id21!));
    expect(id20).not.toBe(id21);
  });

  it("keeps the source's own version 4 STIX id in both versions", () => {
    const stixId = 'indicator--0b7ad5d4-d0a0-4d8a-9c44-4d2e3c0a7f11';

    expect(v20().objects({ stixId })[0]!.id).toBe(stixId);
    expect(setup().objects({ stixId })[0]!.id).toBe(stixId);
  });

  it('writes the ssdeep hash as STIX 2.0 names it, in the pattern and in observed-data', () => {
    const ssdeep = '3072:C9aIbq2uNYeqc5cYeS8yGbuW6t:uIbm5cYVWgW6t';
    const sdo = v20().objects({ type: 'File', value: ssdeep })[0]!;
    const od = v20({ observables: { file: 'sco' } }).objects({ type: 'File', value: ssdeep })[0]!;

    expect(sdo.pattern).toBe(`[file:hashes.ssdeep = '${ssdeep}']`);
    expect(setup().objects({ type: 'File', value: ssdeep })[0]!.pattern).toBe(
      `[file:hashes.SSDEEP = '${ssdeep}']`,
    );
    expect(od.objects).toEqual({ '0': { type: 'file', hashes: { ssdeep } } });
  });

  it('keeps quoted hash names in file patterns', () => {
    const sha256 = 'a'.repeat(64);

    expect(v20().objects({ type: 'File', value: sha256 })[0]!.pattern).toBe(
      `[file:hashes.'SHA-256' = '${sha256}']`,
    );
  });
});

describe('STIX 2.0 observables', () => {
  it('publishes an observable in sco mode as observed-data holding it under "0"', () => {
    const { objects, warnings } = v20({ observables: { 'ipv4-addr': 'sco' } });
    const scoId21 = 'ipv4-addr--28bb3599-77cd-5a82-a950-b5bc3caf07c4';

    expect(objects({ tlp: 'RED', tags: ['scanner'] })).toEqual([
      {
        type: 'observed-data',
        id: stix20Id(persistentId(NAMESPACE, 'observed-data', scoId21)),
        created: '2024-01-02T03:04:05.678Z',
        modified: '2024-01-03T03:04:05.678Z',
        first_observed: '2024-01-02T03:04:05.678Z',
        last_observed: '2024-01-03T03:04:05.678Z',
        number_observed: 1,
        objects: { '0': { type: 'ipv4-addr', value: '198.51.100.3' } },
        labels: ['scanner'],
        object_marking_refs: [TLP_MARKING_IDS.RED],
      },
      expect.objectContaining({ type: 'marking-definition', id: TLP_MARKING_IDS.RED }),
    ]);
    expect(warnings).toEqual([]);
  });

  it('observes from first seen to last seen when the indicator has them', () => {
    const { objects } = v20({ observables: { 'ipv4-addr': 'sco' } });
    const [od] = objects({
      firstSeen: '2023-06-01T10:00:00Z',
      lastSeen: '2023-06-30T10:00:00.5Z',
    });

    expect(od).toMatchObject({
      first_observed: '2023-06-01T10:00:00.000Z',
      last_observed: '2023-06-30T10:00:00.500Z',
    });
  });

  it('never ends an observation before it starts', () => {
    const { objects } = v20({ observables: { 'ipv4-addr': 'sco' } });
    const [od] = objects({ firstSeen: '2024-05-01T00:00:00Z', lastSeen: '2024-04-01T00:00:00Z' });

    expect(od!.last_observed).toBe(od!.first_observed);
  });

  it('joins indicator and observed-data in both mode by the 2.1 relationship id in v4 form', () => {
    const { renderer } = v20({ observables: { 'ipv4-addr': 'both' } });
    const rendered = renderer.render(storedIndicator());
    expect(rendered.map((o) => o.type)).toEqual(['indicator', 'observed-data', 'relationship']);

    const [sdo, od, sro] = rendered.map((o) => parse(o.json));
    expect(sro).toMatchObject({
      relationship_type: 'based-on',
      source_ref: sdo!.id,
      target_ref: od!.id,
      created: sdo!.created,
      modified: sdo!.modified,
    });
    const indicatorId = persistentId(NAMESPACE, 'indicator', 'IP', '198.51.100.3');
    const sco = scoId('ipv4-addr', { value: '198.51.100.3' })!;
    const id21 = persistentId(NAMESPACE, 'relationship', 'based-on', indicatorId, sco);
    expect(sro!.id).toBe(stix20Id(id21));
    expect(rendered.map((o) => o.version)).toEqual(Array(3).fill('2024-01-03T03:04:05.678Z'));
  });

  it('gives a user account the user_id STIX 2.0 requires', () => {
    const { objects } = v20({ observables: { 'user-account': 'sco' } });
    const login = objects({ type: 'Account', value: 'jdoe' })[0]!.objects;
    const given = objects({ type: 'Account', value: 'jdoe', customFields: { userid: 'S-1-5-21' } });

    expect(login).toEqual({
      '0': { type: 'user-account', user_id: 'jdoe', account_login: 'jdoe' },
    });
    expect(given[0]!.objects).toEqual({
      '0': { type: 'user-account', user_id: 'S-1-5-21', account_login: 'jdoe' },
    });
  });

  it('leaves out the swid of software, which STIX 2.0 does not have', () => {
    const { objects } = v20({ observables: { software: 'sco' } });
    const [od] = objects({
      type: 'Software',
      value: 'Word',
      customFields: { swid: 'swid-1', vendor: 'Microsoft' },
    });

    expect(od!.objects).toEqual({ '0': { type: 'software', name: 'Word', vendor: 'Microsoft' } });
  });

  it('writes a little-endian registry DWORD as the REG_DWORD of STIX 2.0', () => {
    const { objects } = v20({ observables: { 'windows-registry-key': 'sco' } });
    const [od] = objects({
      type: 'Registry Key',
      value: 'HKLM\\Software\\Run',
      customFields: { keyvalue: [{ name: 'a', data: '1', type: 'REG_DWORD_LITTLE_ENDIAN' }] },
    });

    expect(od!.objects).toEqual({
      '0': {
        type: 'windows-registry-key',
        key: 'HKEY_LOCAL_MACHINE\\Software\\Run',
        values: [{ name: 'a', data: '1', data_type: 'REG_DWORD' }],
      },
    });
  });

  it('publishes a domain glob as an indicator in both mode, and reports it in sco mode', () => {
    const glob = { type: 'DomainGlob', value: '*.example.com' };
    const both = v20({ observables: { 'domain-name': 'both' } }).objects(glob);
    expect(both.map((o) => o.type)).toEqual(['indicator']);
    const sco = v20({ observables: { 'domain-name': 'sco' } });
    expect(sco.objects(glob)).toEqual([]);
    expect(sco.warnings.map((w) => w.msg)).toEqual(['stix object left out']);
  });
});

describe('STIX 2.0 domain objects', () => {
  it.each(['Malware', 'Tool', 'Threat Actor'])(
    'labels a %s, which STIX 2.0 requires, with its tags or unknown',
    (type) => {
      const tagged = v20().objects({ type, value: 'Emotet', tags: ['banking'] })[0]!;
      const bare = v20().objects({ type, value: 'Emotet' })[0]!;

      expect(tagged.labels).toEqual(['banking']);
      expect(bare.labels).toEqual(['unknown']);
      expect(bare.id).toMatch(V4_ID);
    },
  );

  it('writes malware without the is_family of STIX 2.1', () => {
    const [malware] = v20().objects({ type: 'Malware', value: 'Emotet' });

    expect(malware).not.toHaveProperty('is_family');
    expect(setup().objects({ type: 'Malware', value: 'Emotet' })[0]).toHaveProperty('is_family');
  });

  it('gives an identity the identity_class STIX 2.0 requires', () => {
    const bare = v20().objects({ type: 'Identity', value: 'ACME' })[0]!;
    const given = v20().objects({
      type: 'Identity',
      value: 'ACME',
      customFields: { identityclass: 'Organization' },
    })[0]!;

    expect(bare.identity_class).toBe('unknown');
    expect(given.identity_class).toBe('organization');
  });

  it('keeps the external reference of a CVE', () => {
    const [vulnerability] = v20().objects({ type: 'CVE', value: 'cve-2021-44228' });

    expect(vulnerability).toMatchObject({
      type: 'vulnerability',
      name: 'CVE-2021-44228',
      external_references: [{ source_name: 'cve', external_id: 'CVE-2021-44228' }],
    });
  });

  it.each([
    ['Infrastructure', 'Bulletproof hosting', 'infrastructure'],
    ['Location', 'FR', 'location'],
  ])('leaves out a %s, which has no STIX 2.0 type, and says so', (type, value, stixType) => {
    const { objects, warnings } = v20();

    expect(objects({ type, value })).toEqual([]);
    expect(warnings).toEqual([
      {
        msg: 'stix object left out',
        fields: expect.objectContaining({ reason: `STIX 2.0 has no ${stixType}` }) as unknown,
      },
    ]);
    expect(
      setup()
        .objects({ type, value })
        .map((o) => o.type),
    ).toEqual([stixType]);
  });
});

describe('the STIX 2.0 renderer', () => {
  it('writes none of the properties STIX 2.0 lacks, in any mode', () => {
    for (const mode of ['indicator', 'sco', 'both'] as const) {
      const { objects } = v20({ observables: { 'ipv4-addr': mode, file: mode } });
      const all = [
        ...objects({ aggregatedReliability: 'A - Completely reliable', tags: ['x'] }),
        ...objects({ type: 'File', value: 'b'.repeat(40) }),
        ...objects({ type: 'Malware', value: 'Emotet' }),
      ];
      for (const object of all) {
        for (const property of UNKNOWN_TO_2_0) expect(object).not.toHaveProperty(property);
        expect(object.id).toMatch(V4_ID);
      }
    }
  });

  it('gives byte-identical JSON for the same indicator, whatever renderer instance', () => {
    const indicator = storedIndicator({ tags: ['a'], tlp: 'GREEN' });
    const options = { observables: { 'ipv4-addr': 'both' as const } };

    expect(v20(options).renderer.render(indicator)).toEqual(
      v20(options).renderer.render(indicator),
    );
  });

  it('has a profile of its own, so a store keeps 2.0 and 2.1 objects apart', () => {
    const profile20 = v20().renderer.profile;

    expect(profile20).toMatch(/^[0-9a-f]{16}$/);
    expect(profile20).not.toBe(setup().renderer.profile);
    expect(v20().renderer.version).toBe('2.0');
  });

  it('refuses a STIX version it cannot write, naming both it can', () => {
    expect(() => setup({ version: '2.2' as '2.1' })).toThrow(/use '2\.0' or '2\.1'/);
  });
});
