/**
 * Versions of indicators' objects through the TAXII handlers over each store: a fixture whose
 * indicators change over four imports (some with a later `modified`, some without, one re-imported
 * unchanged), read with every combination of match[id], match[type], match[version],
 * match[spec_version], added_after and limit/next, against a reference evaluator.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { ANONYMOUS } from '../../src/auth/principal.js';
import { DEFAULT_CONFIG } from '../../src/config/config.js';
import { parseCollections } from '../../src/config/collections-document.js';
import type { IndicatorInput } from '../../src/indicators/indicator.js';
import { createLogger } from '../../src/server/logger.js';
import { createStixRenderer } from '../../src/stix/renderer.js';
import type { IndicatorStore } from '../../src/store/store.js';
import { buildCollections, collectionId } from '../../src/taxii/collection-set.js';
import { CursorCodec } from '../../src/taxii/cursor.js';
import { RangePositions } from '../../src/taxii/v20/range-positions.js';
import {
  getObject,
  listManifestRecords,
  listObjects,
  listObjectVersions,
} from '../../src/taxii/objects.js';
import type { RawQuery } from '../../src/taxii/filters.js';
import type { RequestContext, TaxiiService } from '../../src/taxii/service.js';
import { WriteQueue } from '../../src/taxii/write-queue.js';
import { formatTimestamp } from '../../src/time/microseconds.js';
import { pageAll } from './support/page-all.js';
import { indicator, NAMESPACE, STORE_KINDS, type StorePlace } from './support/store-kinds.js';

const renderer = createStixRenderer({
  version: '2.1',
  namespace: NAMESPACE,
  observables: { 'ipv4-addr': 'both' },
});
const CLOCK = Date.UTC(2024, 5, 1);
const CREATED = '2023-12-01T00:00:00Z';
// An envelope's SCO carries no version; the manifest's records name it.
const SCO_VERSION = '(none in the object)';
const API_ROOT = DEFAULT_CONFIG.apiRoot.name;
const ALL = collectionId('all', NAMESPACE);
const BAD = collectionId('bad', NAMESPACE);

const ip = (n: number, extra: Partial<IndicatorInput> = {}) =>
  indicator(`198.51.100.${n}`, { created: CREATED, modified: '2024-01-01T00:00:00Z', ...extra });
const domain = (name: string, extra: Partial<IndicatorInput> = {}) =>
  indicator(name, { type: 'Domain', created: CREATED, modified: '2024-01-01T00:00:00Z', ...extra });

/** Four imports: each changes some indicators; a source's `modified` moves for some only. */
const ROUNDS: IndicatorInput[][] = [
  [
    ip(1, { tlp: 'GREEN' }),
    ip(2, {
      relationships: [
        { relationshipType: 'related-to', targetType: 'IP', targetValue: '198.51.100.3' },
      ],
    }),
    ip(3),
    ip(4, { tlp: 'AMBER' }),
    domain('example.com', { tlp: 'GREEN' }),
    domain('example.org'),
  ],
  [
    ip(1, { tlp: 'GREEN', score: 2, modified: '2024-02-01T00:00:00Z' }),
    // Changed without a later modified: the store gives the next millisecond.
    ip(2, {
      description: 'seen again',
      relationships: [
        { relationshipType: 'related-to', targetType: 'IP', targetValue: '198.51.100.3' },
      ],
    }),
    domain('example.com', { tlp: 'GREEN', description: 'renamed' }),
  ],
  [
    ip(1, { tlp: 'GREEN', score: 3, modified: '2024-03-01T00:00:00Z' }),
    ip(3, { score: 1, modified: '2024-03-01T00:00:00Z' }),
    // The same content again: no new version.
    ip(4, { tlp: 'AMBER' }),
  ],
  [
    ip(1, { tlp: 'GREEN', score: 1, modified: '2024-04-01T00:00:00Z' }),
    domain('example.com', { tlp: 'GREEN', description: 'renamed twice' }),
  ],
];

interface Version {
  id: string;
  type: string;
  version: string;
  dateAdded: number;
}

type Filters = {
  ids?: string[];
  types?: string[];
  spec?: string[];
  version?: string[];
  addedAfter?: number;
};

/** TAXII 2.1 sections 3.4 and 3.5 over the retained versions: what a pull should hold. */
function reference(
  versions: readonly Version[],
  filters: Filters,
  envelopeVersion = false,
): string[] {
  if (filters.spec && !filters.spec.includes('2.1')) return [];
  const asked = filters.version ?? ['last'];
  const chosen = versions.filter((v) => {
    if (filters.addedAfter !== undefined && v.dateAdded <= filters.addedAfter) return false;
    if (filters.types && !filters.types.includes(v.type)) return false;
    if (filters.ids && !filters.ids.includes(v.id)) return false;
    const mine = versions.filter((o) => o.id === v.id).map((o) => o.version);
    return asked.some(
      (a) =>
        a === 'all' ||
        (a === 'first' && v.version === [...mine].sort()[0]) ||
        (a === 'last' && v.version === [...mine].sort().pop()) ||
        a === v.version,
    );
  });
  return chosen
    .sort((a, b) => a.dateAdded - b.dateAdded || (a.id < b.id ? -1 : 1))
    .map(
      (v) =>
        `${v.id}@${envelopeVersion ? (v.type === 'ipv4-addr' ? SCO_VERSION : v.version) : v.version}`,
    );
}

function query(filters: Filters, limit: number, next?: string): RawQuery {
  const q: Record<string, string> = { limit: String(limit) };
  if (filters.ids) q['match[id]'] = filters.ids.join(',');
  if (filters.types) q['match[type]'] = filters.types.join(',');
  if (filters.spec) q['match[spec_version]'] = filters.spec.join(',');
  if (filters.version) q['match[version]'] = filters.version.join(',');
  if (filters.addedAfter !== undefined) q['added_after'] = formatTimestamp(filters.addedAfter);
  if (next) q['next'] = next;
  return q;
}

describe.each(STORE_KINDS)('indicator object versions in the $name store', (kind) => {
  let place: StorePlace;
  let store: IndicatorStore;
  let service: TaxiiService;
  let retained: Version[];
  const logger = createLogger('silent');
  const rc: RequestContext = {
    log: logger,
    principal: ANONYMOUS,
    baseUrl: 'http://127.0.0.1',
    now: CLOCK * 1000,
  };
  const path = (collection = ALL) => ({ api_root: API_ROOT, collection_id: collection });

  beforeAll(async () => {
    place = await kind.place();
    store = await place.open(() => CLOCK);
    // The truth, from the latest versions alone: each version is served as latest from when it
    // is stored until it is replaced, at the date it last had; an object gone keeps nothing.
    const seen = new Map<string, Version>();
    let latest: Version[] = [];
    for (const round of ROUNDS) {
      await store.upsertIndicators(round, [renderer]);
      latest = (await pageAll(store, { profile: renderer.profile }, 1000)).map((o) => ({
        id: o.id,
        type: o.type,
        version: o.version,
        dateAdded: o.dateAdded,
      }));
      for (const v of latest) seen.set(`${v.id}@${v.version}`, v);
    }
    const present = new Set(latest.map((v) => v.id));
    retained = [...seen.values()].filter((v) => present.has(v.id));

    const definitions = parseCollections({ all: '', bad: 'score:3' }, 'test collections');
    service = {
      config: DEFAULT_CONFIG,
      store,
      collections: buildCollections(definitions, NAMESPACE, store, 'open'),
      renderer,
      cursors: new CursorCodec('versions test secret'),
      ranges: new RangePositions(),
      writes: new WriteQueue(store.posted, logger),
      clock: () => CLOCK,
    };
  });

  afterAll(async () => {
    await store.close();
    await place.dispose();
  });

  it('keeps earlier versions of changed objects, a later modified for each, none for no change', () => {
    const count = (id: string) => retained.filter((v) => v.id === id).length;
    const byType = (type: string) => [
      ...new Set(retained.filter((v) => v.type === type).map((v) => v.id)),
    ];
    expect(retained.length).toBeGreaterThan(new Set(retained.map((v) => v.id)).size);
    // 198.51.100.1 changed in every round: its indicator has four versions.
    const counts = byType('indicator').map(count).sort();
    expect(counts).toEqual([1, 1, 2, 2, 3, 4]);
    // Markings never change version.
    for (const id of byType('marking-definition')) expect(count(id)).toBe(1);
    // Versions of one object are distinct and dated apart.
    expect(new Set(retained.map((v) => `${v.id}@${v.version}`)).size).toBe(retained.length);
  });

  it('matches the reference for every combination of filters, limits and next', async () => {
    const ids = [...new Set(retained.map((v) => v.id))].sort();
    const many = retained.filter((v) => retained.filter((o) => o.id === v.id).length > 2)[0]!.id;
    const versions = [...new Set(retained.map((v) => v.version))].sort();
    const dates = retained.map((v) => v.dateAdded).sort((a, b) => a - b);
    const options = {
      ids: [undefined, [many], [ids[0]!, ids[3]!, many]],
      types: [undefined, ['indicator'], ['relationship', 'ipv4-addr', 'marking-definition']],
      spec: [undefined, ['2.1'], ['2.0'], ['2.0', '2.1']],
      version: [
        undefined,
        ['first'],
        ['first', 'last'],
        ['all'],
        [versions[1]!, versions[versions.length - 1]!],
        ['first', versions[2]!],
      ],
      addedAfter: [undefined, dates[4]!, dates[dates.length - 3]!],
      limit: [3, 50],
    };

    let checked = 0;
    for (const idList of options.ids)
      for (const types of options.types)
        for (const spec of options.spec)
          for (const version of options.version)
            for (const addedAfter of options.addedAfter)
              for (const limit of options.limit) {
                const filters: Filters = {
                  ...(idList && { ids: idList }),
                  ...(types && { types }),
                  ...(spec && { spec }),
                  ...(version && { version }),
                  ...(addedAfter !== undefined && { addedAfter }),
                };
                const want = reference(retained, filters);
                const wantObjects = reference(retained, filters, true);
                const context = JSON.stringify({ ...filters, limit });
                const got: string[] = [];
                let next: string | undefined;
                for (let pages = 0; pages < 100; pages++) {
                  const reply = await listObjects(service, rc, path(), query(filters, limit, next));
                  const body = JSON.parse(reply.body) as {
                    objects?: Array<{ id: string; modified?: string; created?: string }>;
                    next?: string;
                  };
                  got.push(
                    ...(body.objects ?? []).map(
                      (o) => `${o.id}@${o.modified ?? o.created ?? SCO_VERSION}`,
                    ),
                  );
                  next = body.next;
                  if (!next) break;
                }
                expect(got, context).toEqual(wantObjects);
                if (limit === 50) {
                  const manifest = await listManifestRecords(
                    service,
                    rc,
                    path(),
                    query(filters, 1000),
                  );
                  const records =
                    (JSON.parse(manifest.body) as { objects?: Version[] }).objects ?? [];
                  expect(
                    records.map((r) => `${r.id}@${r.version}`),
                    context,
                  ).toEqual(want);
                }
                checked++;
              }
    expect(checked).toBe(3 * 3 * 4 * 6 * 3 * 2);
  });

  it('lists every retained version of an object, and serves it by id', async () => {
    for (const id of new Set(retained.map((v) => v.id))) {
      const mine = retained.filter((v) => v.id === id).sort((a, b) => a.dateAdded - b.dateAdded);
      const reply = await listObjectVersions(service, rc, { ...path(), object_id: id }, {});
      expect(JSON.parse(reply.body)).toEqual({ more: false, versions: mine.map((v) => v.version) });
      expect(reply.headers).toEqual({
        'X-TAXII-Date-Added-First': formatTimestamp(mine[0]!.dateAdded),
        'X-TAXII-Date-Added-Last': formatTimestamp(mine[mine.length - 1]!.dateAdded),
      });
      const latest = await getObject(service, rc, { ...path(), object_id: id }, {});
      const objects = (JSON.parse(latest.body) as { objects: unknown[] }).objects;
      expect(objects).toHaveLength(1);
      const every = await getObject(
        service,
        rc,
        { ...path(), object_id: id },
        { 'match[version]': 'all', limit: '1' },
      );
      expect(JSON.parse(every.body).more).toBe(mine.length > 1);
    }
  });

  it('serves earlier versions only where the collection selects the indicator now', async () => {
    const indicators = retained.filter((v) => v.type === 'indicator');
    const bad = await listObjects(service, rc, path(BAD), {
      'match[version]': 'all',
      'match[type]': 'indicator',
    });
    const served = (JSON.parse(bad.body) as { objects?: Array<{ id: string; modified: string }> })
      .objects!;
    // 198.51.100.1 ends at score 1 and 198.51.100.3 at score 1: neither is in the collection,
    // though earlier versions of the first had score 3.
    const ids = new Set(served.map((o) => o.id));
    expect(ids.size).toBe(4);
    for (const id of ids) {
      expect(served.filter((o) => o.id === id).length).toBe(
        indicators.filter((v) => v.id === id).length,
      );
    }
  });
});
