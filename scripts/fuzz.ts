/**
 * The long form of the HTTP fuzz run: `npm run fuzz -- [--inputs N] [--seed S]`. It starts a
 * real server on 127.0.0.1 over the bundled samples, sends N generated requests, and prints
 * what it tried, the statuses it got and every failure. Exit code 1 when anything failed.
 */
import { parseArgs } from 'node:util';

import { runHttpFuzz } from '../test/fuzz/http-fuzz.js';
import { startTestServer } from '../test/support/test-server.js';
import { packageFile } from '../src/package-files.js';
import { readFileSync } from 'node:fs';

const { values } = parseArgs({
  options: { inputs: { type: 'string', default: '10000' }, seed: { type: 'string' } },
});
const inputs = Number(values.inputs);
const seed = values.seed === undefined ? Date.now() % 2 ** 31 : Number(values.seed);

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
  process.exitCode = report.failures.length > 0 ? 1 : 0;
} finally {
  await server.close();
}
