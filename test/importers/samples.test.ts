import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { describe, expect, it } from 'vitest';

import { parseCollections } from '../../src/config/collections-document.js';
import { loadConfig } from '../../src/config/load-config.js';
import { parseIndicatorFile, type ImportDefaults } from '../../src/importers/index.js';
import { importFiles } from '../../src/importers/run-import.js';
import { parseQuery } from '../../src/query/parser.js';
import { openRuntime } from '../../src/runtime.js';
import { createLogger } from '../../src/server/logger.js';
import { SHARED } from '../support/shared-data.js';

const SAMPLES = fileURLToPath(new URL('../../samples/', import.meta.url));

interface Manifest {
  collections: string;
  files: Array<{ path: string; defaults?: ImportDefaults }>;
}

const manifest = JSON.parse(readFileSync(join(SAMPLES, 'manifest.json'), 'utf8')) as Manifest;

/** Where each sample was copied from in the shared data. */
function origin(path: string): string {
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

  it('imports 4,888 indicators into a real store; only zloader.txt has rejections', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'taxii2-samples-'));
    const config = loadConfig({ env: {}, flags: { store: join(dir, 'store.db') } });
    const runtime = await openRuntime(config, { logger: createLogger('silent') });
    try {
      const files = manifest.files.map((f) => ({
        path: join(SAMPLES, f.path),
        ...(f.defaults ? { defaults: f.defaults } : {}),
      }));
      const report = await importFiles(runtime, files);

      expect(report.added).toBe(4_888);
      const rejectedFiles = new Set(report.rejections.map((r) => r.file));
      expect(rejectedFiles).toEqual(new Set([join(SAMPLES, 'stamparm-maltrail/zloader.txt')]));
      expect(report.rejected).toBe(111);

      const count = (query: string) =>
        runtime.store.countMatching(runtime.store.compileQuery(parseQuery(query)), 0);
      const byType: Record<string, number> = {};
      for (const type of ['Domain', 'URL', 'File', 'IP', 'Registry Key', 'ASN']) {
        byType[type] = await count(`type:"${type}"`);
      }
      expect(byType).toEqual({
        Domain: 3_275,
        URL: 676,
        File: 625,
        IP: 310,
        'Registry Key': 1,
        ASN: 1,
      });
      expect(await count('-sourceBrands:* and -tags:xsoar-test-fixture')).toBe(0);
    } finally {
      await runtime.store.close();
      rmSync(dir, { recursive: true, force: true });
    }
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
