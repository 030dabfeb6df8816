import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import type { IndicatorInput, IndicatorRelationship } from '../../src/indicators/indicator.js';
import { parseQuery } from '../../src/query/parser.js';
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

const report = (extra: Partial<IndicatorInput> = {}): IndicatorInput =>
  indicator('Q3 review', {
    type: 'Report',
    relationships: [relatedTo('198.51.100.2'), relatedTo('Emotet', 'Malware')],
    ...extra,
  });
const ip = indicator('198.51.100.2');
// Score 1, so that a `score:3` collection holds the report and the IP but not this.
const malware = indicator('Emotet', { type: 'Malware', score: 1 });

const typesOf = (records: readonly ObjectRecord[]) => records.map((r) => r.type).sort();

describe.each(STORE_KINDS)('reports in the $name store', (kind) => {
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

  it('serves a report only where every object it names is, in pages, counts, manifests and filters', async () => {
    await store.upsertIndicators([report(), ip, malware], [renderer]);

    const cases: Array<[string, boolean]> = [
      ['', true],
      ['type:Report or value:198.51.100.2 or value:Emotet', true],
      ['score:3', false],
      ['type:Report or type:IP', false],
      ['type:Report', false],
    ];
    for (const [text, served] of cases) {
      const all = await pageAll(store, { profile, query: query(text) }, 2);
      const reports = parsed(all).filter((o) => o.type === 'report');
      expect(reports.length, text).toBe(served ? 1 : 0);
      // Its relationships go with it: from it, they would dangle where it is not served.
      const fromReport = parsed(all).filter((o) => o.source_ref?.startsWith('report--'));
      expect(fromReport.length, text).toBe(served ? 2 : 0);
      expect(dangling(all), text).toEqual([]);

      const filter = { profile, query: query(text), now: NOW };
      expect(await store.countObjects(filter), text).toBe(all.length);
      const typed = { ...filter, types: ['report'] };
      expect(await store.countObjects(typed), text).toBe(reports.length);
      const manifest = await store.pageObjects({ ...filter, limit: 100, withJson: false });
      expect(
        manifest.objects.map((o) => o.id),
        text,
      ).toEqual(all.map((o) => o.id));

      // Asked for by id, the report is there exactly where a full pull has it.
      const reportId = (await pageAll(store, { profile, types: ['report'] }, 10))[0]!.id;
      const byId = await store.pageObjects({
        ...filter,
        ids: [reportId],
        limit: 10,
        withJson: true,
      });
      expect(byId.objects.length, text).toBe(reports.length);

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

  it('dates a report by its latest end, so an incremental poll gets it once all are there', async () => {
    await store.upsertIndicators([report()], [renderer]);
    expect(await pageAll(store, { profile }, 10)).toEqual([]);
    await store.upsertIndicators([ip], [renderer]);
    const before = await pageAll(store, { profile }, 10);
    expect(typesOf(before)).toEqual(['indicator']);
    const last = before[0]!.dateAdded;

    await store.upsertIndicators([malware], [renderer]);
    const since = await pageAll(store, { profile, addedAfter: last }, 10);
    expect(typesOf(since)).toEqual(['malware', 'relationship', 'relationship', 'report']);
    const target = since.find((o) => o.type === 'malware')!;
    for (const o of since) expect(o.dateAdded, o.type).toBe(target.dateAdded);

    const all = await pageAll(store, { profile }, 10);
    expect(dangling(all)).toEqual([]);
    const [sdo] = parsed(all).filter((o) => o.type === 'report');
    expect(sdo!.object_refs).toEqual([before[0]!.id, target.id].sort());
    const filter = { profile, query: query(''), now: NOW, addedAfter: last };
    expect(await store.countObjects(filter)).toBe(since.length);
  });

  it('keeps its date when a target is written again earlier than the report', async () => {
    await store.upsertIndicators([ip, malware], [renderer]);
    await store.upsertIndicators([report()], [renderer]);
    const first = await pageAll(store, { profile, types: ['report'] }, 10);
    // The report came last; it sits at its own date, after both of its ends.
    const all = await pageAll(store, { profile }, 10);
    expect(all[all.length - 1]!.dateAdded).toBe(first[0]!.dateAdded);

    await store.upsertIndicators([indicator('198.51.100.2', { score: 2 })], [renderer]);
    const moved = await pageAll(store, { profile, types: ['report'] }, 10);
    const ipNow = (await pageAll(store, { profile, types: ['indicator'] }, 10))[0]!;
    expect(moved[0]!.dateAdded).toBe(ipNow.dateAdded);
  });

  it('names a target written later by the id it is served under', async () => {
    const malwareId = 'malware--0b8a7f5c-2d3e-4f60-9a1b-2c3d4e5f6a7b';
    await store.upsertIndicators([report(), ip], [renderer]);
    await store.upsertIndicators(
      [indicator('Emotet', { type: 'Malware', stixId: malwareId })],
      [renderer],
    );
    const all = await pageAll(store, { profile }, 10);
    expect(dangling(all)).toEqual([]);
    const [sdo] = parsed(all).filter((o) => o.type === 'report');
    expect(sdo!.object_refs).toContain(malwareId);
  });

  it('serves no version of a report where an object it names is missing', async () => {
    await store.upsertIndicators([report(), ip, malware], [renderer]);
    await store.upsertIndicators([report({ score: 2 })], [renderer]);
    const versions = { exact: [], first: false, last: false, all: true };
    const everywhere = await pageAll(store, { profile, versions, types: ['report'] }, 10);
    expect(everywhere).toHaveLength(2);
    const partial = { profile, versions, query: query('score:>=2'), now: NOW };
    expect(await pageAll(store, partial, 10)).not.toContainEqual(
      expect.objectContaining({ type: 'report' }),
    );
    expect(await store.countObjects({ ...partial, types: ['report'] })).toBe(0);
  });

  it('renders reports for a new profile as writes would have, in STIX 2.0 as well', async () => {
    await store.upsertIndicators([report()], [renderer]);
    await store.upsertIndicators([ip, malware], [renderer]);
    await store.ensureRendered([renderer, renderer20]);
    const rendered = await pageAll(store, { profile: renderer20.profile }, 10);
    const written = await pageAll(store, { profile }, 10);

    expect(rendered.map((o) => o.type)).toEqual(written.map((o) => o.type));
    expect(rendered.map((o) => o.dateAdded)).toEqual(written.map((o) => o.dateAdded));
    expect(dangling(rendered)).toEqual([]);
    expect(typesOf(rendered)).toContain('report');
  });

  it('refuses a report that names no object, saying why', async () => {
    const summary = await store.upsertIndicators(
      [
        report({ relationships: [] }),
        report({ value: 'Q2', relationships: [relatedTo('Q3', 'Report')] }),
      ],
      [renderer, renderer20],
    );
    expect(summary.added).toBe(0);
    expect(summary.rejected.map((r) => r.reason)).toEqual([
      'no STIX object can be made of it: a report needs a relationship to an object for its object_refs',
      'no STIX object can be made of it: a report needs a relationship to an object for its object_refs',
    ]);
  });

  it('moves reports between stores with their targets and dates', async () => {
    await store.upsertIndicators([report()], [renderer]);
    await store.upsertIndicators([ip, malware], [renderer]);
    const records = await store.dumpRecords(0, 100);
    const next = await kind.place();
    const copy = await next.open(() => Date.UTC(2024, 0, 1));
    try {
      const batches = (async function* () {
        yield records;
      })();
      await copy.loadDump({ settings: await store.readSettings(), records: batches });
      const moved = await pageAll(
        copy,
        { profile, query: copy.compileQuery(parseQuery('score:3')) },
        10,
      );
      expect(typesOf(moved)).toEqual(['indicator']);
      expect(await pageAll(copy, { profile }, 10)).toEqual(await pageAll(store, { profile }, 10));
    } finally {
      await copy.close();
      await next.dispose();
    }
  });
});
