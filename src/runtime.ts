import { randomBytes, randomUUID } from 'node:crypto';

import type { Logger } from 'pino';

import type { ServerConfig } from './config/config.js';
import { installationNamespace } from './stix/ids.js';
import type { StixRenderer } from './stix/rendered.js';
import { createStixRenderer } from './stix/renderer.js';
import { SqliteStore } from './store/sqlite/sqlite-store.js';
import type { IndicatorStore } from './store/store.js';

/** What every command that opens the store shares: the store and the installation's identity. */
export interface Runtime {
  store: IndicatorStore;
  /** The installation's id namespace: collection and SDO ids derive from it. */
  namespace: string;
  /** Signs `next` tokens; the same for every process sharing the store. */
  cursorSecret: string;
  renderers: StixRenderer[];
}

export interface RuntimeOptions {
  logger: Logger;
  clock?: () => number;
}

/** Opens the configured store and reads (or, at first start, fixes) the installation's identity. */
export async function openRuntime(
  config: Readonly<ServerConfig>,
  { logger, clock }: RuntimeOptions,
): Promise<Runtime> {
  const store = new SqliteStore({ path: config.store, ...(clock ? { clock } : {}) });

  const seed = config.stix.namespaceSeed;
  const namespace = await store.setting('namespace', () =>
    seed ? installationNamespace(seed) : randomUUID(),
  );
  if (seed && namespace !== installationNamespace(seed)) {
    logger.warn(
      { store: store.location },
      'stix.namespaceSeed differs from the seed this store was created with; keeping the stored ' +
        'namespace so that ids do not change',
    );
  }
  const cursorSecret = await store.setting('cursor_secret', () =>
    randomBytes(32).toString('base64url'),
  );

  const renderer = createStixRenderer({
    version: '2.1',
    namespace,
    observables: config.stix.observables,
    warn: (fields: object, msg: string) => logger.warn({ stix: fields }, msg),
  });
  return { store, namespace, cursorSecret, renderers: [renderer] };
}
