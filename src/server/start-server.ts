import {
  createServer as createHttpServer,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

import type { Logger } from 'pino';

import type { ServerConfig } from '../config/config.js';
import type { CollectionDefinition } from '../config/collections-document.js';
import type { User } from '../auth/users.js';
import { LiveSettings, type LiveState, type ReloadSources } from './live-settings.js';
import { Authenticator } from '../auth/authenticator.js';
import type { PasswordHasher } from '../auth/password-hash.js';
import { checkSecurityConfig, securityWarnings } from '../auth/security-setup.js';
import type { Runtime } from '../runtime.js';
import { buildCollections, type CollectionSet } from '../taxii/collection-set.js';
import { CursorCodec } from '../taxii/cursor.js';
import { RangePositions } from '../taxii/v20/range-positions.js';
import type { TaxiiService } from '../taxii/service.js';
import { WriteQueue } from '../taxii/write-queue.js';
import { postedIndexing } from '../importers/posted-stix.js';
import { createApp } from './app.js';
import { answerClientError } from './client-error.js';
import { loadDocsSite, type DocsSite } from './docs-site.js';
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
  /**
   * Where SIGHUP (and, with `watch`, a change of one of its files) reloads the collections
   * and the users from; without it only the TLS files reload.
   */
  reload?: ReloadSources;
  watch?: boolean;
  /** The API documentation to serve at /docs/; the package's built copy when not given. */
  docs?: DocsSite | null;
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
  /** Reloads the collections and users from `reload`; resolves to whether they are live. */
  reload(): Promise<boolean>;
  /**
   * Stops taking connections, lets requests in flight finish for up to `timeoutMs`, then
   * closes what is left: SIGTERM's path. /readyz answers 503 from the start of it.
   */
  shutdown(timeoutMs: number): Promise<void>;
  /** Closes at once, in-flight requests and all. */
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
  for (const warning of securityWarnings(config, users)) logger.warn(warning);

  const rendered = await runtime.store.ensureRendered(runtime.renderers);
  if (rendered > 0)
    logger.info({ indicators: rendered }, 'rendered indicators for this STIX profile');
  const pruned = await runtime.store.pruneVersions();
  if (pruned > 0)
    logger.info({ versions: pruned }, 'dropped object versions beyond versionRetention');

  // The users and the collections are built together, at start and at every reload: whether
  // any user exists decides whether collections are open.
  const build = async (
    withUsers: readonly User[],
    definitions: readonly CollectionDefinition[],
  ): Promise<LiveState> => {
    const authenticator = await Authenticator.create(withUsers, {
      clock,
      ...(options.hasher ? { hasher: options.hasher } : {}),
    });
    const mode = authenticator.enabled ? 'users' : 'open';
    const collections = buildCollections(definitions, runtime.namespace, store, mode);
    return { authenticator, collections };
  };
  const live = new LiveSettings(await build(users, options.collections), config, build, logger);
  // Add requests left pending by a stopped process are finished by whichever process starts.
  // Posted objects become indicators, with their collection's name as their source instance.
  const indexing = postedIndexing(runtime.renderers, (id) => live.collections.get(id)?.title ?? id);
  const writes = new WriteQueue(store.posted, logger, indexing);
  await writes.resume();
  // One service per TAXII version: the same store and collections, its own STIX renderer.
  const services = new Map<TaxiiVersion, TaxiiService>(
    runtime.renderers.map((renderer) => [
      renderer.version,
      {
        config,
        store,
        get collections() {
          return live.collections;
        },
        renderer,
        cursors: new CursorCodec(runtime.cursorSecret),
        ranges: new RangePositions(),
        writes,
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

  metrics.watchCollections(store, () => live.collections);
  let draining = false;
  const monitoring: MonitoringOptions = { metrics, store, draining: () => draining };
  const docs = options.docs === undefined ? loadDocsSite() : options.docs;
  if (!docs) logger.info('the API documentation is not built (npm run docs); /docs/ answers 404');
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
      live,
      monitoring,
      docs,
      ...(responseJudges && { responseJudges }),
      ...(clientCheck && { clientCheck }),
    }),
    config,
  );
  const inFlight = countRequests(listener.server, () => draining);
  metrics.watchInFlight(inFlight);
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
    collections: live.collections,
    monitoringShared: config.monitoring.port === null,
  });

  const monitor = await startMonitoring(config, monitoring, logger);

  const reloadTls = () => listener.reloadTls();
  const sources = options.reload;
  const reload = () => (sources ? live.reload(sources, 'reload') : Promise.resolve(false));
  const onHangup = () => {
    if (listener.secure) {
      try {
        reloadTls();
        logger.info('reloaded the TLS certificate and key');
      } catch (error) {
        logger.error({ err: error }, 'kept the old TLS certificate: the new one could not be read');
      }
    }
    if (sources) void live.reload(sources, 'SIGHUP');
  };
  if (listener.secure || sources) process.on('SIGHUP', onHangup);
  if (sources && options.watch) live.watch(sources);

  const closeAll = async () => {
    draining = true;
    live.stop();
    process.off('SIGHUP', onHangup);
    await Promise.all([closeServer(listener.server), monitor ? closeServer(monitor.server) : null]);
    // After the listeners: what is left pending stays in the store for the next process.
    await writes.stop();
  };

  return {
    url,
    service,
    metrics,
    monitoringUrl: monitor?.url ?? null,
    reloadTls,
    reload,
    shutdown: async (timeoutMs) => {
      draining = true;
      live.stop();
      const server = listener.server;
      server.close();
      server.closeIdleConnections();
      const waiting = inFlight();
      if (waiting > 0) {
        logger.info({ requests: waiting, timeout_ms: timeoutMs }, 'finishing requests in flight');
      }
      const finished = await settled(inFlight, timeoutMs);
      if (!finished) {
        logger.warn({ requests: inFlight() }, 'closed requests still in flight at the timeout');
      }
      await closeAll();
    },
    close: closeAll,
  };
}

/**
 * Counts requests in flight. While draining, every response also says `Connection: close`,
 * so kept-alive clients move to another server instead of sending the next request here.
 */
function countRequests(server: Listener['server'], draining: () => boolean): () => number {
  let count = 0;
  server.prependListener('request', (_req: IncomingMessage, res: ServerResponse) => {
    count += 1;
    if (draining()) res.setHeader('Connection', 'close');
    res.once('close', () => {
      count -= 1;
    });
  });
  return () => count;
}

/** Resolves true once nothing is in flight, or false when the time runs out first. */
async function settled(inFlight: () => number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (inFlight() > 0) {
    if (Date.now() >= deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return true;
}

function closeServer(server: Listener['server']): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    // A server that has stopped listening (a shutdown began) only has connections to close.
    if (server.listening) server.close((error) => (error ? reject(error) : resolve()));
    else resolve();
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
