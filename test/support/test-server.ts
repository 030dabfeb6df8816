import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';

import { loadCollectionsDocument } from '../../src/config/collections-document.js';
import { loadConfig } from '../../src/config/load-config.js';
import type { ServerConfig } from '../../src/config/config.js';
import { importFiles, type ImportReport, type ImportSource } from '../../src/importers/run-import.js';
import { openRuntime, type Runtime } from '../../src/runtime.js';
import { createLogger } from '../../src/server/logger.js';
import { startServer, type RunningServer } from '../../src/server/start-server.js';

export interface TestServerOptions {
  files?: Array<string | ImportSource>;
  collections?: Record<string, unknown>;
  /** Extra flags, by flag name, as the command line would give them. */
  flags?: Record<string, string>;
  clock?: () => number;
}

export interface TestServer {
  url: string;
  dir: string;
  config: Readonly<ServerConfig>;
  runtime: Runtime;
  server: RunningServer;
  imported: ImportReport | null;
  /** Parsed JSON log lines written so far. */
  logs: Array<Record<string, unknown>>;
  close(): Promise<void>;
}

/** A real server on a loopback port over a real SQLite file in a fresh temporary folder. */
export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const dir = mkdtempSync(join(tmpdir(), 'taxii2-server-test-'));
  const flags: Record<string, string> = {
    store: join(dir, 'store.db'),
    port: '0',
    'namespace-seed': 'test installation',
    ...options.flags,
  };
  if (options.collections) {
    flags['collections'] = join(dir, 'collections.json');
    writeFileSync(flags['collections'], JSON.stringify(options.collections));
  }
  const config = loadConfig({ env: {}, flags });

  const logs: Array<Record<string, unknown>> = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n')) {
        if (line.trim()) logs.push(JSON.parse(line) as Record<string, unknown>);
      }
      done();
    },
  });
  const logger = createLogger('info', sink);
  const clock = options.clock;
  const runtime = await openRuntime(config, { logger, ...(clock ? { clock } : {}) });
  const imported = options.files ? await importFiles(runtime, options.files) : null;
  const server = await startServer({
    config,
    runtime,
    collections: loadCollectionsDocument(config.collections),
    logger,
    ...(clock ? { clock } : {}),
  });

  return {
    url: server.url,
    dir,
    config,
    runtime,
    server,
    imported,
    logs,
    async close() {
      await server.close();
      await runtime.store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export const TAXII = 'application/taxii+json;version=2.1';

/** GET with TAXII's Accept header unless the caller sets its own. */
export async function taxiiGet(
  url: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Headers; body: any }> {
  const response = await fetch(url, { headers: { Accept: TAXII, ...headers } });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : null };
}
