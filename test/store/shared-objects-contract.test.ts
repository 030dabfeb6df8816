import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { parseQuery } from '../../src/query/parser.js';
import { TLP_MARKING_IDS } from '../../src/stix/markings.js';
import { createStixRenderer } from '../../src/stix/renderer.js';
import { extensionDefinitionId, PRODUCT_IDENTITY_ID } from '../../src/stix/xsoar-extension.js';
import type { IndicatorStore, ObjectRecord } from '../../src/store/store.js';
import { pageAll } from './support/page-all.js';
import { dangling, parsed } from './support/served-stix.js';
import { indicator, NAMESPACE, STORE_KINDS, type StorePlace } from './support/store-kinds.js';

const renderer = createStixRenderer({ version: '2.1', namespace: NAMESPACE });
const renderer20 = createStixRenderer({ version: '2.0', namespace: NAMESPACE });
const NOW = Date.UTC(2024, 0, 1) * 1000;
const { AMBER, RED } = TLP_MARKING_IDS;

/** The marking refs in `records` to definitions that are not among them. */
const danglingMarkings = (records: readonly ObjectRecord[]) =>
  dangling(records, (o) => o.object_marking_refs ?? []);

describe.each(STORE_KINDS)('marking definitions in the $name store', (kind) => {
  let place: StorePlace;
  let store: IndicatorStore;

  beforeEach(async () => {
    place = await kind.place();
    store = await place.open(() => Date.UTC(2024, 0, 1));
    await store.upsertIndicators(
      [
        indicator('198.51.100.1', { tlp: 'AMBER' }),
        indicator('198.51.100.2', { tlp: 'amber', score: 1 }),
        indicator('198.51.100.3', { tlp: 'RED', score: 1 }),
        indicator('198.51.100.4', { tlp: 'TLP:AMBER' }),
        indicator('198.51.100.5'),
      ],
      [renderer, renderer20],
    );
  });

  afterEach(async () => {
    await store.close();
    await place.dispose();
  });

  const query = (text: string) => store.compileQuery(parseQuery(text));

  it.each([
    ['', [AMBER, RED]],
    ['score:3', [AMBER]],
    ['score:1', [AMBER, RED]],
    ['value:198.51.100.3', [RED]],
    ['value:198.51.100.5', []],
  ])('serves in collection %j each definition its objects refer to, once', async (text, wanted) => {
    for (const { profile } of [renderer, renderer20]) {
      const filter = { profile, query: query(text), now: NOW };
      const all = await pageAll(store, filter, 1000);
      const markings = all.filter((o) => o.type === 'marking-definition').map((o) => o.id);
      expect(markings.sort(), text).toEqual([...wanted].sort());
      expect(danglingMarkings(all), text).toEqual([]);

      // Every way of reading the collection agrees: small pages, offsets, counts, filters.
      expect((await pageAll(store, filter, 1)).map((o) => o.id)).toEqual(all.map((o) => o.id));
      const byOffset: ObjectRecord[] = [];
      for (let offset = 0; offset < all.length; offset += 2) {
        const page = await store.pageObjects({ ...filter, offset, limit: 2, withJson: false });
        byOffset.push(...page.objects);
      }
      expect(byOffset.map((o) => o.id)).toEqual(all.map((o) => o.id));
      expect(await store.countObjects(filter)).toBe(all.length);
      const types = ['marking-definition'];
      expect(await store.countObjects({ ...filter, types })).toBe(wanted.length);
      const ids = [AMBER];
      const byId = await store.pageObjects({ ...filter, ids, limit: 10, withJson: false });
      expect(byId.objects.length).toBe(wanted.includes(AMBER) ? 1 : 0);
    }
  });

  it('serves a definition before or beside the first object that refers to it', async () => {
    const all = await pageAll(store, { profile: renderer.profile, query: query('score:1') }, 10);
    const at = (id: string) => all.findIndex((o) => o.id === id);
    const firstReferring = (ref: string) =>
      parsed(all).findIndex((o) => o.object_marking_refs?.includes(ref));
    for (const ref of [AMBER, RED]) {
      expect(all[at(ref)]!.dateAdded).toBe(all[firstReferring(ref)]!.dateAdded);
    }
  });

  it('keeps one definition in the collection when the indicator that carried it changes', async () => {
    const collection = { profile: renderer.profile, query: query('score:3') };
    const before = await pageAll(store, collection, 10);
    await store.upsertIndicators(
      [indicator('198.51.100.1', { tlp: 'AMBER', score: 3, tags: ['x'] })],
      [renderer],
    );
    const after = await pageAll(store, collection, 10);
    const markings = (records: ObjectRecord[]) =>
      records.filter((o) => o.type === 'marking-definition');
    expect(markings(before)).toHaveLength(1);
    expect(markings(after)).toHaveLength(1);
    expect(markings(after)[0]!.dateAdded).toBeGreaterThan(markings(before)[0]!.dateAdded);
    expect(danglingMarkings(after)).toEqual([]);
  });
});

describe.each(STORE_KINDS)('XSOAR extension definitions in the $name store', (kind) => {
  const extended = createStixRenderer({
    version: '2.1',
    namespace: NAMESPACE,
    extensionFields: 'all',
  });
  let place: StorePlace;
  let store: IndicatorStore;

  beforeEach(async () => {
    place = await kind.place();
    store = await place.open(() => Date.UTC(2024, 0, 1));
    await store.upsertIndicators(
      [
        indicator('198.51.100.1'),
        indicator('example.com', { type: 'Domain', score: 1 }),
        indicator('198.51.100.2', { score: 1 }),
        indicator('example.org', { type: 'Domain' }),
        indicator('Emotet', { type: 'Malware' }),
      ],
      [extended],
    );
  });

  afterEach(async () => {
    await store.close();
    await place.dispose();
  });

  const query = (text: string) => store.compileQuery(parseQuery(text));
  const IP = extensionDefinitionId('IP');
  const DOMAIN = extensionDefinitionId('Domain');
  const MALWARE = extensionDefinitionId('Malware');

  it.each([
    ['', [IP, DOMAIN, MALWARE]],
    ['type:IP', [IP]],
    ['type:Domain', [DOMAIN]],
    ['score:1', [IP, DOMAIN]],
    ['value:nothing', []],
  ])(
    'serves in collection %j each definition its objects use and their creator, once',
    async (text, wanted) => {
      const filter = { profile: extended.profile, query: query(text), now: NOW };
      const all = await pageAll(store, filter, 1000);
      const of = (type: string) => all.filter((o) => o.type === type).map((o) => o.id);
      expect(of('extension-definition').sort(), text).toEqual([...wanted].sort());
      expect(of('identity'), text).toEqual(wanted.length > 0 ? [PRODUCT_IDENTITY_ID] : []);

      // Every extension key and created_by_ref resolves inside the collection.
      const objects = all.map((o) => JSON.parse(o.json) as Record<string, unknown>);
      const ids = new Set(all.map((o) => o.id));
      const refs = objects.flatMap((o) => [
        ...Object.keys((o.extensions as object | undefined) ?? {}),
        ...(typeof o.created_by_ref === 'string' ? [o.created_by_ref] : []),
      ]);
      expect(
        refs.filter((ref) => !ids.has(ref)),
        text,
      ).toEqual([]);
      expect((await pageAll(store, filter, 1)).map((o) => o.id)).toEqual(all.map((o) => o.id));
      expect(await store.countObjects(filter)).toBe(all.length);
    },
  );
});
