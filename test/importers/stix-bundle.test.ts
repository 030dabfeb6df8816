import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  parseIndicatorFile,
  parseIndicatorText,
  type ParsedFile,
} from '../../src/importers/index.js';
import { singleComparison } from '../../src/importers/stix-comparison.js';
import { observableValue } from '../../src/importers/stix-observable.js';
import { realData, SHARED } from '../support/shared-data.js';
import { startTestServer, taxiiGet, type TestServer } from '../support/test-server.js';

function typeCounts(parsed: ParsedFile): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const { indicator } of parsed.records) {
    counts[indicator.type] = (counts[indicator.type] ?? 0) + 1;
  }
  return counts;
}

function storedRelationships(parsed: ParsedFile): number {
  return parsed.records.reduce((n, r) => n + (r.indicator.relationships?.length ?? 0), 0);
}

function byStixId(parsed: ParsedFile, id: string) {
  return parsed.records.find((r) => r.indicator.stixId === id)?.indicator;
}

describe('singleComparison', () => {
  const cases: Array<[string, ReturnType<typeof singleComparison>]> = [
    ["[ipv4-addr:value = '10.0.0.0']", { type: 'ipv4-addr', path: ['value'], value: '10.0.0.0' }],
    ["[file:hashes.'SHA-256' = 'ab']", { type: 'file', path: ['hashes', 'SHA-256'], value: 'ab' }],
    ["[file:hashes.md5='ab']", { type: 'file', path: ['hashes', 'md5'], value: 'ab' }],
    [
      "[windows-registry-key:key = 'HKLM\\\\SOFTWARE\\\\It\\'s']",
      { type: 'windows-registry-key', path: ['key'], value: "HKLM\\SOFTWARE\\It's" },
    ],
    [
      '[autonomous-system:number = 15169]',
      { type: 'autonomous-system', path: ['number'], value: 15169 },
    ],
    ["[process:command_line  = 'a']", { type: 'process', path: ['command_line'], value: 'a' }],
    ["[domain-name:value = 'a.example' OR ipv4-addr:value = '1.2.3.4']", null],
    ["[x509-certificate:issuer = 'CN=X' AND x509-certificate:serial_number = '01']", null],
    ["[email-message:subject MATCHES '^x']", null],
    ["[url:value = 'http://a.example/'] WITHIN 5 SECONDS", null],
    ["[file:name = 'a.exe'] AND [file:name = 'b.exe']", null],
    ["[email-message:body_multipart[*].body_raw_ref.name = 'x']", null],
    ["[url:value = 'cut off]", null],
    ["[url:value = 'bad \\n escape']", null],
  ];
  it.each(cases)('reads %s', (pattern, want) => {
    expect(singleComparison(pattern)).toEqual(want);
  });
});

describe('observableValue', () => {
  it('reads addresses and networks by their value', () => {
    expect(observableValue('ipv4-addr', { value: '198.51.100.0/24' })).toMatchObject({
      type: 'CIDR',
    });
    expect(observableValue('ipv6-addr', { value: '2001:db8::1' })).toMatchObject({ type: 'IPv6' });
    expect(observableValue('domain-name', { value: 'Example.COM' })).toMatchObject({
      type: 'Domain',
      value: 'example.com',
    });
  });

  it('takes the strongest digest of a file as its value and keeps every hash', () => {
    const md5 = 'D41D8CD98F00B204E9800998ECF8427E';
    const sha256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
    expect(observableValue('file', { name: 'x', hashes: { MD5: md5, 'SHA-256': sha256 } })).toEqual(
      {
        type: 'File',
        value: sha256,
        customFields: { md5: md5.toLowerCase(), sha256 },
      },
    );
    expect(observableValue('file', { name: 'only-a-name.exe' })).toMatch(/has no MD5/);
  });

  it('spells out a short registry hive and keeps the values as XSOAR rows', () => {
    const read = observableValue('windows-registry-key', {
      key: 'HKLM\\Software\\Run',
      values: [{ name: 'x', data: 'c:\\x.exe', data_type: 'REG_SZ' }],
    });
    expect(read).toEqual({
      type: 'Registry Key',
      value: 'HKEY_LOCAL_MACHINE\\Software\\Run',
      customFields: { keyvalue: [{ name: 'x', data: 'c:\\x.exe', type: 'REG_SZ' }] },
    });
  });

  it('says why an object holds no indicator', () => {
    expect(observableValue('network-traffic', { protocols: ['tcp'] })).toBe(
      'network-traffic objects hold no indicator value',
    );
    expect(observableValue('autonomous-system', { name: 'no number' })).toBe('has no AS number');
  });
});

describe('STIX bundles from the text', () => {
  const bundle = (objects: unknown[]) => JSON.stringify({ type: 'bundle', id: BUNDLE, objects });
  const BUNDLE = 'bundle--5d0092c5-5f74-4287-9642-33f4c354e56d';
  const MALWARE = 'malware--31b940d4-6f7f-459a-80ea-9c1f17b58abc';
  const INDICATOR = 'indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f';
  const TIMES = { created: '2020-01-01T00:00:00.000Z', modified: '2020-02-01T00:00:00.000Z' };

  it('is detected by its type, and an array of STIX objects is detected by its first element', () => {
    expect(parseIndicatorText(bundle([]), 'b.json').format).toBe('stix-bundle');
    const array = JSON.stringify([{ type: 'url', id: 'url--' + BUNDLE.slice(8), value: 'x' }]);
    expect(parseIndicatorText(array, 'a.json').format).toBe('stix-bundle');
    const xsoar = JSON.stringify([{ indicator_type: 'IP', value: '198.51.100.1' }]);
    expect(parseIndicatorText(xsoar, 'x.json').format).toBe('xsoar-json');
  });

  it('maps an indicator SDO with its dates, verdict, marking, creator and relationships', () => {
    const identity = 'identity--f431f809-377b-45e0-aa1c-6a4751cae5ff';
    const parsed = parseIndicatorText(
      bundle([
        { type: 'identity', id: identity, name: 'Example CERT', ...TIMES },
        {
          type: 'indicator',
          spec_version: '2.1',
          id: INDICATOR,
          ...TIMES,
          created_by_ref: identity,
          indicator_types: ['anomalous-activity'],
          labels: ['phishing'],
          pattern: "[url:value = 'http://evil.example/login']",
          pattern_type: 'stix',
          valid_from: '2020-01-05T00:00:00Z',
          valid_until: '2021-01-05T00:00:00Z',
          object_marking_refs: ['marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da'],
        },
        { type: 'malware', id: MALWARE, name: 'Evil', is_family: false, ...TIMES },
        {
          type: 'relationship',
          id: 'relationship--0b8c6f35-b3d9-41a7-8a36-a25ad29ea2bd',
          relationship_type: 'indicates',
          source_ref: INDICATOR,
          target_ref: MALWARE,
          description: 'seen together',
          ...TIMES,
        },
      ]),
      'b.json',
    );

    expect(parsed.rejections).toEqual([]);
    expect(byStixId(parsed, INDICATOR)).toMatchObject({
      type: 'URL',
      value: 'http://evil.example/login',
      score: 2,
      created: '2020-01-01T00:00:00.000000Z',
      modified: '2020-02-01T00:00:00.000000Z',
      firstSeen: '2020-01-05T00:00:00.000000Z',
      expiration: '2021-01-05T00:00:00.000000Z',
      tags: ['phishing'],
      tlp: 'GREEN',
      sourceBrands: ['Example CERT'],
      relationships: [
        {
          relationshipType: 'indicates',
          targetType: 'Malware',
          targetValue: 'Evil',
          description: 'seen together',
        },
      ],
    });
    expect(byStixId(parsed, MALWARE)).toMatchObject({
      type: 'Malware',
      customFields: { ismalwarefamily: false },
    });
  });

  it('counts what it does not import by type, naming each object and why', () => {
    const parsed = parseIndicatorText(
      bundle([
        { type: 'report', id: 'report--' + BUNDLE.slice(8), name: 'R', ...TIMES },
        { type: 'malware', id: MALWARE, name: 'Evil', revoked: true, ...TIMES },
        {
          type: 'relationship',
          id: 'relationship--0b8c6f35-b3d9-41a7-8a36-a25ad29ea2bd',
          relationship_type: 'uses',
          source_ref: MALWARE,
          target_ref: MALWARE,
          ...TIMES,
        },
        { type: 'indicator', id: INDICATOR, pattern: '[a:b = 1] AND [c:d = 2]', ...TIMES },
        'not an object',
      ]),
      'b.json',
    );

    expect(parsed.records).toEqual([]);
    expect(parsed.notImported).toEqual({ report: 1, malware: 1, relationship: 1, indicator: 1 });
    expect(parsed.rejections.map((r) => r.reason)).toEqual([
      'element is not a JSON object',
      `report--${BUNDLE.slice(8)}: report objects are not indicators`,
      `${MALWARE}: is revoked`,
      `${INDICATOR}: pattern is not one equality comparison`,
      `relationship--0b8c6f35-b3d9-41a7-8a36-a25ad29ea2bd: source ${MALWARE} is no indicator in this file`,
    ]);
  });
});

// Counts were checked against the files with jq: indicators whose pattern is one equality
// comparison of a type an indicator holds, and relationships with both ends imported.
describe('the real STIX bundles', () => {
  const files: Array<{
    path: string[];
    records: number;
    types: Record<string, number>;
    notImported: Record<string, number>;
    relationships: number;
  }> = [
    {
      path: ['oasis-cti-stix2-json-schemas', 'apt1.json'],
      records: 43,
      types: {
        'Intrusion Set': 1,
        'Threat Actor': 5,
        Identity: 4,
        CIDR: 4,
        Domain: 3,
        File: 3,
        Malware: 6,
        Tool: 10,
        'Attack Pattern': 7,
      },
      notImported: { indicator: 2, report: 1 },
      relationships: 30,
    },
    {
      path: ['oasis-cti-stix2-json-schemas', 'poisonivy.json'],
      records: 43,
      types: {
        Malware: 25,
        Identity: 1,
        Campaign: 3,
        'Attack Pattern': 3,
        'Course of Action': 1,
        IP: 1,
        Domain: 3,
        CVE: 6,
      },
      notImported: { indicator: 21, report: 1, relationship: 47 },
      relationships: 43,
    },
    {
      path: ['oasis-cti-python-stix2', 'sco-examples-bundle.json'],
      records: 40,
      types: {
        IP: 12,
        File: 10,
        Domain: 1,
        ASN: 1,
        Email: 4,
        CIDR: 1,
        IPv6: 1,
        IPv6CIDR: 1,
        Mutex: 1,
        Software: 1,
        URL: 1,
        Account: 2,
        'Registry Key': 2,
        'X509 Certificate': 2,
      },
      notImported: {
        directory: 3,
        artifact: 3,
        'email-message': 2,
        file: 2,
        'mac-addr': 1,
        'network-traffic': 11,
        process: 3,
      },
      relationships: 0,
    },
    {
      path: ['mitre-cti', 'ics-attack.json'],
      records: 195,
      types: {
        'Course of Action': 52,
        Malware: 25,
        'Attack Pattern': 95,
        Campaign: 8,
        'Intrusion Set': 14,
        Identity: 1,
      },
      notImported: {
        'x-mitre-matrix': 1,
        malware: 5,
        'x-mitre-tactic': 12,
        'x-mitre-analytic': 82,
        'x-mitre-data-component': 36,
        'x-mitre-data-source': 17,
        'x-mitre-asset': 18,
        'intrusion-set': 2,
        'x-mitre-detection-strategy': 83,
        'marking-definition': 1,
        relationship: 770,
      },
      relationships: 603,
    },
    {
      path: ['mitre-cti', 'pre-attack.json'],
      records: 163,
      types: { 'Attack Pattern': 155, Identity: 1, 'Intrusion Set': 7 },
      notImported: {
        'attack-pattern': 19,
        'x-mitre-tactic': 15,
        'x-mitre-matrix': 1,
        'marking-definition': 1,
        relationship: 48,
      },
      relationships: 21,
    },
    {
      path: ['pan-unit42-iocs', 'Zeppelin_TA.json'],
      records: 67,
      types: {
        Campaign: 1,
        'Attack Pattern': 9,
        'Course of Action': 19,
        Domain: 3,
        File: 32,
        URL: 1,
        'Registry Key': 2,
      },
      notImported: { report: 1 },
      relationships: 89,
    },
    {
      path: ['pan-unit42-iocs', 'REvil_SupplyChain_Attack_Kaseya.json'],
      records: 39,
      types: {
        Campaign: 1,
        'Attack Pattern': 10,
        'Course of Action': 24,
        File: 3,
        'Registry Key': 1,
      },
      notImported: { report: 1, indicator: 2, relationship: 4 },
      relationships: 51,
    },
  ];

  it.each(files)('$path.1: $records records, $relationships relationships', async (want) => {
    const parsed = await parseIndicatorFile(realData(...want.path));
    expect(parsed.format).toBe('stix-bundle');
    expect(parsed.records).toHaveLength(want.records);
    expect(typeCounts(parsed)).toEqual(want.types);
    expect(parsed.notImported).toEqual(want.notImported);
    expect(storedRelationships(parsed)).toBe(want.relationships);
    const refused = Object.values(want.notImported).reduce((a, b) => a + b, 0);
    expect(parsed.rejections).toHaveLength(refused);
  });

  it('Zeppelin: a registry key keeps its backslashes, a STIX 2.0 label gives the verdict', async () => {
    const parsed = await parseIndicatorFile(realData('pan-unit42-iocs', 'Zeppelin_TA.json'));
    const keys = parsed.records.filter((r) => r.indicator.type === 'Registry Key');
    expect(keys.map((r) => r.indicator.value).sort()).toEqual([
      'HKEY_CURRENT_USER\\Software\\Zeppelin\\Keys\\Encrypted Private Key',
      'HKEY_CURRENT_USER\\Software\\Zeppelin\\Keys\\Public Key',
    ]);
    expect(keys.every((r) => r.indicator.score === 3 && r.indicator.tags.length === 0)).toBe(true);
  });

  it('ATT&CK: technique ids become mitreid; a second object of one name is refused', async () => {
    const parsed = await parseIndicatorFile(realData('mitre-cti', 'pre-attack.json'));
    const first = byStixId(parsed, 'attack-pattern--2b9a666e-bd59-4f67-9031-ed41b428e04a');
    expect(first).toMatchObject({
      type: 'Attack Pattern',
      value: 'Acquire OSINT data sets and information',
      customFields: { mitreid: 'T1266' },
      sourceBrands: ['The MITRE Corporation'],
    });
    const later = parsed.rejections.filter((r) =>
      r.reason.includes('has the name of attack-pattern--2b9a666e-bd59-4f67-9031-ed41b428e04a'),
    );
    expect(later).toHaveLength(2);
  });
});

describe('a STIX bundle imported and served', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer({
      files: [realData('oasis-cti-stix2-json-schemas', 'apt1.json')],
    });
  });
  afterAll(async () => {
    await t.close();
  });

  it('serves the bundle ids of its indicators and domain objects back', async () => {
    expect(t.imported).toMatchObject({ added: 43, rejected: 3 });
    const listed = await taxiiGet(`${t.url}/threatintel/collections/`);
    const collections = listed.body.collections as Array<{ id: string }>;
    const id = collections[0]!.id;

    for (const object of [
      'indicator--3f3ff9f1-bb4e-4392-89e5-1991179042ba',
      'malware--2485b844-4efe-4343-84c8-eb33312dd56f',
    ]) {
      const got = await taxiiGet(`${t.url}/threatintel/collections/${id}/objects/${object}/`);
      expect(got.status, object).toBe(200);
      expect((got.body.objects as Array<{ id: string }>).map((o) => o.id)).toContain(object);
    }
  });
});

describe("XSOAR's TAXII 2.1 envelopes", () => {
  it.each([
    ['objects21_domain.json', { 'Attack Pattern': 2 }],
    ['objects21_file.json', { File: 2 }],
    ['objects21_ip_with_relationships.json', { IP: 4, File: 1, Domain: 1 }],
  ])('detects %s as STIX and imports its objects', async (name, counts) => {
    const parsed = await parseIndicatorFile(`${SHARED}data/xsoar/${name}`);
    expect(parsed.format).toBe('stix-bundle');
    expect(typeCounts(parsed)).toEqual(counts);
    // Only XSOAR's extension definitions, which describe no indicator, are left.
    for (const r of parsed.rejections) expect(r.reason).toMatch(/extension-definition/);
  });

  it('reads an envelope with paging members, and an XSOAR export holding objects as XSOAR', () => {
    const envelope = JSON.stringify({ more: false, objects: [] });
    expect(parseIndicatorText(envelope, 'page.json').format).toBe('stix-bundle');
    const xsoar = JSON.stringify({ iocs: [], objects: [] });
    expect(parseIndicatorText(xsoar, 'export.json').format).toBe('xsoar-json');
  });
});
