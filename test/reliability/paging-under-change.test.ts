/**
 * A client pages through a large collection over HTTP while other processes update and add
 * thousands of indicators. Updated objects move to the end of collection order with a new
 * version, so the client may see an object again, but never the same (id, version) twice,
 * and every object that existed when it started arrives in some version.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { startTestServer, taxiiGet, type TestServer } from '../support/test-server.js';
import { runCli } from './support/cli-run.js';
import { LOCATION_KINDS, type StoreLocation } from './support/store-places.js';

const INITIAL = 1500;
const BATCHES = 2;
/** Each batch updates this many existing indicators (a new score) and adds as many new ones. */
const PER_BATCH = 750;
const LIMIT = 50;

const address = (n: number) => `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;

/** Imports a list of addresses with one score, in a process of its own, as an operator would. */
async function importList(place: StoreLocation, name: string, values: string[], score: number) {
  const file = join(place.dir, `${name}.txt`);
  writeFileSync(file, `${values.join('\n')}\n`);
  const result = await runCli([
    'import',
    '--store',
    place.location,
    '--score',
    String(score),
    file,
  ]);
  expect(result.code, result.stderr).toBe(0);
}

describe.each(LOCATION_KINDS)('paging a $name store while it changes', (kind) => {
  let place: StoreLocation;
  let server: TestServer;

  beforeEach(async () => {
    place = await kind.create();
    await importList(
      place,
      'initial',
      Array.from({ length: INITIAL }, (_, n) => address(n)),
      1,
    );
    server = await startTestServer({ flags: { store: place.location } });
  });

  afterEach(async () => {
    await server.close();
    await place.dispose();
  });

  it('serves no (id, version) twice and every object present at the start', async () => {
    const collection = server.server.service.collections.all[0]!;
    const base = `${server.url}/threatintel/collections/${collection.id}`;
    const existing = await manifestIds(`${base}/manifest/`);
    expect(existing.size).toBeGreaterThanOrEqual(INITIAL);

    // Batch b rescoring the indicators b*PER_BATCH.. and adding as many new ones, one after
    // another, each in its own process; the client waits for some of them between pages.
    const finished: Array<Promise<void>> = [];
    let chain = Promise.resolve();
    for (let b = 0; b < BATCHES; b++) {
      chain = chain.then(() =>
        importList(
          place,
          `batch-${b}`,
          [
            ...Array.from({ length: PER_BATCH }, (_, i) => address(b * PER_BATCH + i)),
            ...Array.from({ length: PER_BATCH }, (_, i) => address(INITIAL + b * PER_BATCH + i)),
          ],
          2 + (b % 2),
        ),
      );
      finished.push(chain);
    }

    const seen = new Map<string, number>();
    let next: string | undefined;
    let pages = 0;
    do {
      const url = `${base}/objects/?limit=${LIMIT}${next ? `&next=${encodeURIComponent(next)}` : ''}`;
      const page = await taxiiGet(url);
      expect(page.status).toBe(200);
      for (const object of page.body.objects ?? []) {
        const key = `${object.id} ${object.modified ?? ''}`;
        seen.set(key, (seen.get(key) ?? 0) + 1);
      }
      next = page.body.more ? page.body.next : undefined;
      pages += 1;
      // Writes land between pages at the start, a third of the way and beyond.
      const due = Math.floor((pages - 1) / 10);
      if (pages % 10 === 1 && due < BATCHES) await finished[due];
    } while (next);
    await chain;

    const repeated = [...seen].filter(([, count]) => count > 1).map(([key]) => key);
    expect(repeated).toEqual([]);
    const arrivedIds = new Set([...seen.keys()].map((key) => key.split(' ')[0]!));
    const missing = [...existing].filter((id) => !arrivedIds.has(id));
    expect(missing).toEqual([]);
    // The writes really happened under the client: it saw updated versions and new objects.
    expect(seen.size).toBeGreaterThan(existing.size);
  });
});

/** Every object id in the collection now, through the manifest. */
async function manifestIds(url: string): Promise<Set<string>> {
  const ids = new Set<string>();
  let next: string | undefined;
  do {
    const page = await taxiiGet(
      `${url}?limit=1000${next ? `&next=${encodeURIComponent(next)}` : ''}`,
    );
    expect(page.status).toBe(200);
    for (const record of page.body.objects ?? []) ids.add(record.id);
    next = page.body.more ? page.body.next : undefined;
  } while (next);
  return ids;
}
