import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import type { PostedObjectInput, VersionSelection } from '../../src/store/posted-objects.js';
import type { IndicatorStore } from '../../src/store/store.js';
import { STORE_KINDS, type StorePlace } from './support/store-kinds.js';

const LAST: VersionSelection = { exact: [], first: false, last: true, all: false };
const ALL: VersionSelection = { exact: [], first: false, last: false, all: true };
const COLLECTION = '0b1e6f3c-2a4d-5e6f-8a9b-0c1d2e3f4a5b';

function object(n: number, modified: string | null, extra: Record<string, unknown> = {}) {
  const id = `indicator--00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
  const body = { type: 'indicator', id, ...(modified ? { modified } : {}), ...extra };
  const input: PostedObjectInput = {
    id,
    type: 'indicator',
    specVersion: '2.1',
    version: modified,
    versionMicros: modified ? Date.parse(modified) * 1000 : 0,
    json: JSON.stringify(body),
  };
  return input;
}

describe.each(STORE_KINDS)('posted objects in the $name store', (kind) => {
  let place: StorePlace;
  let store: IndicatorStore;
  const status = (id: string) => ({
    id,
    collection: COLLECTION,
    requestTimestamp: 1_700_000_000_000_000,
    expires: 1_700_086_400_000_000,
  });
  const page = (versions: VersionSelection, extra = {}) =>
    store.posted.pagePosted({
      collection: COLLECTION,
      versions,
      limit: 100,
      withJson: true,
      ...extra,
    });

  beforeEach(async () => {
    place = await kind.place();
    store = await place.open();
  });

  afterEach(async () => {
    await store.close();
    await place.dispose();
  });

  it('keeps acknowledged objects pending until processed, across reopening', async () => {
    const objects = [1, 2, 3, 4, 5].map((n) => object(n, '2024-01-01T00:00:00.000Z'));
    const refused = [
      { id: 'note--00000000-0000-4000-8000-000000000009', version: null, message: 'bad' },
    ];
    await store.posted.acceptObjects(
      status('aaaaaaaa-0000-4000-8000-000000000001'),
      objects,
      refused,
    );
    expect(await store.posted.unfinishedStatuses()).toEqual([
      'aaaaaaaa-0000-4000-8000-000000000001',
    ]);

    // A process that stops here loses nothing: another one finishes the request.
    await store.close();
    store = await place.open();
    expect(await store.posted.processPending('aaaaaaaa-0000-4000-8000-000000000001', 2)).toBe(3);
    const midway = await store.posted.readStatus('aaaaaaaa-0000-4000-8000-000000000001');
    expect([midway?.successes.length, midway?.pendings.length, midway?.failures.length]).toEqual([
      2, 3, 1,
    ]);
    expect(await store.posted.processPending('aaaaaaaa-0000-4000-8000-000000000001', 10)).toBe(0);
    expect(await store.posted.unfinishedStatuses()).toEqual([]);

    const done = await store.posted.readStatus('aaaaaaaa-0000-4000-8000-000000000001');
    expect(done).toMatchObject({ total: 6, pendings: [] });
    expect(done?.successes.map((s) => s.id)).toEqual(objects.map((o) => o.id));
    expect(done?.failures).toEqual([{ id: refused[0]!.id, version: null, message: 'bad' }]);
    const served = await page(LAST);
    expect(served.objects.map((o) => o.json)).toEqual(objects.map((o) => o.json));
  });

  it('adds nothing for a retry, and refuses other content under a held id and version', async () => {
    const first = [object(1, '2024-01-01T00:00:00.000Z'), object(2, null)];
    await store.posted.acceptObjects(status('aaaaaaaa-0000-4000-8000-000000000002'), first, []);
    await store.posted.processPending('aaaaaaaa-0000-4000-8000-000000000002', 10);
    const retry = [...first, object(1, '2024-01-01T00:00:00.000Z', { name: 'changed' })];
    await store.posted.acceptObjects(status('aaaaaaaa-0000-4000-8000-000000000003'), retry, []);
    await store.posted.processPending('aaaaaaaa-0000-4000-8000-000000000003', 10);

    const outcome = await store.posted.readStatus('aaaaaaaa-0000-4000-8000-000000000003');
    expect(outcome?.successes).toHaveLength(2);
    expect(outcome?.failures[0]?.message).toMatch(/different object with this id and version/);
    expect(await store.posted.countPosted({ collection: COLLECTION, versions: ALL })).toBe(2);
    // An object without modified or created takes its date_added as its one version.
    const dateless = (await page(ALL, { ids: [first[1]!.id] })).objects[0];
    expect(dateless?.version).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(outcome?.successes[1]?.version).toBe(dateless?.version);
  });

  it('keeps the first of two copies of an object within one chunk', async () => {
    const copies = [
      object(7, '2024-01-01T00:00:00.000Z'),
      object(7, '2024-01-01T00:00:00.000Z'),
      object(7, '2024-01-01T00:00:00.000Z', { name: 'other content' }),
      object(8, null),
      object(8, null),
    ];
    await store.posted.acceptObjects(status('aaaaaaaa-0000-4000-8000-000000000007'), copies, []);
    expect(await store.posted.processPending('aaaaaaaa-0000-4000-8000-000000000007', 10)).toBe(0);

    const outcome = await store.posted.readStatus('aaaaaaaa-0000-4000-8000-000000000007');
    expect(outcome?.successes).toHaveLength(4);
    expect(outcome?.failures.map((f) => f.message)).toEqual([
      expect.stringMatching(/different object with this id and version/),
    ]);
    const stored = (await page(ALL)).objects;
    expect(stored.map((o) => o.id)).toEqual([copies[0]!.id, copies[3]!.id]);
    expect(stored[0]?.json).toBe(copies[0]!.json);
  });

  it('selects first, last, exact and all versions, and pages in date_added order', async () => {
    const versions = [
      '2024-01-01T00:00:00.000Z',
      '2024-02-01T00:00:00.000Z',
      '2024-03-01T00:00:00.000Z',
    ];
    const objects = [...versions.map((v) => object(1, v)), object(2, versions[0]!)];
    await store.posted.acceptObjects(status('aaaaaaaa-0000-4000-8000-000000000004'), objects, []);
    await store.posted.processPending('aaaaaaaa-0000-4000-8000-000000000004', 10);

    const of = async (selection: VersionSelection) =>
      (await page(selection)).objects.map((o) => `${o.id.slice(-1)}@${o.version.slice(5, 7)}`);
    expect(await of(LAST)).toEqual(['1@03', '2@01']);
    expect(await of({ ...LAST, last: false, first: true })).toEqual(['1@01', '2@01']);
    const exact = Date.parse(versions[1]!) * 1000;
    expect(await of({ exact: [exact], first: false, last: false, all: false })).toEqual(['1@02']);
    expect(await of(ALL)).toEqual(['1@01', '1@02', '1@03', '2@01']);
    expect(await store.posted.countPosted({ collection: COLLECTION, versions: LAST })).toBe(2);

    const firstPage = await page(ALL, { limit: 3 });
    expect(firstPage.more).toBe(true);
    const last = firstPage.objects[2]!;
    const rest = await page(ALL, { after: { dateAdded: last.dateAdded, id: last.id } });
    expect(rest.objects.map((o) => o.id)).toEqual([objects[3]!.id]);
    const dates = [...firstPage.objects, ...rest.objects].map((o) => o.dateAdded);
    expect([...dates].sort((a, b) => a - b)).toEqual(dates);
    expect(new Set(dates).size).toBe(4);
    expect((await page(ALL, { specVersions: ['2.0'] })).objects).toEqual([]);
  });

  it('forgets statuses once they expire', async () => {
    await store.posted.acceptObjects(
      status('aaaaaaaa-0000-4000-8000-000000000005'),
      [object(1, null)],
      [],
    );
    expect(await store.posted.expireStatuses(1_700_086_400_000_000)).toBe(0);
    expect(await store.posted.expireStatuses(1_700_086_400_000_001)).toBe(1);
    expect(await store.posted.readStatus('aaaaaaaa-0000-4000-8000-000000000005')).toBeNull();
  });
});
