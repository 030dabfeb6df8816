import { describe, expect, it } from 'vitest';

import { bundle20Json } from '../../src/stix/bundle.js';
import { installationNamespace } from '../../src/stix/ids.js';
import { createStixRenderer, type ObservableMode } from '../../src/stix/renderer.js';
import { SCO_TYPES } from '../../src/stix/xsoar-types.js';
import { loadRealIndicators } from '../query/support/real-indicators.js';
import { loadOfficialSchemas } from './official-schemas.js';
import { parsePattern } from './pattern-parser.js';

// Several thousand indicators from the public lists in the shared data folder (Maltrail, LOKI,
// ESET), dressed with tags, TLP and dates: what a pull of a real collection holds.
const indicators = loadRealIndicators();
const MODES: ObservableMode[] = ['indicator', 'sco', 'both'];
const CASES = (['2.1', '2.0'] as const).flatMap((v) => MODES.map((m) => [v, m] as const));

const officialSchemas = { '2.0': loadOfficialSchemas('2.0'), '2.1': loadOfficialSchemas('2.1') };

type StixJson = { type: string; id: string } & Record<string, unknown>;

describe.each(CASES)('a full pull of the real data as STIX %s in %s mode', (version, mode) => {
  const official = officialSchemas[version];
  const warnings: string[] = [];
  const renderer = createStixRenderer({
    version,
    namespace: installationNamespace('real data'),
    observables: Object.fromEntries(SCO_TYPES.map((t) => [t, mode])),
    warn: (_fields, msg) => warnings.push(msg),
  });
  const rendered = indicators.flatMap((indicator) => renderer.render(indicator));
  const objects = rendered.map((o) => JSON.parse(o.json) as StixJson);

  it('renders most indicators and drops none as invalid', () => {
    expect(objects.length).toBeGreaterThan(indicators.length * 0.8);
    expect(warnings.filter((msg) => msg === 'stix object invalid')).toEqual([]);
  });

  it(`validates object by object against the official OASIS STIX ${version} schemas`, () => {
    const failures = objects.flatMap((o) => official.validate(o).map((e) => `${o.id}: ${e}`));

    expect(failures).toEqual([]);
  });

  it('writes every pattern so that the grammar parser reads it', () => {
    const failures = objects
      .filter((o) => o.type === 'indicator')
      .flatMap((o) => {
        try {
          parsePattern(String(o.pattern));
          return [];
        } catch (err) {
          return [`${o.id}: ${String(err)}`];
        }
      });

    expect(failures).toEqual([]);
  });

  it('gives every object its own id, but for the marking definitions each rendering carries', () => {
    const own = rendered.filter((o) => !o.shared);
    expect(new Set(own.map((o) => o.id)).size).toBe(own.length);
    const shared = rendered.filter((o) => o.shared);
    expect(shared.length).toBeGreaterThan(0);
    expect(new Set(shared.map((o) => o.type))).toEqual(new Set(['marking-definition']));
  });

  // Both mode holds every kind of object the others do; the bundle schema is slow to apply.
  if (version === '2.0' && mode === 'both') {
    it('forms one bundle that the official STIX 2.0 bundle schema accepts', () => {
      const bundle = JSON.parse(bundle20Json(rendered.map((o) => o.json))) as object;

      expect(official.validateBundle(bundle)).toEqual([]);
    });
  }
});
