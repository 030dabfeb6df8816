import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import type { IndicatorInput } from '../../src/indicators/indicator.js';
import { parseQuery } from '../../src/query/parser.js';
import { createStixRenderer } from '../../src/stix/renderer.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import type { ObjectFilter, ObjectRecord } from '../../src/store/store.js';

const NAMESPACE = '5e4c2d1e-8f0a-5b6c-9d7e-1f2a3b4c5d6e';
const renderer = createStixRenderer({ version: '2.1', namespace: NAMESPACE });

function indicator(value: string, extra: Partial<IndicatorInput> = {}): IndicatorInput {
  return {
    type: 'IP',
    value,
    score: 3,
    tags: [],
    sourceBrands: ['test feed'],
    sourceInstances: [],
    customFields: {},
    ...extra,
  };
}

describe('SqliteStore', () => {
  let dir: string;
  let store: SqliteStore;
  let clockMs: number;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'taxii2-store-'));
    clockMs = Date.UTC(2024, 0, 1);
    store = new SqliteStore({ path: join(dir, 'store.db'), clock: () => clockMs });
  });

  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function pageAll(filter: Partial<ObjectFilter>, limit: number): Promise<ObjectRecord[]> {
    const query = store.compileQuery(parseQuery(''));
    const seen: ObjectRecord[] = [];
    let after: ObjectFilter['after'];
    for (;;) {
      const page = await store.pageObjects({
        query,
        profile: renderer.profile,
        limit,
        withJson: true,
        now: clockMs * 1000,
        after,
        ...filter,
      });
      seen.push(...page.objects);
      if (!page.more) return seen;
      const last = page.objects[page.objects.length - 1]!;
      after = { dateAdded: last.dateAdded, id: last.id };
    }
  }

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

  it('keeps date_added strictly increasing when the clock stands still or steps back', async () => {
    await store.upsertIndicators([indicator('198.51.100.1'), indicator('198.51.100.2')], [renderer]);
    clockMs -= 60_000;
    await store.upsertIndicators([indicator('198.51.100.3')], [renderer]);

    const added = (await pageAll({}, 10)).map((o) => o.dateAdded);
    expect(added).toHaveLength(3);
    expect(added[0]! < added[1]! && added[1]! < added[2]!).toBe(true);
  });

  it('moves a changed indicator to the end of collection order with a new date_added', async () => {
    await store.upsertIndicators([indicator('198.51.100.1'), indicator('198.51.100.2')], [renderer]);
    const before = await pageAll({}, 10);
    clockMs += 1000;
    await store.upsertIndicators([indicator('198.51.100.1', { description: 'seen again' })], [renderer]);

    const after = await pageAll({}, 10);
    expect(after.map((o) => o.id)).toEqual([before[1]!.id, before[0]!.id]);
    expect(after[1]!.dateAdded).toBeGreaterThan(before[1]!.dateAdded);
  });

  it('pages through every object exactly once at any page size', async () => {
    const records = Array.from({ length: 257 }, (_, i) =>
      indicator(`10.0.${Math.floor(i / 256)}.${i % 256}`),
    );
    await store.upsertIndicators(records, [renderer]);

    for (const limit of [1, 7, 100, 256, 257, 1000]) {
      const ids = (await pageAll({}, limit)).map((o) => o.id);
      expect(ids).toHaveLength(257);
      expect(new Set(ids).size).toBe(257);
    }
  });

  it('treats addedAfter as exclusive, to the microsecond', async () => {
    await store.upsertIndicators(
      [indicator('198.51.100.1'), indicator('198.51.100.2'), indicator('198.51.100.3')],
      [renderer],
    );
    const all = await pageAll({}, 10);
    const after = await pageAll({ addedAfter: all[0]!.dateAdded }, 10);
    expect(after.map((o) => o.id)).toEqual([all[1]!.id, all[2]!.id]);
    expect(await pageAll({ addedAfter: all[2]!.dateAdded }, 10)).toEqual([]);
  });

  it('filters by STIX type and by id', async () => {
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
    const byId = await store.pageObjects({ ...base, ids: [sco.objects[0]!.id] });
    expect(byId.objects).toHaveLength(1);
  });

  it('rejects invalid records and still writes the valid ones', async () => {
    const summary = await store.upsertIndicators(
      [
        indicator('198.51.100.1'),
        indicator('', {}),
        indicator('198.51.100.2', { score: 7 as never }),
        indicator('198.51.100.3', { created: 'last tuesday' }),
      ],
      [renderer],
    );
    expect(summary.added).toBe(1);
    expect(summary.rejected.map((r) => r.index)).toEqual([1, 2, 3]);
    expect(summary.rejected[2]!.reason).toMatch(/ISO 8601/);
  });

  it('keeps the first stored value of a setting across reopening', async () => {
    expect(await store.setting('namespace', () => 'first')).toBe('first');
    expect(await store.setting('namespace', () => 'second')).toBe('first');
    await store.close();
    store = new SqliteStore({ path: join(dir, 'store.db') });
    expect(await store.setting('namespace', () => 'third')).toBe('first');
  });

  it('renders every indicator for a profile it has not rendered before', async () => {
    await store.upsertIndicators([indicator('198.51.100.1'), indicator('198.51.100.2')], [renderer]);
    const sco = createStixRenderer({
      version: '2.1',
      namespace: NAMESPACE,
      observables: { 'ipv4-addr': 'sco' },
    });
    expect(await store.ensureRendered([renderer, sco])).toBe(2);
    expect(await store.ensureRendered([renderer, sco])).toBe(0);
    const query = store.compileQuery(parseQuery(''));
    const page = await store.pageObjects({ query, profile: sco.profile, limit: 10, withJson: true, now: 0 });
    expect(page.objects.map((o) => o.type)).toEqual(['ipv4-addr', 'ipv4-addr']);
  });

  it('refuses a store written by a newer schema version', async () => {
    await store.close();
    const db = new Database(join(dir, 'store.db'));
    db.pragma('user_version = 999');
    db.close();
    expect(() => new SqliteStore({ path: join(dir, 'store.db') })).toThrow(/newer than this server/);
    store = new SqliteStore({ path: ':memory:' });
  });
});
