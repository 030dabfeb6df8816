import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { realData } from '../support/shared-data.js';
import { startTestServer, type TestServer } from '../support/test-server.js';
import { runHttpFuzz } from './http-fuzz.js';

describe('the HTTP surface under generated input (short form; npm run fuzz runs the long one)', () => {
  let t: TestServer;
  let ids: string[];

  beforeAll(async () => {
    t = await startTestServer({
      collections: { all: '', hashes: 'type:File' },
      files: [
        { path: realData('eset-malware-ioc', 'bandook-samples.sha256'), defaults: { score: 3 } },
      ],
    });
    ids = t.server.service.collections.all.map((c) => c.id);
  });

  afterAll(async () => {
    await t.close();
  });

  it('answers 2,000 generated requests with well-formed TAXII responses, never 5xx', async () => {
    const report = await runHttpFuzz(t.url, ids, { inputs: 2000, seed: 20261204 });
    expect(report.failures.slice(0, 5)).toEqual([]);
    expect(report.tried).toBe(2000);
    expect(report.byStatus['200']).toBeGreaterThan(50);
    expect(report.byStatus['400']).toBeGreaterThan(50);
  });
});
