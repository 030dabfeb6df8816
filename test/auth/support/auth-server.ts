import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';

import type { PasswordHasher } from '../../../src/auth/password-hash.js';
import { loadCollectionsDocument } from '../../../src/config/collections-document.js';
import type { ServerConfig } from '../../../src/config/config.js';
import { loadConfig } from '../../../src/config/load-config.js';
import { importFiles, type ImportSource } from '../../../src/importers/run-import.js';
import { openRuntime } from '../../../src/runtime.js';
import { createLogger } from '../../../src/server/logger.js';
import { startServer, type RunningServer } from '../../../src/server/start-server.js';

export interface AuthServerOptions {
  /** The configuration file's content; store, port and namespace seed are filled in. */
  config?: Record<string, unknown>;
  collections?: Record<string, unknown>;
  files?: Array<string | ImportSource>;
  hasher?: PasswordHasher;
  clock?: () => number;
}

export interface AuthServer {
  url: string;
  dir: string;
  config: Readonly<ServerConfig>;
  server: RunningServer;
  /** Parsed JSON log lines so far. */
  logs: Array<Record<string, unknown>>;
  /** Every log byte so far, to search for leaked secrets. */
  rawLog(): string;
  close(): Promise<void>;
}

/** A real server on a loopback port, configured by a real configuration file. */
export async function startAuthServer(options: AuthServerOptions = {}): Promise<AuthServer> {
  const dir = mkdtempSync(join(tmpdir(), 'taxii2-auth-test-'));
  const collections = join(dir, 'collections.json');
  writeFileSync(collections, JSON.stringify(options.collections ?? { ALL: '' }));
  const file = join(dir, 'config.json');
  writeFileSync(
    file,
    JSON.stringify({
      store: join(dir, 'store.db'),
      port: 0,
      collections,
      stix: { namespaceSeed: 'auth tests' },
      ...options.config,
    }),
  );
  const config = loadConfig({ file, env: {} });

  const logs: Array<Record<string, unknown>> = [];
  let raw = '';
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      raw += chunk.toString('utf8');
      for (const line of chunk.toString('utf8').split('\n')) {
        if (line.trim()) logs.push(JSON.parse(line) as Record<string, unknown>);
      }
      done();
    },
  });
  const logger = createLogger('info', sink);
  const clock = options.clock;
  const runtime = await openRuntime(config, { logger, ...(clock ? { clock } : {}) });
  if (options.files) await importFiles(runtime, options.files);

  try {
    const server = await startServer({
      config,
      runtime,
      collections: loadCollectionsDocument(config.collections),
      logger,
      ...(clock ? { clock } : {}),
      ...(options.hasher ? { hasher: options.hasher } : {}),
    });
    return {
      url: server.url,
      dir,
      config,
      server,
      logs,
      rawLog: () => raw,
      async close() {
        await server.close();
        await runtime.store.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await runtime.store.close();
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}

export const TAXII = 'application/taxii+json;version=2.1';

export function basic(user: string, password: string): string {
  return `Basic ${Buffer.from(`${user}:${password}`, 'utf8').toString('base64')}`;
}

/** A GET with TAXII's Accept header; the body parsed when it is JSON. */
export async function get(
  url: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Headers; body: any; text: string }> {
  const response = await fetch(url, { headers: { Accept: TAXII, ...headers } });
  const text = await response.text();
  let body: unknown = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    body = null;
  }
  return { status: response.status, headers: response.headers, body, text };
}
