import { describe, expect, it } from 'vitest';

import { loadOfficialSchemas } from './official-schemas.js';
import { setup } from './renderer-setup.js';

const official = { '2.0': loadOfficialSchemas('2.0'), '2.1': loadOfficialSchemas('2.1') };

describe('domain objects', () => {
  it.each([
    ['Malware', 'Emotet', {}, { type: 'malware', name: 'Emotet', is_family: true }],
    ['Malware', 'sample.exe', { ismalwarefamily: 'false' }, { type: 'malware', is_family: false }],
    ['Threat Actor', 'APT29', {}, { type: 'threat-actor', name: 'APT29' }],
    [
      'Attack Pattern',
      'T1105',
      {},
      {
        type: 'attack-pattern',
        external_references: [{ source_name: 'mitre-attack', external_id: 'T1105' }],
      },
    ],
    ['Campaign', 'Op X', {}, { type: 'campaign', name: 'Op X' }],
    ['Course of Action', 'Block it', {}, { type: 'course-of-action' }],
    ['Infrastructure', 'C2 net', {}, { type: 'infrastructure' }],
    ['Intrusion Set', 'Cozy', {}, { type: 'intrusion-set' }],
    ['Tool', 'Mimikatz', {}, { type: 'tool' }],
    [
      'CVE',
      'cve-2021-44228',
      {},
      {
        type: 'vulnerability',
        name: 'CVE-2021-44228',
        external_references: [{ source_name: 'cve', external_id: 'CVE-2021-44228' }],
      },
    ],
    [
      'Identity',
      'ACME',
      { identityclass: 'Organization' },
      { type: 'identity', identity_class: 'organization' },
    ],
    ['Location', 'de', {}, { type: 'location', name: 'de', country: 'DE' }],
    ['Location', 'Western Europe', {}, { type: 'location', region: 'western-europe' }],
    ['Location', 'Berlin', { countrycode: 'DE' }, { type: 'location', country: 'DE' }],
  ])('maps %s %j to its SDO', (type, value, customFields, want) => {
    const { objects, warnings } = setup();
    const [sdo, ...rest] = objects({ type, value, customFields, tags: ['x'], description: 'd' });
    expect(rest).toEqual([]);
    expect(sdo).toMatchObject({ spec_version: '2.1', description: 'd', labels: ['x'], ...want });
    expect(String(sdo!.id).startsWith(`${want.type}--`)).toBe(true);
    expect(warnings).toEqual([]);
  });

  it.each([
    ['CVE', 'CVE-21-1'],
    ['Location', 'Berlin'],
    ['Malware', '  '],
    ['Report', 'Q3 report'],
    ['Custom Thing', 'x'],
  ])('reports %s %j and renders nothing', (type, value) => {
    const { objects, warnings } = setup();
    expect(objects({ type, value })).toEqual([]);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]!.msg).toBe('stix object left out');
    expect(warnings[0]!.fields.indicator).toEqual({ key: 1, type, value });
  });

  describe('publications and kill chain phases', () => {
    const publications = [
      { source: 'Unit 42', title: 'Phishing wave', link: 'https://example.com/report' },
      { source: 'Unit 42', title: 'Phishing wave', link: 'https://example.com/report' },
      { source: 'blog', link: 'not a url', title: 'kept without its link' },
      { source: 'cve', title: 'a registry name is no publication' },
      { title: 'no source' },
    ];
    const fields = { mitreid: 'T1566', publications, killchainphases: ['Initial Access'] };
    const references = [
      { source_name: 'mitre-attack', external_id: 'T1566' },
      { source_name: 'Unit 42', description: 'Phishing wave', url: 'https://example.com/report' },
      { source_name: 'blog', description: 'kept without its link' },
    ];

    it.each(['2.1', '2.0'] as const)(
      'become external references and mitre-attack phases in STIX %s',
      (version) => {
        const { objects, warnings } = setup({ version });
        const [sdo] = objects({ type: 'Attack Pattern', value: 'Phishing', customFields: fields });
        expect(sdo).toMatchObject({
          external_references: references,
          kill_chain_phases: [{ kill_chain_name: 'mitre-attack', phase_name: 'initial-access' }],
        });
        expect(official[version].validate(sdo as { type: string })).toEqual([]);
        expect(warnings).toHaveLength(1);
        expect(warnings[0]!.msg).toBe('stix object incomplete');
        expect(warnings[0]!.fields.notes).toHaveLength(3);
      },
    );

    it.each([
      ['Malware', 'malware', true],
      ['Tool', 'tool', true],
      ['Infrastructure', 'infrastructure', true],
      ['Campaign', 'campaign', false],
      ['Threat Actor', 'threat-actor', false],
    ])('puts phases on %s only where STIX defines them', (type, stixType, phased) => {
      const customFields = { killchainphases: 'Command and Control', publications };
      const { objects } = setup();
      const [sdo] = objects({ type, value: 'x', customFields });
      expect(sdo!.type).toBe(stixType);
      expect(sdo!.external_references).toEqual(references.slice(1));
      expect(sdo!.kill_chain_phases).toEqual(
        phased
          ? [{ kill_chain_name: 'mitre-attack', phase_name: 'command-and-control' }]
          : undefined,
      );
      expect(official['2.1'].validate(sdo as { type: string })).toEqual([]);
    });
  });
});
