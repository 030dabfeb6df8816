import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { postedIndexing } from '../../src/importers/posted-stix.js';
import { parseQuery } from '../../src/query/parser.js';
import { createStixRenderer } from '../../src/stix/renderer.js';
import type { PostedIndexing } from '../../src/store/posted-objects.js';
import type { IndicatorStore } from '../../src/store/store.js';
import { readPostedObjects } from '../../src/taxii/posted-envelope.js';
import { indicator, NAMESPACE, STORE_KINDS, type StorePlace } from './support/store-kinds.js';

const renderers = [createStixRenderer({ version: '2.1', namespace: NAMESPACE })];
const COLLECTION = '7c3e1a2b-4d5f-5a6b-9c8d-1e2f3a4b5c6d';
const indexing = postedIndexing(renderers, (id) => (id === COLLECTION ? 'partner feed' : id));
const NOW = Date.parse('2030-01-01T00:00:00Z') * 1000;

const ip = (value: string, id: string) => ({ type: 'ipv4-addr', spec_version: '2.1', id, value });

function malware(modified: string, description: string) {
  return {
    type: 'malware',
    spec_version: '2.1',
    id: 'malware--3d4e5f6a-7b8c-4d9e-8f0a-1b2c3d4e5f6a',
    created: '2024-01-01T00:00:00.000Z',
    modified,
    name: 'Versioned Worm',
    description,
    is_family: true,
  };
}

describe.each(STORE_KINDS)('posted objects as indicators in the $name store', (kind) => {
  let place: StorePlace;
  let store: IndicatorStore;
  let statuses = 0;

  async function postAndProcess(objects: object[], using: PostedIndexing = indexing) {
    const id = `bbbbbbbb-0000-4000-8000-${String(++statuses).padStart(12, '0')}`;
    const { accepted, refused } = readPostedObjects(objects, '2.1');
    await store.posted.acceptObjects(
      { id, collection: COLLECTION, requestTimestamp: NOW, expires: NOW + 1 },
      accepted,
      refused,
    );
    while ((await store.posted.processPending(id, 2, using)) > 0);
    return id;
  }

  const matching = async (query: string) =>
    store.listMatching(store.compileQuery(parseQuery(query)), NOW, 100);

  beforeEach(async () => {
    place = await kind.place();
    store = await place.open();
  });

  afterEach(async () => {
    await store.close();
    await place.dispose();
  });

  it('turns observables, patterns and domain objects into indicators with the collection as source', async () => {
    const note = {
      type: 'note',
      spec_version: '2.1',
      id: 'note--1f2e3d4c-5b6a-4978-8a6b-5c4d3e2f1a0b',
      created: '2024-01-01T00:00:00.000Z',
      content: 'kept as posted only',
      object_refs: ['malware--3d4e5f6a-7b8c-4d9e-8f0a-1b2c3d4e5f6a'],
    };
    const pattern = {
      type: 'indicator',
      spec_version: '2.1',
      id: 'indicator--2a3b4c5d-6e7f-4a8b-9c0d-1e2f3a4b5c6d',
      created: '2024-01-01T00:00:00.000Z',
      modified: '2024-01-01T00:00:00.000Z',
      pattern: "[url:value = 'http://posted.example/path']",
      pattern_type: 'stix',
      valid_from: '2024-01-01T00:00:00Z',
      indicator_types: ['compromised'],
    };
    await postAndProcess([
      ip('192.0.2.10', 'ipv4-addr--0a1b2c3d-4e5f-5a6b-8c7d-9e0f1a2b3c4d'),
      pattern,
      malware('2024-01-01T00:00:00.000Z', 'first'),
      note,
    ]);

    const found = await matching('sourceInstances:"partner feed"');
    expect(found.map((i) => [i.type, i.value, i.score]).sort()).toEqual([
      ['IP', '192.0.2.10', 0],
      ['Malware', 'Versioned Worm', 0],
      ['URL', 'http://posted.example/path', 3],
    ]);
    expect(await store.countIndicators()).toBe(3);
    expect(found.find((i) => i.type === 'URL')?.stixId).toBe(pattern.id);
  });

  it('keeps what the store held of an indicator and takes no older version back', async () => {
    await store.upsertIndicators(
      [indicator('192.0.2.20', { score: 3, tags: ['c2'], sourceBrands: ['import'] })],
      renderers,
    );
    await postAndProcess([ip('192.0.2.20', 'ipv4-addr--5e6f7a8b-9c0d-5e1f-8a2b-3c4d5e6f7a8b')]);
    const [merged] = await matching('value:192.0.2.20');
    expect(merged).toMatchObject({
      score: 3,
      tags: ['c2'],
      sourceBrands: ['import'],
      sourceInstances: ['partner feed'],
    });

    await postAndProcess([malware('2024-03-01T00:00:00.000Z', 'newest')]);
    await postAndProcess([malware('2024-02-01T00:00:00.000Z', 'in between')]);
    const [worm] = await matching('type:Malware');
    expect(worm?.description).toBe('newest');
  });

  it('stores a relationship posted after its two ends with its source', async () => {
    const source = 'ipv4-addr--6f7a8b9c-0d1e-5f2a-9b3c-4d5e6f7a8b9c';
    await postAndProcess([ip('192.0.2.30', source), malware('2024-01-01T00:00:00.000Z', 'x')]);
    await postAndProcess([
      {
        type: 'relationship',
        spec_version: '2.1',
        id: 'relationship--7a8b9c0d-1e2f-4a3b-8c4d-5e6f7a8b9c0d',
        created: '2024-01-02T00:00:00.000Z',
        modified: '2024-01-02T00:00:00.000Z',
        relationship_type: 'communicates-with',
        source_ref: source,
        target_ref: 'malware--3d4e5f6a-7b8c-4d9e-8f0a-1b2c3d4e5f6a',
      },
    ]);
    const [address] = await matching('value:192.0.2.30');
    expect(address?.relationships).toEqual([
      expect.objectContaining({
        relationshipType: 'communicates-with',
        targetType: 'Malware',
        targetValue: 'Versioned Worm',
      }),
    ]);
  });

  it('settles nothing of a chunk whose conversion fails: its objects stay pending', async () => {
    const failing: PostedIndexing = {
      ...indexing,
      indicators: () => {
        throw new Error('conversion failed');
      },
    };
    const objects = [1, 2, 3].map((n) =>
      ip(`192.0.2.4${n}`, `ipv4-addr--8b9c0d1e-2f3a-5b4c-9d5e-00000000000${n}`),
    );
    await expect(postAndProcess(objects, failing)).rejects.toThrow('conversion failed');
    const status = await store.posted.readStatus(
      `bbbbbbbb-0000-4000-8000-${String(statuses).padStart(12, '0')}`,
    );
    expect(status?.pendings).toHaveLength(3);
    expect(await store.posted.countPosted({ collection: COLLECTION, versions: ALL })).toBe(0);
    expect(await store.countIndicators()).toBe(0);
  });
});

const ALL = { exact: [], first: false, last: false, all: true };
