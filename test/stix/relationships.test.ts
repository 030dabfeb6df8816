import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import type { IndicatorRelationship } from '../../src/indicators/indicator.js';
import {
  readRelationship,
  relationshipFrom,
  type ReadRelationship,
} from '../../src/importers/xsoar-relationships.js';
import { stixRelationshipType } from '../../src/stix/relationships.js';
import { SHARED } from '../support/shared-data.js';
import { loadOfficialSchemas } from './official-schemas.js';
import { parse, setup } from './renderer-setup.js';
import { storedIndicator } from './stored-indicator.js';

const official = { '2.0': loadOfficialSchemas('2.0'), '2.1': loadOfficialSchemas('2.1') };
const uses = (targetType: string, targetValue: string): IndicatorRelationship => ({
  relationshipType: 'uses',
  targetType,
  targetValue,
});

describe('relationship types', () => {
  it.each([
    ['related-to', 'related-to'],
    ['Related To', 'related-to'],
    ['related_to', 'related-to'],
    ['  communicates   with ', 'communicates-with'],
    ['attributed-to', 'attributed-to'],
    ['part-of/member', 'part-of-member'],
    ['--x--', 'x'],
    ['Détecté', 'detecte'],
    ['IndicatorToIndicator', 'indicatortoindicator'],
  ])('writes %j as %j', (name, type) => {
    expect(stixRelationshipType(name)).toBe(type);
  });

  it.each([[''], ['  '], ['---'], ['→']])('finds no type in %j', (name) => {
    expect(stixRelationshipType(name)).toBeNull();
  });
});

describe.each(['2.1', '2.0'] as const)('relationships in STIX %s', (version) => {
  const { renderer, warnings } = setup({ version });
  const render = (overrides: Parameters<typeof storedIndicator>[0]) =>
    renderer.render(storedIndicator(overrides));

  it('join the object an indicator becomes to the object its target becomes', () => {
    const source = render({ relationships: [uses('Malware', 'Emotet')] });
    const [own, relationship] = source;
    const [target] = render({ type: 'Malware', value: 'Emotet' });

    expect(source.map((o) => o.type)).toEqual(['indicator', 'relationship']);
    expect(relationship!.targetRef).toBe(target!.id);
    const object = parse(relationship!.json);
    expect(object).toMatchObject({
      type: 'relationship',
      relationship_type: 'uses',
      source_ref: own!.id,
      target_ref: target!.id,
    });
    expect(official[version].validate(object as { type: string })).toEqual([]);
    expect(warnings).toEqual([]);
  });

  it('keep their ids across renderings, and differ by type, source and target', () => {
    const ids = (relationships: IndicatorRelationship[]) =>
      render({ relationships })
        .slice(1)
        .map((o) => o.id);
    const first = ids([uses('Malware', 'Emotet')]);
    expect(ids([uses('Malware', 'Emotet')])).toEqual(first);
    expect(ids([{ ...uses('Malware', 'Emotet'), relationshipType: 'indicates' }])).not.toEqual(
      first,
    );
    expect(ids([uses('Malware', 'Qakbot')])).not.toEqual(first);
    if (version === '2.0') expect(first[0]).toMatch(/^relationship--.{14}4/);
  });

  it('carry the description and TLP of their source, and are written once per id', () => {
    const objects = render({
      tlp: 'AMBER',
      relationships: [
        { ...uses('Malware', 'Emotet'), description: 'seen together' },
        uses('Malware', 'Emotet'),
      ],
    });
    const relationships = objects
      .filter((o) => o.type === 'relationship')
      .map((o) => parse(o.json));
    expect(relationships).toHaveLength(1);
    expect(relationships[0]).toMatchObject({
      description: 'seen together',
      object_marking_refs: ['marking-definition--f88d31f6-486f-44da-b317-01333bde0b82'],
    });
  });

  it('point from an SCO or observed-data when the observable is published that way', () => {
    const sco = setup({ version, observables: { 'ipv4-addr': 'sco' } });
    const objects = sco.renderer.render(storedIndicator({ relationships: [uses('Tool', 'nmap')] }));
    const relationship = parse(objects.find((o) => o.type === 'relationship')!.json);
    expect(relationship.source_ref).toBe(objects[0]!.id);
    expect(objects[0]!.type).toBe(version === '2.1' ? 'ipv4-addr' : 'observed-data');
  });

  it('are left out, with a warning, when the type or the target cannot be written', () => {
    const local = setup({ version });
    const objects = local.renderer.render(
      storedIndicator({
        relationships: [
          { relationshipType: '???', targetType: 'Malware', targetValue: 'Emotet' },
          uses('Unknown Thing', 'x'),
          uses('IP', 'not an address'),
        ],
      }),
    );
    expect(objects.map((o) => o.type)).toEqual(['indicator']);
    expect(local.warnings).toHaveLength(3);
    expect(local.warnings.map((w) => w.msg)).toEqual(Array(3).fill('stix object incomplete'));
  });
});

describe('the XSOAR relationship fixture (searchRelationships)', () => {
  const file = join(SHARED, 'data', 'xsoar', 'searchRelationships-response.json');
  const records = (JSON.parse(readFileSync(file, 'utf8')) as { data: unknown[] }).data;

  it.each(['2.1', '2.0'] as const)(
    'converts every relationship to a valid STIX %s relationship between its entities',
    (version) => {
      const read = records.map(readRelationship);
      const relationships = read.filter((r): r is ReadRelationship => typeof r !== 'string');
      // The first is marked revoked, and is read as a reason instead.
      expect(read[0]).toBe('relationship IP "1.1.1.1" related to IP "2.2.2.2" is revoked');
      expect(relationships).toHaveLength(records.length - 1);

      const { renderer, warnings } = setup({ version });
      const served = new Map<string, Record<string, unknown>>();
      let made = 0;
      relationships.forEach((r, i) => {
        const source = storedIndicator({ key: i + 1, type: r.a.type, value: r.a.value });
        const target = storedIndicator({ key: 100 + i, type: r.b.type, value: r.b.value });
        const relationship = relationshipFrom(r.a, r)!;
        const objects = [
          ...renderer.render({ ...source, relationships: [relationship] }),
          ...renderer.render(target),
        ];
        made += objects.filter((o) => o.type === 'relationship').length;
        for (const o of objects) served.set(o.id, parse(o.json));
      });

      expect(made).toBe(relationships.length);
      expect(warnings).toEqual([]);
      for (const object of served.values()) {
        expect(official[version].validate(object as { type: string })).toEqual([]);
        if (object.type !== 'relationship') continue;
        expect(served.has(String(object.source_ref))).toBe(true);
        expect(served.has(String(object.target_ref))).toBe(true);
      }
    },
  );
});
