import OpenAPIBackend, { type Context } from 'openapi-backend';

import { packageFile } from '../package-files.js';
import { getApiRoot } from '../taxii/api-root.js';
import { getCollection, listCollections } from '../taxii/collections.js';
import { getDiscovery } from '../taxii/discovery.js';
import {
  getObject,
  listManifestRecords,
  listObjects,
  listObjectVersions,
  type CollectionPath,
  type ObjectPath,
} from '../taxii/objects.js';
import type { Reply, RequestContext, TaxiiService } from '../taxii/service.js';
import { getStatus } from '../taxii/status.js';
import { addObjects, deleteObject } from '../taxii/writes.js';
import { TaxiiError } from './errors.js';
import { negotiateVersion } from './media-types.js';
import type { OperationHandlers } from './operation-handler.js';

export const TAXII_21_DOCUMENT = packageFile('openapi', 'taxii-2.1.yaml');

/** What the express layer hands the backend: the request as openapi-backend reads it. */
export interface BackendRequest {
  method: string;
  path: string;
  query: string;
  headers: Record<string, string | string[] | undefined>;
  body?: unknown;
}

export type TaxiiDispatch = (request: BackendRequest, rc: RequestContext) => Promise<Reply>;

/** The handlers of the TAXII 2.1 document, keyed by operationId. */
export function taxii21Handlers(service: TaxiiService): OperationHandlers {
  return {
    getDiscovery: (_req, rc) => getDiscovery(service, rc),
    getApiRoot: (req) => getApiRoot(service, req.params['api_root']!),
    getStatus: (req) => getStatus(service, req.params['api_root']!, req.params['status_id']!),
    listCollections: (req) => listCollections(service, req.params['api_root']!),
    getCollection: (req) =>
      getCollection(service, req.params['api_root']!, req.params['collection_id']!),
    listManifestRecords: (req, rc) =>
      listManifestRecords(service, rc, collectionPath(req.params), req.query),
    listObjects: (req, rc) => listObjects(service, rc, collectionPath(req.params), req.query),
    addObjects: (req) => addObjects(service, collectionPath(req.params)),
    getObject: (req, rc) => getObject(service, rc, objectPath(req.params), req.query),
    deleteObject: (req) => deleteObject(service, objectPath(req.params)),
    listObjectVersions: (req, rc) =>
      listObjectVersions(service, rc, objectPath(req.params), req.query),
  };
}

/**
 * Routes and validates requests by the TAXII 2.1 OpenAPI document, in strict mode, and binds
 * the handlers by operationId. Routing failures and invalid requests become TAXII errors.
 */
export async function createTaxii21Dispatch(service: TaxiiService): Promise<TaxiiDispatch> {
  const api = new OpenAPIBackend({
    definition: TAXII_21_DOCUMENT,
    strict: true,
    ignoreTrailingSlashes: false,
    validate: true,
  });

  const handlers = taxii21Handlers(service);
  for (const [operationId, handler] of Object.entries(handlers)) {
    api.register(operationId, (c: Context, rc: RequestContext) =>
      Promise.resolve(
        handler({ params: c.request.params as Record<string, string>, query: c.request.query }, rc),
      ),
    );
  }
  api.register({
    postRoutingHandler: (c: Context) => requireAcceptable(c),
    validationFail: (c: Context) => {
      throw invalidRequest(c);
    },
    notFound: (c: Context) => {
      throw new TaxiiError('not_found', `There is no TAXII resource at ${c.request.path}.`);
    },
    methodNotAllowed: (c: Context) => {
      const allow = allowedMethods(api, c.request.path);
      throw new TaxiiError(
        'method_not_allowed',
        `${c.request.method.toUpperCase()} is not allowed here; use ${allow.join(', ')}.`,
        { Allow: allow.join(', ') },
      );
    },
  });
  await api.init();

  return async (request, rc) => (await api.handleRequest(request, rc)) as Reply;
}

function requireAcceptable(c: Context): void {
  const accept = c.request.headers['accept'];
  const header = Array.isArray(accept) ? accept.join(',') : accept;
  if (negotiateVersion(header) === null) {
    throw new TaxiiError(
      'not_acceptable',
      'This server answers in application/taxii+json;version=2.1; ' +
        `the Accept header "${header ?? ''}" does not allow it.`,
    );
  }
}

function invalidRequest(c: Context): TaxiiError {
  const errors = c.validation.errors ?? [];
  const problems = errors.map((e) => {
    const where = (e.instancePath || '').replace(/^\//, '').replace(/\//g, '.');
    return `${where ? `${where}: ` : ''}${e.message ?? 'is invalid'}`;
  });
  return new TaxiiError('invalid_parameter', `The request is invalid: ${problems.join('; ')}.`);
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

function allowedMethods(api: OpenAPIBackend, path: string): string[] {
  return METHODS.filter((method) => api.router.matchOperation({ method, path, headers: {} }))
    .map((m) => m.toUpperCase());
}

function collectionPath(params: Record<string, string>): CollectionPath {
  return { api_root: params['api_root']!, collection_id: params['collection_id']! };
}

function objectPath(params: Record<string, string>): ObjectPath {
  return { ...collectionPath(params), object_id: params['object_id']! };
}
