import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import type { PostedObjectInput, VersionSelection } from '../../src/store/posted-objects.js';
import type { IndicatorStore, ObjectRecord } from '../../src/store/store.js';
import { readPostedObjects } from '../../src/taxii/posted-envelope.js';
import { formatStixTimestamp } from '../../src/time/microseconds.js';
import { STORE_KINDS, type StorePlace } from './support/store-kinds.js';

/** The schema version of the servers that labelled a posted object by the API alone. */
const BEFORE = 5;

const COLLECTION = '3c7e1a52-9d4b-5f6e-8a0c-1b2d3e4f5a6b';
const STATUS = '9e2d4c6a-1b3f-4a5c-8d7e-0f1a2b3c4d5e';
const LAST: VersionSelection = { exact: [], first: false, last: true, all: false };
const ALL: VersionSelection = { exact: [], first: false, last: false, all: true };

const id = (type: string, n: number) =>
  `${type}--00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const day = (d: string) => `2024-01-${d}T00:00:00.000Z`;

/** What clients posted, and to which API, in order; the last one is still pending. */
const POSTED: Array<{ api: '2.0' | '2.1'; object: Record<string, unknown> }> = [
  // STIX 2.0 in a 2.1 envelope, later updated in 2.1: both spec versions of one object.
  {
    api: '2.1',
    object: {
      type: 'indicator',
      id: id('indicator', 1),
      created: day('01'),
      modified: day('01'),
      labels: ['malicious-activity'],
      pattern: "[ipv4-addr:value = '192.0.2.1']",
      // Text PostgreSQL's JSON operators refuse, though JSON.parse takes it.
      description: 'nul \u0000 and a lone \ud800',
    },
  },
  {
    api: '2.1',
    object: {
      type: 'indicator',
      spec_version: '2.1',
      id: id('indicator', 1),
      created: day('01'),
      modified: day('02'),
      pattern: "[ipv4-addr:value = '192.0.2.1']",
      pattern_type: 'stix',
    },
  },
  // A spec_version of null counts as none.
  {
    api: '2.1',
    object: { type: 'malware', spec_version: null, id: id('malware', 2), created: day('03') },
  },
  // A 2.1 cyber-observable may omit spec_version, and has no created.
  { api: '2.1', object: { type: 'ipv4-addr', id: id('ipv4-addr', 3), value: '192.0.2.3' } },
  // created deeper in the object is no object's created.
  {
    api: '2.1',
    object: { type: 'x-note', id: id('x-note', 4), x_source: { created: day('04') } },
  },
  { api: '2.0', object: { type: 'malware', id: id('malware', 5), created: day('05') } },
  { api: '2.1', object: { type: 'identity', id: id('identity', 6), created: day('06') } },
];

/** An object as a server before this schema version stored it: labelled by the API alone. */
function storedBefore(object: Record<string, unknown>, api: string): PostedObjectInput {
  const [input] = readPostedObjects([object], api).accepted;
  return { ...input!, specVersion: (object['spec_version'] as string | null) ?? api };
}

function literal(value: unknown): string {
  if (value === null) return 'NULL';
  if (typeof value === 'number') return String(value);
  return `'${String(value).replace(/'/g, "''")}'`;
}

/** The rows such a server left: every object added but the last, which is pending. */
function rowsBefore(): string[] {
  const inputs = POSTED.map((p) => storedBefore(p.object, p.api));
  const added = inputs.slice(0, -1).map((o, i) => {
    const dateAdded = 1_704_067_200_000_000 + i;
    const values = [
      COLLECTION,
      o.id,
      o.versionMicros,
      o.version ?? formatStixTimestamp(dateAdded),
      o.type,
      o.specVersion,
      dateAdded,
      o.json,
    ];
    return (
      'INSERT INTO posted_objects (collection, object_id, version_us, version, type, ' +
      `spec_version, date_added, json) VALUES (${values.map(literal).join(', ')})`
    );
  });
  const pending = inputs[inputs.length - 1]!;
  const status = [STATUS, COLLECTION, 1_704_067_200_000_000, 4_102_444_800_000_000];
  const object = [STATUS, 0, pending.id, pending.version, 'pending', null]
    .concat([pending.versionMicros, pending.type, pending.specVersion, pending.json])
    .map(literal);
  return [
    ...added,
    'INSERT INTO write_statuses (id, collection, request_timestamp, expires) ' +
      `VALUES (${status.map(literal).join(', ')})`,
    'INSERT INTO write_status_objects (status, seq, object_id, version, outcome, message, ' +
      `version_us, type, spec_version, json) VALUES (${object.join(', ')})`,
  ];
}

/** What a read serves, without the dates each store gave its rows. */
async function served(store: IndicatorStore, extra: object = {}): Promise<string[]> {
  const page = await store.posted.pagePosted({
    collection: COLLECTION,
    versions: LAST,
    limit: 100,
    withJson: true,
    ...extra,
  });
  const shown = (o: ObjectRecord) => `${o.specVersion} ${o.id} ${o.json}`;
  return page.objects.map(shown).sort();
}

describe.each(STORE_KINDS)(
  'a $name store written before 2.0 objects were told by created',
  (kind) => {
    let place: StorePlace;
    let store: IndicatorStore | undefined;

    beforeEach(async () => {
      place = await kind.place();
      await place.atSchema(BEFORE, rowsBefore());
    });

    afterEach(async () => {
      await store?.close();
      await place.dispose();
    });

    it('serves objects without spec_version that have created as STIX 2.0, pending ones too', async () => {
      store = await place.open();
      expect(await store.posted.processPending(STATUS, 10)).toBe(0);

      const labels = await store.posted.pagePosted({
        collection: COLLECTION,
        versions: ALL,
        specVersions: ['2.0', '2.1'],
        limit: 100,
        withJson: false,
      });
      expect(labels.objects.map((o) => [o.id, o.specVersion])).toEqual([
        [id('indicator', 1), '2.0'],
        [id('indicator', 1), '2.1'],
        [id('malware', 2), '2.0'],
        [id('ipv4-addr', 3), '2.1'],
        [id('x-note', 4), '2.1'],
        [id('malware', 5), '2.0'],
        [id('identity', 6), '2.0'],
      ]);
    });

    it('serves what a store written now would, whatever the spec versions asked', async () => {
      store = await place.open();
      await store.posted.processPending(STATUS, 10);

      const now = await kind.place();
      const fresh = await now.open();
      try {
        for (const [n, { api, object }] of POSTED.entries()) {
          const status = { id: `${STATUS.slice(0, -2)}${String(n).padStart(2, '0')}` };
          const times = { requestTimestamp: 1_704_067_200_000_000, expires: 4_102_444_800_000_000 };
          const { accepted } = readPostedObjects([object], api);
          await fresh.posted.acceptObjects(
            { ...status, collection: COLLECTION, ...times },
            accepted,
            [],
          );
          await fresh.posted.processPending(status.id, 10);
        }
        for (const extra of [
          {},
          { specVersions: ['2.0'] },
          { specVersions: ['2.1'] },
          { specVersions: ['2.0', '2.1'], versions: ALL },
        ]) {
          expect(await served(store, extra), JSON.stringify(extra)).toEqual(
            await served(fresh, extra),
          );
        }
      } finally {
        await fresh.close();
        await now.dispose();
      }
    });
  },
);
