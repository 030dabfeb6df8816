/**
 * Versions over HTTP: a server serving a store that `taxii2-server import` writes again with a
 * changed feed lists both versions of the changed indicator, serves each by match[version] in
 * 2.1 and 2.0, and leaves the unchanged ones at one version.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { runCli } from '../support/run-cli.js';
import { startTestServer, taxiiGet, type TestServer } from '../support/test-server.js';

const STIX_20 = 'application/vnd.oasis.stix+json; version=2.0';

const feed = (rows: string[]) => `value,type,score,created,modified\n${rows.join('\n')}\n`;
const FIRST = feed([
  '198.51.100.7,IP,3,2024-01-01T00:00:00Z,2024-01-01T00:00:00Z',
  'example.net,Domain,2,2024-01-01T00:00:00Z,2024-01-01T00:00:00Z',
]);
// The address is rescored at a later modified; the domain is as before.
const SECOND = feed([
  '198.51.100.7,IP,2,2024-01-01T00:00:00Z,2024-02-01T00:00:00Z',
  'example.net,Domain,2,2024-01-01T00:00:00Z,2024-01-01T00:00:00Z',
]);

describe('object versions over HTTP after a re-import', () => {
  let t: TestServer;
  let objects: string;
  let objects20: string;

  beforeAll(async () => {
    t = await startTestServer({ collections: { all: '' } });
    const first = join(t.dir, 'first.csv');
    writeFileSync(first, FIRST);
    const second = join(t.dir, 'second.csv');
    writeFileSync(second, SECOND);
    for (const file of [first, second]) {
      const run = await runCli('import', '--store', t.config.store, '--quiet', file);
      expect(run.code, run.err).toBe(0);
    }
    const listed = await taxiiGet(`${t.url}/threatintel/collections/`);
    const id = (listed.body.collections as Array<{ id: string }>)[0]!.id;
    objects = `${t.url}/threatintel/collections/${id}/objects/`;
    objects20 = objects;
  });

  afterAll(async () => {
    await t.close();
  });

  async function indicatorOf(value: string): Promise<{ id: string; modified: string }> {
    const page = await taxiiGet(`${objects}?match[type]=indicator`);
    const found = (
      page.body.objects as Array<{ id: string; modified: string; pattern: string }>
    ).filter((o) => o.pattern.includes(value));
    expect(found).toHaveLength(1);
    return found[0]!;
  }

  it('lists both versions of the changed indicator, oldest first, dated as stored', async () => {
    const { id, modified } = await indicatorOf('198.51.100.7');
    expect(modified).toBe('2024-02-01T00:00:00.000Z');
    const versions = await taxiiGet(`${objects}${id}/versions/`);
    expect(versions.status).toBe(200);
    expect(versions.body).toEqual({
      more: false,
      versions: ['2024-01-01T00:00:00.000Z', '2024-02-01T00:00:00.000Z'],
    });
    const first = versions.headers.get('x-taxii-date-added-first')!;
    const last = versions.headers.get('x-taxii-date-added-last')!;
    expect(first < last).toBe(true);

    const paged = await taxiiGet(`${objects}${id}/versions/?limit=1`);
    expect(paged.body.versions).toEqual(['2024-01-01T00:00:00.000Z']);
    const rest = await taxiiGet(
      `${objects}${id}/versions/?limit=1&next=${encodeURIComponent(paged.body.next as string)}`,
    );
    expect(rest.body).toEqual({ more: false, versions: ['2024-02-01T00:00:00.000Z'] });
  });

  it('serves the earlier version by id and by match[version], the latest by default', async () => {
    const { id } = await indicatorOf('198.51.100.7');
    const latest = await taxiiGet(`${objects}${id}/`);
    expect(latest.body.objects.map((o: { modified: string }) => o.modified)).toEqual([
      '2024-02-01T00:00:00.000Z',
    ]);
    const earlier = await taxiiGet(`${objects}${id}/?match[version]=2024-01-01T00:00:00.000Z`);
    expect(earlier.body.objects).toHaveLength(1);
    expect(earlier.body.objects[0]).toMatchObject({ id, modified: '2024-01-01T00:00:00.000Z' });
    const first = await taxiiGet(`${objects}?match[version]=first&match[id]=${id}`);
    expect(first.body.objects[0].modified).toBe('2024-01-01T00:00:00.000Z');

    const all = await taxiiGet(`${objects}?match[version]=all&match[type]=indicator`);
    expect(all.body.objects).toHaveLength(3);
    const manifest = await taxiiGet(
      `${objects.replace(/objects\/$/, 'manifest/')}?match[version]=all`,
    );
    expect(manifest.body.objects.filter((r: { id: string }) => r.id === id)).toHaveLength(2);
  });

  it('keeps the unchanged indicator at one version', async () => {
    const { id } = await indicatorOf('example.net');
    const versions = await taxiiGet(`${objects}${id}/versions/`);
    expect(versions.body.versions).toEqual(['2024-01-01T00:00:00.000Z']);
  });

  it('serves both versions to a 2.0 client asking for all, the latest alone by default', async () => {
    const accept = { Accept: STIX_20 };
    const every = await taxiiGet(`${objects20}?match[version]=all&match[type]=indicator`, accept);
    expect(every.status).toBe(200);
    const modifieds = (every.body.objects as Array<{ modified: string }>).map((o) => o.modified);
    expect(modifieds.sort()).toEqual([
      '2024-01-01T00:00:00.000Z',
      '2024-01-01T00:00:00.000Z',
      '2024-02-01T00:00:00.000Z',
    ]);
    expect(every.headers.get('content-range')).toBe('items 0-2/3');
    const latest = await taxiiGet(`${objects20}?match[type]=indicator`, accept);
    expect(latest.headers.get('content-range')).toBe('items 0-1/2');
  });
});
