import { OpenAPIBackend, type Context } from 'openapi-backend';

import { addFormats } from '../schema/json-schemas.js';
import type { Reply, RequestContext } from '../taxii/service.js';
import { TaxiiError } from './errors.js';
import {
  createBodyCheck,
  parsedBody,
  requireDeclaredMediaType,
  type BodyOperation,
} from './request-body.js';

/** What the express layer hands a backend: the request as openapi-backend reads it. */
export interface BackendRequest {
  method: string;
  path: string;
  query: string;
  headers: Record<string, string | string[]>;
  body?: unknown;
}

export type TaxiiDispatch = (request: BackendRequest, rc: RequestContext) => Promise<Reply>;

/** Handlers as the router calls them; each document's own types check them where written. */
type LooseHandler = (request: LooseRequest, rc: RequestContext) => Reply | Promise<Reply>;

interface LooseRequest {
  params: Record<string, string>;
  query: Record<string, unknown>;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
  checkBody: () => void;
}

/**
 * Routes and validates requests by one OpenAPI document, in strict mode, and binds handlers by
 * operationId. Routing failures and invalid requests become TAXII errors; both TAXII versions
 * share this, each with its own document and handlers.
 */
export async function createDocumentDispatch(
  document: string,
  handlers: object,
): Promise<TaxiiDispatch> {
  const api = new OpenAPIBackend({
    definition: document,
    strict: true,
    ignoreTrailingSlashes: false,
    validate: true,
    // Without formats, openapi-backend's AJV ignores `format: date-time` and warns per schema.
    customizeAjv: (ajv) => addFormats(ajv),
  });

  const checkBody = createBodyCheck();
  for (const [operationId, handler] of Object.entries(handlers) as Array<[string, LooseHandler]>) {
    api.register(operationId, async (c: Context, rc: RequestContext): Promise<Reply> => {
      const params = c.request.params as Record<string, string>;
      rc.routed?.(operationId, params['collection_id']);
      // openapi-backend has validated params and query against this operation's schemas.
      const query = c.request.query as Record<string, unknown>;
      const body: unknown = c.request.requestBody;
      const request = {
        params,
        query,
        headers: c.request.headers,
        body,
        checkBody: () => checkBody(c.operation as BodyOperation, body),
      };
      const reply = await handler(request, rc);
      return { ...reply, operation: operationId, collection: params['collection_id'] };
    });
  }
  api.register({
    validationFail: (c: Context, rc: RequestContext) => {
      const operationId = c.operation?.operationId;
      const collection = (c.request.params as Record<string, string> | undefined)?.[
        'collection_id'
      ];
      if (operationId) rc.routed?.(operationId, collection);
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

  return async (request, rc) => {
    // The body's media type is checked before the body is read (TAXII 2.1 section 5.5).
    const declared = declaredBodyTypes(api, request);
    if (declared.length > 0) requireDeclaredMediaType(request.headers['content-type'], declared);
    const body = parsedBody(request.body);
    return (await api.handleRequest({ ...request, body }, rc)) as Reply;
  };
}

/** The media types the routed operation's request body may have; none for no body. */
function declaredBodyTypes(api: OpenAPIBackend, request: BackendRequest): string[] {
  const operation = api.router.matchOperation({ ...request, body: undefined });
  const requestBody = operation?.requestBody as { content?: Record<string, unknown> } | undefined;
  return Object.keys(requestBody?.content ?? {});
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
  return METHODS.filter((method) => api.router.matchOperation({ method, path, headers: {} })).map(
    (m) => m.toUpperCase(),
  );
}
