import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { parseQuery } from '../../src/query/parser.js';
import { createStixRenderer } from '../../src/stix/renderer.js';
import type { IndicatorStore } from '../../src/store/store.js';
import { pageAll } from './support/page-all.js';
import { indicator, NAMESPACE, STORE_KINDS, type StorePlace } from './support/store-kinds.js';

const renderer = createStixRenderer({ version: '2.1', namespace: NAMESPACE });
const profile = renderer.profile;

describe.each(STORE_KINDS)('the $name store', (kind) => {
  let place: StorePlace;
  let store: IndicatorStore;
  let clockMs: number;

  beforeEach(async () => {
    place = await kind.place();
    clockMs = Date.UTC(2024, 0, 1);
    store = await place.open(() => clockMs);
  });

  afterEach(async () => {
    await store.close();
    await place.dispose();
  });

  it('counts added, unchanged and updated indicators across imports', async () => {
    const first = await store.upsertIndicators(
      [indicator('198.51.100.1'), indicator('198.51.100.2')],
      [renderer],
    );
    expect(first).toMatchObject({ added: 2, updated: 0, unchanged: 0, rejected: [] });

    const again = await store.upsertIndicators(
      [indicator('198.51.100.1'), indicator('198.51.100.2')],
      [renderer],
    );
    expect(again).toMatchObject({ added: 0, updated: 0, unchanged: 2 });

    const changed = await store.upsertIndicators(
      [indicator('198.51.100.1', { score: 2 })],
      [renderer],
    );
    expect(changed).toMatchObject({ added: 0, updated: 1, unchanged: 0 });
    expect(await store.countIndicators()).toBe(2);
  });

  it('reads a value given twice in one batch as a later write of the same indicator', async () => {
    const summary = await store.upsertIndicators(
      [
        indicator('198.51.100.1'),
        indicator('198.51.100.1'),
        indicator('198.51.100.1', { score: 1 }),
      ],
      [renderer],
    );
    expect(summary).toMatchObject({ added: 1, unchanged: 1, updated: 1 });
    const [only] = await store.listMatching(store.compileQuery(parseQuery('')), 0, 10);
    expect(only).toMatchObject({ value: '198.51.100.1', score: 1 });
  });

  it('keeps date_added strictly increasing when the clock stands still or steps back', async () => {
    await store.upsertIndicators(
      [indicator('198.51.100.1'), indicator('198.51.100.2')],
      [renderer],
    );
    clockMs -= 60_000;
    await store.upsertIndicators([indicator('198.51.100.3')], [renderer]);

    const added = (await pageAll(store, { profile }, 10)).map((o) => o.dateAdded);
    expect(added).toHaveLength(3);
    expect(added[0]! < added[1]! && added[1]! < added[2]!).toBe(true);
  });

  it('raises its write generation with every write that changes objects, and only then', async () => {
    expect(await store.writeGeneration()).toBe(0);
    await store.upsertIndicators(
      [indicator('198.51.100.1'), indicator('198.51.100.2')],
      [renderer],
    );
    const first = await store.writeGeneration();
    expect(first).toBeGreaterThan(0);

    await pageAll(store, { profile }, 10);
    await store.upsertIndicators([indicator('198.51.100.1')], [renderer]);
    const unchanged = await store.writeGeneration();
    await store.upsertIndicators([indicator('198.51.100.1', { score: 1 })], [renderer]);
    const changed = await store.writeGeneration();
    expect(changed).toBeGreaterThan(unchanged);
    expect(unchanged).toBeGreaterThanOrEqual(first);

    // A write with another version's renderer alone changes no object of this profile's
    // newest date, yet takes this profile's objects of the indicator away: it counts.
    const other = createStixRenderer({ version: '2.0', namespace: NAMESPACE });
    await store.upsertIndicators([indicator('198.51.100.2', { score: 1 })], [other]);
    expect(await store.writeGeneration()).toBeGreaterThan(changed);
  });

  it('moves a changed indicator to the end of collection order with a new date_added', async () => {
    await store.upsertIndicators(
      [indicator('198.51.100.1'), indicator('198.51.100.2')],
      [renderer],
    );
    const before = await pageAll(store, { profile }, 10);
    clockMs += 1000;
    await store.upsertIndicators(
      [indicator('198.51.100.1', { description: 'seen again' })],
      [renderer],
    );

    const after = await pageAll(store, { profile }, 10);
    expect(after.map((o) => o.id)).toEqual([before[1]!.id, before[0]!.id]);
    expect(after[1]!.dateAdded).toBeGreaterThan(before[1]!.dateAdded);
  });

  it("keeps an object's created across updates when the source gives none", async () => {
    await store.upsertIndicators([indicator('198.51.100.1')], [renderer]);
    const [first] = await pageAll(store, { profile }, 10);
    clockMs += 60_000;
    await store.upsertIndicators(
      [indicator('198.51.100.1', { description: 'seen again' })],
      [renderer],
    );

    const [second] = await pageAll(store, { profile }, 10);
    const before = JSON.parse(first!.json) as { created: string; modified: string };
    const after = JSON.parse(second!.json) as { created: string; modified: string };
    expect(after.created).toBe(before.created);
    expect(after.modified > before.modified).toBe(true);
  });

  it('pages through every object exactly once at any page size', async () => {
    const records = Array.from({ length: 2257 }, (_, i) =>
      indicator(`10.0.${Math.floor(i / 256)}.${i % 256}`),
    );
    await store.upsertIndicators(records, [renderer]);

    for (const limit of [1, 7, 100, 256, 2257, 5000]) {
      const ids = (await pageAll(store, { profile }, limit)).map((o) => o.id);
      expect(ids).toHaveLength(2257);
      expect(new Set(ids).size).toBe(2257);
    }
  });

  it('orders objects of one date_added by id, byte for byte', async () => {
    const both = createStixRenderer({
      version: '2.1',
      namespace: NAMESPACE,
      observables: { 'ipv4-addr': 'both' },
    });
    await store.upsertIndicators([indicator('198.51.100.1'), indicator('198.51.100.2')], [both]);
    const objects = await pageAll(store, { profile: both.profile }, 2);

    expect(objects).toHaveLength(6);
    const keys = objects.map((o) => [o.dateAdded, o.id] as const);
    const sorted = [...keys].sort(
      (a, b) => a[0] - b[0] || Buffer.compare(Buffer.from(a[1]), Buffer.from(b[1])),
    );
    expect(keys).toEqual(sorted);
  });

  it('treats addedAfter as exclusive, to the microsecond', async () => {
    await store.upsertIndicators(
      [indicator('198.51.100.1'), indicator('198.51.100.2'), indicator('198.51.100.3')],
      [renderer],
    );
    const all = await pageAll(store, { profile }, 10);
    const after = await pageAll(store, { profile, addedAfter: all[0]!.dateAdded }, 10);
    expect(after.map((o) => o.id)).toEqual([all[1]!.id, all[2]!.id]);
    expect(await pageAll(store, { profile, addedAfter: all[2]!.dateAdded }, 10)).toEqual([]);
  });

  it('filters by STIX type, id and version, and leaves bodies out when asked', async () => {
    const both = createStixRenderer({
      version: '2.1',
      namespace: NAMESPACE,
      observables: { 'ipv4-addr': 'both' },
    });
    await store.upsertIndicators([indicator('198.51.100.1')], [both]);
    const query = store.compileQuery(parseQuery(''));
    const base = { query, profile: both.profile, limit: 10, withJson: false, now: 0 };

    const sco = await store.pageObjects({ ...base, types: ['ipv4-addr'] });
    expect(sco.objects.map((o) => o.type)).toEqual(['ipv4-addr']);
    expect(sco.objects[0]!.json).toBe('');
    const byId = await store.pageObjects({ ...base, ids: [sco.objects[0]!.id] });
    expect(byId.objects).toHaveLength(1);
    const all = await store.pageObjects({ ...base, withJson: true });
    const version = all.objects[0]!.version;
    const exactly = { exact: [version], first: false, last: false, all: false };
    const byVersion = await store.pageObjects({ ...base, versions: exactly });
    expect(byVersion.objects.length).toBe(all.objects.filter((o) => o.version === version).length);
    expect(JSON.parse(all.objects[0]!.json)).toMatchObject({ id: all.objects[0]!.id });
  });

  it('skips by offset and counts objects under the same filters (TAXII 2.0 item ranges)', async () => {
    const records = Array.from({ length: 30 }, (_, i) =>
      indicator(`192.0.2.${i}`, { score: i % 2 ? 3 : 1 }),
    );
    await store.upsertIndicators(records, [renderer]);
    const all = await pageAll(store, { profile }, 100);
    const query = store.compileQuery(parseQuery(''));
    const base = { query, profile, withJson: false, now: 0 };

    const skipped = await store.pageObjects({ ...base, limit: 5, offset: 10 });
    expect(skipped.objects.map((o) => o.id)).toEqual(all.slice(10, 15).map((o) => o.id));
    expect(skipped.more).toBe(true);
    expect(await store.countObjects(base)).toBe(30);
    const bad = store.compileQuery(parseQuery('score:3'));
    expect(await store.countObjects({ ...base, query: bad, addedAfter: all[9]!.dateAdded })).toBe(
      10,
    );
  });

  it('serves only what the collection query selects, and counts it alike', async () => {
    await store.upsertIndicators(
      [
        indicator('198.51.100.1', { tags: ['C2'], customFields: { port: 443 } }),
        indicator('198.51.100.2', { tags: ['scanner'], score: 1 }),
        indicator('evil.example', { type: 'Domain', sourceBrands: ['ESET'] }),
      ],
      [renderer],
    );
    const cases: Array<[string, number]> = [
      ['tags:c2', 1],
      ['type:ip', 2],
      ['score:>=2 -type:Domain', 1],
      ['port:443', 1],
      ['sourceBrands:eset', 1],
      ['value:198.51.100.*', 2],
      ['', 3],
    ];
    for (const [text, expected] of cases) {
      const query = store.compileQuery(parseQuery(text));
      expect((await pageAll(store, { profile, query }, 10)).length, text).toBe(expected);
      expect(await store.countMatching(query, 0), text).toBe(expected);
      expect((await store.listMatching(query, 0, 10)).length, text).toBe(expected);
    }
  });

  it('rejects invalid records and still writes the valid ones', async () => {
    const summary = await store.upsertIndicators(
      [
        indicator('198.51.100.1'),
        indicator('', {}),
        indicator('198.51.100.2', { score: 7 as never }),
        indicator('198.51.100.3', { created: 'last tuesday' }),
        indicator('198.51.100.4', { description: 'a\u0000b' }),
        indicator('198.51.100.5', { customFields: { note: '\ud800' } }),
      ],
      [renderer],
    );
    expect(summary.added).toBe(1);
    expect(summary.rejected.map((r) => r.index)).toEqual([1, 2, 3, 4, 5]);
    expect(summary.rejected[2]!.reason).toMatch(/ISO 8601/);
    expect(summary.rejected[3]!.reason).toMatch(/NUL/);
    expect(await store.countIndicators()).toBe(1);
  });

  it('rejects a record no renderer can serve, with the reason, instead of counting it added', async () => {
    const summary = await store.upsertIndicators(
      [
        indicator('198.51.100.1'),
        indicator('abc', { type: 'File' }),
        indicator('x', { type: 'NoSuchType' }),
      ],
      [renderer],
    );
    expect(summary.added).toBe(1);
    expect(summary.rejected.map((r) => r.index)).toEqual([1, 2]);
    expect(summary.rejected[0]!.reason).toMatch(/^no STIX object can be made of it: /);
    expect(await store.countIndicators()).toBe(1);
  });

  it('keeps the first stored value of a setting across reopening', async () => {
    expect(await store.setting('namespace', () => 'first')).toBe('first');
    expect(await store.setting('namespace', () => 'second')).toBe('first');
    await store.close();
    store = await place.open();
    expect(await store.setting('namespace', () => 'third')).toBe('first');
    expect(await store.readSettings()).toMatchObject({ namespace: 'first' });
  });

  it('renders every indicator for a profile it has not rendered before', async () => {
    await store.upsertIndicators(
      [indicator('198.51.100.1'), indicator('198.51.100.2')],
      [renderer],
    );
    const sco = createStixRenderer({
      version: '2.1',
      namespace: NAMESPACE,
      observables: { 'ipv4-addr': 'sco' },
    });
    expect(await store.ensureRendered([renderer, sco])).toBe(2);
    expect(await store.ensureRendered([renderer, sco])).toBe(0);
    const page = await pageAll(store, { profile: sco.profile }, 10);
    expect(page.map((o) => o.type)).toEqual(['ipv4-addr', 'ipv4-addr']);
  });

  it('renders a new profile exactly as a write would have', async () => {
    const records = [
      indicator('198.51.100.1', { tags: ['b', 'A', 'ä'], customFields: { Port: 1, port: 2 } }),
      indicator('evil.example', { type: 'Domain', sourceInstances: ['z', 'y'] }),
    ];
    const sco = createStixRenderer({
      version: '2.1',
      namespace: NAMESPACE,
      observables: { 'ipv4-addr': 'sco' },
    });
    await store.upsertIndicators(records, [renderer]);
    await store.ensureRendered([sco]);
    const rendered = await pageAll(store, { profile: sco.profile }, 10);

    const other = await place.open();
    await store.close();
    await place.dispose();
    place = await kind.place();
    store = await place.open(() => clockMs);
    await other.close();
    await store.upsertIndicators(records, [sco]);
    const written = await pageAll(store, { profile: sco.profile }, 10);
    expect(rendered.map((o) => o.json)).toEqual(written.map((o) => o.json));
  });

  it('serves reads through a read-only connection and refuses writes there', async () => {
    await store.upsertIndicators([indicator('198.51.100.1')], [renderer]);
    await store.setting('namespace', () => 'kept');
    const reader = await place.openReadOnly();
    try {
      expect(await pageAll(reader, { profile }, 10)).toHaveLength(1);
      expect(await reader.setting('namespace', () => 'other')).toBe('kept');
      const write = async () => reader.upsertIndicators([indicator('198.51.100.2')], [renderer]);
      await expect(write()).rejects.toThrow(/read-?only/i);
    } finally {
      await reader.close();
    }
  });

  it('refuses a store written by a newer schema version', async () => {
    await store.close();
    await place.makeNewer();
    await expect(place.open()).rejects.toThrow(/newer than this server/);
    store = await STORE_KINDS[0]!.place().then((p) => p.open());
  });
});
