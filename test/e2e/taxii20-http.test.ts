import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { loadOfficialSchemas } from '../stix/official-schemas.js';
import { realData } from '../support/shared-data.js';
import {
  startTestServer,
  taxiiGet,
  type TestServer,
  collectionIdsByTitle,
} from '../support/test-server.js';

const TAXII_20 = 'application/vnd.oasis.taxii+json; version=2.0';
const STIX_20 = 'application/vnd.oasis.stix+json; version=2.0';

describe('TAXII 2.0 beside 2.1, from one store', () => {
  let t: TestServer;
  let root: string;
  let ids: Record<string, string>;

  beforeAll(async () => {
    t = await startTestServer({
      collections: { all: '', hashes: 'type:File', nothing: 'type:Mutex' },
      files: [
        { path: realData('eset-malware-ioc', 'bandook-samples.sha256'), defaults: { score: 3 } },
        { path: realData('pan-unit42-iocs', 'Conti_IOCs.txt'), defaults: { score: 3 } },
      ],
    });
    root = `${t.url}/threatintel`;
    const listed = await taxiiGet(`${root}/collections/`, { Accept: TAXII_20 });
    ids = collectionIdsByTitle(listed.body);
  });

  afterAll(async () => {
    await t.close();
  });

  /** Pulls a whole collection by Range, the way the OASIS taxii2-client's v20 module does. */
  async function pullByRange(collection: string, size: number) {
    const objects: Array<Record<string, unknown>> = [];
    for (let start = 0; ;) {
      const page = await taxiiGet(`${root}/collections/${ids[collection]}/objects/`, {
        Accept: STIX_20,
        Range: `items ${start}-${start + size - 1}`,
      });
      expect([200, 206]).toContain(page.status);
      expect(page.body).toMatchObject({ type: 'bundle', spec_version: '2.0' });
      objects.push(...((page.body.objects ?? []) as Array<Record<string, unknown>>));
      const [, , last, total] = /items (\d+)-(\d+)\/(\d+)/.exec(
        page.headers.get('content-range')!,
      )!;
      if (Number(last) + 1 >= Number(total)) return { objects, total: Number(total) };
      start = Number(last) + 1;
    }
  }

  it('answers discovery at /taxii/ and 2.1 discovery at /taxii2/, naming the same API root', async () => {
    const v20 = await taxiiGet(`${t.url}/taxii/`, { Accept: TAXII_20 });
    const v21 = await taxiiGet(`${t.url}/taxii2/`);
    expect(v20.headers.get('content-type')).toBe(TAXII_20);
    expect(v20.body.api_roots).toEqual(v21.body.api_roots);
  });

  it('serves the API root in the version the media type asks for', async () => {
    const v20 = await taxiiGet(`${root}/`, { Accept: TAXII_20 });
    expect(v20.body.versions).toEqual(['taxii-2.0']);
    const v21 = await taxiiGet(`${root}/`, { Accept: '*/*' });
    expect(v21.body.versions).toEqual(['application/taxii+json;version=2.1']);
  });

  it('lists the same collections and ids in both versions, with 2.0 media types', async () => {
    const v20 = await taxiiGet(`${root}/collections/`, { Accept: TAXII_20 });
    const v21 = await taxiiGet(`${root}/collections/`);
    const idsOf = (body: { collections: Array<{ id: string }> }) =>
      body.collections.map((c) => c.id);
    expect(idsOf(v20.body)).toEqual(idsOf(v21.body));
    expect(v20.body.collections[0].media_types).toEqual([STIX_20]);
  });

  it('pulls a whole collection by Range, each object once, valid STIX 2.0', async () => {
    const official = loadOfficialSchemas('2.0');
    for (const size of [100, 37]) {
      const { objects, total } = await pullByRange('all', size);
      expect(objects).toHaveLength(total);
      expect(new Set(objects.map((o) => o.id)).size).toBe(total);
      const failures = objects.flatMap((o) => official.validate(o as { type: string }));
      expect(failures).toEqual([]);
      expect(objects.every((o) => o['spec_version'] === undefined)).toBe(true);
    }
  });

  it('accepts the RFC form items=0-9 and answers 206 with Content-Range', async () => {
    const page = await taxiiGet(`${root}/collections/${ids['hashes']}/objects/`, {
      Accept: STIX_20,
      Range: 'items=0-9',
    });
    expect(page.status).toBe(206);
    expect(page.headers.get('content-range')).toBe('items 0-9/180');
    expect(page.body.objects).toHaveLength(10);
  });

  it('answers a range past the end with 416 and the total', async () => {
    const res = await taxiiGet(`${root}/collections/${ids['hashes']}/objects/`, {
      Accept: STIX_20,
      Range: 'items 500-599',
    });
    expect(res.status).toBe(416);
    expect(res.headers.get('content-range')).toBe('items */180');
    expect(res.body.http_status).toBe('416');
  });

  it('answers a reversed range with 416', async () => {
    const res = await taxiiGet(`${root}/collections/${ids['hashes']}/objects/`, {
      Accept: STIX_20,
      Range: 'items 9-0',
    });
    expect(res.status).toBe(416);
  });

  it('caps a request without Range at the page size, with a correct Content-Range', async () => {
    const res = await taxiiGet(`${root}/collections/${ids['hashes']}/objects/`, {
      Accept: STIX_20,
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-range')).toBe('items 0-179/180');
  });

  it('serves the same objects in 2.0 and 2.1, with related ids', async () => {
    const v20 = await pullByRange('hashes', 1000);
    const v21 = await taxiiGet(`${root}/collections/${ids['hashes']}/objects/?limit=1000`);
    expect(v20.objects).toHaveLength(v21.body.objects.length);
    const names = (list: Array<Record<string, unknown>>) => list.map((o) => o['name']).sort();
    expect(names(v20.objects)).toEqual(names(v21.body.objects));
  });

  it('lists 2.0 manifest entries with versions and media types', async () => {
    const res = await taxiiGet(`${root}/collections/${ids['hashes']}/manifest/`, {
      Accept: TAXII_20,
      Range: 'items 0-2',
    });
    expect(res.status).toBe(206);
    for (const entry of res.body.objects) {
      expect(Object.keys(entry).sort()).toEqual(['date_added', 'id', 'media_types', 'versions']);
      expect(entry.media_types).toEqual([STIX_20]);
    }
  });

  it('serves one object by id as a bundle, and 404 for an id not in the collection', async () => {
    const { objects } = await pullByRange('hashes', 1);
    const first = objects[0]!;
    const one = await taxiiGet(
      `${root}/collections/${ids['hashes']}/objects/${String(first['id'])}/`,
      {
        Accept: STIX_20,
      },
    );
    expect(one.body.objects).toEqual([first]);
    const missing = await taxiiGet(
      `${root}/collections/${ids['nothing']}/objects/${String(first['id'])}/`,
      { Accept: STIX_20 },
    );
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toBe(TAXII_20);
  });

  it('answers an empty collection with an empty bundle', async () => {
    const res = await taxiiGet(`${root}/collections/${ids['nothing']}/objects/`, {
      Accept: STIX_20,
    });
    expect(res.status).toBe(200);
    expect(res.body.objects).toBeUndefined();
    expect(res.headers.get('content-range')).toBe('items 0-0/0');
  });
});

describe('switching a TAXII version off', () => {
  let t: TestServer;

  beforeAll(async () => {
    t = await startTestServer({ collections: { all: '' }, flags: { versions: '2.1' } });
  });

  afterAll(async () => {
    await t.close();
  });

  it('answers the 2.0 media type with 406 naming what is served', async () => {
    const res = await taxiiGet(`${t.url}/threatintel/`, { Accept: TAXII_20 });
    expect(res.status).toBe(406);
    expect(res.body.description).toContain('application/taxii+json;version=2.1');
  });

  it('has no 2.0 discovery', async () => {
    const res = await taxiiGet(`${t.url}/taxii/`, { Accept: TAXII_20 });
    expect(res.status).toBe(404);
  });

  it('lets a client that tries 2.1 first and falls back to 2.0 settle on 2.1', async () => {
    const res = await taxiiGet(`${t.url}/taxii2/`);
    expect(res.status).toBe(200);
  });
});
