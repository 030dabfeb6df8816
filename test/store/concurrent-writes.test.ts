import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { parseQuery } from '../../src/query/parser.js';
import { createStixRenderer } from '../../src/stix/renderer.js';
import type { IndicatorStore, ObjectFilter, ObjectRecord } from '../../src/store/store.js';
import { pageAll } from './support/page-all.js';
import { indicator, NAMESPACE, STORE_KINDS, type StorePlace } from './support/store-kinds.js';

const renderer = createStixRenderer({ version: '2.1', namespace: NAMESPACE });
const profile = renderer.profile;

describe.each(STORE_KINDS)('the $name store under concurrent use', (kind) => {
  let place: StorePlace;
  let stores: IndicatorStore[];

  beforeEach(async () => {
    place = await kind.place();
    stores = [];
  });

  afterEach(async () => {
    await Promise.all(stores.map((s) => s.close()));
    await place.dispose();
  });

  async function open(count: number): Promise<IndicatorStore[]> {
    const opened = await Promise.all(Array.from({ length: count }, () => place.open()));
    stores.push(...opened);
    return opened;
  }

  it('opens an empty database from ten stores at once, migrating it once', async () => {
    const opened = await open(10);
    const namespaces = await Promise.all(
      opened.map((s, i) => s.setting('namespace', () => `replica ${i}`)),
    );
    expect(new Set(namespaces).size).toBe(1);
    await opened[3]!.upsertIndicators([indicator('198.51.100.1')], [renderer]);
    expect(await opened[7]!.countIndicators()).toBe(1);
  });

  it('hands a pager every object exactly once, in order, while four writers commit', async () => {
    const [reader, ...writers] = (await open(5)) as [IndicatorStore, ...IndicatorStore[]];
    const batches = 25;
    const perBatch = 20;

    let writing = true;
    const written = Promise.all(
      writers.map(async (store, w) => {
        for (let b = 0; b < batches; b++) {
          const records = Array.from({ length: perBatch }, (_, i) =>
            indicator(`10.${w}.${b}.${i}`, { tags: [`writer-${w}`] }),
          );
          await store.upsertIndicators(records, [renderer]);
        }
      }),
    ).finally(() => {
      writing = false;
    });

    const seen: ObjectRecord[] = [];
    let pagesDuringWrites = 0;
    const query = reader.compileQuery(parseQuery(''));
    let after: ObjectFilter['after'];
    // Pages while the writers run, then once more after the last commit to drain the rest.
    for (let drained = false; !drained;) {
      const done = !writing;
      const page = await reader.pageObjects({
        query,
        profile,
        limit: 7,
        withJson: false,
        now: 0,
        after,
      });
      seen.push(...page.objects);
      if (!done && page.objects.length > 0) pagesDuringWrites++;
      const last = page.objects[page.objects.length - 1];
      if (last) after = { dateAdded: last.dateAdded, id: last.id };
      if (!page.more && done) drained = true;
      if (!page.more && !done) await new Promise((resolve) => setTimeout(resolve, 2));
    }
    await written;

    expect(pagesDuringWrites).toBeGreaterThan(1);
    const total = writers.length * batches * perBatch;
    expect(seen).toHaveLength(total);
    expect(new Set(seen.map((o) => o.id)).size).toBe(total);
    const increasing = seen.every((o, i) => i === 0 || o.dateAdded > seen[i - 1]!.dateAdded);
    expect(increasing).toBe(true);
  });

  it('finishes overlapping imports from several writers without deadlock or lost updates', async () => {
    const writers = await open(4);
    const values = Array.from(
      { length: 300 },
      (_, i) => `172.16.${Math.floor(i / 250)}.${i % 250}`,
    );
    await Promise.all(
      writers.map((store, w) => {
        // Each writer walks the values in its own order, so row locks would cross if held.
        const order = w % 2 ? [...values].reverse() : values;
        const records = order.map((v) => indicator(v, { score: 1, description: `w${w}` }));
        return store.upsertIndicators(records, [renderer]);
      }),
    );

    expect(await writers[0]!.countIndicators()).toBe(values.length);
    const objects = await pageAll(writers[1]!, { profile }, 1000);
    expect(objects).toHaveLength(values.length);
    const descriptions = new Set(
      objects.map((o) => (JSON.parse(o.json) as { description?: string }).description),
    );
    // Imports apply whole and one after another: the last one wins for every indicator.
    expect(descriptions.size).toBe(1);
  });
});
