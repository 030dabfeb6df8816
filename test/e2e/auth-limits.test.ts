import { connect, type Socket } from 'node:net';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { hashCost, hashPasswordScrypt, passwordHasher } from '../../src/auth/password-hash.js';
import type { PasswordHasher } from '../../src/auth/password-hash.js';
import { SECURITY_HEADERS } from '../../src/server/security-headers.js';
import {
  basic,
  get,
  startAuthServer,
  TAXII,
  type AuthServer,
} from '../auth/support/auth-server.js';

/** Sends raw bytes on a new connection and collects everything until the server closes it. */
function exchange(url: string, ...parts: string[]): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => {
      for (const part of parts) socket.write(part);
    });
    let text = '';
    socket.setEncoding('utf8');
    socket.on('data', (c: string) => (text += c));
    socket.on('close', () => resolve(text));
    socket.on('error', reject);
  });
}

/**
 * A connection that has sent a request's head but not its body. It resolves on the server's
 * `100 Continue`, which node writes as it hands the request to the application: from then on
 * the request is in flight.
 */
function openInFlight(url: string, head: string): Promise<Socket> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => socket.write(head));
    socket.setEncoding('utf8');
    socket.once('data', (text: string) => {
      if (text.startsWith('HTTP/1.1 100 ')) resolve(socket);
      else reject(new Error(`expected 100 Continue, got ${text.slice(0, 40)}`));
    });
    socket.on('error', reject);
  });
}

/** The body of a raw HTTP response, parsed. */
function rawBody(response: string): Record<string, unknown> {
  return JSON.parse(response.slice(response.indexOf('\r\n\r\n') + 4)) as Record<string, unknown>;
}

const ERROR_KEYS = ['title', 'description', 'error_code', 'http_status', 'details'];

/** What must never be in an error body: a stack, a file path, an exception's name. */
function expectCleanError(body: unknown, status: number): void {
  expect(body).toMatchObject({ http_status: String(status) });
  expect(Object.keys(body as object).every((k) => ERROR_KEYS.includes(k))).toBe(true);
  const text = JSON.stringify(body);
  expect(text).not.toMatch(
    /\bat [\w.<>]+ \(|node:internal|node_modules|\/work\/|\.ts:\d+|Error:|stack/,
  );
}

describe('abuse limits', () => {
  let now = Date.parse('2026-06-01T00:00:00Z');
  let t: AuthServer;
  const hashed: string[] = [];
  const counting: PasswordHasher = {
    verify(hash, password) {
      hashed.push(hashCost(hash));
      return passwordHasher.verify(hash, password);
    },
  };

  beforeAll(async () => {
    t = await startAuthServer({
      clock: () => now,
      hasher: counting,
      collections: { feed: { query: '', public: true } },
      config: {
        users: {
          alice: { password: await hashPasswordScrypt('alice-pw', { ln: 14, r: 8, p: 1 }) },
          bob: { password: await hashPasswordScrypt('bob-pw', { ln: 14, r: 8, p: 1 }) },
        },
        auth: { publicDiscovery: true },
        apiRoot: { maxContentLength: 100 },
        limits: {
          rate: { perMinute: 60, burst: 3 },
          authFailures: { perMinute: 1, burst: 2 },
          maxHeaderBytes: 2048,
          maxUrlLength: 300,
          maxQueryParameters: 3,
          maxConcurrentRequests: 2,
          headersTimeoutMs: 400,
          requestTimeoutMs: 5000,
        },
      },
    });
  });

  afterAll(async () => {
    await t.close();
  });

  it('limits each principal to its rate, with 429 and Retry-After, without slowing the others', async () => {
    const alice = { Authorization: basic('alice', 'alice-pw') };
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await get(`${t.url}/taxii2/`, alice)).status);
    expect(statuses).toEqual([200, 200, 200, 429]);

    const limited = await get(`${t.url}/taxii2/`, alice);
    expect(limited.headers.get('retry-after')).toBe('1');
    expectCleanError(limited.body, 429);
    expect((await get(`${t.url}/taxii2/`, { Authorization: basic('bob', 'bob-pw') })).status).toBe(
      200,
    );

    now += 1_000;
    expect((await get(`${t.url}/taxii2/`, alice)).status).toBe(200);
  });

  it('stops password guessing from an address before hashing, even a right guess', async () => {
    now += 3_600_000;
    hashed.length = 0;
    const wrong = { Authorization: basic('bob', 'guess') };
    expect((await get(`${t.url}/taxii2/`, wrong)).status).toBe(401);
    expect((await get(`${t.url}/taxii2/`, wrong)).status).toBe(401);
    expect(hashed).toHaveLength(2);

    const res = await get(`${t.url}/taxii2/`, { Authorization: basic('bob', 'bob-pw') });
    expect(res.status).toBe(429);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(hashed).toHaveLength(2);

    now += 120_000;
    expect((await get(`${t.url}/taxii2/`, { Authorization: basic('bob', 'bob-pw') })).status).toBe(
      200,
    );
  });

  it('answers a URL longer than the cap with 414', async () => {
    now += 3_600_000;
    const res = await get(`${t.url}/taxii2/?${'x'.repeat(400)}`);
    expect(res.status).toBe(414);
    expectCleanError(res.body, 414);
  });

  it('answers more query parameters than the cap with 400', async () => {
    now += 3_600_000;
    const res = await get(`${t.url}/threatintel/collections/?a=1&b=2&c=3&d=4`);
    expect(res.status).toBe(400);
    expect(res.body.description).toMatch(/more than 3 query parameters/);
  });

  it('answers headers larger than the cap with a TAXII 431', async () => {
    const response = await exchange(
      t.url,
      `GET /taxii2/ HTTP/1.1\r\nHost: x\r\nX-Pad: ${'p'.repeat(3000)}\r\n\r\n`,
    );
    expect(response).toMatch(/^HTTP\/1\.1 431 /);
    expectCleanError(rawBody(response), 431);
  });

  it('answers a body larger than max_content_length with 413', async () => {
    now += 3_600_000;
    const res = await fetch(`${t.url}/threatintel/collections/x/objects/`, {
      method: 'POST',
      headers: { Accept: TAXII, 'Content-Type': TAXII },
      body: JSON.stringify({ objects: [], padding: 'p'.repeat(200) }),
    });
    expect(res.status).toBe(413);
    expectCleanError(await res.json(), 413);
  });

  it('answers with 503 and Retry-After past the cap on requests in flight', async () => {
    now += 3_600_000;
    const slowPost =
      `POST /threatintel/collections/x/objects/ HTTP/1.1\r\nHost: x\r\nContent-Type: ${TAXII}\r\n` +
      'Content-Length: 10\r\nExpect: 100-continue\r\n\r\n';
    const first = await openInFlight(t.url, slowPost);
    const second = await openInFlight(t.url, slowPost);
    try {
      const res = await get(`${t.url}/taxii2/`);
      expect(res.status).toBe(503);
      expect(res.headers.get('retry-after')).toBe('1');
      expectCleanError(res.body, 503);
    } finally {
      first.destroy();
      second.destroy();
    }
  });

  it('closes a connection whose headers arrive too slowly, with a TAXII 408', async () => {
    const response = await exchange(t.url, 'GET /taxii2/ HTTP/1.1\r\nHost: x\r\n');
    expect(response).toMatch(/^HTTP\/1\.1 408 /);
    expectCleanError(rawBody(response), 408);
  });

  it('puts the security headers on every response, errors included', async () => {
    now += 3_600_000;
    const responses = [
      await get(`${t.url}/taxii2/`),
      await get(`${t.url}/nowhere/`),
      await get(`${t.url}/taxii2/`, { Authorization: 'Basic !!!' }),
    ];
    for (const res of responses) {
      for (const [name, value] of Object.entries(SECURITY_HEADERS))
        expect(res.headers.get(name)).toBe(value);
    }
    const raw = await exchange(
      t.url,
      `GET /taxii2/ HTTP/1.1\r\nHost: x\r\nX-Pad: ${'p'.repeat(3000)}\r\n\r\n`,
    );
    expect(raw).toContain("Content-Security-Policy: default-src 'none'");
  });
});

describe('error bodies', () => {
  let t: AuthServer;

  beforeAll(async () => {
    t = await startAuthServer({
      collections: { feed: { query: '', read: ['alice'] } },
      config: {
        users: { alice: { password: await hashPasswordScrypt('pw', { ln: 14, r: 8, p: 1 }) } },
      },
    });
  });

  afterAll(async () => {
    await t.close();
  });

  it('carry no stack trace or internal detail, whatever went wrong', async () => {
    const alice = basic('alice', 'pw');
    const cases: Array<[string, RequestInit, number]> = [
      ['/taxii2/', {}, 401],
      ['/taxii2/', { headers: { Authorization: 'Basic ####' } }, 401],
      ['/taxii2/', { headers: { Authorization: basic('nobody', 'x') } }, 401],
      ['/nowhere/', { headers: { Authorization: alice } }, 404],
      ['/threatintel/collections/not-a-uuid/objects/', { headers: { Authorization: alice } }, 404],
      ['/taxii2/', { headers: { Authorization: alice, Accept: 'text/html' } }, 406],
      ['/taxii2/', { method: 'DELETE', headers: { Authorization: alice } }, 405],
      ['/threatintel/collections/%E0%A4%A/', { headers: { Authorization: alice } }, 400],
      [
        '/threatintel/collections/00000000-0000-5000-8000-000000000000/objects/',
        {
          method: 'POST',
          headers: { Authorization: alice, 'Content-Type': TAXII },
          body: '{not json',
        },
        400,
      ],
    ];
    for (const [path, init, status] of cases) {
      const headers = { Accept: TAXII, ...(init.headers as Record<string, string>) };
      const res = await fetch(`${t.url}${path}`, { ...init, headers });
      expect(`${path} ${res.status}`).toBe(`${path} ${status}`);
      expectCleanError(await res.json(), status);
    }
  });
});

describe('an internal failure', () => {
  it('answers 500 with a generic description; the detail stays in the log', async () => {
    const t = await startAuthServer();
    try {
      const listed = await get(`${t.url}/threatintel/collections/`);
      await t.server.service.store.close();
      const res = await get(
        `${t.url}/threatintel/collections/${listed.body.collections[0].id}/objects/`,
      );
      expect(res.status).toBe(500);
      expectCleanError(res.body, 500);
      expect(res.body.description).toBe('The server could not complete the request.');
      expect(t.logs.some((l) => l['msg'] === 'request error' && l['err'] !== undefined)).toBe(true);
    } finally {
      await t.close();
    }
  });
});

describe('slow clients', () => {
  let t: AuthServer;

  beforeAll(async () => {
    t = await startAuthServer({
      config: { limits: { headersTimeoutMs: 5_000, requestTimeoutMs: 300, idleTimeoutMs: 1_500 } },
    });
  });

  afterAll(async () => {
    await t.close();
  });

  it('lose a request whose body does not arrive in time, with a TAXII 408', async () => {
    const response = await exchange(
      t.url,
      `POST /threatintel/collections/x/objects/ HTTP/1.1\r\nHost: x\r\nContent-Type: ${TAXII}\r\nContent-Length: 100\r\n\r\n{"obj`,
    );
    expect(response).toMatch(/^HTTP\/1\.1 408 /);
    expectCleanError(rawBody(response), 408);
  });

  it('lose a connection that stays silent, with a TAXII 408', async () => {
    const response = await exchange(t.url);
    expect(response).toMatch(/^HTTP\/1\.1 408 /);
    expectCleanError(rawBody(response), 408);
  });
});
