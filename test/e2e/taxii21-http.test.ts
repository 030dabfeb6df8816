import { request } from 'node:http';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createStixValidator } from '../../src/stix/validate.js';
import { realData } from '../support/shared-data.js';
import {
  startTestServer,
  TAXII,
  taxiiGet,
  taxiiRequest,
  type TestServer,
  collectionIdsByTitle,
} from '../support/test-server.js';

const COLLECTIONS = {
  all: '',
  ips: { query: 'type:IP or type:IPv6', description: 'Addresses' },
  hashes: 'type:File',
  nothing: 'type:Mutex',
};

describe('TAXII 2.1 over HTTP', () => {
  let t: TestServer;
  let root: string;
  let ids: Record<string, string>;

  beforeAll(async () => {
    t = await startTestServer({
      collections: COLLECTIONS,
      files: [
        { path: realData('neo23x0-signature-base', 'c2-iocs.txt'), defaults: { score: 3 } },
        { path: realData('eset-malware-ioc', 'bandook-samples.sha256'), defaults: { score: 3 } },
      ],
    });
    root = `${t.url}/threatintel`;
    const listed = await taxiiGet(`${root}/collections/`);
    ids = collectionIdsByTitle(listed.body);
  });

  afterAll(async () => {
    await t.close();
  });

  async function pullAll(collection: string, limit: number, extra = '') {
    const objects: Array<Record<string, unknown>> = [];
    let next: string | undefined;
    for (let pages = 0; pages < 10_000; pages++) {
      const params = new URLSearchParams({ limit: String(limit) });
      if (next) params.set('next', next);
      const page = await taxiiGet(
        `${root}/collections/${ids[collection]}/objects/?${params.toString()}${extra}`,
      );
      expect(page.status).toBe(200);
      objects.push(...((page.body.objects ?? []) as Array<Record<string, unknown>>));
      if (!page.body.more) return objects;
      next = page.body.next as string;
      expect(typeof next).toBe('string');
    }
    throw new Error('paging did not end');
  }

  describe('discovery and API root', () => {
    it('answers discovery with absolute API root URLs and the TAXII media type', async () => {
      const res = await taxiiGet(`${t.url}/taxii2/`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe(TAXII);
      expect(res.body.api_roots).toEqual([`${root}/`]);
      expect(res.body.default).toBe(`${root}/`);
    });

    it('serves the same resource when the final slash is left off', async () => {
      const withSlash = await taxiiGet(`${t.url}/taxii2/`);
      const without = await taxiiGet(`${t.url}/taxii2`);
      expect(without.status).toBe(200);
      expect(without.body).toEqual(withSlash.body);
    });

    it('describes the API root with its TAXII version and max_content_length', async () => {
      const res = await taxiiGet(`${root}/`);
      expect(res.status).toBe(200);
      expect(res.body.versions).toEqual([TAXII]);
      expect(res.body.max_content_length).toBeGreaterThan(0);
    });

    it('answers an unknown API root with a TAXII 404', async () => {
      const res = await taxiiGet(`${t.url}/nosuchroot/`);
      expect(res.status).toBe(404);
      expect(res.body).toMatchObject({ http_status: '404', error_code: 'not_found' });
    });
  });

  describe('content negotiation', () => {
    it.each([
      'application/taxii+json;version=2.1',
      'application/taxii+json; version=2.1',
      'application/taxii+json',
      '*/*',
      'text/html;q=0.9, application/taxii+json;version=2.1;q=0.8',
    ])('serves Accept: %s', async (accept) => {
      expect((await taxiiGet(`${t.url}/taxii2/`, { Accept: accept })).status).toBe(200);
    });

    it.each(['application/json', 'application/taxii+json;version=2.0', 'text/html'])(
      'answers Accept: %s with 406 and a TAXII error',
      async (accept) => {
        const res = await taxiiGet(`${t.url}/taxii2/`, { Accept: accept });
        expect(res.status).toBe(406);
        expect(res.headers.get('content-type')).toBe(TAXII);
        expect(res.body.title).toBe('Not acceptable');
      },
    );
  });

  describe('errors', () => {
    it('answers an unknown path with a TAXII 404', async () => {
      const res = await taxiiGet(`${t.url}/threatintel/nothing/here/`);
      expect(res.status).toBe(404);
      expect(res.body.http_status).toBe('404');
    });

    it('answers a wrong method with 405 and Allow', async () => {
      const res = await fetch(`${t.url}/taxii2/`, { method: 'DELETE', headers: { Accept: TAXII } });
      expect(res.status).toBe(405);
      expect(res.headers.get('allow')).toBe('GET');
      expect(res.headers.get('content-type')).toBe(TAXII);
      expect(((await res.json()) as { http_status: string }).http_status).toBe('405');
    });

    it.each(['0', '-5', 'ten', '1e3'])('answers limit=%s with a TAXII 400', async (limit) => {
      const res = await taxiiGet(`${root}/collections/${ids['all']}/objects/?limit=${limit}`);
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ http_status: '400' });
      expect(JSON.stringify(res.body)).not.toMatch(/\bat .*\.(ts|js):\d+/);
    });

    it('answers a forged next with a TAXII 400', async () => {
      const res = await taxiiGet(`${root}/collections/${ids['all']}/objects/?next=abc.def`);
      expect(res.status).toBe(400);
      expect(res.body.description).toMatch(/next/);
    });

    it('answers an unparseable added_after with a TAXII 400', async () => {
      const res = await taxiiGet(`${root}/collections/${ids['all']}/objects/?added_after=soon`);
      expect(res.status).toBe(400);
    });

    it('answers an unknown collection with a TAXII 404', async () => {
      const res = await taxiiGet(
        `${root}/collections/0b6e8f2a-3c4d-5e6f-8a9b-0c1d2e3f4a5b/objects/`,
      );
      expect(res.status).toBe(404);
    });

    it('refuses writes to a query collection with a TAXII 403', async () => {
      const res = await taxiiRequest(`${root}/collections/${ids['all']}/objects/`, {
        method: 'POST',
        headers: { 'Content-Type': TAXII },
        body: JSON.stringify({ objects: [] }),
      });
      expect(res.status).toBe(403);
      expect(res.body.http_status).toBe('403');
    });
  });

  describe('collections', () => {
    it('lists every configured collection with stable ids and read access', async () => {
      const res = await taxiiGet(`${root}/collections/`);
      expect(res.body.collections).toHaveLength(4);
      for (const c of res.body.collections) {
        expect(c).toMatchObject({ can_read: true, can_write: false });
        expect(c.media_types).toEqual(['application/stix+json;version=2.1']);
      }
      const one = await taxiiGet(`${root}/collections/${ids['ips']}/`);
      expect(one.body).toMatchObject({ title: 'ips', description: 'Addresses' });
    });
  });

  describe('objects', () => {
    it('pulls every indicator of a collection exactly once at several page sizes', async () => {
      const expected = await t.runtime.store.countMatching(
        t.server.service.collections.get(ids['all']!)!.storeQuery,
        Date.now() * 1000,
      );
      expect(expected).toBeGreaterThan(1500);
      for (const limit of [1000, 333, 64]) {
        const objects = await pullAll('all', limit);
        expect(objects).toHaveLength(expected);
        expect(new Set(objects.map((o) => o.id)).size).toBe(expected);
      }
    });

    it('emits objects that validate against the STIX schemas', async () => {
      const validate = createStixValidator();
      const objects = await pullAll('all', 1000);
      const failures = objects.flatMap((o) => validate(o).map((e) => `${String(o.id)}: ${e}`));
      expect(failures).toEqual([]);
    });

    it('sets both date headers on a page, with six fraction digits', async () => {
      const res = await taxiiGet(`${root}/collections/${ids['hashes']}/objects/?limit=10`);
      const first = res.headers.get('x-taxii-date-added-first');
      const last = res.headers.get('x-taxii-date-added-last');
      expect(first).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
      expect(last).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
      expect(last! > first!).toBe(true);
    });

    it('answers an empty collection with {"more": false} and no date headers', async () => {
      const res = await taxiiGet(`${root}/collections/${ids['nothing']}/objects/`);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ more: false });
      expect(res.headers.get('x-taxii-date-added-first')).toBeNull();
    });

    it('continues after X-TAXII-Date-Added-Last with added_after, missing nothing', async () => {
      const all = await pullAll('hashes', 1000);
      const first = await taxiiGet(`${root}/collections/${ids['hashes']}/objects/?limit=50`);
      const last = first.headers.get('x-taxii-date-added-last')!;
      const rest = await pullAll('hashes', 1000, `&added_after=${encodeURIComponent(last)}`);
      expect(first.body.objects.length + rest.length).toBe(all.length);
    });

    it('filters by match[type] with comma lists', async () => {
      const res = await taxiiGet(
        `${root}/collections/${ids['all']}/objects/?match[type]=malware,indicator&limit=5`,
      );
      expect(res.status).toBe(200);
      expect(res.body.objects.every((o: { type: string }) => o.type === 'indicator')).toBe(true);
      const none = await taxiiGet(`${root}/collections/${ids['all']}/objects/?match[type]=malware`);
      expect(none.body).toEqual({ more: false });
    });

    it('refuses a next token reused with other filters', async () => {
      const page = await taxiiGet(`${root}/collections/${ids['all']}/objects/?limit=5`);
      const next = encodeURIComponent(page.body.next as string);
      const res = await taxiiGet(
        `${root}/collections/${ids['all']}/objects/?limit=5&next=${next}&match[type]=indicator`,
      );
      expect(res.status).toBe(400);
    });

    it('serves one object by id, and its versions', async () => {
      const page = await taxiiGet(`${root}/collections/${ids['hashes']}/objects/?limit=1`);
      const object = page.body.objects[0];
      const byId = await taxiiGet(`${root}/collections/${ids['hashes']}/objects/${object.id}/`);
      expect(byId.body.objects).toEqual([object]);
      const versions = await taxiiGet(
        `${root}/collections/${ids['hashes']}/objects/${object.id}/versions/`,
      );
      expect(versions.body).toEqual({ more: false, versions: [object.modified] });
      const elsewhere = await taxiiGet(
        `${root}/collections/${ids['nothing']}/objects/${object.id}/`,
      );
      expect(elsewhere.status).toBe(404);
    });

    it('lists a manifest record per object', async () => {
      const res = await taxiiGet(`${root}/collections/${ids['hashes']}/manifest/?limit=3`);
      expect(res.body.objects).toHaveLength(3);
      for (const record of res.body.objects) {
        expect(Object.keys(record).sort()).toEqual(['date_added', 'id', 'media_type', 'version']);
        expect(record.media_type).toBe('application/stix+json;version=2.1');
      }
    });
  });

  it('logs one completion line per request with its id, status and duration', async () => {
    await fetch(`${t.url}/taxii2/`, { headers: { Accept: TAXII, 'X-Request-Id': 'trace-42' } });
    const line = t.logs.find((l) => l['req_id'] === 'trace-42' && l['msg'] === 'request completed');
    expect(line).toMatchObject({ res: { status: 200 } });
    expect(typeof line!['duration_ms']).toBe('number');
  });
});

describe('request bodies the server cannot read', () => {
  let t: TestServer;

  beforeAll(async () => {
    t = await startTestServer({ collections: { all: '' } });
  });

  afterAll(async () => {
    await t.close();
  });

  async function post(headers: Record<string, string>, body: string) {
    const id = t.server.service.collections.all[0]!.id;
    return fetch(`${t.url}/threatintel/collections/${id}/objects/`, {
      method: 'POST',
      headers: { Accept: TAXII, ...headers },
      body,
    });
  }

  it('answers a body that claims gzip but is not with a TAXII 400', async () => {
    const res = await post({ 'Content-Type': TAXII, 'Content-Encoding': 'gzip' }, 'not gzip');
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toBe(TAXII);
  });

  it('answers an unsupported charset with a TAXII 415', async () => {
    const res = await post({ 'Content-Type': 'application/json; charset=bogus' }, '{}');
    expect(res.status).toBe(415);
    expect(((await res.json()) as { http_status: string }).http_status).toBe('415');
  });

  it('ignores a body sent with GET, even one it could not read', async () => {
    const { hostname, port } = new URL(t.url);
    const status = await new Promise<number>((resolve, reject) => {
      const req = request({
        host: hostname,
        port: Number(port),
        path: '/taxii2/',
        method: 'GET',
        headers: { Accept: TAXII, 'Content-Encoding': 'gzip', 'Content-Length': '8' },
      });
      req.on('response', (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end('not gzip');
    });
    expect(status).toBe(200);
  });
});
