/**
 * How many versions of each object a store keeps: the retention bounds them at every write and
 * at a prune after it was lowered, an unchanged re-import adds none, and migrate-store carries
 * every version kept.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { parseQuery } from '../../src/query/parser.js';
import { createStixRenderer } from '../../src/stix/renderer.js';
import type { IndicatorStore, ObjectRecord, ObjectVersions } from '../../src/store/store.js';
import { runCli } from '../support/run-cli.js';
import { pageAll } from './support/page-all.js';
import { indicator, NAMESPACE, STORE_KINDS, type StorePlace } from './support/store-kinds.js';

const renderer = createStixRenderer({ version: '2.1', namespace: NAMESPACE });
const profile = renderer.profile;
const ALL: ObjectVersions = { exact: [], first: false, last: false, all: true };
const FIRST: ObjectVersions = { exact: [], first: true, last: false, all: false };

/** The IP indicator in its `n`th version: a new score and a later modified each time. */
const version = (n: number, value = '198.51.100.1') =>
  indicator(value, {
    score: n % 2 === 0 ? 3 : 2,
    created: '2024-01-01T00:00:00Z',
    modified: `2024-01-${String(n + 1).padStart(2, '0')}T00:00:00Z`,
  });

const modifieds = (records: readonly ObjectRecord[]) => records.map((r) => r.version);

describe.each(STORE_KINDS)('version retention in the $name store', (kind) => {
  let place: StorePlace;
  let store: IndicatorStore;
  const reopen = async (versionRetention: number) => {
    await store.close();
    store = await place.open(() => Date.UTC(2024, 5, 1), { versionRetention });
  };
  const every = () => pageAll(store, { profile, versions: ALL }, 2);

  beforeEach(async () => {
    place = await kind.place();
    store = await place.open(() => Date.UTC(2024, 5, 1), { versionRetention: 3 });
  });

  afterEach(async () => {
    await store.close();
    await place.dispose();
  });

  it('keeps the newest versions up to the retention, pruning at each change', async () => {
    for (let n = 0; n < 5; n++) await store.upsertIndicators([version(n)], [renderer]);
    const kept = await every();
    expect(modifieds(kept)).toEqual([
      '2024-01-03T00:00:00.000Z',
      '2024-01-04T00:00:00.000Z',
      '2024-01-05T00:00:00.000Z',
    ]);
    // The oldest kept is now the first; the latest alone is served by default.
    const first = await pageAll(store, { profile, versions: FIRST }, 10);
    expect(modifieds(first)).toEqual(['2024-01-03T00:00:00.000Z']);
    expect(modifieds(await pageAll(store, { profile }, 10))).toEqual(['2024-01-05T00:00:00.000Z']);
    // Each version keeps the date it was stored at.
    const dates = kept.map((r) => r.dateAdded);
    expect([...dates].sort((a, b) => a - b)).toEqual(dates);
    expect(new Set(dates).size).toBe(3);
  });

  it('makes no version of an unchanged re-import', async () => {
    await store.upsertIndicators([version(0)], [renderer]);
    await store.upsertIndicators([version(1)], [renderer]);
    const before = await every();
    const summary = await store.upsertIndicators([version(1)], [renderer]);
    expect(summary).toMatchObject({ added: 0, updated: 0, unchanged: 1 });
    expect(await every()).toEqual(before);
  });

  it('gives a change without a later modified the next millisecond', async () => {
    const stale = { ...version(0), description: 'changed, modified not' };
    await store.upsertIndicators([version(0)], [renderer]);
    await store.upsertIndicators([stale], [renderer]);
    await store.upsertIndicators([{ ...stale, description: 'again' }], [renderer]);
    expect(modifieds(await every())).toEqual([
      '2024-01-01T00:00:00.000Z',
      '2024-01-01T00:00:00.001Z',
      '2024-01-01T00:00:00.002Z',
    ]);
  });

  it('prunes the whole store to a lowered retention, and keeps none beside the latest at 1', async () => {
    for (let n = 0; n < 3; n++) {
      await store.upsertIndicators([version(n), version(n, '198.51.100.2')], [renderer]);
    }
    expect(await every()).toHaveLength(6);
    await reopen(2);
    expect(await store.pruneVersions()).toBe(2);
    expect(await every()).toHaveLength(4);
    expect(await store.pruneVersions()).toBe(0);

    await reopen(1);
    expect(await store.pruneVersions()).toBe(2);
    await store.upsertIndicators([version(7)], [renderer]);
    expect(modifieds(await every())).toEqual([
      '2024-01-03T00:00:00.000Z',
      '2024-01-08T00:00:00.000Z',
    ]);
  });

  it('drops the earlier versions with an object the indicator no longer has', async () => {
    const related = {
      relationships: [
        { relationshipType: 'related-to', targetType: 'IP', targetValue: '198.51.100.2' },
      ],
    };
    const target = indicator('198.51.100.2', { created: '2024-01-01T00:00:00Z' });
    await store.upsertIndicators([{ ...version(0), ...related }, target], [renderer]);
    await store.upsertIndicators([{ ...version(1), ...related }], [renderer]);
    const types = async () => (await every()).map((r) => r.type).sort();
    expect(await types()).toEqual([
      'indicator',
      'indicator',
      'indicator',
      'relationship',
      'relationship',
    ]);
    // The relationship is gone from the source: so are its earlier versions.
    await store.upsertIndicators([version(2)], [renderer]);
    expect(await types()).toEqual(['indicator', 'indicator', 'indicator', 'indicator']);
  });
});

describe.each(STORE_KINDS)('migrate-store into the $name store', (kind) => {
  let source: StorePlace;
  let target: StorePlace;

  beforeEach(async () => {
    source = await STORE_KINDS[0]!.place();
    target = await kind.place();
  });

  afterEach(async () => {
    await source.dispose();
    await target.dispose();
  });

  it('carries every version kept, at its date, and the target keeps pruning', async () => {
    const store = await source.open(() => Date.UTC(2024, 5, 1), { versionRetention: 3 });
    for (let n = 0; n < 4; n++) {
      await store.upsertIndicators([version(n), version(n % 2, '198.51.100.2')], [renderer]);
    }
    const query = store.compileQuery(parseQuery(''));
    const before = await pageAll(store, { profile, query, versions: ALL }, 3);
    await store.close();
    expect(before).toHaveLength(6);

    const run = await runCli('migrate-store', '--from', source.location, '--to', target.location);
    expect(run.code, run.err).toBe(0);

    const moved = await target.open(() => Date.UTC(2024, 5, 1), { versionRetention: 2 });
    try {
      expect(await pageAll(moved, { profile, versions: ALL }, 3)).toEqual(before);
      expect(await moved.pruneVersions()).toBe(2);
      await moved.upsertIndicators([version(9)], [renderer]);
      const ips = await pageAll(moved, { profile, versions: ALL }, 3);
      expect(ips).toHaveLength(4);
    } finally {
      await moved.close();
    }
  });
});
