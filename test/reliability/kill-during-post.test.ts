/**
 * `kill -9` while a server finishes a large add request in the background. Afterwards the
 * restarted server finishes the request: every acknowledged object is served once in the
 * writable collection and as one indicator in a query-defined one, and posting the same
 * envelope again adds nothing. Asserted on both stores.
 */
import { once } from 'node:events';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { newApiKey } from '../../src/auth/api-key.js';
import { TAXII, taxiiRequest } from '../support/test-server.js';
import { serveProcess, type ServedProcess } from './support/server-process.js';
import { LOCATION_KINDS, type StoreLocation } from './support/store-places.js';

/** Far past the 100 objects finished before the answer: four chunks of background work. */
const OBJECTS = 2_000;

const writer = newApiKey();
const auth = { Authorization: `Bearer ${writer.key}` };

const address = (n: number) => `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;
const envelope = {
  objects: Array.from({ length: OBJECTS }, (_, n) => ({
    type: 'ipv4-addr',
    spec_version: '2.1',
    id: `ipv4-addr--00000000-0000-5000-8000-${n.toString(16).padStart(12, '0')}`,
    value: address(n),
  })),
};

interface Status {
  status: string;
  total_count: number;
  success_count: number;
  failure_count: number;
  pending_count: number;
}

describe.each(LOCATION_KINDS)('kill -9 during a large POST to a $name store', (kind) => {
  let place: StoreLocation;
  let args: string[];
  let server: ServedProcess | undefined;

  beforeEach(async () => {
    place = await kind.create();
    const collections = join(place.dir, 'collections.json');
    writeFileSync(
      collections,
      JSON.stringify({ inbox: { writable: true, write: ['writer'] }, everything: '' }),
    );
    const config = join(place.dir, 'config.json');
    writeFileSync(config, JSON.stringify({ users: { writer: { apiKeys: [writer.digest] } } }));
    args = ['--store', place.location, '--collections', collections, '--config', config];
  });

  afterEach(async () => {
    if (server && server.child.exitCode === null && server.child.signalCode === null) {
      server.child.kill('SIGTERM');
      await server.exited;
    }
    await place.dispose();
  });

  const root = () => `${server!.url}/threatintel`;
  const collectionIds = async () => {
    const listed = await taxiiRequest(`${root()}/collections/`, { headers: auth });
    const all = listed.body.collections as Array<{ title: string; id: string }>;
    return Object.fromEntries(all.map((c) => [c.title, c.id]));
  };
  const status = async (id: string) =>
    (await taxiiRequest(`${root()}/status/${id}/`, { headers: auth })).body as Status;
  const post = async (collection: string) => {
    const answer = await taxiiRequest(`${root()}/collections/${collection}/objects/`, {
      method: 'POST',
      headers: { 'Content-Type': TAXII, ...auth },
      body: JSON.stringify(envelope),
    });
    expect(answer.status).toBe(202);
    return answer.body as Status & { id: string };
  };
  const completed = async (id: string) => {
    for (let i = 0; i < 2400; i++) {
      const now = await status(id);
      if (now.status === 'complete') return now;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`status ${id} stayed pending`);
  };
  /** Every object of a collection, following `next`. */
  const readAll = async (collection: string, filter = '') => {
    const objects: Array<Record<string, unknown>> = [];
    let next = '';
    for (;;) {
      const url = `${root()}/collections/${collection}/objects/?limit=1000${filter}${next}`;
      const page = await taxiiRequest(url, { headers: auth });
      expect(page.status).toBe(200);
      objects.push(...((page.body.objects ?? []) as Array<Record<string, unknown>>));
      if (!page.body.more) return objects;
      next = `&next=${encodeURIComponent(page.body.next as string)}`;
    }
  };

  it('finishes the request after a restart, serves each object once, and a retry adds nothing', async () => {
    server = await serveProcess(args);
    const ids = await collectionIds();
    const accepted = await post(ids.inbox!);
    expect(accepted.total_count).toBe(OBJECTS);

    // Killed once some chunks have settled and others are still pending: mid-way for sure.
    let midway = await status(accepted.id);
    while (midway.success_count === 0 && midway.status === 'pending') {
      await new Promise((resolve) => setTimeout(resolve, 5));
      midway = await status(accepted.id);
    }
    const exited = once(server.child, 'exit');
    server.child.kill('SIGKILL');
    await exited;
    expect(midway.status).toBe('pending');
    expect(midway.pending_count).toBeGreaterThan(0);
    expect(midway.success_count).toBeGreaterThan(0);

    server = await serveProcess(args);
    const done = await completed(accepted.id);
    expect(done).toMatchObject({
      total_count: OBJECTS,
      success_count: OBJECTS,
      failure_count: 0,
      pending_count: 0,
    });

    const expectServedOnce = async () => {
      const posted = await readAll(ids.inbox!, '&match[version]=all');
      expect(posted).toHaveLength(OBJECTS);
      expect(new Set(posted.map((o) => o.id)).size).toBe(OBJECTS);
      expect(posted.map((o) => o.value).sort()).toEqual(
        envelope.objects.map((o) => o.value).sort(),
      );
      const indicators = await readAll(ids.everything!);
      const patterns = indicators.map((o) => o.pattern);
      expect(new Set(indicators.map((o) => o.id)).size).toBe(indicators.length);
      expect(new Set(patterns).size).toBe(OBJECTS);
      expect(patterns).toHaveLength(OBJECTS);
    };
    await expectServedOnce();

    const again = await post(ids.inbox!);
    expect(await completed(again.id)).toMatchObject({ success_count: OBJECTS, failure_count: 0 });
    await expectServedOnce();
  });
});
