import { existsSync } from 'node:fs';

import { loadCollectionsDocument } from '../config/collections-document.js';
import type { ServerConfig } from '../config/config.js';
import { sampleCollectionsFile } from './sample-data.js';
import { openRuntime, type Runtime } from '../runtime.js';
import { createLogger } from '../server/logger.js';
import { buildCollections, type CollectionSet } from '../taxii/collection-set.js';

export interface Installation {
  config: Readonly<ServerConfig>;
  runtime: Runtime;
  collections: CollectionSet;
  /** The root URL clients use: the public base URL, or the configured listen address. */
  baseUrl: string;
}

/** The configured server as `info` and `collections` describe it, without listening. */
export async function openInstallation(
  config: Readonly<ServerConfig>,
  sample: boolean,
): Promise<Installation> {
  requireExistingStore(config.store);
  const file = config.collections ?? (sample ? sampleCollectionsFile() : null);
  const definitions = loadCollectionsDocument(file);
  const runtime = await openRuntime(config, { logger: createLogger('error') });
  const collections = buildCollections(definitions, runtime.namespace, runtime.store);
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  const listening = `${config.tls ? 'https' : 'http'}://${host}:${config.port}${config.pathPrefix}`;
  const baseUrl = (config.publicBaseUrl ?? listening).replace(/\/+$/, '');
  return { config, runtime, collections, baseUrl };
}

/**
 * Commands that only read refuse to create a store: a mistyped --store would otherwise make a
 * new, empty one with a new namespace, and print collection ids no server serves.
 */
export function requireExistingStore(store: string): void {
  if (/^postgres(ql)?:\/\//i.test(store) || existsSync(store)) return;
  throw new Error(
    `there is no store at ${store}: \`serve\` or \`import\` creates one; check --store`,
  );
}
