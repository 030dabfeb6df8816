/**
 * The short form of the load run: 200 concurrent pollers against a real server on loopback for
 * a few seconds, mixing first pages, deep pages, manifests, filters and refused API keys. Every
 * response must be the one its request expects, with no error and no timeout. Latency and
 * memory are measured by the long form (`npm run load`), not asserted here.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { importFiles } from '../../src/importers/run-import.js';
import { startTestServer, type TestServer } from '../support/test-server.js';
import { loadSetup } from './load/load-setup.js';
import { runLoad } from './load/pollers.js';

const POLLERS = 200;

describe('200 concurrent pollers', () => {
  const setup = loadSetup(POLLERS);
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer({
      config: setup.config,
      collections: { addresses: 'type:IP', domains: 'type:Domain', everything: '' },
    });
    const list = join(server.dir, 'load.txt');
    const lines = [
      ...Array.from({ length: 2000 }, (_, i) => `10.9.${i >> 8}.${i & 255}`),
      ...Array.from({ length: 500 }, (_, i) => `host-${i}.load.example`),
    ];
    writeFileSync(list, `${lines.join('\n')}\n`);
    await importFiles(server.runtime, [{ path: list, defaults: { score: 3 } }]);
  });

  afterAll(() => server?.close());

  it('get every answer they expect, with no error and no timeout', async () => {
    const report = await runLoad(
      {
        url: server.url,
        apiRoot: server.config.apiRoot.name,
        collectionIds: server.server.service.collections.all.map((c) => c.id),
        apiKey: setup.apiKey,
      },
      { pollers: POLLERS, seconds: 10, timeoutMs: 30_000 },
    );
    expect(report.failures).toEqual([]);
    expect(report.timeouts).toBe(0);
    expect(report.byStatus['401']).toBe(report.byKind['failed-auth']);
    for (const count of Object.values(report.byKind)) expect(count).toBeGreaterThan(0);
  });
});
