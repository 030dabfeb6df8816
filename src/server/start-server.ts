import { createServer as createHttpServer } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

import type { Logger } from 'pino';

import type { ServerConfig } from '../config/config.js';
import type { CollectionDefinition } from '../config/collections-document.js';
import { Authenticator } from '../auth/authenticator.js';
import type { PasswordHasher } from '../auth/password-hash.js';
import { checkSecurityConfig, securityWarnings } from '../auth/security-setup.js';
import type { Runtime } from '../runtime.js';
import { buildCollections, type CollectionSet } from '../taxii/collection-set.js';
import { CursorCodec } from '../taxii/cursor.js';
import type { TaxiiService } from '../taxii/service.js';
import { createApp } from './app.js';
import { answerClientError } from './client-error.js';
import { createListener, type Listener } from './listener.js';
import { ServerMetrics, timedStore } from './metrics.js';
import { createMonitoringApp, MONITORING_PATHS, type MonitoringOptions } from './monitoring.js';
import { ConfigError } from '../config/config-error.js';
import { loadDocumentJudges } from './response-validation.js';
import { createClientCheck } from '../client-check/client-check-step.js';
import { answerRequestTimeout } from './timeout-answer.js';
import type { Dispatches } from './app.js';
import { clientBaseUrl, serviceUrls } from './service-urls.js';
import type { TaxiiVersion } from './version-choice.js';
import { createTaxii20Dispatch } from './taxii20-backend.js';
import { createTaxii21Dispatch } from './taxii21-backend.js';

export interface StartOptions {
  config: Readonly<ServerConfig>;
  runtime: Runtime;
  collections: readonly CollectionDefinition[];
  logger: Logger;
  clock?: () => number;
  /** Replaces the password hash function, so that tests can count the hashing work. */
  hasher?: PasswordHasher;
  /** The process's metrics, when the caller counts into them before the server starts. */
  metrics?: ServerMetrics;
}

export interface RunningServer {
  /** The root URL the server listens on, e.g. `http://127.0.0.1:9000` or `https://...`. */
  url: string;
  service: TaxiiService;
  metrics: ServerMetrics;
  /** The monitoring port's root URL when it has a port of its own; otherwise null. */
  monitoringUrl: string | null;
  /** Reads the TLS certificate and key again, as SIGHUP does; open connections are kept. */
  reloadTls(): void;
  close(): Promise<void>;
}

/** Checks the security set-up, renders what the store lacks, builds the collections and listens. */
export async function startServer(options: StartOptions): Promise<RunningServer> {
  const { config, runtime, logger } = options;
  checkMonitoringPaths(config);
  const users = checkSecurityConfig(config, options.collections);
  const metrics = options.metrics ?? new ServerMetrics();
  const store = timedStore(runtime.store, metrics);
  const clock = options.clock ?? Date.now;
  const authenticator = await Authenticator.create(users, {
    clock,
    ...(options.hasher ? { hasher: options.hasher } : {}),
  });
  for (const warning of securityWarnings(config, users)) logger.warn(warning);

  const rendered = await runtime.store.ensureRendered(runtime.renderers);
  if (rendered > 0)
    logger.info({ indicators: rendered }, 'rendered indicators for this STIX profile');

  const collections = buildCollections(
    options.collections,
    runtime.namespace,
    store,
    authenticator.enabled ? 'users' : 'open',
  );
  // One service per TAXII version: the same store and collections, its own STIX renderer.
  const services = new Map<TaxiiVersion, TaxiiService>(
    runtime.renderers.map((renderer) => [
      renderer.version,
      {
        config,
        store,
        collections,
        renderer,
        cursors: new CursorCodec(runtime.cursorSecret),
        clock,
      },
    ]),
  );
  const dispatches: Dispatches = {};
  const v21 = services.get('2.1');
  const v20 = services.get('2.0');
  if (v21) dispatches['2.1'] = await createTaxii21Dispatch(v21);
  if (v20) dispatches['2.0'] = await createTaxii20Dispatch(v20);
  const service = (v21 ?? v20)!;

  metrics.watchCollections(store, () => collections);
  let draining = false;
  const monitoring: MonitoringOptions = { metrics, store, draining: () => draining };
  const responseJudges = config.validateResponses ? await loadDocumentJudges() : undefined;
  if (responseJudges) logger.info('checking every response against the OpenAPI documents');
  const clientCheck = config.clientCheck ? await createClientCheck(clock) : undefined;
  if (clientCheck)
    logger.info('checking every request; each client reads its report at /client-check/');
  const listener = createListener(
    createApp({
      service,
      dispatches,
      logger,
      authenticator,
      monitoring,
      ...(responseJudges && { responseJudges }),
      ...(clientCheck && { clientCheck }),
    }),
    config,
  );
  listener.server.on('clientError', (error: NodeJS.ErrnoException, socket: Socket) => {
    if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT') answerRequestTimeout(socket);
    else answerClientError(error, socket);
  });
  await listen(listener, config.port, config.host);

  const { port } = listener.server.address() as AddressInfo;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  const url = `${listener.secure ? 'https' : 'http'}://${host}:${port}`;
  logStartup(logger, {
    config,
    url,
    store: runtime.store.location,
    collections,
    monitoringShared: config.monitoring.port === null,
  });

  const monitor = await startMonitoring(config, monitoring, logger);

  const reloadTls = () => listener.reloadTls();
  const onHangup = () => {
    try {
      reloadTls();
      logger.info('reloaded the TLS certificate and key');
    } catch (error) {
      logger.error({ err: error }, 'kept the old TLS certificate: the new one could not be read');
    }
  };
  if (listener.secure) process.on('SIGHUP', onHangup);

  return {
    url,
    service,
    metrics,
    monitoringUrl: monitor?.url ?? null,
    reloadTls,
    close: async () => {
      draining = true;
      process.off('SIGHUP', onHangup);
      await Promise.all([
        closeServer(listener.server),
        monitor ? closeServer(monitor.server) : null,
      ]);
    },
  };
}

function closeServer(server: Listener['server']): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    server.close((error) => (error ? reject(error) : resolve()));
    server.closeAllConnections();
  });
}

/**
 * What is served where, one line each: the listening address and store, discovery per TAXII
 * version, the API root and each collection's objects URL, and the monitoring paths.
 */
function logStartup(
  logger: Logger,
  facts: {
    config: Readonly<ServerConfig>;
    url: string;
    store: string;
    collections: CollectionSet;
    monitoringShared: boolean;
  },
): void {
  const { config, url } = facts;
  const urls = serviceUrls(config, clientBaseUrl(config, url), facts.collections);
  const discovery = Object.values(urls.discovery);
  logger.info(
    { url, store: facts.store, versions: config.versions, discovery },
    'taxii2-server listening',
  );
  for (const [version, at] of Object.entries(urls.discovery)) {
    logger.info({ url: at, version }, `serving TAXII ${version} discovery`);
  }
  for (const apiRoot of urls.apiRoots) {
    logger.info({ url: apiRoot, collections: urls.collections.length }, 'serving the API root');
  }
  for (const c of urls.collections) {
    logger.info({ collection: c.title, id: c.id, url: c.objects }, 'serving a collection');
  }
  if (facts.monitoringShared) {
    logger.info(
      { paths: MONITORING_PATHS.map((path) => `${url}${path}`) },
      'health and metrics on the TAXII port',
    );
  }
}

/** The monitoring port, when the configuration gives it one: plain HTTP, no credentials. */
async function startMonitoring(
  config: Readonly<ServerConfig>,
  monitoring: MonitoringOptions,
  logger: Logger,
): Promise<{ url: string; server: Listener['server'] } | null> {
  const { port, host } = config.monitoring;
  if (port === null) return null;
  const server = createHttpServer(createMonitoringApp(monitoring, logger));
  await listen({ server, secure: false, reloadTls() {} }, port, host);
  const bound = (server.address() as AddressInfo).port;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${bound}`;
  logger.info(
    { url, paths: MONITORING_PATHS.map((path) => `${url}${path}`) },
    'monitoring listening: health and metrics, without credentials',
  );
  return { url, server };
}

/** An API root named like a monitoring path would be shadowed by it on a shared port. */
function checkMonitoringPaths(config: Readonly<ServerConfig>): void {
  if (config.monitoring.port !== null) return;
  const name = `/${config.apiRoot.name}`;
  if ((MONITORING_PATHS as readonly string[]).includes(name)) {
    throw new ConfigError(
      'configuration',
      'apiRoot.name',
      `"${config.apiRoot.name}" is a monitoring path on the TAXII port`,
      'name the API root otherwise, or give monitoring.port (--monitoring-port) a port of its own',
    );
  }
}

function listen({ server }: Listener, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('listening', () => resolve());
    server.once('error', reject);
    server.listen(port, host);
  });
}
