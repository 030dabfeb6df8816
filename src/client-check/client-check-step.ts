import type { NextFunction, Request, Response } from 'express';
import type { OpenAPIBackend } from 'openapi-backend';

import type { Principal } from '../auth/principal.js';
import { loadCheckingBackend } from '../server/response-check.js';
import { isTaxiiResponse } from '../server/response-validation.js';
import { TAXII_20_DOCUMENT } from '../server/taxii20-backend.js';
import { TAXII_21_DOCUMENT } from '../server/taxii21-backend.js';
import { candidateVersions, chooseVersion, type TaxiiVersion } from '../server/version-choice.js';
import { ClientReports } from './client-reports.js';
import { queryPairs, requestDeviations, type Deviation } from './request-rules.js';

/** Where a client reads its own report. */
export const CLIENT_CHECK_PATH = '/client-check/';

export interface ClientCheck {
  reports: ClientReports;
  documents: Record<TaxiiVersion, OpenAPIBackend>;
}

export async function createClientCheck(clock?: () => number): Promise<ClientCheck> {
  const [v20, v21] = await Promise.all([
    loadCheckingBackend(TAXII_20_DOCUMENT),
    loadCheckingBackend(TAXII_21_DOCUMENT),
  ]);
  return { reports: new ClientReports(clock), documents: { '2.0': v20, '2.1': v21 } };
}

/**
 * `serve --client-check`: after authentication, each request is checked against the document
 * of its TAXII version beyond what serving it needs, once its response has gone out; each
 * deviation is logged and counted for the client (its user, or its address when anonymous).
 * GET /client-check/ answers the requesting client's own report as JSON.
 */
export function clientCheckStep(check: ClientCheck, served: readonly TaxiiVersion[]) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const client = clientName(res.locals.principal, req.ip);
    if (req.path === CLIENT_CHECK_PATH || `${req.path}/` === CLIENT_CHECK_PATH) {
      if (req.method !== 'GET' && req.method !== 'HEAD') return next();
      res.status(200);
      res.setHeader('Content-Type', 'application/json; charset=utf-8');
      res.end(JSON.stringify(check.reports.report(client)));
      return;
    }

    let sent: unknown;
    const end = res.end.bind(res) as (...args: unknown[]) => Response;
    res.end = ((...args: unknown[]) => {
      if (typeof args[0] === 'string' || Buffer.isBuffer(args[0])) sent = args[0];
      return end(...args);
    }) as Response['end'];

    res.on('finish', () => {
      if (!isTaxiiResponse(res)) return;
      const audit = auditRequest(check, served, req, client);
      if (!audit) return;
      const { deviations, version, resource, filters } = audit;
      const example = `${req.method} ${req.originalUrl}`;
      check.reports.record(client, example, deviations);
      const { log, operation } = res.locals.facts;
      for (const { rule, detail } of deviations) {
        log.warn({ client, operation, rule, detail }, 'client deviates from the TAXII document');
      }
      const issued = version === '2.1' && res.statusCode === 200 ? nextIn(sent) : null;
      if (issued) check.reports.issued(client, issued, resource, filters);
    });
    next();
  };
}

interface Audit {
  deviations: Deviation[];
  version: TaxiiVersion;
  resource: string;
  filters: string;
}

function auditRequest(
  check: ClientCheck,
  served: readonly TaxiiVersion[],
  req: Request,
  client: string,
): Audit | null {
  const resource = req.path.endsWith('/') ? req.path : `${req.path}/`;
  let version: TaxiiVersion;
  try {
    const candidates = candidateVersions(resource, served);
    version = versionAsked(resource, req, candidates);
  } catch {
    return null; // Not a TAXII path: the 404 says all there is to say.
  }
  const operation = check.documents[version].router.matchOperation({
    method: req.method === 'HEAD' ? 'get' : req.method.toLowerCase(),
    path: resource,
    headers: {},
  });
  const at = req.originalUrl.indexOf('?');
  const query = queryPairs(at < 0 ? '' : req.originalUrl.slice(at + 1));
  const deviations = requestDeviations({
    method: req.method,
    path: req.path,
    query,
    accept: req.get('accept'),
    contentType: req.get('content-type'),
    range: req.get('range'),
    version,
    responseMediaTypes: operation ? successMediaTypes(operation.responses) : [],
    requestMediaTypes: operation ? contentTypes(operation.requestBody) : [],
  });
  const filters = filterKey(query);
  const nextSent = query.find(([name]) => name === 'next')?.[1];
  if (version === '2.1' && nextSent !== undefined) {
    deviations.push(...check.reports.cursorDeviations(client, nextSent, resource, filters));
  }
  return { deviations, version, resource, filters };
}

/** The version the request was answered in; a refused Accept still names the path's version. */
function versionAsked(path: string, req: Request, candidates: TaxiiVersion[]): TaxiiVersion {
  try {
    return chooseVersion(path, req.method, req.get('accept'), candidates).version;
  } catch {
    return candidates[0]!;
  }
}

/** The filters of a request, in a canonical order: everything but the paging parameters. */
function filterKey(query: Array<[string, string]>): string {
  return query
    .filter(([name]) => name !== 'next' && name !== 'limit')
    .map(([name, value]) => `${name}=${value}`)
    .sort()
    .join('&');
}

function successMediaTypes(responses: unknown): string[] {
  const all = Object.entries((responses ?? {}) as Record<string, unknown>)
    .filter(([status]) => status.startsWith('2'))
    .flatMap(([, response]) => contentTypes(response));
  return [...new Set(all)];
}

function contentTypes(body: unknown): string[] {
  return Object.keys((body as { content?: object } | undefined)?.content ?? {});
}

function nextIn(sent: unknown): string | null {
  if (sent === undefined) return null;
  try {
    const body = JSON.parse(Buffer.isBuffer(sent) ? sent.toString('utf8') : String(sent)) as {
      more?: unknown;
      next?: unknown;
    };
    return body.more === true && typeof body.next === 'string' ? body.next : null;
  } catch {
    return null;
  }
}

/** A client is its user; anonymous clients are told apart by address. */
function clientName(principal: Principal | undefined, address: string | undefined): string {
  if (principal?.kind === 'user') return principal.name;
  return `anonymous ${address ?? 'unknown'}`;
}
