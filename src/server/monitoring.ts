import express, { type NextFunction, type Request, type Response } from 'express';
import type { Logger } from 'pino';

import type { IndicatorStore } from '../store/store.js';
import { authenticationRequired } from '../auth/challenge.js';
import type { ServerConfig } from '../config/config.js';
import { elapsedSeconds, UNROUTED, type ServerMetrics } from './metrics.js';
import { requestLog } from './request-log.js';

/** The monitoring paths; an API root may not take one of these names while they share a port. */
export const MONITORING_PATHS = ['/healthz', '/readyz', '/metrics'] as const;

/** How long /readyz waits for the store before calling it unready. */
const READY_TIMEOUT_MS = 2_000;

export interface MonitoringOptions {
  metrics: ServerMetrics;
  store: IndicatorStore;
  /** True once the process is shutting down: readiness goes to 503 so balancers move away. */
  draining: () => boolean;
}

/**
 * Counts every finished request into the metrics, by the operation the handler named (or
 * `none` for requests turned away before one), its status and its duration.
 */
export function requestMetrics(metrics: ServerMetrics) {
  return (_req: Request, res: Response, next: NextFunction): void => {
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const { operation, collection, objects } = res.locals.facts;
      const name = operation ?? UNROUTED;
      metrics.request(name, res.statusCode, elapsedSeconds(started));
      if (objects) metrics.served(name, collection, objects);
    });
    next();
  };
}

/**
 * `/healthz` answers while the process lives and its event loop turns; `/readyz` answers 200
 * only while the store answers a trivial query (and the process is not draining). Neither needs
 * credentials: probes from balancers and orchestrators carry none, and neither says more than
 * up or down.
 */
export function healthRoutes(options: MonitoringOptions) {
  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    const path = req.path.replace(/\/$/, '');
    if ((path !== '/healthz' && path !== '/readyz') || !isRead(req.method)) return next();
    const facts = res.locals.facts;
    facts.operation = path.slice(1);
    facts.quiet = true;
    if (path === '/healthz') return sendJson(res, 200, { status: 'ok' });

    if (options.draining()) {
      return sendJson(res, 503, { status: 'unavailable', reason: 'the server is shutting down' });
    }
    try {
      await withTimeout(options.store.ping(), READY_TIMEOUT_MS);
      sendJson(res, 200, { status: 'ready' });
    } catch (error) {
      facts.log.warn({ err: error }, 'not ready: the store did not answer');
      sendJson(res, 503, { status: 'unavailable', reason: 'the store did not answer' });
    }
  };
}

/**
 * `/metrics` in Prometheus text format. On the TAXII port of a server with users it needs a
 * signed-in user, as the collections do: its labels name every collection. On a monitoring
 * port of its own it needs none; that port's address is its access control.
 */
export function metricsRoute(
  metrics: ServerMetrics,
  access: { config: Readonly<ServerConfig>; needsUser: () => boolean } | null,
) {
  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    if (req.path.replace(/\/$/, '') !== '/metrics' || !isRead(req.method)) return next();
    const facts = res.locals.facts;
    facts.operation = 'metrics';
    facts.quiet = true;
    if (access?.needsUser() && res.locals.principal?.kind !== 'user') {
      return next(authenticationRequired(access.config));
    }
    try {
      const { contentType, body } = await metrics.exposition();
      res.status(200).setHeader('Content-Type', contentType);
      res.end(body);
    } catch (error) {
      next(error);
    }
  };
}

/** The application of the monitoring port: the three endpoints and a 404 for anything else. */
export function createMonitoringApp(options: MonitoringOptions, logger: Logger): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.disable('etag');
  app.set('query parser', false);
  app.use(requestLog(logger));
  app.use(requestMetrics(options.metrics));
  app.use(healthRoutes(options));
  app.use(metricsRoute(options.metrics, null));
  app.use((req: Request, res: Response) => {
    sendJson(res, 404, { status: 'not found', paths: MONITORING_PATHS });
  });
  app.use((error: unknown, _req: Request, res: Response, _next: NextFunction) => {
    res.locals.facts.log.error({ err: error }, 'monitoring request error');
    if (res.headersSent) res.destroy();
    else sendJson(res, 500, { status: 'error' });
  });
  return app;
}

function isRead(method: string): boolean {
  return method === 'GET' || method === 'HEAD';
}

function sendJson(res: Response, status: number, body: unknown): void {
  res.status(status).setHeader('Content-Type', 'application/json');
  res.end(JSON.stringify(body));
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
