import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { newApiKey } from '../../src/auth/api-key.js';
import { loadCollectionsDocument } from '../../src/config/collections-document.js';
import { loadConfig } from '../../src/config/load-config.js';
import { parseQuery } from '../../src/query/parser.js';
import { openRuntime, type Runtime } from '../../src/runtime.js';
import { createLogger } from '../../src/server/logger.js';
import { startServer, type RunningServer } from '../../src/server/start-server.js';
import { realData } from '../support/shared-data.js';
import { TAXII, taxiiRequest } from '../support/test-server.js';

const writer = newApiKey();
const reader = newApiKey();

const COLLECTIONS = {
  shared: { writable: true, description: 'Posted by partners', write: ['writer'] },
  indicators: { query: '', write: ['writer'] },
  hidden: { writable: true, read: ['writer'], write: ['writer'] },
  ips: 'type:IP',
  'posted-to-shared': 'sourceInstances:shared',
};

/** Every STIX bundle of the shared real data, by path: 2.0 and 2.1, arrays of objects too. */
function realBundles(): Array<{ name: string; objects: Array<Record<string, unknown>> }> {
  const found: Array<{ name: string; objects: Array<Record<string, unknown>> }> = [];
  for (const folder of readdirSync(realData())) {
    if (folder.endsWith('.md')) continue;
    for (const file of readdirSync(realData(folder)).filter((f) => f.endsWith('.json'))) {
      const parsed = JSON.parse(readFileSync(realData(folder, file), 'utf8')) as unknown;
      const objects = Array.isArray(parsed) ? parsed : (parsed as { objects?: unknown }).objects;
      if (Array.isArray(objects)) found.push({ name: `${folder}/${file}`, objects });
    }
  }
  return found;
}

interface Running {
  url: string;
  server: RunningServer;
  runtime: Runtime;
}

describe('writable collections over HTTP', () => {
  let dir: string;
  let running: Running;
  let root: string;
  let ids: Record<string, string>;

  async function start(): Promise<Running> {
    const config = loadConfig({ file: join(dir, 'config.json'), env: {} });
    const sink = new Writable({ write: (_chunk, _encoding, done) => done() });
    const logger = createLogger('warn', sink);
    const runtime = await openRuntime(config, { logger });
    const collections = loadCollectionsDocument(config.collections);
    const server = await startServer({ config, runtime, collections, logger });
    return { url: server.url, server, runtime };
  }

  async function stop(r: Running): Promise<void> {
    await r.server.close();
    await r.runtime.store.close();
  }

  const as = (apiKey: { key: string }) => ({ Authorization: `Bearer ${apiKey.key}` });
  const post = (collection: string, body: unknown, headers: Record<string, string> = {}) =>
    taxiiRequest(`${root}/collections/${ids[collection]}/objects/`, {
      method: 'POST',
      headers: { 'Content-Type': TAXII, ...as(writer), ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });

  async function finished(statusId: string): Promise<Record<string, any>> {
    for (let i = 0; i < 600; i++) {
      const got = await taxiiRequest(`${root}/status/${statusId}/`, { headers: as(writer) });
      expect(got.status).toBe(200);
      if (got.body.status === 'complete') return got.body;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`status ${statusId} stayed pending`);
  }

  async function readAll(collection: string, extra = ''): Promise<Array<Record<string, unknown>>> {
    const objects: Array<Record<string, unknown>> = [];
    let next = '';
    for (;;) {
      const url = `${root}/collections/${ids[collection]}/objects/?limit=500${next}${extra}`;
      const page = await taxiiRequest(url, { headers: as(reader) });
      expect(page.status).toBe(200);
      objects.push(...((page.body.objects ?? []) as Array<Record<string, unknown>>));
      if (!page.body.more) return objects;
      next = `&next=${encodeURIComponent(page.body.next as string)}`;
    }
  }

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'taxii2-writes-'));
    writeFileSync(join(dir, 'collections.json'), JSON.stringify(COLLECTIONS));
    writeFileSync(
      join(dir, 'config.json'),
      JSON.stringify({
        store: join(dir, 'store.db'),
        port: 0,
        collections: join(dir, 'collections.json'),
        stix: { namespaceSeed: 'write tests' },
        apiRoot: { maxContentLength: 4 * 1024 * 1024 },
        users: { writer: { apiKeys: [writer.digest] }, reader: { apiKeys: [reader.digest] } },
      }),
    );
    running = await start();
    root = `${running.url}/threatintel`;
    const listed = await taxiiRequest(`${root}/collections/`, { headers: as(writer) });
    ids = Object.fromEntries(
      (listed.body.collections as Array<{ title: string; id: string }>).map((c) => [c.title, c.id]),
    );
  });

  afterAll(async () => {
    await stop(running);
    rmSync(dir, { recursive: true, force: true });
  });

  it('tells writers and readers apart in can_write', async () => {
    const mine = await taxiiRequest(`${root}/collections/${ids.shared}/`, { headers: as(writer) });
    const theirs = await taxiiRequest(`${root}/collections/${ids.shared}/`, {
      headers: as(reader),
    });
    const query = await taxiiRequest(`${root}/collections/${ids.indicators}/`, {
      headers: as(writer),
    });
    expect([mine.body.can_write, theirs.body.can_write, query.body.can_write]).toEqual([
      true,
      false,
      false,
    ]);
  });

  it('refuses writes to a read-only collection (403), a hidden one (404) and by a reader (403)', async () => {
    const envelope = { objects: [realBundles()[0]!.objects[0]] };
    expect((await post('indicators', envelope)).status).toBe(403);
    expect((await post('shared', envelope, as(reader))).status).toBe(403);
    const hidden = await taxiiRequest(`${root}/collections/${ids.hidden}/objects/`, {
      method: 'POST',
      headers: { 'Content-Type': TAXII, ...as(reader) },
      body: JSON.stringify(envelope),
    });
    expect(hidden.status).toBe(404);
    expect(hidden.body.title).toBe('Not found');
  });

  it('answers 415 for a body that is not a TAXII envelope and 413 past max_content_length', async () => {
    const envelope = { objects: [realBundles()[0]!.objects[0]] };
    const wrong = await post('shared', envelope, { 'Content-Type': 'application/json' });
    expect(wrong.status).toBe(415);
    const stix = await post('shared', envelope, {
      'Content-Type': 'application/stix+json;version=2.1',
    });
    expect(stix.status).toBe(415);

    // The media type is checked before the body is read: a body that is not JSON at all is a
    // 415 under a wrong type, on both API versions, and a 400 only under the right one.
    const url = `${root}/collections/${ids.shared}/objects/`;
    for (const [accept, contentType] of [
      [TAXII, 'text/plain'],
      [TAXII, 'application/stix+json;version=2.1'],
      ['application/vnd.oasis.taxii+json; version=2.0', 'application/json'],
      ['application/vnd.oasis.taxii+json; version=2.0', TAXII],
    ]) {
      const answer = await taxiiRequest(url, {
        method: 'POST',
        headers: { Accept: accept!, 'Content-Type': contentType!, ...as(writer) },
        body: 'this is { not JSON',
      });
      expect([contentType, answer.status, answer.body.title]).toEqual([
        contentType,
        415,
        'Unsupported media type',
      ]);
    }
    const notJson = await post('shared', 'this is { not JSON');
    expect([notJson.status, notJson.body.title]).toEqual([400, 'Invalid request']);

    const big = {
      objects: [
        {
          type: 'note',
          id: 'note--0f3c1b5e-9c2a-4a8e-8d55-0c1f9f0e7a11',
          content: 'x'.repeat(5 * 1024 * 1024),
        },
      ],
    };
    const tooLarge = await post('shared', big);
    expect(tooLarge.status).toBe(413);
  });

  it('answers 400 for a body that is not an envelope (2.1) or bundle (2.0) of STIX objects', async () => {
    const url = `${root}/collections/${ids.shared}/objects/`;
    const TAXII_20 = 'application/vnd.oasis.taxii+json; version=2.0';
    const STIX_20 = 'application/vnd.oasis.stix+json; version=2.0';
    const bundle20 = (objects: unknown) => ({
      type: 'bundle',
      id: 'bundle--2d8c5e1a-6b3f-4c7d-9e0a-1f2b3c4d5e6f',
      spec_version: '2.0',
      objects,
    });
    const cases: Array<[string, string, string]> = [
      ...['', 'null', '"envelope"', '[1]', '{}', '{"objects":[]}', '{"objects":"x"}'].map(
        (body): [string, string, string] => [TAXII, TAXII, body],
      ),
      ...['[null]', '[1]', '[{}]', '[{"type":"indicator"}]'].map(
        (objects): [string, string, string] => [TAXII, TAXII, `{"objects":${objects}}`],
      ),
      [TAXII_20, STIX_20, '[1]'],
      [TAXII_20, STIX_20, JSON.stringify(bundle20([null]))],
      [TAXII_20, STIX_20, JSON.stringify({ objects: [realBundles()[0]!.objects[0]] })],
    ];
    for (const [accept, contentType, body] of cases) {
      const answer = await taxiiRequest(url, {
        method: 'POST',
        headers: { Accept: accept, 'Content-Type': contentType, ...as(writer) },
        body,
      });
      expect([body, answer.status, answer.headers.get('content-type')]).toEqual([
        body,
        400,
        accept,
      ]);
      expect(answer.body).toMatchObject({ title: 'Invalid request', http_status: '400' });
      expect(JSON.stringify(answer.body)).not.toMatch(/ at .*\.[jt]s:\d+/);
    }
    const bare = await taxiiRequest(url, {
      method: 'POST',
      headers: { Accept: TAXII_20, 'Content-Type': STIX_20, ...as(writer) },
      body: '[1]',
    });
    expect(bare.body.description).toBe('The request body is invalid: body: must be object.');

    // A STIX 2.1 bundle carries `type` and `id` beside `objects`: taken as an envelope (posted
    // to another collection, so the round trip below finds the shared one as it was).
    const ip = { type: 'ipv4-addr', id: 'ipv4-addr--0d3e6c1f-5a2b-5c4d-8e9f-0a1b2c3d4e70' };
    const asBundle = { type: 'bundle', id: 'bundle--5f0e2d1c-3b4a-4c5d-8e6f-7a8b9c0d1e2f' };
    const taken = await post('hidden', { ...asBundle, objects: [{ ...ip, value: '192.0.2.200' }] });
    expect([taken.status, taken.body.success_count]).toEqual([202, 1]);
  });

  it('reports each STIX object it refuses with the reason, in a status the document describes', async () => {
    const malware = {
      type: 'malware',
      id: 'malware--6e5d4c3b-2a19-4f8e-9d7c-6b5a4f3e2d1c',
      spec_version: '2.1',
      created: '2024-01-01T00:00:00.000Z',
      modified: '2024-01-01T00:00:00.000Z',
    };
    const objects = [
      { ...malware, modified: 'last tuesday' },
      { ...malware, type: 'tool' },
      { ...malware, spec_version: '3.0' },
    ];
    // taxiiRequest checks the answer against the document: each version must be a timestamp.
    const answer = await post('shared', { objects });
    expect([answer.status, answer.body.failure_count]).toEqual([202, 3]);
    expect((answer.body.failures as Array<{ message: string }>).map((f) => f.message)).toEqual([
      'modified is not a timestamp',
      'the id does not name the object type',
      'spec_version 3.0 is not 2.0 or 2.1',
    ]);
  });

  it('serves every real bundle back object for object, as posted, and a retry adds nothing', async () => {
    const bundles = realBundles();
    expect(bundles.length).toBeGreaterThanOrEqual(11);
    // A few objects of the real data repeat an id and version with other content: the first
    // copy is kept, and each later copy is a failure that says why.
    const posted = new Map<string, Record<string, unknown>>();
    // A version is an instant: 2017-06-01T00:00:00Z and ...00.000Z are the same one.
    const key = (o: Record<string, unknown>) => {
      const version = o.modified ?? o.created;
      return `${String(o.id)} ${typeof version === 'string' ? Date.parse(version) : 'none'}`;
    };
    for (const { name, objects } of bundles) {
      const conflicts = objects.filter((o) => {
        const kept = posted.get(key(o));
        if (!kept) posted.set(key(o), o);
        return kept !== undefined && JSON.stringify(kept) !== JSON.stringify(o);
      });
      const answer = await post('shared', { objects });
      expect(answer.status, name).toBe(202);
      expect(answer.body.total_count, name).toBe(objects.length);
      const done = await finished(answer.body.id as string);
      expect(done.failure_count, name).toBe(conflicts.length);
      expect(done.success_count, name).toBe(objects.length - conflicts.length);
      for (const failure of done.failures ?? []) {
        expect(failure.message).toMatch(/different object with this id and version/);
      }
    }

    const served = await readAll('shared', '&match[version]=all');
    expect(served).toHaveLength(posted.size);
    for (const object of served) expect(object).toEqual(posted.get(key(object)));

    const again = await post('shared', { objects: bundles[0]!.objects });
    const done = await finished(again.body.id as string);
    expect(done.success_count).toBe(bundles[0]!.objects.length);
    expect(await readAll('shared', '&match[version]=all')).toHaveLength(posted.size);
  });

  it('serves STIX 2.0 and 2.1 versions of an object side by side, the newest spec version by default', async () => {
    const id = 'malware--3c2b1a09-8f7e-4d6c-9b5a-4e3d2c1b0a99';
    const v21 = (modified: string) => ({
      type: 'malware',
      spec_version: '2.1',
      id,
      created: '2024-01-01T00:00:00.000Z',
      modified,
      name: 'Sides',
      is_family: true,
    });
    // STIX 2.0 has no spec_version on objects: one with `created` and none is 2.0, also when a
    // 2.1 envelope brings it. Here it is the newest version of all.
    const v20 = {
      type: 'malware',
      id,
      created: '2024-01-01T00:00:00.000Z',
      modified: '2024-06-01T00:00:00.000Z',
      name: 'Sides',
      labels: ['worm'],
    };
    const objects = [v21('2024-01-01T00:00:00.000Z'), v21('2024-02-01T00:00:00.000Z'), v20];
    expect(
      (await finished((await post('shared', { objects })).body.id as string)).success_count,
    ).toBe(3);

    const read = async (path: string, q: string) => {
      const url = `${root}/collections/${ids.shared}/${path}?match[id]=${id}&${q}`;
      const got = await taxiiRequest(url, { headers: as(reader) });
      expect(got.status).toBe(200);
      return got.body;
    };
    const modified = async (q: string) =>
      ((await read('objects/', q)).objects as Array<{ modified: string }>).map((o) => o.modified);
    expect(await modified('')).toEqual(['2024-02-01T00:00:00.000Z']);
    expect(await modified('match[version]=all')).toHaveLength(2);
    expect(await modified('match[version]=first,last')).toEqual([
      '2024-01-01T00:00:00.000Z',
      '2024-02-01T00:00:00.000Z',
    ]);
    expect(await modified('match[spec_version]=2.0')).toEqual(['2024-06-01T00:00:00.000Z']);
    expect(await modified('match[spec_version]=2.0,2.1')).toEqual(['2024-06-01T00:00:00.000Z']);
    expect(await modified('match[spec_version]=2.1,2.0&match[version]=all')).toHaveLength(3);

    const versions = async (q: string) => {
      const url = `${root}/collections/${ids.shared}/objects/${id}/versions/?${q}`;
      return (await taxiiRequest(url, { headers: as(reader) })).body.versions as string[];
    };
    expect(await versions('')).toHaveLength(2);
    expect(await versions('match[spec_version]=2.0,2.1')).toHaveLength(3);

    const manifest = await read('manifest/', 'match[version]=all&match[spec_version]=2.0,2.1');
    expect((manifest.objects as Array<{ media_type: string }>).map((m) => m.media_type)).toEqual([
      'application/stix+json;version=2.1',
      'application/stix+json;version=2.1',
      'application/stix+json;version=2.0',
    ]);
    const collection = await taxiiRequest(`${root}/collections/${ids.shared}/`, {
      headers: as(reader),
    });
    expect(collection.body.media_types).toEqual([
      'application/stix+json;version=2.1',
      'application/stix+json;version=2.0',
    ]);

    // A 2.0 client reads the 2.0 objects alone: 2.1 ones do not belong in a 2.0 bundle.
    const STIX_20 = 'application/vnd.oasis.stix+json; version=2.0';
    const for20 = await taxiiRequest(
      `${root}/collections/${ids.shared}/objects/${id}/?match[version]=all`,
      { headers: { Accept: STIX_20, ...as(reader) } },
    );
    expect(for20.body.objects).toEqual([v20]);
  });

  it('turns posted STIX into indicators that query-defined collections serve, once each', async () => {
    const ip = {
      type: 'ipv4-addr',
      spec_version: '2.1',
      id: 'ipv4-addr--4c1b3f6e-77a0-5b2d-9e11-0a6b2c3d4e5f',
      value: '203.0.113.77',
    };
    const indicator = {
      type: 'indicator',
      spec_version: '2.1',
      id: 'indicator--9e2f4a61-3c7b-4d0e-8a15-6b7c8d9e0f12',
      created: '2024-05-01T00:00:00.000Z',
      modified: '2024-05-01T00:00:00.000Z',
      pattern: "[domain-name:value = 'posted-domain.example']",
      pattern_type: 'stix',
      valid_from: '2024-05-01T00:00:00Z',
      indicator_types: ['malicious-activity'],
      x_partner_note: 'kept as posted',
    };
    const malware = {
      type: 'malware',
      spec_version: '2.1',
      id: 'malware--1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d',
      created: '2024-05-01T00:00:00.000Z',
      modified: '2024-05-01T00:00:00.000Z',
      name: 'PostedWorm',
      is_family: true,
    };
    const note = {
      type: 'note',
      spec_version: '2.1',
      id: 'note--6d5c4b3a-2f1e-4d0c-9b8a-7f6e5d4c3b2a',
      created: '2024-05-01T00:00:00.000Z',
      modified: '2024-05-01T00:00:00.000Z',
      content: 'no indicator in this',
      object_refs: [malware.id],
    };
    const first = await finished(
      (await post('shared', { objects: [ip, indicator, malware, note] })).body.id as string,
    );
    expect(first.success_count).toBe(4);
    // A relationship posted later still finds its two ends among the collection's objects.
    const relationship = {
      type: 'relationship',
      spec_version: '2.1',
      id: 'relationship--0b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e',
      created: '2024-05-02T00:00:00.000Z',
      modified: '2024-05-02T00:00:00.000Z',
      relationship_type: 'indicates',
      source_ref: indicator.id,
      target_ref: malware.id,
    };
    expect(
      (await finished((await post('shared', { objects: [relationship] })).body.id as string))
        .success_count,
    ).toBe(1);

    // The server renders indicators with patterns (stix.observables is off here).
    const ips = await readAll('ips');
    expect(ips.filter((o) => String(o.pattern).includes("'203.0.113.77'"))).toEqual([
      expect.objectContaining({ type: 'indicator', pattern: "[ipv4-addr:value = '203.0.113.77']" }),
    ]);

    const fromShared = await readAll('posted-to-shared');
    const ids = fromShared.map((o) => String(o.id));
    expect(new Set(ids).size).toBe(ids.length);
    const served = (id: string) => fromShared.filter((o) => o.id === id);
    expect(served(indicator.id)).toHaveLength(1);
    expect(served(indicator.id)[0]).toMatchObject({
      pattern: "[domain-name:value = 'posted-domain.example']",
    });
    expect(served(malware.id)).toEqual([expect.objectContaining({ name: 'PostedWorm' })]);
    expect(served(note.id)).toEqual([]);
    // The relationship is stored with its source indicator. Its target carries a STIX id of
    // its own, so the renderer withholds the SRO rather than let it dangle (see Limitations).
    const store = running.runtime.store;
    const query = store.compileQuery(parseQuery('value:"posted-domain.example"'));
    const [domain] = await store.listMatching(query, Date.now() * 1000, 2);
    expect(domain).toMatchObject({ type: 'Domain', score: 3, sourceInstances: ['shared'] });
    expect(domain!.relationships).toEqual([
      expect.objectContaining({
        relationshipType: 'indicates',
        targetType: 'Malware',
        targetValue: 'PostedWorm',
      }),
    ]);
    for (const sro of fromShared.filter((o) => o.type === 'relationship')) {
      expect(ids).toContain(sro.target_ref);
    }

    // The writable collection still serves exactly what was posted, once each.
    const shared = await readAll(
      'shared',
      `&match[id]=${indicator.id},${note.id},${relationship.id}`,
    );
    expect(shared).toEqual(expect.arrayContaining([indicator, note, relationship]));
    expect(shared).toHaveLength(3);
  });

  it('keeps versions side by side: last by default, first, all and exact on request', async () => {
    const id = 'indicator--5b9a1f3e-27d4-4c1b-9a0e-7e6f0c2d4b11';
    const version = (modified: string) => ({
      type: 'indicator',
      spec_version: '2.1',
      id,
      created: '2024-01-01T00:00:00.000Z',
      modified,
      pattern: "[ipv4-addr:value = '198.51.100.9']",
      pattern_type: 'stix',
      valid_from: '2024-01-01T00:00:00Z',
    });
    const objects = [
      '2024-01-01T00:00:00.000Z',
      '2024-02-01T00:00:00.000Z',
      '2024-03-01T00:00:00.000Z',
    ].map(version);
    await finished((await post('shared', { objects })).body.id as string);

    const url = (q: string) => `${root}/collections/${ids.shared}/objects/${id}/?${q}`;
    const modified = async (q: string) => {
      const got = await taxiiRequest(url(q), { headers: as(reader) });
      return (got.body.objects as Array<{ modified: string }>).map((o) => o.modified);
    };
    expect(await modified('')).toEqual(['2024-03-01T00:00:00.000Z']);
    expect(await modified('match[version]=first')).toEqual(['2024-01-01T00:00:00.000Z']);
    expect(await modified('match[version]=first,last')).toHaveLength(2);
    expect(await modified('match[version]=all')).toHaveLength(3);
    expect(await modified('match[version]=2024-02-01T00:00:00Z')).toEqual([
      '2024-02-01T00:00:00.000Z',
    ]);

    const changed = { ...version('2024-02-01T00:00:00.000Z'), name: 'another body' };
    const refused = await finished(
      (await post('shared', { objects: [changed] })).body.id as string,
    );
    expect(refused.failure_count).toBe(1);
    expect(refused.failures[0].message).toMatch(/different object with this id and version/);
  });

  it('deletes the versions a writer selects; readers and query collections are refused', async () => {
    const id = 'malware--7d2c0a9e-1b4f-4e6a-9c3d-5f8e2a1b0c44';
    const version = (modified: string) => ({
      type: 'malware',
      spec_version: '2.1',
      id,
      created: '2024-01-01T00:00:00.000Z',
      modified,
      name: 'Deleted later',
      is_family: true,
    });
    const dates = [
      '2024-01-01T00:00:00.000Z',
      '2024-02-01T00:00:00.000Z',
      '2024-03-01T00:00:00.000Z',
    ];
    await finished((await post('shared', { objects: dates.map(version) })).body.id as string);
    const objectUrl = (q = '') => `${root}/collections/${ids.shared}/objects/${id}/${q}`;
    const remove = (q: string, key = writer) =>
      taxiiRequest(objectUrl(q), { method: 'DELETE', headers: as(key) });

    expect((await remove('', reader)).status).toBe(403);
    const onQuery = await taxiiRequest(`${root}/collections/${ids.indicators}/objects/${id}/`, {
      method: 'DELETE',
      headers: as(writer),
    });
    expect(onQuery.status).toBe(403);

    expect((await remove('?match[version]=first')).status).toBe(200);
    const left = await taxiiRequest(objectUrl('?match[version]=all'), { headers: as(reader) });
    expect((left.body.objects as Array<{ modified: string }>).map((o) => o.modified)).toEqual(
      dates.slice(1),
    );
    expect((await remove('?match[spec_version]=2.0')).status).toBe(404);
    expect((await remove('')).status).toBe(200);
    expect((await taxiiRequest(objectUrl(), { headers: as(reader) })).status).toBe(404);
  });

  it('takes a STIX 2.0 bundle on the 2.0 API and serves it there as posted', async () => {
    const STIX_20 = 'application/vnd.oasis.stix+json; version=2.0';
    const TAXII_20 = 'application/vnd.oasis.taxii+json; version=2.0';
    const bundle = realBundles().find((b) => b.name.endsWith('MidnightEclipse.json'))!;
    const body = {
      type: 'bundle',
      id: 'bundle--0c7e5a7e-8c1f-4d0e-9a51-3b2f5e9d1c22',
      spec_version: '2.0',
      objects: bundle.objects.slice(0, 5),
    };
    const url = `${root}/collections/${ids.shared}/objects/`;
    const refused = await taxiiRequest(url, {
      method: 'POST',
      headers: { Accept: TAXII_20, 'Content-Type': TAXII, ...as(writer) },
      body: JSON.stringify(body),
    });
    expect(refused.status).toBe(415);

    const answer = await taxiiRequest(url, {
      method: 'POST',
      headers: { Accept: TAXII_20, 'Content-Type': STIX_20, ...as(writer) },
      body: JSON.stringify(body),
    });
    expect(answer.status).toBe(202);
    expect(answer.body).toMatchObject({ status: 'complete', success_count: 5 });
    const first = body.objects[0] as { id: string };
    const served = await taxiiRequest(`${url}${first.id}/`, {
      headers: { Accept: STIX_20, ...as(reader) },
    });
    expect(served.status).toBe(200);
    expect(served.body.objects).toEqual([first]);
  });

  it('finishes a large envelope in the background and keeps its status across a restart', async () => {
    const ics = realBundles().find((b) => b.name.endsWith('ics-attack.json'))!;
    const renamed = ics.objects.map((o) => ({
      ...o,
      x_posted_twice: true,
      modified: '2030-01-01T00:00:00.000Z',
    }));
    const answer = await post('shared', { objects: renamed });
    expect(answer.status).toBe(202);
    expect(answer.body.success_count + answer.body.pending_count).toBe(renamed.length);
    const statusId = answer.body.id as string;
    const done = await finished(statusId);
    expect(done.success_count).toBe(renamed.length);

    await stop(running);
    running = await start();
    root = `${running.url}/threatintel`;
    const kept = await taxiiRequest(`${root}/status/${statusId}/`, { headers: as(writer) });
    expect(kept.body).toEqual(done);
    const readerToo = await taxiiRequest(`${root}/status/${statusId}/`, { headers: as(reader) });
    expect(readerToo.status).toBe(200);
    const unknown = await taxiiRequest(`${root}/status/2f6c1d0e-0000-4000-8000-000000000000/`, {
      headers: as(writer),
    });
    expect(unknown.status).toBe(404);
  });
});
