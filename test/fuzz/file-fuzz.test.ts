import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { loadConfig } from '../../src/config/load-config.js';
import { openRuntime, type Runtime } from '../../src/runtime.js';
import { createLogger } from '../../src/server/logger.js';
import { runFileFuzz } from './file-fuzz.js';

describe('files read at start and at import, under generated damage (short form; npm run fuzz -- --target ... runs the long one)', () => {
  let dir: string;
  let runtime: Runtime;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'taxii2-file-fuzz-'));
    const config = loadConfig({ env: {}, flags: { store: join(dir, 'store.db') } });
    runtime = await openRuntime(config, { logger: createLogger('silent') });
  });

  afterAll(async () => {
    await runtime.store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it.each(['collections', 'config', 'import'] as const)(
    'loads, imports or cleanly refuses 300 damaged %s files',
    async (target) => {
      const report = await runFileFuzz(target, {
        inputs: 300,
        seed: 20261204,
        dir,
        importTarget: runtime,
      });
      expect(report.failures.slice(0, 5)).toEqual([]);
      expect(report.tried).toBe(300);
      expect(report.accepted).toBeGreaterThan(0);
      expect(report.refused).toBeGreaterThan(0);
    },
  );
});
