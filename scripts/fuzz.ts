/**
 * The long form of the fuzz runs: `npm run fuzz -- [--target T] [--inputs N] [--seed S]`.
 * `http` (the default) starts a real server on 127.0.0.1 over the bundled samples and sends N
 * generated requests; `collections`, `config` and `import` write N damaged files of that kind
 * and read each as the server would (imports into a fresh SQLite store); `files` runs those
 * three. It prints what it tried, the outcomes and every failure; exit code 1 when anything
 * failed.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

import { loadConfig } from '../src/config/load-config.js';
import { packageFile } from '../src/package-files.js';
import { openRuntime } from '../src/runtime.js';
import { createLogger } from '../src/server/logger.js';
import { runFileFuzz } from '../test/fuzz/file-fuzz.js';
import type { FileTarget } from '../test/fuzz/file-inputs.js';
import { runHttpFuzz } from '../test/fuzz/http-fuzz.js';
import { startTestServer } from '../test/support/test-server.js';

const { values } = parseArgs({
  options: {
    target: { type: 'string', default: 'http' },
    inputs: { type: 'string', default: '10000' },
    seed: { type: 'string' },
  },
});
const inputs = Number(values.inputs);
const seed = values.seed === undefined ? Date.now() % 2 ** 31 : Number(values.seed);
const FILE_TARGETS: readonly FileTarget[] = ['collections', 'config', 'import'];
const targets =
  values.target === 'files' ? FILE_TARGETS : values.target === 'http' ? [] : [values.target];
if (!['http', 'files', ...FILE_TARGETS].includes(values.target)) {
  process.stderr.write('fuzz: --target is http, collections, config, import or files\n');
  process.exit(2);
}

let failed = 0;
if (values.target === 'http') failed += await fuzzHttp();
for (const target of targets) failed += await fuzzFiles(target as FileTarget);
process.exitCode = failed > 0 ? 1 : 0;

async function fuzzFiles(target: FileTarget): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'taxii2-file-fuzz-'));
  const config = loadConfig({ env: {}, flags: { store: join(dir, 'store.db') } });
  const runtime = await openRuntime(config, { logger: createLogger('silent') });
  try {
    const started = Date.now();
    const report = await runFileFuzz(target, { inputs, seed, dir, importTarget: runtime });
    const seconds = (Date.now() - started) / 1000;
    process.stdout.write(
      `${target}, seed ${seed}: ${report.tried} files in ${seconds.toFixed(1)} s, ` +
        `${report.accepted} accepted, ${report.refused} refused cleanly, ` +
        `${report.failures.length} failures, slowest ${report.slowestMs} ms\n` +
        `damage: ${JSON.stringify(report.byDamage)}\n`,
    );
    for (const failure of report.failures) {
      process.stdout.write(`FAIL ${JSON.stringify(failure).slice(0, 500)}\n`);
    }
    return report.failures.length;
  } finally {
    await runtime.store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function fuzzHttp(): Promise<number> {
  const manifest = JSON.parse(readFileSync(packageFile('samples', 'manifest.json'), 'utf8')) as {
    collections: string;
    files: Array<{ path: string; defaults?: Record<string, unknown> }>;
  };
  const server = await startTestServer({
    collections: JSON.parse(
      readFileSync(packageFile('samples', manifest.collections), 'utf8'),
    ) as Record<string, unknown>,
    files: manifest.files.map((f) => ({
      path: packageFile('samples', f.path),
      defaults: f.defaults ?? {},
    })),
  });
  try {
    const ids = server.server.service.collections.all.map((c) => c.id);
    const started = Date.now();
    const report = await runHttpFuzz(server.url, ids, { inputs, seed });
    const seconds = (Date.now() - started) / 1000;
    process.stdout.write(
      `seed ${seed}: ${report.tried} requests in ${seconds.toFixed(1)} s, ` +
        `${report.unsendable} refused by the client library, ${report.failures.length} failures\n` +
        `statuses: ${JSON.stringify(report.byStatus)}\n`,
    );
    for (const failure of report.failures) {
      process.stdout.write(
        `FAIL ${failure.problem}\n  ${JSON.stringify(failure.request).slice(0, 400)}\n`,
      );
    }
    return report.failures.length;
  } finally {
    await server.close();
  }
}
