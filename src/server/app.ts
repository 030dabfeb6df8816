import express, { type NextFunction, type Request, type Response } from 'express';
import type { Logger } from 'pino';

import { authenticationStep } from '../auth/authenticate-request.js';
import type { Reply, TaxiiService } from '../taxii/service.js';
import { nowMicros } from '../time/microseconds.js';
import { asTaxiiError, errorResource, TaxiiError } from './errors.js';
import { docsRoutes } from './docs-routes.js';
import type { DocsSite } from './docs-site.js';
import { TAXII_21 } from './media-types.js';
import { pathInsidePrefix, publicBaseUrl } from './public-url.js';
import { RateLimiter } from './rate-limit.js';
import { requestLimits } from './request-limits.js';
import {
  healthRoutes,
  metricsRoute,
  requestMetrics,
  type MonitoringOptions,
} from './monitoring.js';
import type { LiveSettings } from './live-settings.js';
import { requestLog } from './request-log.js';
import { requestTurns } from './request-turns.js';
import { responseValidation, type DocumentJudges } from './response-validation.js';
import { clientCheckStep, type ClientCheck } from '../client-check/client-check-step.js';
import { securityHeaders } from './security-headers.js';
import type { TaxiiDispatch } from './taxii21-backend.js';
import {
  candidateVersions,
  chooseVersion,
  errorMediaType,
  type TaxiiVersion,
} from './version-choice.js';
import { backendRequest } from './backend-request.js';

/** The backend of each TAXII version served. */
export type Dispatches = Partial<Record<TaxiiVersion, TaxiiDispatch>>;

export interface AppOptions {
  service: TaxiiService;
  dispatches: Dispatches;
  logger: Logger;
  /** The users and collections of the moment: a reload swaps them between requests. */
  live: Pick<LiveSettings, 'authenticator' | 'collections'>;
  monitoring: MonitoringOptions;
  /** With `validateResponses`: the documents every response is checked against. */
  responseJudges?: DocumentJudges;
  /** With `clientCheck`: the per-client reports every request is checked into. */
  clientCheck?: ClientCheck;
  /** The built API documentation served at /docs/; null when it was not built. */
  docs?: DocsSite | null;
}

/**
 * The express application: request log, security headers, request caps, the path prefix,
 * authentication and rate limits, the body (read only for admitted requests), then every path
 * to the TAXII backend.
 */
export function createApp(options: AppOptions): express.Express {
  const { service, dispatches, logger, live, monitoring } = options;
  const { config } = service;
  const app = express();
  app.disable('x-powered-by');
  app.disable('etag');
  app.set('query parser', false);
  // X-Forwarded-Proto, -Host and -For count only when the connection comes from these.
  app.set('trust proxy', config.trustedProxies.length > 0 ? [...config.trustedProxies] : false);

  const authentication = authenticationStep({
    config,
    live,
    rate: config.limits.rate ? new RateLimiter(config.limits.rate, service.clock) : null,
    failures: config.limits.authFailures
      ? new RateLimiter(config.limits.authFailures, service.clock)
      : null,
  });

  app.use(requestLog(logger));
  app.use(requestMetrics(monitoring.metrics));
  if (options.responseJudges) app.use(responseValidation(options.responseJudges));
  app.use(securityHeaders(config.tls?.hsts));
  app.use(requestLimits(config.limits));
  // Without a port of their own, health and metrics sit at the root, outside any path prefix.
  if (config.monitoring.port === null) {
    app.use(healthRoutes(monitoring));
    app.get(
      '/metrics',
      authentication,
      metricsRoute(monitoring.metrics, { config, needsUser: () => live.authenticator.enabled }),
    );
  }
  app.use(stripPathPrefix(config.pathPrefix));
  app.use(docsRoutes(config, options.docs ?? null));
  app.use(authentication);
  if (options.clientCheck) app.use(clientCheckStep(options.clientCheck, config.versions));
  // Only POST carries a body in TAXII; a body on any other method is not read at all.
  app.use(
    express.text({
      type: (req) => req.method === 'POST',
      limit: config.apiRoot.maxContentLength || '100mb',
    }),
  );
  app.use(requestTurns());

  app.use(async (req: Request, res: Response) => {
    const path = checkedPath(req.path);
    const candidates = candidateVersions(path, config.versions);
    res.locals.facts.mediaType = errorMediaType(candidates[0]!);
    const chosen = chooseVersion(path, req.method, req.get('accept'), candidates);
    res.locals.facts.mediaType = errorMediaType(chosen.version);
    const dispatch = dispatches[chosen.version]!;
    const reply = await dispatch(backendRequest(req, path), {
      log: res.locals.facts.log,
      principal: res.locals.principal,
      baseUrl: publicBaseUrl(config, req),
      now: nowMicros(service.clock),
      routed: (operation, collection) => {
        Object.assign(res.locals.facts, { operation, collection });
      },
    });
    send(res, reply, chosen.mediaType);
  });

  app.use((error: unknown, _req: Request, res: Response, _next: NextFunction) => {
    const taxii = bodyParserError(error) ?? asTaxiiError(error);
    const { log } = res.locals.facts;
    if (taxii.status >= 500) log.error({ err: error }, 'request error');
    sendError(res, taxii);
  });
  return app;
}

function send(res: Response, reply: Reply, mediaType: string): void {
  const facts = res.locals.facts;
  if (reply.objects !== undefined) facts.objects = reply.objects;
  if (reply.operation !== undefined) facts.operation = reply.operation;
  if (reply.collection !== undefined) facts.collection = reply.collection;
  res.status(reply.status);
  res.setHeader('Content-Type', mediaType);
  for (const [name, value] of Object.entries(reply.headers ?? {})) res.setHeader(name, value);
  res.end(reply.body);
}

function sendError(res: Response, error: TaxiiError): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const body = JSON.stringify(errorResource(error));
  send(
    res,
    { status: error.status, headers: { ...error.headers }, body },
    res.locals.facts.mediaType ?? TAXII_21,
  );
}

/** Routes requests under the path prefix as if it were the root; others are not ours (404). */
function stripPathPrefix(prefix: string) {
  return (req: Request, _res: Response, next: NextFunction): void => {
    if (prefix === '') return next();
    const at = req.url.indexOf('?');
    const path = at < 0 ? req.url : req.url.slice(0, at);
    const inside = pathInsidePrefix(prefix, path);
    if (inside === null) {
      next(new TaxiiError('not_found', `There is no TAXII resource at ${path}.`));
      return;
    }
    req.url = inside + (at < 0 ? '' : req.url.slice(at));
    next();
  };
}

/**
 * The path as the router should see it. TAXII paths end in `/`, and a client that leaves it
 * off gets the same resource, not a redirect. Malformed percent-encoding is the client's error.
 */
function checkedPath(path: string): string {
  try {
    decodeURIComponent(path);
  } catch {
    throw new TaxiiError('invalid_request', 'The request path is not valid percent-encoded UTF-8.');
  }
  return path.endsWith('/') ? path : `${path}/`;
}

/** Errors of the body reader (body-parser) are the client's: 413, 415 or 400, never a 500. */
function bodyParserError(error: unknown): TaxiiError | null {
  if (error instanceof TaxiiError) return null;
  const { type, status } = (error ?? {}) as { type?: unknown; status?: unknown };
  if (typeof status !== 'number' || status < 400 || status >= 500) return null;
  if (type === 'entity.too.large') {
    return new TaxiiError(
      'payload_too_large',
      'The request body is larger than max_content_length.',
    );
  }
  if (type === 'charset.unsupported' || type === 'encoding.unsupported' || status === 415) {
    return new TaxiiError(
      'unsupported_media_type',
      "The request body's charset or Content-Encoding is not supported.",
    );
  }
  return new TaxiiError('invalid_request', 'The request body could not be read.');
}
