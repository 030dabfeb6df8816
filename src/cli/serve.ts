import { existsSync } from 'node:fs';

import { loadCollectionsDocument } from '../config/collections-document.js';
import { loadSampleIndicators, sampleCollectionsFile } from './sample-data.js';
import { openRuntime } from '../runtime.js';
import { createLogger } from '../server/logger.js';
import { ServerMetrics } from '../server/metrics.js';
import { startServer } from '../server/start-server.js';
import type { ReloadSources } from '../server/live-settings.js';
import { CONFIG_OPTIONS, configFileFrom, configFrom, parseCommand, UsageError } from './args.js';
import { EXIT, type Command } from './io.js';
import {
  isServeWorker,
  leavePrimary,
  runWorkers,
  untilPrimaryStops,
  workerId,
} from './serve-workers.js';
import { CONFIG_FLAGS_HELP } from './usage-text.js';

export const serveCommand: Command = {
  name: 'serve',
  summary: "serve the store's indicators as TAXII 2.1 and 2.0 collections",
  usage: `Usage: taxii2-server serve [options]

Serves TAXII 2.1 at http://HOST:PORT/taxii2/ and TAXII 2.0 at http://HOST:PORT/taxii/, with
/healthz, /readyz and /metrics, until SIGINT or SIGTERM (requests in flight finish first).
The collections document and the configuration's users reload on SIGHUP and whenever either
file changes; an edit that does not check out is refused and logged, and the old one stays.

Options:
  --sample                   load the bundled sample indicators into an empty store, and
                             serve the sample collections unless --collections is given
  --workers N                serve from N processes on the one port, each with its own
                             store connection (default 1: this process alone)
${CONFIG_FLAGS_HELP}

Examples:
  taxii2-server serve --sample
  taxii2-server serve --store /var/lib/taxii2-server/store.db --collections collections.json
  TAXII2_SERVER_PORT=8443 taxii2-server serve --config /etc/taxii2-server.json`,

  async run(argv, io) {
    // A worker listens for its primary's stop from the start, so that no stop is missed.
    const stopped = isServeWorker() ? untilPrimaryStops() : null;
    const { values } = parseCommand(argv, {
      ...CONFIG_OPTIONS,
      sample: { type: 'boolean' },
      workers: { type: 'string' },
    });
    const sample = values['sample'] === true;
    const workers = workerCount(values['workers']);
    const config = configFrom(values, io.env);
    const collectionsFile = config.collections ?? (sample ? sampleCollectionsFile() : null);
    if (collectionsFile && !existsSync(collectionsFile) && config.collections === null) {
      throw new Error(`the sample collections document is missing at ${collectionsFile}`);
    }
    const collections = loadCollectionsDocument(collectionsFile);

    const base = createLogger(config.logLevel, undefined, { format: config.logFormat });
    // A worker's lines say which worker wrote them.
    const logger = isServeWorker() ? base.child({ worker: workerId() }) : base;
    const runtime = await openRuntime(config, { logger });
    const metrics = new ServerMetrics();
    if (sample && (await runtime.store.countIndicators()) === 0) {
      const { rejections, ...counts } = await loadSampleIndicators(runtime);
      metrics.importedRecords(counts);
      logger.info(counts, 'loaded the sample indicators');
      for (const r of rejections) logger.debug({ rejection: r }, 'sample record rejected');
    }

    if (workers > 1 && !isServeWorker()) {
      // The store is made ready once, here, so that the workers do not race to do it.
      const rendered = await runtime.store.ensureRendered(runtime.renderers);
      if (rendered > 0)
        logger.info({ indicators: rendered }, 'rendered indicators for this STIX profile');
      await runtime.store.close();
      return runWorkers(workers, logger);
    }

    // A reload reads the same sources again: the file, the environment and these flags.
    const configFile = configFileFrom(values, io.env);
    const reload: ReloadSources = {
      config: () => configFrom(values, io.env),
      collections: () => loadCollectionsDocument(collectionsFile),
      files: [configFile, collectionsFile].filter((f): f is string => typeof f === 'string'),
    };
    const server = await startServer({
      config,
      runtime,
      collections,
      logger,
      metrics,
      reload,
      watch: true,
    });
    const signal = await (stopped ? Promise.race([stopped, untilSignal()]) : untilSignal());
    logger.info({ signal }, 'shutting down');
    await server.shutdown(config.limits.shutdownTimeoutMs);
    await runtime.store.close();
    // The channel to the primary would keep a worker alive.
    if (isServeWorker()) leavePrimary();
    return EXIT.ok;
  },
};

function workerCount(value: unknown): number {
  if (value === undefined) return 1;
  const count = Number(value);
  if (!Number.isInteger(count) || count < 1 || count > 64) {
    throw new UsageError('--workers must be a whole number from 1 to 64');
  }
  return count;
}

/** The first SIGINT or SIGTERM; a second one ends the process at once, as usual. */
function untilSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    process.once('SIGINT', () => resolve('SIGINT'));
    process.once('SIGTERM', () => resolve('SIGTERM'));
  });
}
