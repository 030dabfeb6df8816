import { Writable } from 'node:stream';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { mockExamples, type MockExample } from '../../src/mock/mock-examples.js';
import { startMockServer, type RunningMock } from '../../src/mock/mock-server.js';
import { createLogger } from '../../src/server/logger.js';
import { loadCheckingBackend } from '../../src/server/response-check.js';
import { TAXII_20_DOCUMENT } from '../../src/server/taxii20-backend.js';
import { TAXII_21_DOCUMENT } from '../../src/server/taxii21-backend.js';
import { taxiiRequest } from '../support/test-server.js';

type Json = Record<string, any>;

const DOCUMENTS = [
  { version: '2.1', document: TAXII_21_DOCUMENT, accept: 'application/taxii+json;version=2.1' },
  {
    version: '2.0',
    document: TAXII_20_DOCUMENT,
    accept: 'application/vnd.oasis.taxii+json; version=2.0',
  },
] as const;

// Path parameters a condition leaves open get a value their schema accepts.
const ANY_VALID: Record<string, string> = {
  collection_id: '6b0c6e0a-1c4e-4f43-9a53-3c8f0f1c2d3e',
  status_id: '6b0c6e0a-1c4e-4f43-9a53-3c8f0f1c2d3e',
  object_id: 'indicator--6b0c6e0a-1c4e-4f43-9a53-3c8f0f1c2d3e',
};

interface Case {
  version: string;
  example: MockExample;
  method: string;
  pathTemplate: string;
  requestBody: unknown;
}

/** Every example the mock may serve, with the operation's path, method and a body to post. */
async function mockCases(): Promise<Case[]> {
  const cases: Case[] = [];
  for (const { version, document } of DOCUMENTS) {
    const api = await loadCheckingBackend(document);
    const examples = mockExamples(api.definition);
    for (const operation of api.getOperations()) {
      const body = operation.requestBody as Json | undefined;
      const media = Object.values((body?.['content'] ?? {}) as Json)[0] as Json | undefined;
      const requestBody = (Object.values(media?.['examples'] ?? {})[0] as Json | undefined)?.[
        'value'
      ];
      for (const example of examples.get(operation.operationId!) ?? []) {
        cases.push({
          version,
          example,
          method: operation.method.toUpperCase(),
          pathTemplate: operation.path,
          requestBody,
        });
      }
    }
  }
  return cases;
}

/** A request that meets an example's first condition and nothing else. */
function requestFor(c: Case, base: string, accept: string): [string, RequestInit] {
  const condition = c.example.when[0]!;
  const path = c.pathTemplate.replace(/\{(\w+)\}/g, (_m, name: string) => {
    const value = condition.params[name];
    return value && value !== '*' ? value : (ANY_VALID[name] ?? 'threatintel');
  });
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(condition.query)) {
    if (value !== null) query.set(name, value === '*' ? 'some-value' : value);
  }
  const headers: Record<string, string> = { Accept: accept };
  for (const [name, value] of Object.entries(condition.headers)) {
    if (value !== null) headers[name] = value === '*' ? 'items 1000-1099' : value;
  }
  if (condition.itemsFrom !== null) {
    headers['Range'] = `items ${condition.itemsFrom}-${condition.itemsFrom + 99}`;
  }
  const init: RequestInit = { method: c.method, headers };
  if (c.requestBody !== undefined) {
    headers['Content-Type'] =
      c.version === '2.0' ? 'application/vnd.oasis.stix+json; version=2.0' : accept;
    init.body = JSON.stringify(c.requestBody);
  }
  const search = query.toString();
  return [`${base}${path}${search ? `?${search}` : ''}`, init];
}

describe('every example the mock serves', () => {
  let mock: RunningMock;
  let cases: Case[];
  const logs: Json[] = [];

  beforeAll(async () => {
    cases = await mockCases();
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        for (const line of chunk.toString('utf8').split('\n')) {
          if (line.trim()) logs.push(JSON.parse(line) as Json);
        }
        done();
      },
    });
    mock = await startMockServer({
      host: '127.0.0.1',
      port: 0,
      logger: createLogger('info', sink),
      requireCredentials: false,
    });
  });

  afterAll(async () => {
    await mock.close();
  });

  it('covers every operation of both documents that answers with a body', () => {
    const covered = new Set(cases.map((c) => `${c.version} ${c.example.operationId}`));
    const operations = [
      'getDiscovery',
      'getApiRoot',
      'getStatus',
      'listCollections',
      'getCollection',
      'listManifestRecords',
      'listObjects',
      'addObjects',
      'getObject',
    ];
    for (const version of ['2.0', '2.1']) {
      for (const operation of operations) expect(covered).toContain(`${version} ${operation}`);
    }
    expect(covered).toContain('2.1 listObjectVersions');
  });

  it('is reached by the request its conditions describe, with its status, body and headers', async () => {
    for (const c of cases) {
      const { accept } = DOCUMENTS.find((d) => d.version === c.version)!;
      const mediaAccept = c.example.mediaType.includes('stix') ? c.example.mediaType : accept;
      const [url, init] = requestFor(c, mock.url, mediaAccept);
      const where = `${c.version} ${c.example.operationId} ${c.example.status} ${c.example.name}`;

      // taxiiRequest fails the test on any response that breaks the document.
      const response = await taxiiRequest(url, init);

      expect(response.status, where).toBe(c.example.status);
      expect(response.body, where).toEqual(c.example.value);
      for (const [name, value] of Object.entries(c.example.headers)) {
        expect(response.headers.get(name), `${where} ${name}`).toBe(value);
      }
    }
    expect(logs.filter((l) => l['msg'] === 'response breaks the OpenAPI document')).toEqual([]);
  });
});
