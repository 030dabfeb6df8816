import { OpenAPIBackend, type Context, type Document } from 'openapi-backend';
import { beforeAll, describe, expect, it, vi } from 'vitest';

import {
  API_ROOT,
  BACKEND_OPTIONS,
  COLLECTION_ID,
  DOCUMENT_PATH,
  OBJECT_PATH,
  OBJECTS_PATH,
  OPERATION_IDS,
  TAXII_MEDIA_TYPE,
  getRequest,
  loadBackend,
} from './backend-fixture.js';

let api: OpenAPIBackend;

beforeAll(async () => {
  api = await loadBackend();
});

describe('the TAXII 2.1 document in openapi-backend', () => {
  it('initialises with strict, exact-slash, full-check options and nothing else', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const bare = new OpenAPIBackend({ definition: DOCUMENT_PATH, ...BACKEND_OPTIONS });

    try {
      await expect(bare.init()).resolves.toBe(bare);
      expect(bare.initialized).toBe(true);
      // Without ajv-formats, Ajv skips `format` and says so for each schema using it: the
      // reason the server passes customizeAjv.
      const messages = warn.mock.calls.map((call) => String(call[0]));
      expect(messages.length).toBeGreaterThan(0);
      expect(messages.every((m) => m.startsWith('unknown format "date-time" ignored'))).toBe(true);
    } finally {
      warn.mockRestore();
    }
  });

  it('loads without a warning once ajv-formats is added', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);

    try {
      await loadBackend();
      expect(warn).not.toHaveBeenCalled();
    } finally {
      warn.mockRestore();
    }
  });

  it('declares exactly the operationIds the handlers are keyed by', () => {
    const ids = api.getOperations().map((operation) => operation.operationId);

    expect(ids).toEqual([...OPERATION_IDS]);
  });

  it.each([
    ['getDiscovery', '4.1'],
    ['getApiRoot', '4.2'],
    ['getStatus', '4.3'],
    ['listCollections', '5.1'],
    ['getCollection', '5.2'],
    ['listManifestRecords', '5.3'],
    ['listObjects', '5.4'],
    ['addObjects', '5.5'],
    ['getObject', '5.6'],
    ['deleteObject', '5.7'],
    ['listObjectVersions', '5.8'],
  ])('describes %s as implementing TAXII 2.1 section %s', (operationId, section) => {
    const operation = api.getOperation(operationId);

    expect(operation?.summary).toBeTruthy();
    expect(operation?.description).toContain(`TAXII 2.1 section ${section} `);
  });
});

describe('routing', () => {
  it.each([
    ['get', '/taxii2/', 'getDiscovery'],
    ['get', `/${API_ROOT}/`, 'getApiRoot'],
    ['get', `/${API_ROOT}/status/534ed043-fd0c-4e7d-b121-3a980a4e4699/`, 'getStatus'],
    ['get', `/${API_ROOT}/collections/`, 'listCollections'],
    ['get', `/${API_ROOT}/collections/${COLLECTION_ID}/`, 'getCollection'],
    ['get', `/${API_ROOT}/collections/${COLLECTION_ID}/manifest/`, 'listManifestRecords'],
    ['get', OBJECTS_PATH, 'listObjects'],
    ['post', OBJECTS_PATH, 'addObjects'],
    ['get', OBJECT_PATH, 'getObject'],
    ['delete', OBJECT_PATH, 'deleteObject'],
    ['get', `${OBJECT_PATH}versions/`, 'listObjectVersions'],
  ])('routes %s %s to %s', (method, path, operationId) => {
    const operation = api.matchOperation({ method, path, headers: {} });

    expect(operation?.operationId).toBe(operationId);
  });

  it('routes /taxii2/ to getDiscovery though the /{api_root}/ template matches it', async () => {
    // Prove that the static path is what decides: the same document without it sends
    // /taxii2/ to getApiRoot, so getDiscovery wins only because exact paths are tried first.
    const definition = structuredClone(api.definition) as Document;
    delete definition.paths?.['/taxii2/'];
    const withoutDiscovery = await loadBackend({ definition });

    const request = { method: 'get', path: '/taxii2/', headers: {} };
    expect(withoutDiscovery.matchOperation(request)?.operationId).toBe('getApiRoot');
    expect(api.matchOperation(request)?.operationId).toBe('getDiscovery');
  });

  it.each(['/taxii2', `/${API_ROOT}`, OBJECTS_PATH.slice(0, -1)])(
    'matches no operation for %s, the path without its trailing slash',
    (path) => {
      expect(api.matchOperation({ method: 'get', path, headers: {} })).toBeUndefined();
    },
  );

  it('ignores a path in servers, so the document says `/` to match what routing does', async () => {
    const definition = structuredClone(api.definition) as Document;
    definition.servers = [{ url: '/taxii' }];
    const prefixed = await loadBackend({ definition });

    expect(prefixed.matchOperation({ method: 'get', path: '/taxii/taxii2/', headers: {} })).toBe(
      undefined,
    );
    expect(prefixed.matchOperation(getRequest('/taxii2/'))?.operationId).toBe('getDiscovery');
    expect(api.definition.servers).toEqual([expect.objectContaining({ url: '/' })]);
  });
});

describe('the request pipeline', () => {
  let pipeline: OpenAPIBackend;

  beforeAll(async () => {
    // Every operation answers with its own id, so a response shows where a request went.
    const handlers = Object.fromEntries(
      OPERATION_IDS.map((id) => [id, (c: Context) => ({ routed: c.operation.operationId })]),
    );
    pipeline = await loadBackend({
      handlers: {
        ...handlers,
        validationFail: (c: Context) => ({ status: 400, errors: c.validation.errors }),
        notFound: () => ({ status: 404 }),
        methodNotAllowed: () => ({ status: 405 }),
      },
    });
  });

  it('hands a request without credentials to the handler, leaving auth to the server', async () => {
    const result = await pipeline.handleRequest(getRequest('/taxii2/'));

    expect(result).toEqual({ routed: 'getDiscovery' });
  });

  it('hands a request with Basic credentials to the handler as well', async () => {
    const request = getRequest(`/${API_ROOT}/collections/`);
    const headers = { ...request.headers, authorization: 'Basic cmVhZGVyOnMzY3JldA==' };

    const result = await pipeline.handleRequest({ ...request, headers });

    expect(result).toEqual({ routed: 'listCollections' });
  });

  it('answers a declared path with an undeclared method through methodNotAllowed', async () => {
    const result = await pipeline.handleRequest({ method: 'put', path: '/taxii2/', headers: {} });

    expect(result).toEqual({ status: 405 });
  });

  it('answers an unknown path through notFound', async () => {
    const result = await pipeline.handleRequest(getRequest('/taxii2'));

    expect(result).toEqual({ status: 404 });
  });

  it('hands a valid filtered listObjects request to its handler', async () => {
    const query = 'added_after=2024-05-01T00:00:00.000Z&limit=50&match[type]=indicator';

    const result = await pipeline.handleRequest(getRequest(OBJECTS_PATH, query));

    expect(result).toEqual({ routed: 'listObjects' });
  });

  it('sends an invalid listObjects request to validationFail', async () => {
    const result = await pipeline.handleRequest(getRequest(OBJECTS_PATH, 'limit=0'));

    expect(result).toMatchObject({ status: 400, errors: [{ instancePath: '/query/limit' }] });
  });

  it('declares every body in the one TAXII 2.1 media type', () => {
    for (const operation of api.getOperations()) {
      const bodies = [operation.requestBody, ...Object.values(operation.responses ?? {})];
      for (const body of bodies) {
        const content = (body as { content?: Record<string, unknown> } | undefined)?.content;
        if (content) expect(Object.keys(content)).toEqual([TAXII_MEDIA_TYPE]);
      }
    }
  });
});
