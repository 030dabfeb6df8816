import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { Authenticator } from '../../src/auth/authenticator.js';
import { createApp } from '../../src/server/app.js';
import { createDocumentDispatch } from '../../src/server/document-backend.js';
import { createLogger } from '../../src/server/logger.js';
import { ServerMetrics } from '../../src/server/metrics.js';
import { loadDocumentJudges } from '../../src/server/response-validation.js';
import { TAXII_21_DOCUMENT, taxii21Handlers } from '../../src/server/taxii21-backend.js';
import type { Reply } from '../../src/taxii/service.js';
import { realData } from '../support/shared-data.js';
import { startTestServer, TAXII, type TestServer } from '../support/test-server.js';

type LogLine = Record<string, unknown>;

const violationsIn = (logs: LogLine[]) =>
  logs.filter((line) => line['msg'] === 'response breaks the OpenAPI document');

describe('--validate-responses on a real server', () => {
  let t: TestServer;

  beforeAll(async () => {
    t = await startTestServer({
      collections: { all: '' },
      files: [{ path: realData('eset-malware-ioc', 'bandook-samples.md5') }],
      flags: { 'validate-responses': 'true' },
    });
  });

  afterAll(async () => {
    await t.close();
  });

  it('logs nothing for the responses the server writes, errors included', async () => {
    const get = (path: string, accept = TAXII) =>
      fetch(`${t.url}${path}`, { headers: { Accept: accept } }).then((r) => r.status);
    const collections = await fetch(`${t.url}/threatintel/collections/`, {
      headers: { Accept: TAXII },
    }).then((r) => r.json() as Promise<{ collections: Array<{ id: string }> }>);
    const objects = `/threatintel/collections/${collections.collections[0]!.id}/objects/`;

    const statuses = [
      await get('/taxii2/'),
      await get('/threatintel/'),
      await get(`${objects}?limit=5`),
      await get(`/threatintel/collections/${crypto.randomUUID()}/`),
      await get(`${objects}?limit=0`),
      await get('/taxii2/', 'application/json'),
      await get(objects, 'application/vnd.oasis.stix+json; version=2.0'),
      await get('/healthz'),
    ];

    expect(statuses).toEqual([200, 200, 200, 404, 400, 406, 200, 200]);
    expect(t.logs.some((l) => l['msg'] === 'request completed')).toBe(true);
    expect(violationsIn(t.logs)).toEqual([]);
  });
});

describe('--validate-responses with a handler that breaks the document', () => {
  let t: TestServer;
  let http: Server;
  let url: string;
  const logs: LogLine[] = [];

  beforeAll(async () => {
    t = await startTestServer({ collections: { all: '' } });
    const service = t.server.service;
    // A test build of the app: the real handlers, with two replaced by ones that break the
    // document, behind the real validation step.
    const faulty = {
      ...taxii21Handlers(service),
      getDiscovery: (): Reply => ({ status: 200, body: JSON.stringify({ api_roots: [] }) }),
      getApiRoot: (): Reply => ({
        status: 200,
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ title: 'x', versions: [TAXII], max_content_length: 1 }),
      }),
    };
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        for (const line of chunk.toString('utf8').split('\n')) {
          if (line.trim()) logs.push(JSON.parse(line) as LogLine);
        }
        done();
      },
    });
    const app = createApp({
      service,
      dispatches: { '2.1': await createDocumentDispatch(TAXII_21_DOCUMENT, faulty) },
      logger: createLogger('info', sink),
      live: { authenticator: await Authenticator.create([]), collections: service.collections },
      monitoring: { metrics: new ServerMetrics(), store: service.store, draining: () => false },
      responseJudges: await loadDocumentJudges(),
    });
    http = createServer(app);
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise((resolve) => http.close(resolve));
    await t.close();
  });

  it('sends the response unchanged and logs the missing property with operation and status', async () => {
    const response = await fetch(`${url}/taxii2/`, { headers: { Accept: TAXII } });

    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ api_roots: [] });
    await expect.poll(() => violationsIn(logs).length).toBeGreaterThan(0);
    expect(violationsIn(logs)).toEqual([
      expect.objectContaining({
        level: 40,
        operation: 'getDiscovery',
        status: 200,
        violation: "body must have required property 'title'",
      }),
    ]);
  });

  it('logs a wrong content type as its own line', async () => {
    logs.length = 0;
    const response = await fetch(`${url}/threatintel/`, { headers: { Accept: TAXII } });

    expect(response.headers.get('content-type')).toBe('application/json');
    await expect.poll(() => violationsIn(logs).length).toBeGreaterThan(0);
    expect(violationsIn(logs).map((l) => [l['operation'], l['status'], l['violation']])).toEqual([
      ['getApiRoot', 200, 'Content-Type application/json is not declared'],
    ]);
  });
});
