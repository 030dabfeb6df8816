import { request } from 'node:http';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { hashPasswordScrypt } from '../../src/auth/password-hash.js';
import {
  basic,
  get,
  startAuthServer,
  TAXII,
  type AuthServer,
} from '../auth/support/auth-server.js';

/** A GET with full control of the headers (fetch will not send a Host of our choosing). */
function rawGet(
  url: string,
  headers: Record<string, string>,
): Promise<{ status: number; body: any }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers: { Accept: TAXII, ...headers } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, body: text ? JSON.parse(text) : null }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

const PREFIX = '/instance/execute/taxii';

describe('behind a proxy that forwards the /instance/execute/<name>/ layout', () => {
  let t: AuthServer;

  beforeAll(async () => {
    t = await startAuthServer({
      collections: { feed: '' },
      config: { pathPrefix: PREFIX, trustedProxies: ['127.0.0.1', '::1'] },
    });
  });

  afterAll(async () => {
    await t.close();
  });

  it('serves discovery under the prefix with absolute URLs that keep it', async () => {
    const res = await get(`${t.url}${PREFIX}/taxii2/`);
    expect(res.status).toBe(200);
    expect(res.body.api_roots).toEqual([`${t.url}${PREFIX}/threatintel/`]);
    expect(res.body.default).toBe(`${t.url}${PREFIX}/threatintel/`);
  });

  it('serves collections and objects under the prefix, with and without the final slash', async () => {
    const listed = await get(`${t.url}${PREFIX}/threatintel/collections`);
    const id = listed.body.collections[0].id as string;
    const objects = await get(`${t.url}${PREFIX}/threatintel/collections/${id}/objects/?limit=1`);
    expect(objects.status).toBe(200);
    expect(objects.body.more).toBe(false);
  });

  it.each([
    '/taxii2/',
    '/instance/execute/taxiiX/taxii2/',
    '/instance/execute/',
    '/instance/execute/other/taxii2/',
  ])('answers %s, outside the prefix, with a TAXII 404', async (path) => {
    const res = await get(`${t.url}${path}`);
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ http_status: '404' });
  });

  it('builds discovery URLs from X-Forwarded-Proto and X-Forwarded-Host of a trusted proxy', async () => {
    const res = await rawGet(`${t.url}${PREFIX}/taxii2/`, {
      'X-Forwarded-Proto': 'https',
      'X-Forwarded-Host': 'feeds.example.org',
    });
    expect(res.body.api_roots).toEqual([`https://feeds.example.org${PREFIX}/threatintel/`]);
  });

  it('takes the first value when a chain of proxies appended theirs', async () => {
    const res = await rawGet(`${t.url}${PREFIX}/taxii2/`, {
      'X-Forwarded-Proto': 'https, http',
      'X-Forwarded-Host': 'feeds.example.org:8443, inner.local',
    });
    expect(res.body.api_roots).toEqual([`https://feeds.example.org:8443${PREFIX}/threatintel/`]);
  });

  it('falls back to the connection when the forwarded values are not a scheme and a host', async () => {
    const res = await rawGet(`${t.url}${PREFIX}/taxii2/`, {
      'X-Forwarded-Proto': 'javascript',
      'X-Forwarded-Host': 'evil.example/<script>',
    });
    const port = new URL(t.url).port;
    expect(res.body.api_roots).toEqual([`http://127.0.0.1:${port}${PREFIX}/threatintel/`]);
  });
});

describe('the path prefix on a server with users', () => {
  let t: AuthServer;

  beforeAll(async () => {
    t = await startAuthServer({
      config: {
        pathPrefix: PREFIX,
        users: { alice: { password: await hashPasswordScrypt('pw', { ln: 14, r: 8, p: 1 }) } },
      },
    });
  });

  afterAll(async () => {
    await t.close();
  });

  it('asks for credentials at discovery under the prefix, and serves it with them', async () => {
    expect((await get(`${t.url}${PREFIX}/taxii2/`)).status).toBe(401);
    const res = await get(`${t.url}${PREFIX}/taxii2/`, { Authorization: basic('alice', 'pw') });
    expect(res.status).toBe(200);
    expect(res.body.api_roots).toEqual([`${t.url}${PREFIX}/threatintel/`]);
  });
});

describe('forwarded headers from a client that is not a trusted proxy', () => {
  let t: AuthServer;

  beforeAll(async () => {
    t = await startAuthServer({ config: { trustedProxies: ['10.0.0.0/8'] } });
  });

  afterAll(async () => {
    await t.close();
  });

  it('are ignored: discovery names the host the client connected to', async () => {
    const res = await rawGet(`${t.url}/taxii2/`, {
      'X-Forwarded-Proto': 'https',
      'X-Forwarded-Host': 'attacker.example',
    });
    expect(res.body.api_roots).toEqual([`${t.url}/threatintel/`]);
  });

  it('still lets the Host header name the server, when it is a host name', async () => {
    const res = await rawGet(`${t.url}/taxii2/`, { Host: 'taxii.internal:9000' });
    expect(res.body.api_roots).toEqual(['http://taxii.internal:9000/threatintel/']);
  });

  it('names the address the connection reached when Host is not a host name', async () => {
    const res = await rawGet(`${t.url}/taxii2/`, { Host: 'evil.example/<script>' });
    expect(res.body.api_roots).toEqual([`${t.url}/threatintel/`]);
  });
});

describe('a configured public base URL', () => {
  let t: AuthServer;

  beforeAll(async () => {
    t = await startAuthServer({
      config: {
        publicBaseUrl: 'https://xsoar.example.com/xsoar/instance/execute/taxii/',
        trustedProxies: ['127.0.0.1'],
      },
    });
  });

  afterAll(async () => {
    await t.close();
  });

  it('is what discovery names, whatever the request says', async () => {
    const res = await rawGet(`${t.url}/taxii2/`, { 'X-Forwarded-Host': 'other.example' });
    expect(res.body.api_roots).toEqual([
      'https://xsoar.example.com/xsoar/instance/execute/taxii/threatintel/',
    ]);
  });
});

describe('client addresses behind a trusted proxy', () => {
  let t: AuthServer;

  beforeAll(async () => {
    const now = Date.parse('2026-06-01T00:00:00Z');
    t = await startAuthServer({
      clock: () => now,
      config: { trustedProxies: ['127.0.0.1'], limits: { rate: { perMinute: 1, burst: 1 } } },
    });
  });

  afterAll(async () => {
    await t.close();
  });

  it('come from X-Forwarded-For: each client has its own rate limit and its own log entries', async () => {
    const first = await rawGet(`${t.url}/taxii2/`, { 'X-Forwarded-For': '203.0.113.1' });
    const second = await rawGet(`${t.url}/taxii2/`, { 'X-Forwarded-For': '203.0.113.2' });
    const again = await rawGet(`${t.url}/taxii2/`, { 'X-Forwarded-For': '203.0.113.1' });
    expect([first.status, second.status, again.status]).toEqual([200, 200, 429]);

    const remotes = t.logs
      .filter((l) => l['msg'] === 'request completed')
      .map((l) => (l['req'] as { remote: string }).remote);
    expect(remotes).toEqual(['203.0.113.1', '203.0.113.2', '203.0.113.1']);
  });
});
