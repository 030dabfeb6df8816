import { copyFileSync, readFileSync, rmSync } from 'node:fs';
import { Agent, request, type RequestOptions } from 'node:https';
import type { TLSSocket } from 'node:tls';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { hashPasswordScrypt } from '../../src/auth/password-hash.js';
import { basic, startAuthServer, TAXII, type AuthServer } from '../auth/support/auth-server.js';
import { makeTestCertificates, type TestCertificates } from '../auth/support/test-certificates.js';

interface TlsResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: any;
  protocol: string | null;
  /** SHA-256 fingerprint of the certificate the server presented on this connection. */
  serverCertificate: string;
  localPort: number | undefined;
}

/** A GET over node's https client, trusting only the test CA. */
function httpsGet(url: string, options: RequestOptions = {}): Promise<TlsResponse> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { ...options, headers: { Accept: TAXII, ...options.headers } },
      (res) => {
        const socket = res.socket as TLSSocket;
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: text ? JSON.parse(text) : null,
            protocol: socket.getProtocol(),
            serverCertificate: socket.getPeerCertificate().fingerprint256,
            localPort: socket.localPort,
          });
        });
      },
    );
    req.on('error', reject);
    req.end();
  });
}

describe('HTTPS', () => {
  let certs: TestCertificates;
  let t: AuthServer;

  beforeAll(async () => {
    certs = makeTestCertificates();
    // Files the test may replace, as an operator renewing a certificate would.
    copyFileSync(certs.serverCert, `${certs.dir}/live.pem`);
    copyFileSync(certs.serverKey, `${certs.dir}/live.key`);
    t = await startAuthServer({
      collections: { feed: '' },
      config: {
        tls: {
          cert: `${certs.dir}/live.pem`,
          key: `${certs.dir}/live.key`,
          hsts: { maxAge: 31_536_000, includeSubDomains: true },
        },
      },
    });
  });

  afterAll(async () => {
    await t.close();
    rmSync(certs.dir, { recursive: true, force: true });
  });

  it('serves TAXII over TLS, with absolute https URLs in discovery', async () => {
    expect(t.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const res = await httpsGet(`${t.url}/taxii2/`, { ca: certs.ca });
    expect(res.status).toBe(200);
    expect(res.body.api_roots).toEqual([`${t.url}/threatintel/`]);
  });

  it('sends Strict-Transport-Security as configured', async () => {
    const res = await httpsGet(`${t.url}/taxii2/`, { ca: certs.ca });
    expect(res.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
  });

  it('speaks TLS 1.2 to a client that offers no more, and TLS 1.3 to one that does', async () => {
    const old = await httpsGet(`${t.url}/taxii2/`, {
      ca: certs.ca,
      maxVersion: 'TLSv1.2',
      agent: false,
    });
    const current = await httpsGet(`${t.url}/taxii2/`, { ca: certs.ca, agent: false });
    expect(old.protocol).toBe('TLSv1.2');
    expect(current.protocol).toBe('TLSv1.3');
  });

  it('refuses a client that offers only TLS 1.1', async () => {
    const attempt = httpsGet(`${t.url}/taxii2/`, {
      ca: certs.ca,
      agent: false,
      minVersion: 'TLSv1',
      maxVersion: 'TLSv1.1',
      ciphers: 'DEFAULT@SECLEVEL=0',
    });
    await expect(attempt).rejects.toThrow(/alert protocol version/);
  });

  it('reloads the certificate on SIGHUP for new connections, keeping open ones', async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1, ca: certs.ca });
    const before = await httpsGet(`${t.url}/taxii2/`, { agent });

    copyFileSync(certs.secondServerCert, `${certs.dir}/live.pem`);
    copyFileSync(certs.secondServerKey, `${certs.dir}/live.key`);
    process.emit('SIGHUP', 'SIGHUP');

    const sameConnection = await httpsGet(`${t.url}/taxii2/`, { agent });
    const newConnection = await httpsGet(`${t.url}/taxii2/`, { ca: certs.ca, agent: false });
    agent.destroy();

    expect(sameConnection.status).toBe(200);
    expect(sameConnection.localPort).toBe(before.localPort);
    expect(sameConnection.serverCertificate).toBe(before.serverCertificate);
    expect(newConnection.status).toBe(200);
    expect(newConnection.serverCertificate).not.toBe(before.serverCertificate);
    expect(t.logs.some((l) => l['msg'] === 'reloaded the TLS certificate and key')).toBe(true);
  });

  it('keeps the old certificate when the new files cannot be read', async () => {
    const before = await httpsGet(`${t.url}/taxii2/`, { ca: certs.ca, agent: false });
    copyFileSync(certs.serverKey, `${certs.dir}/live.pem`);
    process.emit('SIGHUP', 'SIGHUP');
    const after = await httpsGet(`${t.url}/taxii2/`, { ca: certs.ca, agent: false });
    expect(after.serverCertificate).toBe(before.serverCertificate);
    expect(
      t.logs.some(
        (l) => l['msg'] === 'kept the old TLS certificate: the new one could not be read',
      ),
    ).toBe(true);
  });
});

describe('HTTPS from inline PEM with TLS 1.3 as the minimum', () => {
  let certs: TestCertificates;
  let t: AuthServer;

  beforeAll(async () => {
    certs = makeTestCertificates();
    t = await startAuthServer({
      config: {
        tls: {
          cert: readFileSync(certs.serverCert, 'utf8'),
          key: readFileSync(certs.serverKey, 'utf8'),
          minVersion: 'TLSv1.3',
        },
      },
    });
  });

  afterAll(async () => {
    await t.close();
    rmSync(certs.dir, { recursive: true, force: true });
  });

  it('serves a TLS 1.3 client and refuses a TLS 1.2 one', async () => {
    expect((await httpsGet(`${t.url}/taxii2/`, { ca: certs.ca, agent: false })).protocol).toBe(
      'TLSv1.3',
    );
    await expect(
      httpsGet(`${t.url}/taxii2/`, { ca: certs.ca, agent: false, maxVersion: 'TLSv1.2' }),
    ).rejects.toThrow(/alert protocol version/);
  });

  it('sends no Strict-Transport-Security unless configured', async () => {
    const res = await httpsGet(`${t.url}/taxii2/`, { ca: certs.ca, agent: false });
    expect(res.headers['strict-transport-security']).toBeUndefined();
  });
});

describe('mutual TLS', () => {
  let certs: TestCertificates;

  beforeAll(() => {
    certs = makeTestCertificates();
  });

  afterAll(() => {
    rmSync(certs.dir, { recursive: true, force: true });
  });

  it('refuses to start with a client-certificate policy but no CA bundle', async () => {
    const tls = { cert: certs.serverCert, key: certs.serverKey, clientCertificate: 'required' };
    await expect(startAuthServer({ config: { tls } })).rejects.toThrow(
      /tls\.clientCertificate: needs tls\.clientCa/,
    );
  });

  it('warns at start when users have certificate subjects but mutual TLS is off', async () => {
    const t = await startAuthServer({
      config: {
        users: { dave: { certificateSubject: 'CN=dave,O=Partner Org' } },
        tls: { cert: certs.serverCert, key: certs.serverKey },
      },
    });
    await t.close();
    const warnings = t.logs.filter((l) => l['level'] === 40).map((l) => String(l['msg']));
    expect(warnings).toEqual([
      'users dave have a certificateSubject, but mutual TLS is off (tls.clientCa): they cannot sign in with a certificate',
    ]);
  });

  async function server(clientCertificate: 'optional' | 'required'): Promise<AuthServer> {
    return startAuthServer({
      collections: {
        'dave-feed': { query: '', read: ['dave'] },
        'alice-feed': { query: '', read: ['alice'] },
      },
      config: {
        users: {
          dave: { certificateSubject: 'CN=dave,O=Partner Org' },
          alice: { password: await hashPasswordScrypt('alice-pw', { ln: 14, r: 8, p: 1 }) },
        },
        tls: {
          cert: certs.serverCert,
          key: certs.serverKey,
          clientCa: certs.caFile,
          clientCertificate,
        },
      },
    });
  }

  const titles = (res: TlsResponse) =>
    ((res.body?.collections ?? []) as Array<{ title: string }>).map((c) => c.title);

  describe('with client certificates optional', () => {
    let t: AuthServer;

    beforeAll(async () => {
      t = await server('optional');
    });

    afterAll(async () => {
      await t.close();
    });

    it('signs in the user whose subject the certificate carries', async () => {
      const res = await httpsGet(`${t.url}/threatintel/collections/`, {
        ca: certs.ca,
        agent: false,
        ...certs.client('dave'),
      });
      expect(res.status).toBe(200);
      expect(titles(res)).toEqual(['dave-feed']);
      // The completion line is written once the response has left, which over TLS may be after
      // this client, in the same process, has read it.
      const completed = () =>
        t.logs.find(
          (l) =>
            l['msg'] === 'request completed' && JSON.stringify(l['principal']).includes('dave'),
        );
      while (!completed()) await new Promise((resolve) => setImmediate(resolve));
      expect(completed()?.['principal']).toEqual({ name: 'dave', method: 'certificate' });
    });

    it('lets a client without a certificate sign in with a password', async () => {
      const res = await httpsGet(`${t.url}/threatintel/collections/`, {
        ca: certs.ca,
        agent: false,
        headers: { Authorization: basic('alice', 'alice-pw') },
      });
      expect(titles(res)).toEqual(['alice-feed']);
    });

    it('asks a client with neither for credentials', async () => {
      const res = await httpsGet(`${t.url}/threatintel/collections/`, {
        ca: certs.ca,
        agent: false,
      });
      expect(res.status).toBe(401);
      expect(res.headers['www-authenticate']).toMatch(/^Basic realm=/);
    });

    it('refuses a certificate from another CA, even with a mapped subject', async () => {
      const res = await httpsGet(`${t.url}/threatintel/collections/`, {
        ca: certs.ca,
        agent: false,
        ...certs.client('mallory'),
      });
      expect(res.status).toBe(401);
      expect(res.body).toMatchObject({ http_status: '401' });
    });

    it('refuses a trusted certificate whose subject maps to no user', async () => {
      const res = await httpsGet(`${t.url}/threatintel/collections/`, {
        ca: certs.ca,
        agent: false,
        ...certs.client('erin'),
      });
      expect(res.status).toBe(401);
    });

    it('refuses a certificate of one user with the password of another', async () => {
      const res = await httpsGet(`${t.url}/threatintel/collections/`, {
        ca: certs.ca,
        agent: false,
        ...certs.client('dave'),
        headers: { Authorization: basic('alice', 'alice-pw') },
      });
      expect(res.status).toBe(401);
    });
  });

  describe('with client certificates required', () => {
    let t: AuthServer;

    beforeAll(async () => {
      t = await server('required');
    });

    afterAll(async () => {
      await t.close();
    });

    it('serves a client with a trusted certificate', async () => {
      const res = await httpsGet(`${t.url}/threatintel/collections/`, {
        ca: certs.ca,
        agent: false,
        ...certs.client('dave'),
      });
      expect(titles(res)).toEqual(['dave-feed']);
    });

    it('ends the handshake of a client without a certificate', async () => {
      await expect(httpsGet(`${t.url}/taxii2/`, { ca: certs.ca, agent: false })).rejects.toThrow();
    });

    it('ends the handshake of a client with a certificate from another CA', async () => {
      await expect(
        httpsGet(`${t.url}/taxii2/`, { ca: certs.ca, agent: false, ...certs.client('mallory') }),
      ).rejects.toThrow();
    });
  });
});
