import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type {
  PostedFilter,
  PostedObjectInput,
  VersionSelection,
} from '../../src/store/posted-objects.js';
import type { IndicatorStore, ObjectRecord } from '../../src/store/store.js';
import { STORE_KINDS, type StorePlace } from './support/store-kinds.js';

const COLLECTION = '7a0c3e55-1f2b-5c4d-9e8f-0a1b2c3d4e5f';
const OTHER = '7a0c3e55-1f2b-5c4d-9e8f-0a1b2c3d4e60';

interface Fixture {
  input: PostedObjectInput;
  collection: string;
}

/**
 * Twelve objects of four types in three versions at most, in STIX 2.0 and 2.1, two of them in
 * both spec versions (one with a 2.0 version between 2.1 ones, one whose newest version is
 * 2.0), posted in an order that interleaves versions with other objects.
 */
function fixture(): Fixture[] {
  const rows: Fixture[] = [];
  const types = ['indicator', 'malware', 'identity', 'ipv4-addr'];
  for (let n = 0; n < 12; n++) {
    const type = types[n % 4]!;
    const id = `${type}--00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
    const versions =
      type === 'ipv4-addr'
        ? [null]
        : ['2024-01-01', '2024-02-01', '2024-03-01'].slice(0, 1 + (n % 3));
    for (const [v, day] of versions.entries()) {
      const spec = n % 5 === 0 || ((n === 2 || n === 4) && v === 1) ? '2.0' : '2.1';
      const modified = day === null ? null : `${day}T00:00:0${n % 10}.000Z`;
      const json = JSON.stringify({ type, id, spec_version: spec, modified, n, v });
      const input: PostedObjectInput = {
        id,
        type,
        specVersion: spec,
        version: modified,
        versionMicros: modified === null ? 0 : Date.parse(modified) * 1000,
        json,
      };
      rows.push({ input, collection: n === 11 ? OTHER : COLLECTION });
    }
  }
  // Later versions are posted after other objects' first ones, as clients update objects.
  return rows.sort(
    (a, b) => a.input.versionMicros - b.input.versionMicros || a.input.id.localeCompare(b.input.id),
  );
}

interface Stored extends Fixture {
  dateAdded: number;
}

/** TAXII 2.1 section 3.4 and 3.5 as plain code over the fixture: what a page should hold. */
function reference(rows: readonly Stored[], filter: PostedFilter): string[] {
  const mine = rows.filter((r) => r.collection === filter.collection);
  // Without match[spec_version], each object in the newest spec version it is held in.
  const newest = (r: Stored) =>
    mine
      .filter((o) => o.input.id === r.input.id)
      .map((o) => o.input.specVersion)
      .sort()
      .pop();
  const spec = (r: Stored) =>
    filter.specVersions?.length
      ? filter.specVersions.includes(r.input.specVersion)
      : r.input.specVersion === newest(r);
  const chosen = mine.filter((r) => {
    if (filter.addedAfter !== undefined && r.dateAdded <= filter.addedAfter) return false;
    if (filter.types?.length && !filter.types.includes(r.input.type)) return false;
    if (filter.ids?.length && !filter.ids.includes(r.input.id)) return false;
    if (!spec(r)) return false;
    return versionChosen(
      mine.filter((o) => o.input.id === r.input.id && spec(o)),
      r,
      filter.versions,
    );
  });
  const ordered = chosen.sort(
    (a, b) => a.dateAdded - b.dateAdded || (a.input.id < b.input.id ? -1 : 1),
  );
  const after = filter.after;
  const rest = after
    ? ordered.filter(
        (r) =>
          r.dateAdded > after.dateAdded ||
          (r.dateAdded === after.dateAdded && r.input.id > after.id),
      )
    : ordered;
  return rest.map((r) => `${r.input.id}@${r.input.versionMicros}`);
}

function versionChosen(
  versions: readonly Stored[],
  row: Stored,
  selection: VersionSelection,
): boolean {
  if (selection.all) return true;
  const micros = versions.map((v) => v.input.versionMicros);
  const v = row.input.versionMicros;
  return (
    selection.exact.includes(v) ||
    (selection.first && v === Math.min(...micros)) ||
    (selection.last && v === Math.max(...micros))
  );
}

describe.each(STORE_KINDS)('writable-collection filters in the $name store', (kind) => {
  let place: StorePlace;
  let store: IndicatorStore;
  let stored: Stored[];

  beforeAll(async () => {
    place = await kind.place();
    store = await place.open();
    const rows = fixture();
    for (const collection of [COLLECTION, OTHER]) {
      const mine = rows.filter((r) => r.collection === collection).map((r) => r.input);
      const id =
        collection === COLLECTION
          ? 'bbbbbbbb-0000-4000-8000-000000000001'
          : 'bbbbbbbb-0000-4000-8000-000000000002';
      await store.posted.acceptObjects(
        { id, collection, requestTimestamp: 0, expires: 1 },
        mine,
        [],
      );
      // One object per chunk, so dates follow the fixture's order.
      while ((await store.posted.processPending(id, 1)) > 0);
    }
    const all = { exact: [], first: false, last: false, all: true };
    const served = [COLLECTION, OTHER].map((collection) =>
      store.posted.pagePosted({
        collection,
        specVersions: ['2.0', '2.1'],
        versions: all,
        limit: 1000,
        withJson: true,
      }),
    );
    const byJson = new Map<string, ObjectRecord>();
    for (const page of await Promise.all(served))
      for (const o of page.objects) byJson.set(o.json, o);
    stored = rows.map((r) => ({ ...r, dateAdded: byJson.get(r.input.json)!.dateAdded }));
  });

  afterAll(async () => {
    await store.close();
    await place.dispose();
  });

  it('serves the whole fixture, each version once', () => {
    expect(stored).toHaveLength(fixture().length);
    const specs = (n: number) => stored.filter((r) => r.input.json.includes(`"n":${n},`));
    expect(specs(2).map((r) => r.input.specVersion)).toEqual(['2.1', '2.0', '2.1']);
    expect(specs(4).map((r) => r.input.specVersion)).toEqual(['2.1', '2.0']);
    expect(new Set(stored.map((r) => r.dateAdded)).size).toBe(stored.length);
  });

  it('matches the reference for every combination of filters, limits and next', async () => {
    const ids = [...new Set(stored.map((r) => r.input.id))];
    const micros = [...new Set(stored.map((r) => r.input.versionMicros))].sort((a, b) => a - b);
    const dates = stored.map((r) => r.dateAdded).sort((a, b) => a - b);
    const options = {
      types: [undefined, ['indicator'], ['malware', 'ipv4-addr']],
      ids: [undefined, [ids[1]!], [ids[7]!, ids[4]!, ids[10]!]],
      specVersions: [undefined, ['2.0'], ['2.1'], ['2.0', '2.1']],
      versions: [
        { exact: [], first: false, last: true, all: false },
        { exact: [], first: true, last: false, all: false },
        { exact: [], first: true, last: true, all: false },
        { exact: [], first: false, last: false, all: true },
        { exact: [micros[3]!, micros[9]!], first: false, last: false, all: false },
        { exact: [micros[2]!], first: true, last: false, all: false },
      ],
      addedAfter: [undefined, dates[5]!, dates[dates.length - 2]!],
      limit: [3, 50],
    };

    let checked = 0;
    for (const types of options.types)
      for (const idList of options.ids)
        for (const specVersions of options.specVersions)
          for (const versions of options.versions)
            for (const addedAfter of options.addedAfter)
              for (const limit of options.limit) {
                const base = {
                  collection: COLLECTION,
                  types,
                  ids: idList,
                  specVersions,
                  versions,
                  addedAfter,
                };
                const want = reference(stored, { ...base, limit, withJson: false });
                const got: string[] = [];
                let after: PostedFilter['after'];
                for (let pages = 0; pages < 100; pages++) {
                  const page = await store.posted.pagePosted({
                    ...base,
                    after,
                    limit,
                    withJson: false,
                  });
                  got.push(...page.objects.map((o) => `${o.id}@${versionMicros(o, stored)}`));
                  const last = page.objects[page.objects.length - 1];
                  if (!page.more || !last) break;
                  after = { dateAdded: last.dateAdded, id: last.id };
                }
                expect(got, JSON.stringify({ ...base, limit })).toEqual(want);
                expect(await store.posted.countPosted(base)).toBe(want.length);
                checked++;
              }
    expect(checked).toBe(3 * 3 * 4 * 6 * 3 * 2);
  });
});

// The page reports versions as text; the fixture knows each row by its date_added.
function versionMicros(record: ObjectRecord, stored: readonly Stored[]): number {
  return stored.find((r) => r.dateAdded === record.dateAdded)!.input.versionMicros;
}
