import { describe, expect, it } from 'vitest';

import { installationNamespace, persistentId, scoId } from '../../src/stix/ids.js';
import type { MappedObject } from '../../src/stix/mapping.js';
import { serializeValid, type StixOptions } from '../../src/stix/renderer.js';
import { loadOfficialSchemas } from './official-schemas.js';
import { NAMESPACE, parse, setup } from './renderer-setup.js';
import { storedIndicator } from './stored-indicator.js';

const official = { '2.0': loadOfficialSchemas('2.0'), '2.1': loadOfficialSchemas('2.1') };
const MD5 = 'e086aa137fa19f67d27b39d0eca18610';

describe('the indicator SDO', () => {
  it('carries the indicator with its verdict, window, tags, reliability and TLP', () => {
    const { renderer, warnings } = setup();
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

    const id = persistentId(NAMESPACE, 'indicator', 'IP', '198.51.100.3');
    expect(rendered).toEqual([
      {
        id,
        type: 'indicator',
        version: '2024-01-03T03:04:05.678Z',
        json: JSON.stringify({
          type: 'indicator',
          spec_version: '2.1',
          id,
          created: '2024-01-02T03:04:05.678Z',
          modified: '2024-01-03T03:04:05.678Z',
          name: '198.51.100.3',
          description: 'Seen beaconing.',
          indicator_types: ['malicious-activity'],
          pattern: "[ipv4-addr:value = '198.51.100.3']",
          pattern_type: 'stix',
          pattern_version: '2.1',
          valid_from: '2024-01-01T00:00:00.000Z',
          valid_until: '2024-02-01T00:00:00.000Z',
          confidence: 70,
          labels: ['c2', 'apt'],
          object_marking_refs: ['marking-definition--f88d31f6-486f-44da-b317-01333bde0b82'],
        }),
      },
      {
        id: 'marking-definition--f88d31f6-486f-44da-b317-01333bde0b82',
        type: 'marking-definition',
        version: '2017-01-20T00:00:00.000Z',
        json: JSON.stringify({
          type: 'marking-definition',
          spec_version: '2.1',
          id: 'marking-definition--f88d31f6-486f-44da-b317-01333bde0b82',
          created: '2017-01-20T00:00:00.000Z',
          definition_type: 'tlp',
          name: 'TLP:AMBER',
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
  ] as const)('gives score %i the indicator type %s', (score, type) => {
    expect(setup().objects({ score })[0]!.indicator_types).toEqual([type]);
  });

  it.each([
    [3, 'A - Completely reliable', 85],
    [3, 'A+ - 3rd party enrichment', 95],
    [2, 'B - Usually reliable', 55],
    [1, 'E - Unreliable', 15],
    [3, 'F - Reliability cannot be judged', 50],
    [3, null, 50],
    [2, 'nonsense', 35],
    [0, 'A - Completely reliable', undefined],
  ] as const)('gives score %i with reliability %j the confidence %j', (score, reliability, to) => {
    const [sdo] = setup().objects({ score, aggregatedReliability: reliability });
    expect(sdo!.confidence).toBe(to);
  });

  it.each([
    ['WHITE', 'marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9'],
    ['CLEAR', 'marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9'],
    ['green', 'marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da'],
    ['TLP:AMBER', 'marking-definition--f88d31f6-486f-44da-b317-01333bde0b82'],
    ['AMBER+STRICT', 'marking-definition--f88d31f6-486f-44da-b317-01333bde0b82'],
    ['RED', 'marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed'],
  ])('marks TLP %s with the standard definition %s', (tlp, marking) => {
    expect(setup().objects({ tlp })[0]!.object_marking_refs).toEqual([marking]);
  });

  it('leaves an unknown TLP colour unmarked and says so', () => {
    const { objects, warnings } = setup();
    expect(objects({ tlp: 'PURPLE' })[0]).not.toHaveProperty('object_marking_refs');
    expect(warnings.map((w) => w.msg)).toEqual(['stix object incomplete']);
  });

  it('never dates modified before created', () => {
    const [sdo] = setup().objects({ modified: '2020-01-01T00:00:00Z' });
    expect(sdo!.modified).toBe(sdo!.created);
  });

  it('leaves out valid_until unless the expiration is after valid_from', () => {
    const { objects } = setup();
    const equal = objects({ expiration: '2024-01-02T03:04:05.678Z' })[0];
    expect(equal).not.toHaveProperty('valid_until');
    expect(objects({ expiration: '2023-01-01T00:00:00Z' })[0]).not.toHaveProperty('valid_until');
    expect(objects({ expiration: '2024-01-02T03:04:05.679Z' })[0]!.valid_until).toBe(
      '2024-01-02T03:04:05.679Z',
    );
  });

  it("uses the indicator's own STIX id when its type matches, and only then", () => {
    const own = 'indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f';
    const { objects } = setup();
    expect(objects({ stixId: own })[0]!.id).toBe(own);
    const other = objects({ stixId: 'malware--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f' })[0]!.id;
    expect(other).toBe(persistentId(NAMESPACE, 'indicator', 'IP', '198.51.100.3'));
    const sco = setup({ observables: { 'ipv4-addr': 'sco' } }).objects({ stixId: own })[0]!;
    expect(sco.id).toBe(scoId('ipv4-addr', { value: '198.51.100.3' }));
  });

  it('keeps the same id whatever case the source wrote the type in', () => {
    const { objects } = setup();
    expect(objects({ type: 'ip' })[0]!.id).toBe(objects({ type: 'IP' })[0]!.id);
  });
});

describe('observable modes', () => {
  it('publishes the SCO alone in sco mode', () => {
    const objects = setup({ observables: { 'ipv4-addr': 'sco' } }).objects({ tlp: 'RED' });
    expect(objects).toEqual([
      {
        type: 'ipv4-addr',
        spec_version: '2.1',
        id: 'ipv4-addr--28bb3599-77cd-5a82-a950-b5bc3caf07c4',
        value: '198.51.100.3',
        object_marking_refs: ['marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed'],
      },
      expect.objectContaining({
        type: 'marking-definition',
        id: 'marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed',
      }),
    ]);
  });

  it('joins indicator and SCO by a based-on relationship with a persistent id in both mode', () => {
    const { renderer } = setup({ observables: { 'ipv4-addr': 'both' } });
    const rendered = renderer.render(storedIndicator());
    expect(rendered.map((o) => o.type)).toEqual(['indicator', 'ipv4-addr', 'relationship']);

    const [sdo, sco, sro] = rendered.map((o) => parse(o.json));
    expect(sro).toMatchObject({
      relationship_type: 'based-on',
      source_ref: sdo!.id,
      target_ref: sco!.id,
      created: sdo!.created,
      modified: sdo!.modified,
    });
    const [from, to] = [String(sdo!.id), String(sco!.id)];
    expect(sro!.id).toBe(persistentId(NAMESPACE, 'relationship', 'based-on', from, to));
    expect(rendered.map((o) => o.version)).toEqual(Array(3).fill('2024-01-03T03:04:05.678Z'));
  });

  it('applies a mode to its SCO type only', () => {
    const { objects } = setup({ observables: { file: 'sco' } });
    expect(objects().map((o) => o.type)).toEqual(['indicator']);
  });

  it.each(['2.1', '2.0'] as const)(
    'publishes a TLSH 4 hash in STIX %s as the 70 digits the official schemas accept',
    (version) => {
      const tlsh = 'T1' + '0123456789abcdef'.repeat(5).slice(0, 70);
      const { objects, warnings } = setup({ version, observables: { file: 'both' } });
      const rendered = objects({ type: 'File', value: MD5, customFields: { tlsh } });
      const observable = rendered.find((o) => o.type !== 'indicator' && o.type !== 'relationship');
      const sco = (version === '2.0' ? (observable!.objects as { 0: object })[0] : observable)!;
      expect(sco).toMatchObject({ hashes: { MD5, TLSH: tlsh.slice(2).toUpperCase() } });
      for (const o of rendered)
        expect(official[version].validate(o as { type: string })).toEqual([]);
      expect(warnings).toEqual([]);
    },
  );

  it('publishes a domain glob as an indicator in both mode, and reports it in sco mode', () => {
    const glob = { type: 'DomainGlob', value: '*.example.com' };
    const both = setup({ observables: { 'domain-name': 'both' } }).objects(glob);
    expect(both.map((o) => o.type)).toEqual(['indicator']);
    const sco = setup({ observables: { 'domain-name': 'sco' } });
    expect(sco.objects(glob)).toEqual([]);
    expect(sco.warnings.map((w) => w.msg)).toEqual(['stix object left out']);
  });
});

describe('rendering', () => {
  it('gives byte-identical JSON for the same indicator, whatever renderer instance', () => {
    const input = () =>
      storedIndicator({ tags: ['b', 'a'], tlp: 'GREEN', customFields: { z: 1, a: 2 } });
    const first = setup({ observables: { 'ipv4-addr': 'both' } }).renderer.render(input());
    const again = setup({ observables: { 'ipv4-addr': 'both' } }).renderer.render(input());
    expect(again).toEqual(first);
  });

  it('never throws, and reports what it could not render', () => {
    const observables = { file: 'both', 'windows-registry-key': 'both' } as const;
    const { renderer, warnings } = setup({ observables });
    const awkward = [
      storedIndicator({ value: 'bad\ud800' }),
      storedIndicator({ created: 'last tuesday' }),
      storedIndicator({ type: 'File', value: 'abc', customFields: { md5: 5 } }),
      storedIndicator({ type: 'Registry Key', value: 'HKLM\\x', customFields: { keyvalue: '' } }),
      storedIndicator({ type: 'Account', value: 'x', customFields: { userid: { nested: true } } }),
      storedIndicator({ tags: [undefined as unknown as string], tlp: 7 as unknown as string }),
    ];
    const rendered = awkward.map((indicator) => renderer.render(indicator).map((o) => o.type));
    expect(rendered).toEqual([
      [],
      [],
      [],
      ['indicator', 'windows-registry-key', 'relationship'],
      ['indicator'],
      ['indicator'],
    ]);
    expect(warnings.map((w) => [w.msg, w.fields.reason])).toEqual([
      ['stix object left out', 'value is not well-formed Unicode'],
      ['stix object left out', 'created is not a timestamp'],
      ['stix object left out', 'not an MD5, SHA-1, SHA-256, SHA-512, ssdeep or TLSH hash'],
    ]);
  });

  it('holds warnings back until asked, with the objects and reasons render gives', () => {
    const { renderer, warnings } = setup({ observables: { 'domain-name': 'sco' } });
    const glob = storedIndicator({ type: 'DomainGlob', value: '*.example.com' });
    const plain = storedIndicator();

    const refused = renderer.renderHeld(glob);
    const problems: string[] = [];
    expect(refused.objects).toEqual(renderer.render(glob, problems));
    expect(refused.problems).toEqual(problems);
    expect(refused.problems).toHaveLength(1);
    expect(warnings).toEqual([]);

    for (const [fields, msg] of refused.held) renderer.warn(fields, msg);
    expect(warnings.map((w) => w.msg)).toEqual(['stix object left out']);
    renderer.render(glob);
    expect(warnings[1]).toEqual(warnings[0]);

    const served = renderer.renderHeld(plain);
    expect(served.objects).toEqual(renderer.render(plain));
    expect(served.problems).toEqual([]);
  });

  it('drops an object that fails validation, and a relationship that refers to it', () => {
    const warnings: string[] = [];
    const object = (type: string, id: string, more = {}) => ({
      object: { type, id, ...more },
      version: 'v',
    });
    const refs = { source_ref: 'indicator--1', target_ref: 'ipv4-addr--2' };
    const mapped: MappedObject[] = [
      object('indicator', 'indicator--1'),
      object('ipv4-addr', 'ipv4-addr--2'),
      object('relationship', 'relationship--3', refs),
    ];
    const rejectScos = (o: unknown) => ((o as { type: string }).type === 'ipv4-addr' ? ['no'] : []);

    const warn = (_fields: object, msg: string) => warnings.push(msg);
    const kept = serializeValid(mapped, storedIndicator(), rejectScos, warn);
    expect(kept.map((o) => o.id)).toEqual(['indicator--1']);
    expect(warnings).toEqual(['stix object invalid']);
  });
});

describe('the profile', () => {
  const profile = (options: Partial<StixOptions> = {}) => setup(options).renderer.profile;

  it('is a short hash that every renderer with the same options shares', () => {
    expect(profile()).toMatch(/^[0-9a-f]{16}$/);
    expect(profile()).toBe(profile());
    expect(profile({ observables: { 'ipv4-addr': 'indicator' } })).toBe(profile());
    expect(profile({ warn: () => {} })).toBe(profile());
  });

  it('changes with the namespace and with any observable mode', () => {
    const seen = new Set([
      profile(),
      profile({ namespace: installationNamespace('elsewhere') }),
      profile({ observables: { 'ipv4-addr': 'sco' } }),
      profile({ observables: { 'ipv4-addr': 'both' } }),
      profile({ observables: { file: 'both' } }),
    ]);
    expect(seen.size).toBe(5);
  });

  it.each<[string, Partial<StixOptions>, RegExp]>([
    ['a namespace that is not a UUID', { namespace: 'acme' }, /namespace "acme": must be a UUID/],
    ['an unknown SCO type', { observables: { ip: 'sco' } }, /observables\.ip: not an SCO type/],
    ['an unknown mode', { observables: { url: 'all' as never } }, /stix observables\.url: "all"/],
    ['STIX 2.2', { version: '2.2' as never }, /stix version "2\.2": use '2\.0' or '2\.1'/],
  ])('refuses %s at creation, naming the option', (_what, options, message) => {
    expect(() => setup(options)).toThrow(message);
  });
});
