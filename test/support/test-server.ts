import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';

import { loadCollectionsDocument } from '../../src/config/collections-document.js';
import { loadConfig } from '../../src/config/load-config.js';
import type { ServerConfig } from '../../src/config/config.js';
import {
  importFiles,
  type ImportReport,
  type ImportSource,
} from '../../src/importers/run-import.js';
import { openRuntime, type Runtime } from '../../src/runtime.js';
import { createLogger } from '../../src/server/logger.js';
import type { DocsSite } from '../../src/server/docs-site.js';
import { loadResponseChecker, type ResponseChecker } from '../../src/server/response-check.js';
import { TAXII_20_DOCUMENT } from '../../src/server/taxii20-backend.js';
import { TAXII_21_DOCUMENT } from '../../src/server/taxii21-backend.js';
import { startServer, type RunningServer } from '../../src/server/start-server.js';

export interface TestServerOptions {
  files?: Array<string | ImportSource>;
  collections?: Record<string, unknown>;
  /** Extra flags, by flag name, as the command line would give them. */
  flags?: Record<string, string>;
  clock?: () => number;
  /** A configuration file's content, for settings that have no flag (users, auth). */
  config?: Record<string, unknown>;
  /** The API documentation to serve; none unless given, whatever the checkout's dist/ holds. */
  docs?: DocsSite | null;
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
  let file: string | undefined;
  if (options.config) {
    file = join(dir, 'config.json');
    writeFileSync(file, JSON.stringify(options.config));
  }
  const config = loadConfig({ env: {}, flags, ...(file ? { file } : {}) });

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
    docs: options.docs ?? null,
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

/**
 * A request to the test server whose response must satisfy the OpenAPI document: status,
 * media type, body schema and required headers. A violation fails the calling test.
 */
export async function taxiiRequest(
  url: string,
  init: RequestInit = {},
): Promise<{ status: number; headers: Headers; body: any }> {
  const headers = { Accept: TAXII, ...(init.headers as Record<string, string> | undefined) };
  const response = await fetch(url, { ...init, headers });
  const text = await response.text();
  const body: unknown = text ? JSON.parse(text) : undefined;

  const check = await responseChecker(response.headers.get('content-type'));
  const violations = check({
    method: init.method ?? 'GET',
    path: new URL(url).pathname.replace(/([^/])$/, '$1/'),
    status: response.status,
    contentType: response.headers.get('content-type'),
    headers: Object.fromEntries(response.headers.entries()),
    body,
  });
  if (violations.length > 0) {
    throw new Error(`response breaks the OpenAPI document:\n${violations.join('\n')}`);
  }
  return { status: response.status, headers: response.headers, body: body ?? null };
}

/** GET with TAXII's Accept header unless the caller sets its own; checked like taxiiRequest. */
export function taxiiGet(url: string, headers: Record<string, string> = {}) {
  return taxiiRequest(url, { headers });
}

const checkers = new Map<string, Promise<ResponseChecker>>();

/** The checker of the document whose version answered: the 2.0 media types mean 2.0. */
function responseChecker(contentType: string | null) {
  const document = contentType?.includes('version=2.0') ? TAXII_20_DOCUMENT : TAXII_21_DOCUMENT;
  let checker = checkers.get(document);
  if (!checker) {
    checker = loadResponseChecker(document);
    checkers.set(document, checker);
  }
  return checker;
}

/** Collection ids by title, from a collections resource (2.0 or 2.1). */
export function collectionIdsByTitle(listing: Record<string, unknown>): Record<string, string> {
  const collections = (listing.collections ?? []) as Array<{ title: string; id: string }>;
  return Object.fromEntries(collections.map((c) => [c.title, c.id]));
}
