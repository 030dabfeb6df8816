/**
 * `serve --workers 2` as an operator runs it: two worker processes behind one port, each with
 * its own connection to one SQLite file. A client pulling a collection a page per connection is
 * served by both, receives every object once and follows `next` from one worker to the other;
 * SIGTERM stops the workers and the primary with exit code 0.
 */
import { request } from 'node:http';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { TAXII } from '../support/test-server.js';
import { startServerProcess, type ServerProcess } from './support/cli-process.js';

/** A GET on a connection of its own, so that the primary hands each to a worker in turn. */
function get(url: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { agent: false, headers: { Accept: TAXII } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Every page of a collection, 200 at a time; fails on an (id, version) seen twice. */
async function pullAll(objects: string): Promise<{ seen: Set<string>; pages: number }> {
  const seen = new Set<string>();
  let pages = 0;
  let next: string | undefined;
  do {
    const query = `limit=200${next ? `&next=${encodeURIComponent(next)}` : ''}`;
    const page = await get(`${objects}?${query}`);
    expect(page.status).toBe(200);
    const envelope = JSON.parse(page.body) as {
      objects?: Array<{ id: string; modified?: string }>;
      more?: boolean;
      next?: string;
    };
    for (const o of envelope.objects ?? []) {
      const key = `${o.id} ${o.modified ?? ''}`;
      expect(seen.has(key), key).toBe(false);
      seen.add(key);
    }
    pages += 1;
    next = envelope.more ? envelope.next : undefined;
  } while (next);
  return { seen, pages };
}

describe('serve --workers 2', () => {
  let dir: string;
  let server: ServerProcess;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'taxii2-workers-'));
    server = await startServerProcess([
      '--sample',
      '--workers',
      '2',
      '--store',
      join(dir, 'store.db'),
    ]);
  });

  afterAll(async () => {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves consistent pages from both workers', async () => {
    const listening = () => server.logs.filter((l) => l['msg'] === 'worker listening');
    while (listening().length < 2) {
      await server.waitForLog((l) => l['msg'] === 'worker listening');
    }

    const root = await get(`${server.url}/threatintel/collections/`);
    expect(root.status).toBe(200);
    const collections = (JSON.parse(root.body) as { collections: Array<{ id: string }> })
      .collections;
    const objects = `${server.url}/threatintel/collections/${collections[0]!.id}/objects/`;

    const first = await pullAll(objects);
    expect(first.pages).toBeGreaterThan(4);
    // Pulled again, each page from whichever worker: the same objects.
    const second = await pullAll(objects);
    expect(second.seen).toEqual(first.seen);

    const workers = new Set(
      server.logs.filter((l) => l['msg'] === 'request completed').map((l) => l['worker']),
    );
    expect([...workers].sort()).toEqual([1, 2]);
  });

  it('stops the workers and itself on SIGTERM, exit code 0', async () => {
    const pids = server.logs
      .filter((l) => l['msg'] === 'worker listening')
      .map((l) => l['pid'] as number);
    expect(pids).toHaveLength(2);
    server.signal('SIGTERM');
    expect(await server.exited()).toBe(0);
    for (const pid of pids) expect(() => process.kill(pid, 0)).toThrow();
    const stopped = server.logs.filter((l) => l['msg'] === 'shutting down').map((l) => l['worker']);
    expect(stopped.sort()).toEqual([1, 2]);
  });
});
