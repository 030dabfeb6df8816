import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import type { IndicatorRelationship } from '../../src/indicators/indicator.js';
import { parseQuery } from '../../src/query/parser.js';
import { scoId } from '../../src/stix/ids.js';
import { createStixRenderer } from '../../src/stix/renderer.js';
import type { IndicatorStore, ObjectRecord } from '../../src/store/store.js';
import { pageAll } from './support/page-all.js';
import { dangling, parsed } from './support/served-stix.js';
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

  describe('to a target identified by more than its type and value', () => {
    const malwareId = 'malware--0b8a7f5c-2d3e-4f60-9a1b-2c3d4e5f6a7b';
    const md5 = 'd41d8cd98f00b204e9800998ecf8427e';
    const sha256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
    const scoFiles = createStixRenderer({
      version: '2.1',
      namespace: NAMESPACE,
      observables: { file: 'sco' },
    });
    const source = indicator('198.51.100.1', {
      relationships: [relatedTo('Emotet', 'Malware'), relatedTo(sha256, 'File')],
    });
    const targets = [
      indicator('Emotet', { type: 'Malware', stixId: malwareId }),
      // The SCO's id comes from the MD5, which STIX prefers to the SHA-256 of the value.
      indicator(sha256, { type: 'File', customFields: { md5 } }),
    ];

    const relationships = async (renderer: { profile: string }) => {
      const all = await pageAll(store, { profile: renderer.profile }, 10);
      expect(dangling(all)).toEqual([]);
      const objects = parsed(all);
      const targetOf = (type: string) =>
        objects
          .filter((o) => o.type === 'relationship')
          .find((r) => r.target_ref?.startsWith(type));
      return { objects, malware: targetOf('malware--'), file: targetOf('file--') };
    };

    it('points at the id it is served under, written together or the target first', async () => {
      for (const order of ['together', 'target first'] as const) {
        if (order === 'together') await store.upsertIndicators([source, ...targets], [scoFiles]);
        else {
          await store.upsertIndicators(targets, [renderer]);
          await store.upsertIndicators([source], [renderer]);
        }
        const served = await relationships(order === 'together' ? scoFiles : renderer);
        expect(served.malware?.target_ref, order).toBe(malwareId);
        if (order === 'together') {
          const file = served.objects.find((o) => o.type === 'file')!;
          expect(served.file?.target_ref).toBe(file.id);
        }
        await store.close();
        await place.dispose();
        place = await kind.place();
        store = await place.open(() => Date.UTC(2024, 0, 1));
      }
    });

    it('keeps pointing there when a new profile is rendered', async () => {
      await store.upsertIndicators(targets, [renderer]);
      await store.upsertIndicators([source], [renderer]);
      await store.ensureRendered([scoFiles]);
      const served = await relationships(scoFiles);
      expect(served.malware?.target_ref).toBe(malwareId);
      const file = served.objects.find((o) => o.type === 'file')!;
      expect(file.id).not.toBe(scoId('file', { hashes: { 'SHA-256': sha256 } }));
      expect(served.file?.target_ref).toBe(file.id);
    });

    it('points there once the target comes after the source, dated by the target', async () => {
      await store.upsertIndicators([source], [scoFiles]);
      const before = await pageAll(store, { profile: scoFiles.profile }, 10);
      expect(before.map((o) => o.type)).toEqual(['indicator']);

      await store.upsertIndicators(targets, [scoFiles]);
      const served = await relationships(scoFiles);
      expect(served.malware?.target_ref).toBe(malwareId);
      const file = served.objects.find((o) => o.type === 'file')!;
      expect(served.file?.target_ref).toBe(file.id);

      // The source's own object is served as before; a poller since then gets the rest once.
      const since = await pageAll(
        store,
        { profile: scoFiles.profile, addedAfter: before[0]!.dateAdded },
        10,
      );
      expect(since.map((o) => o.type).sort()).toEqual([
        'file',
        'malware',
        'relationship',
        'relationship',
      ]);
      const after = await pageAll(store, { profile: scoFiles.profile }, 10);
      expect(after[0]).toEqual(before[0]);
    });
  });
});
