import { describe, expect, it } from 'vitest';

import { BUNDLE_SPEC_VERSION, bundle20Json, bundleId } from '../../src/stix/bundle.js';
import { createStixValidator } from '../../src/stix/validate.js';
import { loadOfficialSchemas } from './official-schemas.js';
import { setup } from './renderer-setup.js';
import { storedIndicator } from './stored-indicator.js';

const official = loadOfficialSchemas('2.0');
const own = createStixValidator('2.0');
const BUNDLE_ID = /^bundle--[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('bundle20Json', () => {
  it('wraps rendered objects, unparsed, in a bundle both schemas accept', () => {
    const { renderer } = setup({ version: '2.0', observables: { 'ipv4-addr': 'both' } });
    const rendered = renderer.render(storedIndicator({ tags: ['c2'], tlp: 'GREEN' }));
    const text = bundle20Json(rendered.map((o) => o.json));
    const bundle = JSON.parse(text) as { objects: unknown[] };

    expect(bundle).toMatchObject({ type: 'bundle', spec_version: '2.0' });
    expect(bundle.objects).toEqual(rendered.map((o) => JSON.parse(o.json) as unknown));
    expect(text).toContain(rendered[0]!.json);
    expect(official.validateBundle(bundle)).toEqual([]);
    expect(own(bundle)).toEqual([]);
  });

  it('leaves objects out of an empty bundle, since 2.0 requires at least one in the list', () => {
    const bundle = JSON.parse(bundle20Json([])) as Record<string, unknown>;

    expect(Object.keys(bundle)).toEqual(['type', 'id', 'spec_version']);
    expect(official.validateBundle(bundle)).toEqual([]);
    expect(own(bundle)).toEqual([]);
  });

  it('uses the id it is given, and otherwise a fresh version 4 one', () => {
    const id = 'bundle--5d0092c5-5f74-4287-9642-33f4c354e56d';

    expect(JSON.parse(bundle20Json([], id))).toMatchObject({ id });
    expect(bundleId()).toMatch(BUNDLE_ID);
    expect(bundleId()).not.toBe(bundleId());
    expect(BUNDLE_SPEC_VERSION).toBe('2.0');
  });
});
