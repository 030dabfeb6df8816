import { describe, expect, it } from 'vitest';

import { setup } from './renderer-setup.js';

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
});
