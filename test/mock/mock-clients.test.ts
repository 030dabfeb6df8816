import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { PROFILES, TAXII_20_SPACED, TAXII_21 } from '../support/client-profiles.js';
import { taxiiGet } from '../support/test-server.js';
import { startMockProcess, type ServerProcess } from '../e2e/support/cli-process.js';

/**
 * `taxii2-server mock` as a client author runs it, pulled by the same client profiles that pull
 * the real server. Every response goes through taxiiGet, so each must satisfy its document.
 */
const HIGH_CONFIDENCE = 'e9f98ec3-782f-4309-93fc-0d815250c676';
const PARTNER_SUBMISSIONS = 'f50c2e74-e331-4619-9a78-ee4b75f0aa8e';

// What the documents' examples hold for each collection, in the order they are served.
const EXPECTED: Record<'2.0' | '2.1', Record<string, string[]>> = {
  '2.1': {
    [HIGH_CONFIDENCE]: [
      'indicator--1951358d-2fb3-4f0e-a196-ae55a2b2395c',
      'ipv4-addr--cec0294c-86c8-52cc-8448-ba43593736df',
      'indicator--9773c5dd-afb4-4274-b6ba-86d2fbfe6172',
      'domain-name--178a10f3-803f-5df5-803c-e632b164cb7c',
    ],
    [PARTNER_SUBMISSIONS]: [
      'indicator--75acf614-e30f-409f-ab49-93f452aadf39',
      'url--13b130bc-4c22-59c4-8602-7abb9fc97d1f',
    ],
  },
  '2.0': {
    [HIGH_CONFIDENCE]: [
      'indicator--1951358d-2fb3-4f0e-a196-ae55a2b2395c',
      'observed-data--b67d30ff-02ac-498a-92f9-32f845f448cf',
      'relationship--0e1c4a24-8d8a-4d0b-9c3f-6a8e5f1b2c7d',
    ],
    [PARTNER_SUBMISSIONS]: ['indicator--75acf614-e30f-409f-ab49-93f452aadf39'],
  },
};

describe('taxii2-server mock with real client profiles', () => {
  let mock: ServerProcess;
  const auth = { Authorization: `Basic ${Buffer.from('sentinel:any').toString('base64')}` };

  beforeAll(async () => {
    mock = await startMockProcess(['--require-credentials']);
  }, 60_000);

  afterAll(async () => {
    await mock.stop();
  });

  it.each(PROFILES)('%s pulls every example collection whole', async (_name, version, pull) => {
    const accept = version === '2.0' ? TAXII_20_SPACED : TAXII_21;
    const listed = await taxiiGet(`${mock.url}/threatintel/collections/`, {
      Accept: accept,
      ...auth,
    });
    const ids = (listed.body.collections as Array<{ id: string }>).map((c) => c.id);
    expect(ids).toEqual([HIGH_CONFIDENCE, PARTNER_SUBMISSIONS]);

    for (const id of ids) {
      const pulled = await pull(`${mock.url}/threatintel/collections/${id}/objects/`, auth);
      expect(pulled).toEqual(EXPECTED[version][id]);
    }
  });

  it('pages 2.1 in two pages and 2.0 in two ranges for the larger collection', async () => {
    const objects = `${mock.url}/threatintel/collections/${HIGH_CONFIDENCE}/objects/`;
    const first = await taxiiGet(objects, { Accept: TAXII_21, ...auth });
    expect(first.body).toMatchObject({ more: true, next: expect.any(String) });
    const second = await taxiiGet(`${objects}?next=${first.body.next as string}`, auth);
    expect(second.body.more).toBe(false);

    const range = await taxiiGet(objects, {
      Accept: TAXII_20_SPACED,
      Range: 'items 0-99',
      ...auth,
    });
    expect(range.status).toBe(206);
    expect(range.headers.get('content-range')).toBe('items 0-1/3');
  });

  it('answers the errors a client must handle, each as its document declares', async () => {
    const objects = `${mock.url}/threatintel/collections/${HIGH_CONFIDENCE}/objects/`;
    const get = (url: string, headers: Record<string, string>) => taxiiGet(url, headers);

    const anonymous = await get(objects, { Accept: TAXII_21 });
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toMatch(/^Basic realm=/);
    expect((await get(objects, { Accept: TAXII_21, Authorization: 'Basic !!' })).status).toBe(401);

    const unknown = `${mock.url}/threatintel/collections/${crypto.randomUUID()}/objects/`;
    expect((await get(unknown, { Accept: TAXII_21, ...auth })).status).toBe(404);
    expect((await get(`${mock.url}/elsewhere/`, { Accept: TAXII_21, ...auth })).status).toBe(404);
    expect((await get(objects, { Accept: 'application/json', ...auth })).status).toBe(406);
    const badNext = await get(`${objects}?next=not-a-token`, { Accept: TAXII_21, ...auth });
    expect(badNext.status).toBe(400);
    expect(badNext.body.details).toEqual({ parameter: 'next' });
    expect((await get(`${objects}?limit=0`, { Accept: TAXII_21, ...auth })).status).toBe(400);

    const past = await get(objects, { Accept: TAXII_20_SPACED, Range: 'items 3-5', ...auth });
    expect(past.status).toBe(416);
    expect(past.headers.get('content-range')).toBe('items */3');

    const deleted = await fetch(`${mock.url}/threatintel/collections/${HIGH_CONFIDENCE}/`, {
      method: 'DELETE',
      headers: { Accept: TAXII_21, ...auth },
    });
    expect(deleted.status).toBe(405);
  });
});
