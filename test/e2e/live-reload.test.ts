import { mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { hashPasswordScrypt } from '../../src/auth/password-hash.js';
import { startServerProcess, type ServerProcess } from './support/cli-process.js';

const TAXII = 'application/taxii+json;version=2.1';
const SCRYPT_TEST = { ln: 14, r: 8, p: 1 };

function basic(user: string, password: string): string {
  return `Basic ${Buffer.from(`${user}:${password}`, 'utf8').toString('base64')}`;
}

async function titles(url: string, headers: Record<string, string> = {}): Promise<string[]> {
  const response = await fetch(`${url}/threatintel/collections/`, {
    headers: { Accept: TAXII, ...headers },
  });
  expect(response.status).toBe(200);
  const body = (await response.json()) as { collections?: Array<{ title: string }> };
  return (body.collections ?? []).map((c) => c.title);
}

/** Writes a file as editors save: a new file renamed over the old one. */
function save(file: string, content: unknown): void {
  const temporary = `${file}.tmp-${process.pid}`;
  writeFileSync(temporary, typeof content === 'string' ? content : JSON.stringify(content));
  renameSync(temporary, file);
}

describe('a running server process takes edits without a restart', () => {
  let dir: string;
  let collections: string;
  let configFile: string;
  let server: ServerProcess;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'taxii2-reload-test-'));
    collections = join(dir, 'collections.json');
    configFile = join(dir, 'config.json');
    save(collections, { first: '' });
    save(configFile, {
      users: { alice: { password: await hashPasswordScrypt('alice-pw', SCRYPT_TEST) } },
    });
    server = await startServerProcess([
      '--config',
      configFile,
      '--store',
      join(dir, 'store.db'),
      '--collections',
      collections,
      '--namespace-seed',
      'reload tests',
    ]);
  });

  afterAll(async () => {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const alice = { Authorization: basic('alice', 'alice-pw') };

  it('serves an edited collections document once the file changes', async () => {
    expect(await titles(server.url, alice)).toEqual(['first']);
    const reloaded = server.waitForLog((l) => l['msg'] === 'reloaded the collections and users');
    save(collections, { first: '', second: { query: 'type:IP', description: 'Addresses' } });
    expect(await reloaded).toMatchObject({ added: ['second'], removed: [], collections: 2 });
    expect(await titles(server.url, alice)).toEqual(['first', 'second']);
  });

  it('refuses a bad edit with a clear line and keeps serving the old collections', async () => {
    const refused = server.waitForLog((l) => String(l['msg']).startsWith('refused the change'));
    save(collections, { first: '', broken: 'type:IP and (' });
    const line = await refused;
    expect(line['level']).toBe(50);
    expect(String(line['msg'])).toContain('collection "broken"');
    expect(await titles(server.url, alice)).toEqual(['first', 'second']);

    const notJson = server.waitForLog((l) => String(l['msg']).startsWith('refused the change'));
    save(collections, '{"first": ""');
    expect(String((await notJson)['msg'])).toContain(collections);
    expect(await titles(server.url, alice)).toEqual(['first', 'second']);

    const mended = server.waitForLog((l) => l['msg'] === 'reloaded the collections and users');
    save(collections, { first: '', second: 'type:IP' });
    expect(await mended).toMatchObject({ changed: ['second'] });
  });

  it('reloads the users on SIGHUP', async () => {
    const bob = { Authorization: basic('bob', 'bob-pw') };
    expect((await fetch(`${server.url}/threatintel/collections/`, { headers: bob })).status).toBe(
      401,
    );
    // Written in place, as a configuration manager would, then signalled.
    writeFileSync(
      configFile,
      JSON.stringify({
        users: {
          alice: { password: await hashPasswordScrypt('alice-pw', SCRYPT_TEST) },
          bob: { password: await hashPasswordScrypt('bob-pw', SCRYPT_TEST) },
        },
      }),
    );
    const reloaded = server.waitForLog(
      (l) => l['msg'] === 'reloaded the collections and users' && l['users'] === 2,
    );
    server.signal('SIGHUP');
    await reloaded;
    expect(await titles(server.url, bob)).toEqual(['first', 'second']);
  });

  it('says which changed settings need a restart', async () => {
    const warned = server.waitForLog(
      (l) => l['msg'] === 'these settings changed but take effect only after a restart',
    );
    save(configFile, {
      maxPageSize: 10,
      users: { alice: { password: await hashPasswordScrypt('alice-pw', SCRYPT_TEST) } },
    });
    expect((await warned)['settings']).toEqual(['maxPageSize']);
  });
});

async function inFlight(url: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  return Number(/^taxii2_http_requests_in_flight (\d+)$/m.exec(text)?.[1] ?? 0);
}

describe('SIGTERM', () => {
  it('lets a request in flight finish before the process exits', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'taxii2-drain-test-'));
    const server = await startServerProcess(['--store', join(dir, 'store.db')]);
    try {
      const url = new URL(`${server.url}/threatintel/collections/`);
      // A POST whose body is still arriving is in flight: the server cannot answer it yet.
      const req = request(url, {
        method: 'POST',
        headers: { Accept: TAXII, 'Content-Type': TAXII, 'Content-Length': '2' },
      });
      const answer = new Promise<{ status: number; body: string }>((resolve, reject) => {
        req.on('response', (res) => {
          let body = '';
          res.on('data', (chunk: Buffer) => (body += chunk.toString()));
          res.on('end', () => resolve({ status: res.statusCode!, body }));
        });
        req.on('error', reject);
      });
      req.write('{');
      // The scrape itself is one request in flight; the POST is the other.
      while ((await inFlight(server.url)) < 2) await new Promise((r) => setTimeout(r, 20));

      const draining = server.waitForLog((l) => l['msg'] === 'finishing requests in flight');
      server.signal('SIGTERM');
      expect(await draining).toMatchObject({ requests: 1 });
      expect((await fetch(`${server.url}/readyz`).catch(() => null))?.status ?? 0).not.toBe(200);
      req.end('}');
      const { status, body } = await answer;
      expect(status).toBe(405);
      expect(JSON.parse(body)).toMatchObject({ http_status: '405' });
      expect(await server.exited()).toBe(0);
    } finally {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
