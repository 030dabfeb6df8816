import { readFileSync } from 'node:fs';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { hashPasswordScrypt } from '../../src/auth/password-hash.js';
import { packageFile } from '../../src/package-files.js';
import { basic, startAuthServer, type AuthServer } from '../auth/support/auth-server.js';
import { taxiiGet } from '../support/test-server.js';

/**
 * The request sequences of real TAXII clients, replayed against a real server over the bundled
 * samples: each profile pulls every sample collection on every version it speaks, and must
 * receive every object exactly once.
 */
const TAXII_21 = 'application/taxii+json;version=2.1';
const TAXII_20_SPACED = 'application/vnd.oasis.taxii+json; version=2.0';
const TAXII_20_TIGHT = 'application/vnd.oasis.taxii+json;version=2.0';
const STIX_20 = 'application/vnd.oasis.stix+json; version=2.0';
const LOOKBACK = '2000-01-01T00:00:00.000000Z';

interface Manifest {
  collections: string;
  files: Array<{ path: string; defaults?: Record<string, unknown> }>;
}

type Pull = (objectsUrl: string, auth: Record<string, string>) => Promise<string[]>;

/** taxii2client.v21 as_pages: limit, then `next` until `more` is false. */
const taxii2ClientV21: Pull = async (url, auth) => {
  const ids: string[] = [];
  let next: string | undefined;
  do {
    const query = `?limit=500${next ? `&next=${encodeURIComponent(next)}` : ''}`;
    const page = await taxiiGet(url + query, { Accept: TAXII_21, ...auth });
    expect(page.status).toBe(200);
    ids.push(...(page.body.objects ?? []).map((o: { id: string }) => o.id));
    next = page.body.more ? (page.body.next as string) : undefined;
  } while (next);
  return ids;
};

/** taxii2client.v20 as_pages: `Range: items a-b`, continued from the Content-Range it got. */
function rangePuller(accept: string, extraQuery = ''): Pull {
  return async (url, auth) => {
    const ids: string[] = [];
    for (let start = 0; ;) {
      const page = await taxiiGet(url + extraQuery, {
        Accept: accept,
        Range: `items ${start}-${start + 299}`,
        ...auth,
      });
      expect([200, 206]).toContain(page.status);
      ids.push(...(page.body.objects ?? []).map((o: { id: string }) => o.id));
      const [, , last, total] = /items (\d+)-(\d+)\/(\d+)/.exec(
        page.headers.get('content-range')!,
      )!;
      if (Number(total) === 0 || Number(last) + 1 >= Number(total)) return ids;
      start = Number(last) + 1;
    }
  };
}

/** Microsoft Sentinel on 2.1: a lookback in added_after, repeated with every `next`. */
const sentinelV21: Pull = async (url, auth) => {
  const ids: string[] = [];
  let next: string | undefined;
  do {
    const query = `?added_after=${LOOKBACK}${next ? `&next=${encodeURIComponent(next)}` : ''}`;
    const page = await taxiiGet(url + query, { Accept: TAXII_21, ...auth });
    ids.push(...(page.body.objects ?? []).map((o: { id: string }) => o.id));
    next = page.body.more ? (page.body.next as string) : undefined;
  } while (next);
  return ids;
};

/** Elastic's threat-intel input: added_after on the first request only, then bare `next`. */
const elastic: Pull = async (url, auth) => {
  const ids: string[] = [];
  let query = `?added_after=${LOOKBACK}&limit=250`;
  for (;;) {
    const page = await taxiiGet(url + query, { Accept: TAXII_21, ...auth });
    expect(page.status).toBe(200);
    ids.push(...(page.body.objects ?? []).map((o: { id: string }) => o.id));
    if (!page.body.more) return ids;
    query = `?limit=250&next=${encodeURIComponent(page.body.next as string)}`;
  }
};

/** OpenCTI and cursor-keeping pollers: X-TAXII-Date-Added-Last becomes the next added_after. */
const dateCursor: Pull = async (url, auth) => {
  const ids: string[] = [];
  let after = LOOKBACK;
  for (;;) {
    const page = await taxiiGet(`${url}?limit=400&added_after=${encodeURIComponent(after)}`, {
      Accept: TAXII_21,
      ...auth,
    });
    const objects = (page.body.objects ?? []) as Array<{ id: string }>;
    if (objects.length === 0) return ids;
    ids.push(...objects.map((o) => o.id));
    after = page.headers.get('x-taxii-date-added-last')!;
  }
};

const PROFILES: Array<[string, '2.0' | '2.1', Pull]> = [
  ['taxii2-client v21', '2.1', taxii2ClientV21],
  ['taxii2-client v20 (Accept with a space)', '2.0', rangePuller(STIX_20)],
  ['taxii2-client v20 (Accept without a space)', '2.0', rangePuller(TAXII_20_TIGHT)],
  ['Microsoft Sentinel 2.1', '2.1', sentinelV21],
  ['Microsoft Sentinel 2.0', '2.0', rangePuller(TAXII_20_SPACED, `?added_after=${LOOKBACK}`)],
  ['Elastic threat intel', '2.1', elastic],
  ['OpenCTI feed ingester', '2.1', dateCursor],
];

describe('real clients pull every sample collection completely', () => {
  let t: AuthServer;
  let collections: Array<{ id: string; title: string }>;
  const auth = { Authorization: basic('sentinel', 'feed reader 42') };

  beforeAll(async () => {
    const manifest = JSON.parse(
      readFileSync(packageFile('samples', 'manifest.json'), 'utf8'),
    ) as Manifest;
    t = await startAuthServer({
      collections: JSON.parse(
        readFileSync(packageFile('samples', manifest.collections), 'utf8'),
      ) as Record<string, unknown>,
      files: manifest.files.map((f) => ({
        path: packageFile('samples', f.path),
        defaults: f.defaults ?? {},
      })),
      config: {
        users: {
          sentinel: {
            password: await hashPasswordScrypt('feed reader 42', { ln: 14, r: 8, p: 1 }),
          },
        },
      },
    });
    const listed = await taxiiGet(`${t.url}/threatintel/collections/`, auth);
    collections = listed.body.collections;
  }, 120_000);

  afterAll(async () => {
    await t.close();
  });

  /** What the store holds for a collection, in 2.1 objects; 2.0 serves the same number. */
  function expected(id: string): Promise<number> {
    const { service } = t.server;
    const collection = service.collections.all.find((c) => c.id === id)!;
    return service.store.countObjects({
      query: collection.storeQuery,
      profile: service.renderer.profile,
      now: Date.now() * 1000,
    });
  }

  it.each(PROFILES)('%s', async (_name, version, pull) => {
    expect(collections.length).toBe(6);
    for (const c of collections) {
      const url = `${t.url}/threatintel/collections/${c.id}/objects/`;
      const ids = await pull(url, auth);
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids.length).toBe(await expected(c.id));
      expect(ids.length).toBeGreaterThan(0);
      if (version === '2.0') expect(ids.every((id) => id.split('--')[1]![14] === '4')).toBe(true);
    }
  });

  it('XSOAR TAXII 2 Feed settles on 2.1 when it is served', async () => {
    const res = await taxiiGet(`${t.url}/taxii2/`, { Accept: TAXII_21, ...auth });
    expect(res.status).toBe(200);
  });
});

describe('XSOAR TAXII 2 Feed against a server that serves 2.0 only', () => {
  let t: AuthServer;

  beforeAll(async () => {
    t = await startAuthServer({
      collections: { all: '' },
      files: [{ path: packageFile('samples', 'eset-malware-ioc', 'bandook-samples.md5') }],
      config: { versions: ['2.0'] },
    });
  });

  afterAll(async () => {
    await t.close();
  });

  it('tries 2.1, gets a TAXII error, falls back to 2.0 and pulls everything', async () => {
    const v21 = await taxiiGet(`${t.url}/taxii2/`, { Accept: TAXII_21 });
    expect(v21.status).toBe(404);
    const tried = await taxiiGet(`${t.url}/threatintel/`, { Accept: TAXII_21 });
    expect(tried.status).toBe(406);

    const discovery = await taxiiGet(`${t.url}/taxii/`, { Accept: TAXII_20_SPACED });
    expect(discovery.status).toBe(200);
    const listed = await taxiiGet(`${t.url}/threatintel/collections/`, { Accept: TAXII_20_SPACED });
    const id = listed.body.collections[0].id as string;
    const ids = await rangePuller(STIX_20)(`${t.url}/threatintel/collections/${id}/objects/`, {});
    expect(ids).toHaveLength(136);
    expect(new Set(ids).size).toBe(136);
  });
});
