/**
 * Imports generated export files through the product's import path (the built `importFiles`,
 * as `taxii2-server import` runs it), in its own process, and prints the timing as JSON:
 *
 *   node --import tsx bench/import-worker.ts STORE FILE...
 *
 * Only the import itself is timed: opening the store and loading modules are not.
 */
import { chdir } from 'node:process';
import { pathToFileURL } from 'node:url';

import type * as ConfigModule from '../src/config/load-config.js';
import type * as ImportModule from '../src/importers/run-import.js';
import type * as RuntimeModule from '../src/runtime.js';
import type * as LoggerModule from '../src/server/logger.js';

const dist = (path: string) =>
  import(pathToFileURL(new URL(`../dist/src/${path}`, import.meta.url).pathname).href);

const [store, ...files] = process.argv.slice(2);
if (!store || files.length === 0) throw new Error('usage: import-worker.ts STORE FILE...');
// A store that is not a file path (postgres://...) may be opened relative to the working
// folder by a product that does not know it; the caller runs us in a scratch folder for that.
if (process.env['BENCH_WORKDIR']) chdir(process.env['BENCH_WORKDIR']);

const { loadConfig } = (await dist('config/load-config.js')) as typeof ConfigModule;
const { openRuntime } = (await dist('runtime.js')) as typeof RuntimeModule;
const { importFiles } = (await dist('importers/run-import.js')) as typeof ImportModule;
const { createLogger } = (await dist('server/logger.js')) as typeof LoggerModule;

const config = loadConfig({
  env: {},
  flags: { store, 'namespace-seed': 'taxii2-server benchmark' },
});
const runtime = await openRuntime(config, { logger: createLogger('warn') });
const location = runtime.store.location;
if (store.includes('://') && !location.startsWith(store.slice(0, store.indexOf(':')))) {
  await runtime.store.close();
  process.stdout.write(`${JSON.stringify({ supported: false, location })}\n`);
} else {
  const started = process.hrtime.bigint();
  const cpu = process.cpuUsage();
  const report = await importFiles(runtime, files, {});
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const used = process.cpuUsage(cpu);
  await runtime.store.close();
  process.stdout.write(
    `${JSON.stringify({
      supported: true,
      location,
      seconds,
      cpuSeconds: (used.user + used.system) / 1e6,
      added: report.added,
      updated: report.updated,
      unchanged: report.unchanged,
      rejected: report.rejected,
      firstRejections: report.rejections.slice(0, 5),
    })}\n`,
  );
}
