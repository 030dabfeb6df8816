import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { packageFile } from '../../src/package-files.js';
import { PRODUCT_IDENTITY_ID } from '../../src/stix/xsoar-extension.js';
import { loadOfficialSchemas } from '../stix/official-schemas.js';
import { parsePattern } from '../stix/pattern-parser.js';
import { SHARED } from '../support/shared-data.js';
import { startTestServer, taxiiGet, type TestServer } from '../support/test-server.js';
import { danglingRefs, pull20, pull21, TAXII_20, type StixJson } from './support/full-pull.js';

/**
 * Full pulls of every sample collection, and of collections over XSOAR indicators with
 * relationships, in both STIX versions from a real server: every object valid under the
 * official OASIS schemas, every pattern parsed by the grammar, no reference to an object the
 * collection does not serve.
 */
interface Manifest {
  collections: string;
  files: Array<{ path: string; defaults?: Record<string, unknown> }>;
}

const official = { '2.0': loadOfficialSchemas('2.0'), '2.1': loadOfficialSchemas('2.1') };
const PULLS = { '2.1': pull21, '2.0': pull20 } as const;

// A report on two of them, scored 3: one of its objects (4.4.4.4) is not.
const REPORT = 'Q2 review';

// The entities of the searchRelationships fixture, as an XSOAR export holding its relationships,
// with a report whose contents XSOAR keeps as relationships from it.
function relatedExport(): string {
  const file = join(SHARED, 'data', 'xsoar', 'searchRelationships-response.json');
  const fixture = (JSON.parse(readFileSync(file, 'utf8')) as { data: unknown[] }).data;
  const covers = (entityBType: string, entityB: string) => ({
    entityA: REPORT,
    entityAType: 'Report',
    entityB,
    entityBType,
    name: 'related to',
  });
  // Its first relationship is marked revoked, which the import leaves out (the importer's tests
  // say so); here it stands for a current one, the one that joins two indicators scored 3.
  const [revoked, ...others] = fixture as Array<{ CustomFields: Record<string, unknown> }>;
  const current = { ...revoked!, CustomFields: { ...revoked!.CustomFields, revoked: false } };
  const relationships = [current, ...others, covers('IP', '1.1.1.1'), covers('IP', '4.4.4.4')];
  const ioc = (indicator_type: string, value: string, score: number, tlp?: string) => ({
    indicator_type,
    value,
    score,
    timestamp: '2021-05-02T11:03:19Z',
    CustomFields: tlp ? { trafficlightprotocol: tlp } : {},
  });
  return JSON.stringify({
    iocs: [
      ioc('IP', '1.1.1.1', 3, 'AMBER'),
      ioc('IP', '2.2.2.2', 3, 'GREEN'),
      ioc('IP', '4.4.4.4', 2),
      ioc('File', 'f1412386aa8db2579aff2636cb9511cacc5fd9880ecab60c048508fbe26ee4d9', 3, 'RED'),
      ioc('Domain', 'bad-domain.com', 2, 'WHITE'),
      ioc('Report', REPORT, 3, 'GREEN'),
    ],
    relationships,
  });
}

// What the XSOAR extension does not sit on: relationships and the objects shared between them.
const UNEXTENDED = new Set(['relationship', 'marking-definition', 'extension-definition']);

/** Objects of a pull that break the extension's rules: all fields in 2.1, none in 2.0. */
function extensionProblems(objects: readonly StixJson[], version: '2.0' | '2.1'): string[] {
  return objects.flatMap((o) => {
    const extended = o.extensions !== undefined;
    if (version === '2.0') return extended ? [`${o.id}: extensions in STIX 2.0`] : [];
    const expected = !UNEXTENDED.has(o.type) && o.id !== PRODUCT_IDENTITY_ID;
    if (extended === expected) return [];
    return [`${o.id}: ${expected ? 'no XSOAR extension' : 'an extension it should not carry'}`];
  });
}

describe('full pulls in both STIX versions', () => {
  let t: TestServer;
  let collections: Array<{ id: string; title: string }>;

  beforeAll(async () => {
    const manifest = JSON.parse(
      readFileSync(packageFile('samples', 'manifest.json'), 'utf8'),
    ) as Manifest;
    const sample = JSON.parse(
      readFileSync(packageFile('samples', manifest.collections), 'utf8'),
    ) as Record<string, unknown>;
    const related = join(process.env.TMPDIR ?? '/tmp', `related-${process.pid}.json`);
    writeFileSync(related, relatedExport());
    const bundle = join(SHARED, 'data', 'xsoar', 'objects21_ip_with_relationships.json');
    t = await startTestServer({
      collections: {
        ...sample,
        'related-bad': 'score:3 and sourceBrands:related',
        related: 'sourceBrands:related',
        bundle: 'sourceBrands:bundle',
      },
      // Every object of a 2.1 pull also carries the XSOAR extension, with all fields.
      flags: { 'extension-fields': 'all' },
      files: [
        ...manifest.files.map((f) => ({
          path: packageFile('samples', f.path),
          defaults: f.defaults ?? {},
        })),
        { path: related, defaults: { source: 'related' } },
        { path: bundle, defaults: { source: 'bundle', format: 'stix-bundle' as const } },
      ],
    });
    // The samples reject only ZLoader's bare paths (see the README); the related export nothing.
    expect(t.imported!.rejected).toBe(111);
    expect(t.imported!.added).toBeGreaterThan(4888);
    const ours = new Set([related, bundle]);
    expect(t.imported!.rejections.filter((r) => ours.has(r.file))).toEqual([]);
    const list = await taxiiGet(`${t.url}/threatintel/collections/`);
    collections = list.body.collections as Array<{ id: string; title: string }>;
  }, 240_000);

  afterAll(() => t?.close());

  const objectsUrl = (id: string) => `${t.url}/threatintel/collections/${id}/objects/`;

  it.each(['2.1', '2.0'] as const)(
    'serves every collection in STIX %s with no schema failure, no unparsed pattern and no dangling reference',
    async (version) => {
      const failures: string[] = [];
      for (const { id, title } of collections) {
        const objects = await PULLS[version](objectsUrl(id));
        expect(objects.length, title).toBeGreaterThan(0);
        for (const o of objects) {
          for (const e of official[version].validate(o)) failures.push(`${title} ${o.id}: ${e}`);
          if (o.type === 'indicator') {
            try {
              parsePattern(String(o.pattern));
            } catch (err) {
              failures.push(`${title} ${o.id}: pattern ${(err as Error).message}`);
            }
          }
        }
        failures.push(...danglingRefs(objects).map((d) => `${title}: ${d}`));
        failures.push(...extensionProblems(objects, version).map((p) => `${title} ${p}`));
        expect(new Set(objects.map((o) => o.id)).size, title).toBe(objects.length);
      }
      expect(failures).toEqual([]);
    },
    240_000,
  );

  it.each(['2.1', '2.0'] as const)(
    'serves the stored relationships in STIX %s exactly where both ends are in the collection',
    async (version) => {
      const byTitle = (title: string) => {
        const found = collections.find((c) => c.title === title);
        if (!found)
          throw new Error(`no ${title} among ${collections.map((c) => c.title).join(', ')}`);
        return found.id;
      };
      const relationships = async (title: string) =>
        (await PULLS[version](objectsUrl(byTitle(title)))).filter(
          (o: StixJson) => o.type === 'relationship',
        );

      // 1.1.1.1 -> 2.2.2.2, 1.1.1.1 -> 4.4.4.4, file -> bad-domain.com, and the report's two;
      // only the first joins two indicators scored 3 (the report names 4.4.4.4, scored 2).
      expect(await relationships('related')).toHaveLength(5);
      const bad = await relationships('related-bad');
      expect(bad).toHaveLength(1);
      expect(bad[0]).toMatchObject({ relationship_type: 'related-to' });

      // XSOAR's own 2.1 output, read back with valid types. Its entities are those of the
      // related export, whose relationships the import keeps beside the bundle's two.
      const fromBundle = await relationships('bundle');
      expect(fromBundle.map((r) => r.relationship_type)).toEqual([
        'related-to',
        'related-to',
        'related-to',
      ]);

      // The report is served where both of the objects it names are, and its relationships with it.
      const reports = async (title: string) =>
        (await PULLS[version](objectsUrl(byTitle(title)))).filter((o) => o.type === 'report');
      const [report, ...others] = await reports('related');
      expect(others).toEqual([]);
      expect(report).toMatchObject({ name: REPORT, object_refs: expect.any(Array) });
      expect(report!.object_refs).toHaveLength(2);
      expect(await reports('related-bad')).toEqual([]);

      if (version === '2.0') {
        const page = await taxiiGet(objectsUrl(byTitle('related-bad')), {
          Accept: TAXII_20,
          Range: 'items 0-0',
        });
        expect(page.headers.get('content-range')).toMatch(/\/(\d+)$/);
      }
    },
    60_000,
  );
});
