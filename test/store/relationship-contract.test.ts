import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import type { IndicatorRelationship } from '../../src/indicators/indicator.js';
import { parseQuery } from '../../src/query/parser.js';
import { createStixRenderer } from '../../src/stix/renderer.js';
import type { IndicatorStore, ObjectRecord } from '../../src/store/store.js';
import { pageAll } from './support/page-all.js';
import { indicator, NAMESPACE, STORE_KINDS, type StorePlace } from './support/store-kinds.js';

const renderer = createStixRenderer({ version: '2.1', namespace: NAMESPACE });
const renderer20 = createStixRenderer({ version: '2.0', namespace: NAMESPACE });
const profile = renderer.profile;
const NOW = Date.UTC(2024, 0, 1) * 1000;

const relatedTo = (targetValue: string, targetType = 'IP'): IndicatorRelationship => ({
  relationshipType: 'related-to',
  targetType,
  targetValue,
});

type Stix = { id: string; type: string; source_ref?: string; target_ref?: string };
const parsed = (records: readonly ObjectRecord[]) => records.map((r) => JSON.parse(r.json) as Stix);

/** The refs of relationships in `records` that name no object among them. */
function dangling(records: readonly ObjectRecord[]): string[] {
  const objects = parsed(records);
  const ids = new Set(objects.map((o) => o.id));
  return objects
    .filter((o) => o.type === 'relationship')
    .flatMap((o) => [o.source_ref!, o.target_ref!])
    .filter((ref) => !ids.has(ref));
}

describe.each(STORE_KINDS)('relationships in the $name store', (kind) => {
  let place: StorePlace;
  let store: IndicatorStore;

  beforeEach(async () => {
    place = await kind.place();
    store = await place.open(() => Date.UTC(2024, 0, 1));
  });

  afterEach(async () => {
    await store.close();
    await place.dispose();
  });

  const query = (text: string) => store.compileQuery(parseQuery(text));

  it('serves a relationship only in collections that hold both of its ends, and counts it alike', async () => {
    await store.upsertIndicators(
      [
        indicator('198.51.100.1', {
          relationships: [relatedTo('198.51.100.2'), relatedTo('198.51.100.3')],
        }),
        indicator('198.51.100.2'),
        indicator('198.51.100.3', { score: 1 }),
      ],
      [renderer],
    );

    const cases: Array<[string, number]> = [
      ['', 2],
      ['score:3', 1],
      ['score:1', 0],
      ['value:198.51.100.3', 0],
    ];
    for (const [text, relationships] of cases) {
      const all = await pageAll(store, { profile, query: query(text) }, 2);
      const served = parsed(all).filter((o) => o.type === 'relationship');
      expect(served.length, text).toBe(relationships);
      expect(dangling(all), text).toEqual([]);

      const filter = { profile, query: query(text), now: NOW };
      expect(await store.countObjects(filter), text).toBe(all.length);
      const typed = { ...filter, types: ['relationship'] };
      expect(await store.countObjects(typed), text).toBe(relationships);
      // Asked for by id, a relationship is there exactly where a full pull has it.
      const ids = [
        'relationship--2c7f0e9e-4f4b-5a6e-9b3e-0d1c2b3a4f5e',
        ...served.map((o) => o.id),
      ];
      const byId = await store.pageObjects({ ...filter, ids, limit: 10, withJson: false });
      expect(byId.objects.map((o) => o.id).sort(), text).toEqual(ids.slice(1).sort());

      // TAXII 2.0 item ranges: offsets over the same order give the same objects.
      const byOffset: ObjectRecord[] = [];
      for (let offset = 0; offset < all.length; offset += 2) {
        const page = await store.pageObjects({ ...filter, offset, limit: 2, withJson: true });
        byOffset.push(...page.objects);
      }
      expect(
        byOffset.map((o) => o.id),
        text,
      ).toEqual(all.map((o) => o.id));
    }
  });

  it('points a relationship at the object its target indicator becomes', async () => {
    await store.upsertIndicators(
      [indicator('198.51.100.1', { relationships: [relatedTo('evil.example', 'Domain')] })],
      [renderer],
    );
    await store.upsertIndicators([indicator('evil.example', { type: 'Domain' })], [renderer]);
    const objects = parsed(await pageAll(store, { profile }, 10));
    const [relationship] = objects.filter((o) => o.type === 'relationship');
    const domain = objects.find((o) => o.type === 'indicator' && o.id !== relationship!.source_ref);
    expect(relationship).toMatchObject({ relationship_type: 'related-to' });
    expect(objects.map((o) => o.id)).toContain(relationship!.source_ref);
    expect(relationship!.target_ref).toBe(domain!.id);
  });

  it('dates a relationship by its later end, so an incremental poll sees it when its target arrives', async () => {
    await store.upsertIndicators(
      [indicator('198.51.100.1', { relationships: [relatedTo('198.51.100.2')] })],
      [renderer],
    );
    const before = await pageAll(store, { profile }, 10);
    expect(before.map((o) => o.type)).toEqual(['indicator']);
    const last = before[0]!.dateAdded;

    await store.upsertIndicators([indicator('198.51.100.2')], [renderer]);
    const since = await pageAll(store, { profile, addedAfter: last }, 10);
    expect(since.map((o) => o.type).sort()).toEqual(['indicator', 'relationship']);
    const target = since.find((o) => o.type === 'indicator')!;
    const relationship = since.find((o) => o.type === 'relationship')!;
    expect(relationship.dateAdded).toBe(target.dateAdded);

    // A later write of the source moves the relationship with it.
    await store.upsertIndicators(
      [indicator('198.51.100.1', { score: 2, relationships: [relatedTo('198.51.100.2')] })],
      [renderer],
    );
    const all = await pageAll(store, { profile }, 10);
    expect(all.map((o) => o.type)).toEqual(['indicator', 'indicator', 'relationship']);
    expect(all[2]!.dateAdded).toBe(all[1]!.dateAdded);
    expect(new Set(all.map((o) => o.dateAdded)).size).toBe(2);
  });

  it('renders relationships for a new profile as writes would have, in STIX 2.0 as well', async () => {
    const records = [
      indicator('198.51.100.1', { relationships: [relatedTo('198.51.100.2')] }),
      indicator('198.51.100.2', { relationships: [relatedTo('198.51.100.1', 'IP')] }),
    ];
    await store.upsertIndicators([records[1]!], [renderer]);
    await store.upsertIndicators([records[0]!], [renderer]);
    await store.ensureRendered([renderer, renderer20]);
    const rendered = await pageAll(store, { profile: renderer20.profile }, 10);
    const written = await pageAll(store, { profile }, 10);

    expect(rendered.map((o) => o.type)).toEqual(written.map((o) => o.type));
    expect(rendered.map((o) => o.dateAdded)).toEqual(written.map((o) => o.dateAdded));
    expect(dangling(rendered)).toEqual([]);
    expect(parsed(rendered).filter((o) => o.type === 'relationship')).toHaveLength(2);
  });
});
