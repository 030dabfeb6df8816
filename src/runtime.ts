import { randomBytes, randomUUID } from 'node:crypto';

import type { Logger } from 'pino';

import type { ServerConfig } from './config/config.js';
import { installationNamespace } from './stix/ids.js';
import type { StixRenderer } from './stix/rendered.js';
import { createStixRenderer } from './stix/renderer.js';
import { openStore } from './store/open-store.js';
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
  const store = await openStore(config.store, {
    versionRetention: config.versionRetention,
    ...(clock ? { clock } : {}),
  });

  // A store that opened but cannot give the identity is closed, so its pool does not hold
  // the process open.
  try {
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
    const renderers = config.versions.map((v) => createRenderer(config, v, namespace, logger));
    return { store, namespace, cursorSecret, renderers };
  } catch (error) {
    await store.close();
    throw error;
  }
}

/** The renderer for the STIX version that goes with a TAXII version (2.0 with 2.0, 2.1 with 2.1). */
function createRenderer(
  config: Readonly<ServerConfig>,
  version: '2.0' | '2.1',
  namespace: string,
  logger: Logger,
): StixRenderer {
  return createStixRenderer({
    version,
    namespace,
    observables: config.stix.observables,
    extensionFields: config.stix.extensionFields,
    warn: (fields: object, msg: string) => logger.warn({ stix: fields }, msg),
  });
}
