import type { NextFunction, Request, Response } from 'express';

import type { ServerConfig } from '../config/config.js';
import { indexPage, INDEX_POLICY } from './docs-index-page.js';
import {
  documentAsJson,
  documentAsYaml,
  servedDocument,
  servedPage,
  type DocsApi,
  type DocsSite,
} from './docs-site.js';
import { TaxiiError } from './errors.js';
import { publicBaseUrl } from './public-url.js';

const ROUTE = /^\/docs(?:\/(?:(assets)\/([^/]+)|([a-z0-9.-]+?)(\/|\.json|\.yaml)?)?)?$/;
const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
};

/** Whether a path (inside the path prefix) belongs to the documentation rather than to TAXII. */
export function isDocsPath(path: string): boolean {
  return path === '/docs' || path.startsWith('/docs/');
}

/**
 * The published API documentation under /docs/ (inside the path prefix): an index of the APIs
 * served, a Redoc reference page per API, and each OpenAPI document as JSON and YAML, all with
 * this server's own URL in `servers`. Served without credentials: they describe the API, not
 * the data. Paths outside /docs go on to TAXII.
 */
export function docsRoutes(config: Readonly<ServerConfig>, site: DocsSite | null) {
  const apis = (site?.apis ?? [])
    .filter((api) => (config.versions as readonly string[]).includes(api.version))
    .sort(
      (a, b) =>
        config.versions.indexOf(a.version as never) - config.versions.indexOf(b.version as never),
    );
  const byName = new Map(apis.map((api) => [api.api, api]));

  return (req: Request, res: Response, next: NextFunction): void => {
    if (!isDocsPath(req.path)) return next();
    const route = ROUTE.exec(req.path);
    if (!route) {
      return next(new TaxiiError('not_found', `There is no API documentation at ${req.path}.`));
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      return next(
        new TaxiiError('method_not_allowed', `${req.method} is not allowed here; use GET, HEAD.`, {
          Allow: 'GET, HEAD',
        }),
      );
    }
    if (!site) {
      return next(
        new TaxiiError(
          'not_found',
          'The API documentation was not built with this server; run `npm run docs`.',
        ),
      );
    }

    const [, assets, assetName, name, ending] = route;
    if (assets) return sendAsset(res, site, assetName!, next);
    // Relative redirects keep the client's scheme, host and path prefix whatever they are.
    if (name === undefined) {
      return req.path.endsWith('/')
        ? sendIndex(req, res, config, site, apis)
        : redirect(res, 'docs/');
    }
    const api = byName.get(name);
    if (!api)
      return next(new TaxiiError('not_found', `There is no API documentation at ${req.path}.`));
    const baseUrl = publicBaseUrl(config, req);
    if (ending === undefined) return redirect(res, `${name}/`);
    if (ending === '/') return sendPage(res, site, api, baseUrl);
    return sendDocument(res, api, baseUrl, ending);
  };
}

function sendIndex(
  req: Request,
  res: Response,
  config: Readonly<ServerConfig>,
  site: DocsSite,
  apis: readonly DocsApi[],
): void {
  res.setHeader('Content-Security-Policy', INDEX_POLICY);
  res.type('html').send(indexPage(site, apis, publicBaseUrl(config, req)));
}

function sendPage(res: Response, site: DocsSite, api: DocsApi, baseUrl: string): void {
  const page = servedPage(site, api, baseUrl);
  res.setHeader('Content-Security-Policy', page.contentSecurityPolicy);
  res.type('html').send(page.html);
}

function sendDocument(res: Response, api: DocsApi, baseUrl: string, ending: string): void {
  const document = servedDocument(api, baseUrl);
  if (ending === '.json') {
    res.setHeader('Content-Type', 'application/json; charset=utf-8');
    res.send(documentAsJson(document));
  } else {
    res.setHeader('Content-Type', 'application/yaml; charset=utf-8');
    res.send(documentAsYaml(document));
  }
}

function sendAsset(res: Response, site: DocsSite, name: string, next: NextFunction): void {
  const bytes = site.assets.get(name);
  const type = CONTENT_TYPES[name.slice(name.lastIndexOf('.'))];
  if (!bytes || !type) {
    return next(new TaxiiError('not_found', `There is no documentation asset named ${name}.`));
  }
  // Asset names carry their content hash, so a cached copy never goes stale.
  res.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
  res.setHeader('Content-Type', type);
  res.send(bytes);
}

function redirect(res: Response, location: string): void {
  res.status(301).setHeader('Location', location);
  res.type('text/plain').send(`See ${location}\n`);
}
