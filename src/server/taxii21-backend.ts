import { OpenAPIBackend, type Context } from 'openapi-backend';

import { packageFile } from '../package-files.js';
import { addFormats } from '../schema/json-schemas.js';
import { getApiRoot } from '../taxii/api-root.js';
import { getCollection, listCollections } from '../taxii/collections.js';
import { getDiscovery } from '../taxii/discovery.js';
import {
  getObject,
  listManifestRecords,
  listObjects,
  listObjectVersions,
} from '../taxii/objects.js';
import type { Reply, RequestContext, TaxiiService } from '../taxii/service.js';
import { getStatus } from '../taxii/status.js';
import { addObjects, deleteObject } from '../taxii/writes.js';
import { TaxiiError } from './errors.js';
import { negotiateVersion } from './media-types.js';
import type {
  OperationHandler,
  OperationHandlers,
  OperationId,
  OperationRequest,
} from './operation-handler.js';

export const TAXII_21_DOCUMENT = packageFile('openapi', 'taxii-2.1.yaml');

/** What the express layer hands the backend: the request as openapi-backend reads it. */
export interface BackendRequest {
  method: string;
  path: string;
  query: string;
  headers: Record<string, string | string[]>;
  body?: unknown;
}

export type TaxiiDispatch = (request: BackendRequest, rc: RequestContext) => Promise<Reply>;

/** The handlers of the TAXII 2.1 document, keyed by operationId. */
export function taxii21Handlers(service: TaxiiService): OperationHandlers {
  return {
    getDiscovery: (_req, rc) => getDiscovery(service, rc),
    getApiRoot: ({ params }) => getApiRoot(service, params.api_root),
    getStatus: ({ params }) => getStatus(service, params.api_root, params.status_id),
    listCollections: ({ params }, rc) => listCollections(service, rc, params.api_root),
    getCollection: ({ params }, rc) =>
      getCollection(service, rc, params.api_root, params.collection_id),
    listManifestRecords: ({ params, query }, rc) =>
      listManifestRecords(service, rc, params, query),
    listObjects: ({ params, query }, rc) => listObjects(service, rc, params, query),
    addObjects: ({ params }, rc) => addObjects(service, rc, params),
    getObject: ({ params, query }, rc) => getObject(service, rc, params, query),
    deleteObject: ({ params }, rc) => deleteObject(service, rc, params),
    listObjectVersions: ({ params, query }, rc) => listObjectVersions(service, rc, params, query),
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
    // Without formats, openapi-backend's AJV ignores `format: date-time` and warns per schema.
    customizeAjv: (ajv) => addFormats(ajv),
  });

  const handlers = taxii21Handlers(service) as Record<string, OperationHandler<OperationId>>;
  for (const [operationId, handler] of Object.entries(handlers)) {
    api.register(operationId, async (c: Context, rc: RequestContext): Promise<Reply> => {
      const params = c.request.params as Record<string, string>;
      // openapi-backend has validated params and query against this operation's schemas.
      const request = { params, query: c.request.query } as OperationRequest<OperationId>;
      const reply = await handler(request, rc);
      return { ...reply, operation: operationId, collection: params['collection_id'] };
    });
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

