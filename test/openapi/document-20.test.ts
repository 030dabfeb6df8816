import { OpenAPIBackend, type Context, type Document } from 'openapi-backend';
import { beforeAll, describe, expect, it, vi } from 'vitest';

import * as mediaTypes from '../../src/server/media-types.js';
import {
  API_ROOT,
  BACKEND_OPTIONS,
  COLLECTION_ID,
  DOCUMENT_PATH_20,
  MANIFEST_PATH_20,
  OBJECT_PATH_20,
  OBJECTS_PATH_20,
  OPERATION_IDS_20,
  STIX_20,
  TAXII_20,
  getRequest20,
  loadBackend20,
} from './backend-fixture-20.js';
import { loadBackend } from './backend-fixture.js';

let api: OpenAPIBackend;

beforeAll(async () => {
  api = await loadBackend20();
});

describe('the TAXII 2.0 document in openapi-backend', () => {
  it('initialises with strict, exact-slash, full-check options and nothing else', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const bare = new OpenAPIBackend({ definition: DOCUMENT_PATH_20, ...BACKEND_OPTIONS });

    try {
      await expect(bare.init()).resolves.toBe(bare);
      expect(bare.initialized).toBe(true);
      const messages = warn.mock.calls.map((call) => String(call[0]));
      expect(messages.every((m) => m.startsWith('unknown format "date-time" ignored'))).toBe(true);
    } finally {
      warn.mockRestore();
    }
  });

  it('loads without a warning once ajv-formats is added', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);

    try {
      await loadBackend20();
      expect(warn).not.toHaveBeenCalled();
    } finally {
      warn.mockRestore();
    }
  });

  it('declares exactly the operationIds the handlers are keyed by', () => {
    const ids = api.getOperations().map((operation) => operation.operationId);

    expect(ids).toEqual([...OPERATION_IDS_20]);
  });

  it('uses the media types the server names as constants', () => {
    expect([TAXII_20, STIX_20]).toEqual([mediaTypes.TAXII_20, mediaTypes.STIX_20]);
  });

  it.each([
    ['getDiscovery', '4.1'],
    ['getApiRoot', '4.2'],
    ['getStatus', '4.3'],
    ['listCollections', '5.1'],
    ['getCollection', '5.2'],
    ['listObjects', '5.3'],
    ['addObjects', '5.4'],
    ['getObject', '5.5'],
    ['listManifestRecords', '5.6'],
  ])('describes %s as implementing TAXII 2.0 section %s', (operationId, section) => {
    const operation = api.getOperation(operationId);

    expect(operation?.summary).toBeTruthy();
    expect(operation?.description).toContain(`TAXII 2.0 section ${section} `);
  });
});

describe('routing', () => {
  it.each([
    ['get', '/taxii/', 'getDiscovery'],
    ['get', `/${API_ROOT}/`, 'getApiRoot'],
    ['get', `/${API_ROOT}/status/534ed043-fd0c-4e7d-b121-3a980a4e4699/`, 'getStatus'],
    ['get', `/${API_ROOT}/collections/`, 'listCollections'],
    ['get', `/${API_ROOT}/collections/${COLLECTION_ID}/`, 'getCollection'],
    ['get', MANIFEST_PATH_20, 'listManifestRecords'],
    ['get', OBJECTS_PATH_20, 'listObjects'],
    ['post', OBJECTS_PATH_20, 'addObjects'],
    ['get', OBJECT_PATH_20, 'getObject'],
  ])('routes %s %s to %s', (method, path, operationId) => {
    const operation = api.matchOperation({ method, path, headers: {} });

    expect(operation?.operationId).toBe(operationId);
  });

  it('routes /taxii/ to getDiscovery though the /{api_root}/ template matches it', async () => {
    // The same document without the static path sends /taxii/ to getApiRoot: getDiscovery
    // wins only because exact paths are tried first.
    const definition = structuredClone(api.definition) as Document;
    delete definition.paths?.['/taxii/'];
    const withoutDiscovery = await loadBackend20({ definition });

    const request = { method: 'get', path: '/taxii/', headers: {} };
    expect(withoutDiscovery.matchOperation(request)?.operationId).toBe('getApiRoot');
    expect(api.matchOperation(request)?.operationId).toBe('getDiscovery');
  });

  it('leaves the 2.1 discovery path to the API root template; the 2.1 document serves it', () => {
    const operation = api.matchOperation({ method: 'get', path: '/taxii2/', headers: {} });

    expect(operation?.operationId).toBe('getApiRoot');
  });

  it.each(['/taxii', `/${API_ROOT}`, OBJECTS_PATH_20.slice(0, -1)])(
    'matches no operation for %s, the path without its trailing slash',
    (path) => {
      expect(api.matchOperation({ method: 'get', path, headers: {} })).toBeUndefined();
    },
  );

  it('declares no operation TAXII 2.0 lacks', () => {
    expect(api.matchOperation({ method: 'delete', path: OBJECT_PATH_20, headers: {} })).toBe(
      undefined,
    );
    expect(
      api.matchOperation({ method: 'get', path: `${OBJECT_PATH_20}versions/`, headers: {} }),
    ).toBeUndefined();
  });
});

describe('the request pipeline', () => {
  let pipeline: OpenAPIBackend;

  beforeAll(async () => {
    const handlers = Object.fromEntries(
      OPERATION_IDS_20.map((id) => [id, (c: Context) => ({ routed: c.operation.operationId })]),
    );
    pipeline = await loadBackend20({
      handlers: {
        ...handlers,
        validationFail: (c: Context) => ({ status: 400, errors: c.validation.errors }),
        notFound: () => ({ status: 404 }),
        methodNotAllowed: () => ({ status: 405 }),
      },
    });
  });

  it('hands a request without credentials to the handler, leaving auth to the server', async () => {
    expect(await pipeline.handleRequest(getRequest20('/taxii/'))).toEqual({
      routed: 'getDiscovery',
    });
  });

  it.each(['Basic cmVhZGVyOnMzY3JldA==', 'Bearer k3y'])(
    'hands a request with %s credentials to the handler as well',
    async (authorization) => {
      const request = getRequest20(`/${API_ROOT}/collections/`, '', { authorization });

      expect(await pipeline.handleRequest(request)).toEqual({ routed: 'listCollections' });
    },
  );

  it('declares the security of the 2.1 document, since one auth step serves both', async () => {
    const v21 = await loadBackend();
    const schemes = (backend: OpenAPIBackend) =>
      Object.keys(backend.definition.components?.securitySchemes ?? {});

    expect(schemes(api)).toEqual(schemes(v21));
    expect(api.definition.security).toEqual(v21.definition.security);
  });

  it('hands a filtered, ranged listObjects request to its handler', async () => {
    const query = 'added_after=2024-05-01T00:00:00Z&match[type]=indicator&match[version]=all';
    const request = getRequest20(OBJECTS_PATH_20, query, { range: 'items 0-99' });

    expect(await pipeline.handleRequest(request)).toEqual({ routed: 'listObjects' });
  });

  it.each(['items 99-0', 'items=abc', 'bytes=0-10', 'nonsense'])(
    'leaves Range %j to the handler, which answers what it cannot read with 416',
    async (range) => {
      const request = getRequest20(OBJECTS_PATH_20, '', { range });

      expect(await pipeline.handleRequest(request)).toEqual({ routed: 'listObjects' });
    },
  );

  it('answers a declared path with an undeclared method through methodNotAllowed', async () => {
    const request = { method: 'delete', path: OBJECT_PATH_20, headers: {} };

    expect(await pipeline.handleRequest(request)).toEqual({ status: 405 });
  });

  it('sends an invalid listManifestRecords request to validationFail', async () => {
    const result = await pipeline.handleRequest(getRequest20(MANIFEST_PATH_20, 'added_after=x'));

    expect(result).toMatchObject({ status: 400, errors: [{ instancePath: '/query/added_after' }] });
  });

  it('declares TAXII bodies as TAXII 2.0, and bundles as STIX 2.0 or, if asked, TAXII 2.0', () => {
    const bundleBodies = new Set(['listObjects 200', 'listObjects 206', 'getObject 200']);
    for (const operation of api.getOperations()) {
      const request = operation.requestBody as { content?: Record<string, unknown> } | undefined;
      if (request?.content) expect(Object.keys(request.content)).toEqual([STIX_20]);

      for (const [status, body] of Object.entries(operation.responses ?? {})) {
        const content = (body as { content?: Record<string, unknown> }).content;
        if (!content) continue;
        const want = bundleBodies.has(`${operation.operationId} ${status}`)
          ? [STIX_20, TAXII_20]
          : [TAXII_20];
        expect(Object.keys(content), `${operation.operationId} ${status}`).toEqual(want);
      }
    }
  });

  it('declares the paging headers and the 206 and 416 answers on every paged list', () => {
    for (const operationId of ['listCollections', 'listObjects', 'listManifestRecords']) {
      const responses = api.getOperation(operationId)?.responses ?? {};
      for (const status of ['200', '206', '416']) {
        const headers = (responses[status] as { headers?: Record<string, unknown> }).headers;
        expect(Object.keys(headers ?? {}), `${operationId} ${status}`).toEqual(
          expect.arrayContaining(['Accept-Ranges', 'Content-Range']),
        );
      }
      const parameters = api.getOperation(operationId)?.parameters ?? [];
      expect(parameters.map((p) => ('name' in p ? p.name : ''))).toContain('Range');
    }
  });
});
