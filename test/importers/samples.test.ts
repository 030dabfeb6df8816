import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { describe, expect, it } from 'vitest';

import { parseCollections } from '../../src/config/collections-document.js';
import type { IndicatorInput } from '../../src/indicators/indicator.js';
import { parseIndicatorFile, type ImportDefaults } from '../../src/importers/index.js';
import { importFiles } from '../../src/importers/run-import.js';
import { SHARED } from '../support/shared-data.js';

const SAMPLES = fileURLToPath(new URL('../../samples/', import.meta.url));

interface Manifest {
  collections: string;
  files: Array<{ path: string; defaults?: ImportDefaults }>;
}

const manifest = JSON.parse(readFileSync(join(SAMPLES, 'manifest.json'), 'utf8')) as Manifest;

/** Where each sample was copied from in the shared data. */
function origin(path: string): string {
  const name = path.split('/').pop() ?? '';
  if (name === 'ip_iocs.json') return join(SHARED, 'data', 'xsoar', name);
  return join(SHARED, 'data', 'real', path);
}

describe('the bundled samples', () => {
  const paths = manifest.files.map((f) => f.path);

  it.each(paths)('%s is an unmodified copy with its licence beside it', (path) => {
    expect(readFileSync(join(SAMPLES, path))).toEqual(readFileSync(origin(path)));
    expect(existsSync(join(SAMPLES, dirname(path), 'LICENSE'))).toBe(true);
    expect(readFileSync(join(SAMPLES, 'SOURCES.md'), 'utf8')).toContain(`\`${path}\``);
  });

  it.each(manifest.files)('$path is in the format its entry names', async ({ path, defaults }) => {
    const { format, ...rest } = defaults ?? {};
    const detected = await parseIndicatorFile(join(SAMPLES, path), rest);
    expect(detected.format).toBe(format);
  });

  it('imports 4,893 indicators; only zloader.txt has rejections, its 111 bare paths', async () => {
    let batch: IndicatorInput[] = [];
    const target = {
      renderers: [],
      store: {
        async upsertIndicators(records: readonly IndicatorInput[]) {
          batch = [...records];
          return { added: records.length, updated: 0, unchanged: 0, rejected: [] };
        },
      },
    };
    const files = manifest.files.map((f) => ({
      path: join(SAMPLES, f.path),
      ...(f.defaults ? { defaults: f.defaults } : {}),
    }));

    const report = await importFiles(target, files);

    expect(report.added).toBe(4_893);
    const rejectedFiles = new Set(report.rejections.map((r) => r.file));
    expect(rejectedFiles).toEqual(new Set([join(SAMPLES, 'stamparm-maltrail/zloader.txt')]));
    expect(report.rejected).toBe(111);
    const byType: Record<string, number> = {};
    for (const r of batch) byType[r.type] = (byType[r.type] ?? 0) + 1;
    expect(byType).toEqual({
      Domain: 3_275,
      URL: 676,
      File: 625,
      IP: 315,
      'Registry Key': 1,
      ASN: 1,
    });
    const attributed = (r: IndicatorInput) =>
      r.sourceBrands.length > 0 || r.tags.includes('xsoar-test-fixture');
    expect(batch.every(attributed)).toBe(true);
  });

  it('has a collections document the server accepts, with the collections it promises', () => {
    const document: unknown = JSON.parse(readFileSync(join(SAMPLES, manifest.collections), 'utf8'));
    const collections = parseCollections(document, 'samples/collections.json');
    expect(collections.map((c) => [c.name, c.query])).toEqual([
      ['all', ''],
      ['ips', 'type:IP or type:IPv6 or type:CIDR or type:IPv6CIDR'],
      ['domains', 'type:Domain'],
      ['urls', 'type:URL'],
      ['hashes', 'type:File'],
      ['bad', 'score:3'],
    ]);
    const described = collections.filter((c) => c.description !== '').map((c) => c.name);
    expect(described).toEqual(['all', 'ips', 'hashes', 'bad']);
  });
});
