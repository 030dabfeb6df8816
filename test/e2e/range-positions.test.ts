/**
 * TAXII 2.0 ranges served from remembered positions (src/taxii/v20/range-positions.ts): every
 * range a client asks for, in order or not, holds what the collection order puts there, before
 * and after the store changes under it, and a sequential walk is served without counting or
 * skipping more than once.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { importFiles } from '../../src/importers/run-import.js';
import { realData } from '../support/shared-data.js';
import {
  collectionIdsByTitle,
  startTestServer,
  taxiiGet,
  type TestServer,
} from '../support/test-server.js';

const TAXII_20 = 'application/vnd.oasis.taxii+json; version=2.0';
const STIX_20 = 'application/vnd.oasis.stix+json; version=2.0';

describe('TAXII 2.0 ranges from remembered positions', () => {
  let t: TestServer;
  let root: string;
  let ids: Record<string, string>;
  let storeCalls: string[];

  beforeAll(async () => {
    t = await startTestServer({
      collections: { all: '', hashes: 'type:File', recent: 'modified:>="3650 days ago"' },
      files: [
        { path: realData('eset-malware-ioc', 'bandook-samples.sha256'), defaults: { score: 3 } },
        { path: realData('pan-unit42-iocs', 'Conti_IOCs.txt'), defaults: { score: 3 } },
      ],
    });
    root = `${t.url}/threatintel`;
    ids = collectionIdsByTitle((await taxiiGet(`${root}/collections/`, { Accept: TAXII_20 })).body);
    storeCalls = watchStore(t);
  });

  afterAll(async () => {
    await t.close();
  });

  /** Records the names of the store methods the server calls, in order. */
  function watchStore(server: TestServer): string[] {
    const calls: string[] = [];
    const store = server.runtime.store as unknown as Record<string, unknown>;
    for (const name of ['countObjects', 'pageObjects', 'writeGeneration']) {
      const own = store[name] as (...args: unknown[]) => unknown;
      store[name] = (...args: unknown[]) => {
        const [filter] = args as [{ offset?: number; after?: unknown } | undefined];
        const detail = name === 'pageObjects' ? ` offset=${filter?.offset ?? 0}` : '';
        calls.push(`${name}${detail}${filter?.after ? ' after' : ''}`);
        return own.apply(server.runtime.store, args);
      };
    }
    return calls;
  }

  async function range(collection: string, spec: string) {
    const page = await taxiiGet(`${root}/collections/${ids[collection]}/objects/`, {
      Accept: STIX_20,
      Range: `items ${spec}`,
    });
    expect([200, 206]).toContain(page.status);
    const objects = (page.body.objects ?? []) as Array<{ id: string; modified?: string }>;
    return { objects: objects.map((o) => `${o.id}@${o.modified ?? ''}`), page };
  }

  // A 2.0 id is the 2.1 id with the UUID's version digit set to 4.
  const as20 = (id: string) => id.replace(/(--[0-9a-f]{8}-[0-9a-f]{4}-)[0-9a-f]/, '$14');

  /** The whole collection in order, from the 2.1 API's keyset pages, with 2.0 ids. */
  async function inOrder(collection: string): Promise<string[]> {
    const found: string[] = [];
    let next: string | undefined;
    do {
      const query = `?limit=50${next ? `&next=${encodeURIComponent(next)}` : ''}`;
      const page = await taxiiGet(`${root}/collections/${ids[collection]}/objects/${query}`);
      const objects = (page.body.objects ?? []) as Array<{ id: string; modified?: string }>;
      found.push(...objects.map((o) => `${as20(o.id)}@${o.modified ?? ''}`));
      next = page.body.more ? (page.body.next as string) : undefined;
    } while (next);
    return found;
  }

  async function walk(collection: string, size: number): Promise<string[]> {
    const found: string[] = [];
    for (let start = 0; ; start += size) {
      const { objects, page } = await range(collection, `${start}-${start + size - 1}`);
      found.push(...objects);
      const [, last, total] = /items \d+-(\d+)\/(\d+)/.exec(page.headers.get('content-range')!)!;
      if (Number(last) + 1 >= Number(total)) return found;
    }
  }

  it('serves a sequential walk by seeking from each page end, counting once', async () => {
    const want = await inOrder('all');
    expect(want.length).toBeGreaterThan(150);
    storeCalls.length = 0;

    expect(await walk('all', 37)).toEqual(want);

    const counts = storeCalls.filter((c) => c.startsWith('countObjects'));
    const pages = storeCalls.filter((c) => c.startsWith('pageObjects'));
    expect(counts).toHaveLength(1);
    expect(pages[0]).toBe('pageObjects offset=0');
    expect(pages.slice(1).every((c) => c === 'pageObjects offset=0 after')).toBe(true);
  });

  it('serves ranges asked out of order, and suffix ranges, as the collection order has them', async () => {
    const want = await inOrder('all');
    for (const [first, last] of [
      [100, 149],
      [5, 20],
      [140, 160],
      [0, 0],
      [want.length - 3, want.length - 1],
    ] as const) {
      expect((await range('all', `${first}-${last}`)).objects).toEqual(want.slice(first, last + 1));
    }
    expect((await range('all', '-7')).objects).toEqual(want.slice(-7));
    const hashes = await inOrder('hashes');
    expect((await range('hashes', '10-29')).objects).toEqual(hashes.slice(10, 30));
  });

  it('forgets what it remembered once a write changes the collection', async () => {
    await walk('all', 40);
    // Rescoring moves some indicators' objects to the end; new ones come after them.
    const file = join(t.dir, 'changes.txt');
    writeFileSync(file, 'conti-range-test.example\nrange-test.example.org\n');
    await importFiles(t.runtime, [
      { path: realData('pan-unit42-iocs', 'Conti_IOCs.txt'), defaults: { score: 2 } },
      { path: file, defaults: { score: 3 } },
    ]);
    const want = await inOrder('all');
    storeCalls.length = 0;

    expect((await range('all', '40-79')).objects).toEqual(want.slice(40, 80));
    expect(storeCalls).toContain('countObjects');
    expect(await walk('all', 40)).toEqual(want);
  });

  it('remembers nothing for a query that depends on the time of the request', async () => {
    const want = await inOrder('recent');
    expect(want.length).toBeGreaterThan(40);
    await walk('recent', 20);
    storeCalls.length = 0;

    expect((await range('recent', '20-39')).objects).toEqual(want.slice(20, 40));
    expect(storeCalls).toEqual(['countObjects', 'pageObjects offset=20']);
  });

  // Last: it leaves the 2.0 objects of the rescored indicators unrendered, as such a write does
  // until a server with both versions starts again.
  it("counts again after a write made with the other version's renderer alone", async () => {
    const before = (await range('all', '0-39')).page.headers.get('content-range')!;
    const totalOf = (contentRange: string) => Number(/\/(\d+)$/.exec(contentRange)![1]);
    await walk('all', 40);
    const only21 = t.runtime.renderers.filter((r) => r.version === '2.1');
    const bandook = realData('eset-malware-ioc', 'bandook-samples.sha256');
    const report = await importFiles({ store: t.runtime.store, renderers: only21 }, [
      { path: bandook, defaults: { score: 1 } },
    ]);
    expect(report.updated).toBeGreaterThan(0);

    const after = totalOf((await range('all', '0-39')).page.headers.get('content-range')!);
    expect(after).toBeLessThan(totalOf(before));
    const walked = await walk('all', 40);
    expect(walked).toHaveLength(after);
    expect(new Set(walked).size).toBe(after);
  });
});
