import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import type { Logger } from 'pino';

import type { ServerConfig } from '../config/config.js';
import type { CollectionDefinition } from '../config/collections-document.js';
import type { Runtime } from '../runtime.js';
import { buildCollections } from '../taxii/collection-set.js';
import { CursorCodec } from '../taxii/cursor.js';
import type { TaxiiService } from '../taxii/service.js';
import { createApp } from './app.js';
import { answerClientError } from './client-error.js';
import { createTaxii21Dispatch } from './taxii21-backend.js';

export interface StartOptions {
  config: Readonly<ServerConfig>;
  runtime: Runtime;
  collections: readonly CollectionDefinition[];
  logger: Logger;
  clock?: () => number;
}

export interface RunningServer {
  /** The root URL the server listens on, e.g. `http://127.0.0.1:9000`. */
  url: string;
  service: TaxiiService;
  close(): Promise<void>;
}

/** Renders what the store lacks, builds the collections and listens. */
export async function startServer(options: StartOptions): Promise<RunningServer> {
  const { config, runtime, logger } = options;
  const rendered = await runtime.store.ensureRendered(runtime.renderers);
  if (rendered > 0) logger.info({ indicators: rendered }, 'rendered indicators for this STIX profile');

  const service: TaxiiService = {
    config,
    store: runtime.store,
    collections: buildCollections(options.collections, runtime.namespace, runtime.store),
    renderer: runtime.renderers[0]!,
    cursors: new CursorCodec(runtime.cursorSecret),
    clock: options.clock ?? Date.now,
  };
  const app = createApp({ service, dispatch: await createTaxii21Dispatch(service), logger });

  const server = await listen(app, config.port, config.host);
  const { port } = server.address() as AddressInfo;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  const url = `http://${host}:${port}`;
  logger.info(
    { url, discovery: `${url}/taxii2/`, store: runtime.store.location },
    'taxii2-server listening',
  );

  return {
    url,
    service,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

function listen(app: ReturnType<typeof createApp>, port: number, host: string): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = app.listen(port, host);
    server.on('clientError', answerClientError);
    server.once('listening', () => resolve(server));
    server.once('error', reject);
  });
}
