import { describe, expect, it } from 'vitest';

import {
  extensionDefinitionId,
  PRODUCT_IDENTITY_ID,
  xsoarIndicatorSchema,
} from '../../src/stix/xsoar-extension.js';
import { loadOfficialSchemas } from './official-schemas.js';
import { parse, setup } from './renderer-setup.js';
import { storedIndicator } from './stored-indicator.js';

const official = loadOfficialSchemas('2.1');
const IP_EXTENSION = extensionDefinitionId('IP');
const indicator = storedIndicator({
  tags: ['c2'],
  tlp: 'GREEN',
  sourceBrands: ['Maltrail'],
  aggregatedReliability: 'B - Usually reliable',
  customFields: { port: 443, service: 'https' },
});

describe('the XSOAR property extension', () => {
  it('carries every field with "all", on every object, keyed by the definition of the type', () => {
    const { renderer, warnings } = setup({
      extensionFields: 'all',
      observables: { 'ipv4-addr': 'both' },
    });
    const objects = renderer.render(indicator).map((o) => ({ ...o, object: parse(o.json) }));
    const byType = (type: string) => objects.filter((o) => o.type === type);

    for (const { object } of [...byType('indicator'), ...byType('ipv4-addr')]) {
      expect(object.extensions).toEqual({
        [IP_EXTENSION]: {
          extension_type: 'property-extension',
          indicator_type: 'IP',
          value: '198.51.100.3',
          score: 3,
          timestamp: '2024-01-02T03:04:05.678901Z',
          modified: '2024-01-03T03:04:05.678901Z',
          sourceBrands: ['Maltrail'],
          aggregatedReliability: 'B - Usually reliable',
          custom_fields: {
            port: 443,
            service: 'https',
            tags: ['c2'],
            trafficlightprotocol: 'GREEN',
          },
        },
      });
    }
    expect(byType('relationship')[0]!.object.extensions).toBeUndefined();

    const [definition] = byType('extension-definition');
    expect(definition).toMatchObject({ id: IP_EXTENSION, shared: true });
    expect(definition!.object).toMatchObject({
      created_by_ref: PRODUCT_IDENTITY_ID,
      extension_types: ['property-extension'],
      schema: xsoarIndicatorSchema().schemaId,
    });
    expect(byType('identity')).toMatchObject([{ id: PRODUCT_IDENTITY_ID, shared: true }]);

    for (const { object } of objects) {
      expect(official.validate(object as { type: string }), String(object.id)).toEqual([]);
    }
    expect(warnings).toEqual([]);
  });

  it('carries only the named fields, custom ones under custom_fields', () => {
    const { objects } = setup({ extensionFields: ['score', 'port', 'absent'] });
    const [sdo] = objects(indicator);
    expect(sdo!.extensions).toEqual({
      [IP_EXTENSION]: {
        extension_type: 'property-extension',
        score: 3,
        custom_fields: { port: 443 },
      },
    });
  });

  it('names one definition per indicator type, the same in every installation', () => {
    expect(extensionDefinitionId('Domain')).not.toBe(IP_EXTENSION);
    expect(extensionDefinitionId('IP')).toBe(IP_EXTENSION);
    const a = setup({ extensionFields: 'all' }).objects(indicator);
    const b = setup({
      extensionFields: 'all',
      namespace: '11111111-1111-5111-8111-111111111111',
    }).objects(indicator);
    const definitions = (objects: typeof a) => objects.filter((o) => o.type !== 'indicator');
    expect(definitions(a)).toEqual(definitions(b));
  });

  it('is absent without configured fields and in STIX 2.0, and changes the profile', () => {
    const plain = setup();
    const named = setup({ extensionFields: ['score'] });
    expect(plain.objects(indicator).some((o) => 'extensions' in o)).toBe(false);
    expect(named.renderer.profile).not.toBe(plain.renderer.profile);
    expect(setup({ extensionFields: [] }).renderer.profile).toBe(plain.renderer.profile);

    const v20 = setup({ version: '2.0', extensionFields: 'all' });
    const objects = v20.objects(indicator);
    expect(objects.map((o) => o.type)).toEqual(['indicator', 'marking-definition']);
    expect(objects.some((o) => 'extensions' in o)).toBe(false);
  });

  it('checks each payload against the XSOAR indicator schema', () => {
    const { check } = xsoarIndicatorSchema();
    expect(check({ score: 3, sourceBrands: ['x'], firstSeen: '2024-01-01T00:00:00Z' })).toEqual([]);
    expect(check({ score: 'high' })).not.toEqual([]);
    expect(check({ firstSeen: 'yesterday' })).not.toEqual([]);
    expect(check({ sourceBrands: [1] })).not.toEqual([]);
  });

  it('takes "all" as the one name of a list, as the environment and flags give it', () => {
    const listed = setup({ extensionFields: ['all'] });
    expect(listed.renderer.profile).toBe(setup({ extensionFields: 'all' }).renderer.profile);
    expect(listed.objects(indicator)[0]!.extensions).toMatchObject({
      [IP_EXTENSION]: { value: '198.51.100.3', score: 3 },
    });
  });

  it('leaves out a payload the XSOAR schema refuses, with a warning, and keeps the objects', () => {
    const { renderer, warnings } = setup({ extensionFields: 'all' });
    const odd = { ...indicator, firstSeen: 'yesterday' };
    const objects = renderer.render(odd).map((o) => parse(o.json));
    expect(objects.map((o) => o.type)).toEqual(['indicator', 'marking-definition']);
    expect(objects.some((o) => 'extensions' in o)).toBe(false);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]!.msg).toBe('stix object incomplete');
    expect(String(warnings[0]!.fields.notes)).toMatch(/XSOAR extension is left out.*firstSeen/);
  });
});
