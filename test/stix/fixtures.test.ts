import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { installationNamespace } from '../../src/stix/ids.js';
import { createStixRenderer, type ObservableMode } from '../../src/stix/renderer.js';
import { PRODUCT_IDENTITY_ID } from '../../src/stix/xsoar-extension.js';
import { SCO_TYPES } from '../../src/stix/xsoar-types.js';
import { SHARED } from '../support/shared-data.js';
import { loadOfficialSchemas } from './official-schemas.js';
import { parsePattern } from './pattern-parser.js';
import { fixtureIndicators } from './xsoar-fixtures.js';

const fixtures = fixtureIndicators();
const officialSchemas = { '2.0': loadOfficialSchemas('2.0'), '2.1': loadOfficialSchemas('2.1') };
const MODES: ObservableMode[] = ['indicator', 'sco', 'both'];
const VERSIONS = ['2.1', '2.0'] as const;
// Without the XSOAR extension, and with every field in it (2.1 only: 2.0 has no extensions).
const EXTENSIONS = { '2.1': [null, 'all'], '2.0': [null] } as const;
const DUPLICATE_SCHEMAS = {
  '2.0': [],
  '2.1': [join(SHARED, 'schemas', 'stix2.1', 'interop', 'course-of-action.json')],
};

// The objects many indicators share rather than become.
const isShared = (o: StixJson) =>
  ['marking-definition', 'extension-definition'].includes(o.type) || o.id === PRODUCT_IDENTITY_ID;

type StixJson = { type: string; id: string } & Record<string, unknown>;

describe('the XSOAR fixtures', () => {
  it('hold indicator records in every file that should have them', () => {
    const files = new Set(fixtures.map((f) => f.file.split('/').pop()));
    expect([...files].sort()).toEqual([
      'ip_iocs.json',
      'objects20.json',
      'objects21_domain.json',
      'objects21_file.json',
      'xsoar_sco_indicators.json',
    ]);
    expect(fixtures.length).toBe(5 + 2 + 2 + 2 + 3 + 3);
  });

  const cases = VERSIONS.flatMap((v) =>
    MODES.flatMap((m) => EXTENSIONS[v].map((e) => [v, m, e ?? 'no'] as const)),
  );
  describe.each(cases)(
    'published as STIX %s in %s mode with %s extension fields',
    (version, mode, extension) => {
      const official = officialSchemas[version];
      const warnings: { fields: object; msg: string }[] = [];
      const renderer = createStixRenderer({
        version,
        namespace: installationNamespace('fixtures'),
        observables: Object.fromEntries(SCO_TYPES.map((t) => [t, mode])),
        extensionFields: extension === 'all' ? 'all' : null,
        warn: (fields, msg) => warnings.push({ fields, msg }),
      });
      const rendered = fixtures.map(({ file, indicator }) => ({
        file,
        indicator,
        objects: renderer.render(indicator).map((o) => JSON.parse(o.json) as StixJson),
      }));

      it('converts every record, leaving nothing out and dropping nothing as invalid', () => {
        expect(warnings).toEqual([]);
        for (const { indicator, objects } of rendered) {
          expect(objects.length, `${indicator.type} ${indicator.value}`).toBeGreaterThan(0);
          // With the extension, every object the indicator itself becomes carries it.
          const own = objects.filter((o) => !isShared(o) && o.type !== 'relationship');
          for (const o of own) expect('extensions' in o, o.id).toBe(extension === 'all');
        }
      });

      it(`emits only objects that the official OASIS STIX ${version} schemas accept`, () => {
        const failures = rendered.flatMap(({ objects }) =>
          objects.flatMap((o) => official.validate(o).map((e) => `${o.type} ${o.id}: ${e}`)),
        );
        expect(failures).toEqual([]);
        expect(official.duplicates).toEqual(DUPLICATE_SCHEMAS[version]);
      });

      it('writes patterns that parse, each literal equal to the value it detects', () => {
        for (const { indicator, objects } of rendered) {
          for (const sdo of objects.filter((o) => o.type === 'indicator')) {
            const [comparisons, ...more] = parsePattern(String(sdo.pattern)).observations;
            expect(more).toEqual([]);
            const literals = comparisons!.map((c) => c.value);
            const expected =
              indicator.type === 'File'
                ? fileHashes(indicator.customFields, indicator.value)
                : [indicator.value];
            expect(new Set(literals)).toEqual(new Set(expected.map(literalFor(indicator.type))));
          }
        }
      });
    },
  );
});

// The digests a File indicator's pattern compares: the value and the hash fields, lower case.
function fileHashes(fields: Record<string, unknown>, value: string): string[] {
  const digests = ['md5', 'sha1', 'sha256', 'sha512']
    .map((f) => fields[f])
    .filter((v): v is string => typeof v === 'string');
  return [...new Set([value, ...digests].map((d) => d.toLowerCase()))];
}

// Values the renderer normalizes before they reach the pattern.
function literalFor(type: string) {
  return (value: string): string | number => {
    if (type === 'ASN') return Number(value.replace(/^AS/i, ''));
    if (type === 'Registry Key') return value.replace(/^Computer\\/i, '');
    return value;
  };
}
