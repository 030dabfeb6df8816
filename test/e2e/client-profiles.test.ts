import { readFileSync } from 'node:fs';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { hashPasswordScrypt } from '../../src/auth/password-hash.js';
import { packageFile } from '../../src/package-files.js';
import { basic, startAuthServer, type AuthServer } from '../auth/support/auth-server.js';
import {
  PROFILES,
  rangePuller,
  STIX_20,
  TAXII_20_SPACED,
  TAXII_21,
} from '../support/client-profiles.js';
import { taxiiGet } from '../support/test-server.js';

/**
 * The request sequences of real TAXII clients, replayed against a real server over the bundled
 * samples: each profile pulls every sample collection on every version it speaks, and must
 * receive every object exactly once.
 */
interface Manifest {
  collections: string;
  files: Array<{ path: string; defaults?: Record<string, unknown> }>;
}

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
