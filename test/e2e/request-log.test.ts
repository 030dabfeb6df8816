import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { realData } from '../support/shared-data.js';
import { startTestServer, TAXII, taxiiGet, type TestServer } from '../support/test-server.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('the request log and the start-up lines', () => {
  let t: TestServer;
  let root: string;
  let ips: string;

  beforeAll(async () => {
    t = await startTestServer({
      collections: { all: '', ips: 'type:IP' },
      files: [{ path: realData('neo23x0-signature-base', 'c2-iocs.txt'), defaults: { score: 3 } }],
    });
    root = `${t.url}/threatintel`;
    const listed = await taxiiGet(`${root}/collections/`);
    ips = (listed.body.collections as Array<{ title: string; id: string }>).find(
      (c) => c.title === 'ips',
    )!.id;
  });

  afterAll(async () => {
    await t.close();
  });

  function completion(id: string) {
    return t.logs.find((l) => l['req_id'] === id && l['msg'] === 'request completed');
  }

  it('says at start where discovery, the API root and each collection are served', () => {
    const say = (msg: string) => t.logs.filter((l) => l['msg'] === msg);
    expect(say('taxii2-server listening')[0]).toMatchObject({ url: t.url });
    expect(say('serving TAXII 2.1 discovery')[0]).toMatchObject({ url: `${t.url}/taxii2/` });
    expect(say('serving TAXII 2.0 discovery')[0]).toMatchObject({ url: `${t.url}/taxii/` });
    expect(say('serving the API root')[0]).toMatchObject({ url: `${root}/`, collections: 2 });
    const collections = say('serving a collection');
    expect(collections.map((l) => l['collection'])).toEqual(['all', 'ips']);
    expect(collections[1]).toMatchObject({ id: ips, url: `${root}/collections/${ips}/objects/` });
    expect(say('health and metrics on the TAXII port')[0]!['paths']).toEqual([
      `${t.url}/healthz`,
      `${t.url}/readyz`,
      `${t.url}/metrics`,
    ]);
  });

  it('keeps a sane incoming X-Request-Id and returns it', async () => {
    const response = await fetch(`${root}/collections/${ips}/objects/?limit=5`, {
      headers: { Accept: TAXII, 'X-Request-Id': 'poll-7.b:c_d' },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-request-id')).toBe('poll-7.b:c_d');
    await response.arrayBuffer();
    expect(completion('poll-7.b:c_d')).toMatchObject({
      operation: 'listObjects',
      collection: ips,
      objects: 5,
      res: { status: 200 },
      req: { method: 'GET', url: `/threatintel/collections/${ips}/objects/?limit=5` },
    });
    expect(typeof completion('poll-7.b:c_d')!['duration_ms']).toBe('number');
  });

  it.each([
    ['too long', 'x'.repeat(129)],
    ['spaces and quotes', 'a b"c'],
    ['a header-shaped value', 'id%0AX-Evil: 1'],
  ])('replaces an incoming X-Request-Id that is %s with a generated one', async (_why, id) => {
    const response = await fetch(`${t.url}/taxii2/`, {
      headers: { Accept: TAXII, 'X-Request-Id': id },
    });
    await response.arrayBuffer();
    const given = response.headers.get('x-request-id')!;
    expect(given).toMatch(UUID);
    expect(completion(given)).toMatchObject({ operation: 'getDiscovery', res: { status: 200 } });
  });

  it('generates an id when none comes, and names the operation of a request that fails', async () => {
    const response = await fetch(`${root}/collections/${ips}/objects/not-an-id/`, {
      headers: { Accept: TAXII },
    });
    expect(response.status).toBe(400);
    const id = response.headers.get('x-request-id')!;
    expect(id).toMatch(UUID);
    expect(completion(id)).toMatchObject({
      operation: 'getObject',
      collection: ips,
      res: { status: 400 },
    });
  });

  it('never logs credentials a client sends', async () => {
    const response = await fetch(`${t.url}/taxii2/`, {
      headers: { Accept: TAXII, Authorization: 'Bearer tk_never-logged', 'X-Request-Id': 'cred' },
    });
    await response.arrayBuffer();
    expect(completion('cred')).toBeDefined();
    expect(JSON.stringify(t.logs)).not.toContain('tk_never-logged');
  });
});
