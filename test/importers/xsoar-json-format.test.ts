import { readFileSync } from 'node:fs';

import { describe, expect, it } from 'vitest';

import {
  ImportFileError,
  parseIndicatorFile,
  parseIndicatorText,
} from '../../src/importers/index.js';
import { realData, SHARED } from '../support/shared-data.js';

const IP_IOCS = `${SHARED}data/xsoar/ip_iocs.json`;
const SCO_INDICATORS = realData('demisto-content', 'xsoar_sco_indicators.json');
const RELATIONSHIPS = `${SHARED}data/xsoar/searchRelationships-response.json`;

describe('the XSOAR TAXII server fixture ip_iocs.json', () => {
  it('converts every record with each field where it belongs', async () => {
    const parsed = await parseIndicatorFile(IP_IOCS);
    expect(parsed.format).toBe('xsoar-json');
    expect(parsed.rejections).toEqual([]);
    expect(parsed.records.map((r) => r.indicator.value)).toEqual([
      '8.8.8.8',
      '1.1.1.1',
      '1.2.3.4',
      '2.2.2.2',
      '3.3.3.3',
    ]);

    const [first] = parsed.records;
    expect(first?.line).toBe(3);
    expect(first?.indicator).toMatchObject({
      type: 'IP',
      value: '8.8.8.8',
      score: 3,
      created: '2021-12-08T07:32:24.104143Z',
      modified: '2021-12-08T10:05:28.617414Z',
      firstSeen: null,
      lastSeen: null,
      expiration: '2021-12-15T10:05:31.570698Z',
      tags: [],
      sourceBrands: ['Some Feed'],
      sourceInstances: ['Some Feed_instance_1'],
      aggregatedReliability: 'A - Completely reliable',
      tlp: null,
      description: null,
      stixId: null,
      relationships: [],
    });
  });

  it('keeps unmapped fields and CustomFields as custom fields, not bookkeeping', async () => {
    const [first] = (await parseIndicatorFile(IP_IOCS)).records;
    const custom = first?.indicator.customFields ?? {};
    expect(Object.keys(custom).sort()).toEqual([
      'calculatedTime',
      'comments',
      'expirationSource',
      'expirationStatus',
      'firstSeenEntryID',
      'id',
      'lastSeenEntryID',
      'modifiedTime',
      'service',
      'version',
    ]);
    expect(custom).toMatchObject({ id: '5188347', version: 15, service: 'Daily Threat Feed' });
  });

  it('gives each record the line its object starts on', async () => {
    const text = readFileSync(IP_IOCS, 'utf8');
    const parsed = parseIndicatorText(text, 'ip_iocs.json');
    const elementStarts = text.split('\n').flatMap((l, i) => (l === '        {' ? [i + 1] : []));
    expect(parsed.records.map((r) => r.line)).toEqual(elementStarts);
  });
});

describe('the wrapped XSOAR records of xsoar_sco_indicators.json', () => {
  it('unwraps xsoar_indicator and keeps timestamps to the microsecond', async () => {
    const parsed = await parseIndicatorFile(SCO_INDICATORS);
    expect(parsed.rejections).toEqual([]);
    expect(parsed.records.map((r) => [r.line, r.indicator.type, r.indicator.value])).toEqual([
      [3, 'File', 'f1412386aa8db2579aff2636cb9511cacc5fd9880ecab60c048508fbe26ee4d9'],
      [51, 'Registry Key', 'Computer\\HKEY_LOCAL_MACHINE\\SOFTWARE\\7-Zip'],
      [99, 'ASN', '15169'],
    ]);
    expect(parsed.records[0]?.indicator).toMatchObject({
      score: 0,
      created: '2023-03-27T11:05:02.105210Z',
      modified: '2023-03-29T08:45:03.338791Z',
      firstSeen: '2023-03-27T11:05:02.105078Z',
      lastSeen: '2023-03-29T08:45:03.338339Z',
      expiration: null,
    });
  });

  it('keeps CustomFields (hashes, registry values, ASN name), not the STIX type', async () => {
    const [file, key, asn] = (await parseIndicatorFile(SCO_INDICATORS)).records.map(
      (r) => r.indicator.customFields,
    );
    expect(file).toMatchObject({
      md5: 'e086aa137fa19f67d27b39d0eca18610',
      sha1: '409629a08b9b3f3be610b8832cc28822f964410f',
      sha512: expect.stringMatching(/^502b6772/),
      ssdeep: '3:SU7:SU7',
      associatedfilenames: ['1679915099850_New Text Document.txt}'],
      source: 'DBot',
      isDetectable: true,
    });
    expect(key?.keyvalue).toEqual([
      { data: 'C:\\7-Zip\\', name: 'Path', type: 'REG_SZ' },
      { data: 'C:\\7-Zip\\', name: 'Path64', type: 'REG_SZ' },
      {},
    ]);
    expect(asn).toMatchObject({ name: 'Google', id: '143' });
    for (const custom of [file, key, asn]) {
      expect(custom).not.toHaveProperty('stix_type');
      expect(custom).not.toHaveProperty('cacheVersn');
    }
  });
});

const RECORD = {
  indicator_type: 'Domain',
  value: 'Evil.Example.COM',
  score: '2',
  timestamp: '2024-05-01T10:00:00.123456789+02:00',
  trafficlightprotocol: 'AMBER',
  tags: ['apt'],
  CustomFields: { tags: ['c2', 'apt'], description: 'seen in campaign X', stixid: 'indicator--x' },
};

describe('XSOAR JSON shapes', () => {
  it('rejects a first record whose member name holds a control character, and reads the rest', () => {
    const text =
      '{"indi\u0001cator_type":"IP","value":"198.51.100.7"}\n' +
      '{"indicator_type":"IP","value":"198.51.100.8"}\n';
    const parsed = parseIndicatorText(text, 'x.json');
    expect(parsed.records.map((r) => r.indicator.value)).toEqual(['198.51.100.8']);
    expect(parsed.rejections).toMatchObject([{ file: 'x.json', line: 1 }]);
  });

  it.each([
    ['an iocs object', JSON.stringify({ iocs: [RECORD], total: 1 })],
    ['an API response with data', JSON.stringify({ data: [RECORD] })],
    ['a plain array', JSON.stringify([RECORD], null, 2)],
    ['NDJSON', `${JSON.stringify(RECORD)}\n`],
    ['one object', JSON.stringify(RECORD, null, 2)],
  ])('reads %s', (_, text) => {
    const parsed = parseIndicatorText(text, 'x.json');
    expect(parsed.format).toBe('xsoar-json');
    expect(parsed.records[0]?.indicator).toMatchObject({
      type: 'Domain',
      value: 'evil.example.com',
      score: 2,
      created: '2024-05-01T08:00:00.123456Z',
      tlp: 'AMBER',
      tags: ['apt', 'c2'],
      description: 'seen in campaign X',
      stixId: 'indicator--x',
      customFields: {},
    });
  });

  it('reads NDJSON line by line, rejecting a broken line only', () => {
    const text = [
      JSON.stringify({ indicator_type: 'IP', value: '1.1.1.1' }),
      '{"indicator_type": "IP", "value": ',
      JSON.stringify({ indicator_type: 'IP', value: '2.2.2.2' }),
    ].join('\n');
    const parsed = parseIndicatorText(text, 'x.ndjson');
    expect(parsed.records.map((r) => [r.line, r.indicator.value])).toEqual([
      [1, '1.1.1.1'],
      [3, '2.2.2.2'],
    ]);
    expect(parsed.rejections).toHaveLength(1);
    expect(parsed.rejections[0]).toMatchObject({
      line: 2,
      reason: expect.stringMatching(/^not valid JSON: /),
    });
  });

  it('rejects a stray closing bracket between records and reads on (a fuzz input that hung)', () => {
    // A damaged quote makes the first record span three lines; where it ends, the rest of the
    // third line begins with "," and then "}": each starts no value.
    const text =
      '{"indicator_type":"IP","value":"198.51.100.7","sourceBrands\u00f9:["feed"]}\n' +
      '{"indicator_type":"Domain","value":"evil.example"}\n' +
      '{"indicator_type":"File","value":"d41d8cd98f00b204e9800998ecf8427e","CustomFields":' +
      '{"md5":"d41d8c\u00ee,"service":"x"}}\n' +
      '{"value":"after.example.com"}\n';
    const parsed = parseIndicatorText(text, 'x.json');
    expect(parsed.rejections.length).toBeGreaterThan(0);
    expect(parsed.rejections.some((r) => /expected a record/.test(r.reason))).toBe(true);
    expect(parsed.records.map((r) => r.indicator.value)).toContain('after.example.com');
  });

  it('reads pretty-printed objects that follow one another', () => {
    const text =
      JSON.stringify({ value: 'a.example.com' }, null, 2) +
      '\n' +
      JSON.stringify({ value: 'b.example.com' }, null, 2);
    const parsed = parseIndicatorText(text, 'x.json');
    expect(parsed.records.map((r) => [r.line, r.indicator.type, r.indicator.value])).toEqual([
      [1, 'Domain', 'a.example.com'],
      [4, 'Domain', 'b.example.com'],
    ]);
  });

  it('keeps every record before the cut of a truncated export', () => {
    const text = readFileSync(IP_IOCS, 'utf8');
    const cut = text.slice(0, text.indexOf('"value": "2.2.2.2"'));
    const parsed = parseIndicatorText(cut, 'ip_iocs.json');
    expect(parsed.records.map((r) => r.indicator.value)).toEqual(['8.8.8.8', '1.1.1.1', '1.2.3.4']);
    expect(parsed.rejections).toEqual([
      {
        file: 'ip_iocs.json',
        line: cut.split('\n').findLastIndex((l) => l === '        {') + 1,
        reason: 'record is cut off where the file ends (truncated?)',
      },
    ]);
  });

  it('detects the type of a record without one, or uses the default type', () => {
    const text = JSON.stringify([{ value: 'hxxp://evil[.]com/x' }, { value: 'Global\\m' }]);
    const detected = parseIndicatorText(text, 'x.json').records;
    expect(detected.map((r) => r.indicator.type)).toEqual(['URL']);
    const forced = parseIndicatorText(text, 'x.json', { type: 'Mutex' });
    expect(forced.records.map((r) => [r.indicator.type, r.indicator.value])).toEqual([
      ['Mutex', 'hxxp://evil[.]com/x'],
      ['Mutex', 'Global\\m'],
    ]);
  });

  it('keeps a value XSOAR accepted even when it does not fit the type rules', () => {
    const text = JSON.stringify([{ indicator_type: 'Domain', value: '*.Example.com' }]);
    expect(parseIndicatorText(text, 'x.json').records[0]?.indicator.value).toBe('*.Example.com');
  });

  it('rejects records without a value, with a bad score or a bad date', () => {
    const text = JSON.stringify(
      [
        { indicator_type: 'IP' },
        { indicator_type: 'IP', value: '1.1.1.1', score: 9 },
        { indicator_type: 'IP', value: '1.1.1.2', lastSeen: 'last week' },
        'just a string',
      ],
      null,
      1,
    );
    const parsed = parseIndicatorText(text, 'x.json');
    expect(parsed.records).toEqual([]);
    expect(parsed.rejections.map((r) => [r.line, r.reason])).toEqual([
      [2, 'record has no "value"'],
      [5, 'score 9 is not 0 to 3 or a verdict word'],
      [10, 'lastSeen "last week" is not a date'],
      [15, 'record is not a JSON object'],
    ]);
  });

  it('throws for a STIX bundle read as XSOAR JSON and for JSON without records', () => {
    const bundle = readFileSync(realData('oasis-cti-stix2-json-schemas', 'apt1.json'), 'utf8');
    expect(() => parseIndicatorText(bundle, 'apt1.json', { format: 'xsoar-json' })).toThrow(
      new ImportFileError('apt1.json', 'is a STIX bundle, not an XSOAR indicator export'),
    );
    expect(() => parseIndicatorText('{"total": 0, "searchAfter": null}', 'e.json')).toThrow(
      /e\.json: is a JSON object without an "iocs" array \(it holds total, searchAfter\)/,
    );
  });

  it('rejects STIX objects in an array read as XSOAR JSON, naming each', () => {
    const path = realData('oasis-cti-python-stix2', 'sco-examples-bundle.json');
    const text = readFileSync(path, 'utf8');
    const parsed = parseIndicatorText(text, 'sco.json', { format: 'xsoar-json' });
    expect(parsed.records).toEqual([]);
    expect(parsed.rejections).toHaveLength(82);
    expect(parsed.rejections[0]?.reason).toMatch(/^[a-z0-9-]+--[0-9a-f-]{36} is a STIX object/);
  });
});

describe('XSOAR relationships', () => {
  const relationships = JSON.parse(readFileSync(RELATIONSHIPS, 'utf8')) as { data: unknown[] };
  const related = (targetType: string, targetValue: string, description: string | null) => ({
    relationshipType: 'related-to',
    targetType,
    targetValue,
    description,
  });

  it('attaches top-level relationships to their source, or their target in reverse', () => {
    const text = JSON.stringify({
      iocs: [
        { indicator_type: 'IP', value: '1.1.1.1' },
        { indicator_type: 'Domain', value: 'bad-domain.com' },
      ],
      relationships: relationships.data,
    });
    const parsed = parseIndicatorText(text, 'x.json');
    const [ip, domain] = parsed.records.map((r) => r.indicator.relationships);
    // The fixture's first relationship (1.1.1.1 to 2.2.2.2) is marked revoked: not kept.
    expect(ip).toEqual([related('IP', '4.4.4.4', null)]);
    expect(domain).toEqual([
      related('File', 'f1412386aa8db2579aff2636cb9511cacc5fd9880ecab60c048508fbe26ee4d9', 'Test'),
    ]);
    expect(parsed.rejections.map((r) => r.reason)).toEqual([
      'relationship IP "1.1.1.1" related to IP "2.2.2.2" is revoked',
    ]);
  });

  it('rejects relationships whose entities are not in the file', async () => {
    const parsed = await parseIndicatorFile(RELATIONSHIPS);
    expect(parsed.records).toEqual([]);
    expect(parsed.rejections.map((r) => r.line)).toEqual([3, 44, 76]);
    expect(parsed.rejections.map((r) => r.reason)).toEqual([
      'relationship IP "1.1.1.1" related to IP "2.2.2.2" is revoked',
      'relationship IP "1.1.1.1" related to IP "4.4.4.4": neither entity is an indicator in this file',
      expect.stringMatching(/^relationship File ".*" related-to Domain "bad-domain.com": neither/),
    ]);
  });

  it('reads relationships carried inside a record', () => {
    const record = {
      indicator_type: 'File',
      value: 'E086AA137FA19F67D27B39D0ECA18610',
      relationships: [
        {
          name: 'communicates-with',
          reverseName: 'communicated-by',
          entityA: 'e086aa137fa19f67d27b39d0eca18610',
          entityAType: 'File',
          entityB: 'Evil.com',
          entityBType: 'Domain',
          fields: { description: 'beacon' },
        },
        {
          name: 'x',
          entityA: 'other',
          entityAType: 'Domain',
          entityB: 'y.com',
          entityBType: 'Domain',
        },
      ],
    };
    const parsed = parseIndicatorText(JSON.stringify([record]), 'x.json');
    expect(parsed.records[0]?.indicator.relationships).toEqual([
      {
        relationshipType: 'communicates-with',
        targetType: 'Domain',
        targetValue: 'evil.com',
        description: 'beacon',
      },
    ]);
    expect(parsed.rejections[0]?.reason).toBe(
      'relationship Domain "other" x Domain "y.com" does not involve this indicator',
    );
  });

  it('keeps a relationship naming a report with the report, whichever side names it', () => {
    const ip = { indicator_type: 'IP', value: '198.51.100.7' };
    const report = { indicator_type: 'Report', value: 'Q3 review' };
    const toReport = (a: { indicator_type: string; value: string }, b: typeof a) => ({
      name: 'indicated-by',
      reverseName: 'indicates',
      entityA: a.value,
      entityAType: a.indicator_type,
      entityB: b.value,
      entityBType: b.indicator_type,
    });
    const covers = { relationshipType: 'indicates', targetType: 'IP', targetValue: ip.value };
    const files = [
      { iocs: [ip, report], relationships: [toReport(ip, report)] },
      // Carried by the IP's own record, and the report written after it.
      [{ ...ip, relationships: [toReport(ip, report)] }, report],
    ];
    for (const file of files) {
      const parsed = parseIndicatorText(JSON.stringify(file), 'x.json');
      const [own, reported] = parsed.records.map((r) => r.indicator.relationships);
      expect(own).toEqual([]);
      expect(reported).toEqual([expect.objectContaining(covers)]);
      expect(parsed.rejections).toEqual([]);
    }
  });
});
