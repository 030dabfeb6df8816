import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { hashPasswordScrypt } from '../../src/auth/password-hash.js';
import { basic, startAuthServer, type AuthServer } from '../auth/support/auth-server.js';
import { realData } from '../support/shared-data.js';
import { TAXII, taxiiGet } from '../support/test-server.js';

type Entry = { rule: string; detail: string; count: number; example: string };

describe('serve --client-check', () => {
  let t: AuthServer;
  let objects: string;
  const alice = { Authorization: basic('alice', 'alice password 1') };
  const bob = { Authorization: basic('bob', 'bob password 22') };

  const report = async (auth: Record<string, string>) => {
    const response = await fetch(`${t.url}/client-check/`, { headers: auth });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    return (await response.json()) as { client: string; requests: number; deviations: Entry[] };
  };

  beforeAll(async () => {
    const password = (text: string) => hashPasswordScrypt(text, { ln: 14, r: 8, p: 1 });
    t = await startAuthServer({
      collections: { all: '' },
      files: [{ path: realData('eset-malware-ioc', 'bandook-samples.md5') }],
      config: {
        clientCheck: true,
        users: {
          alice: { password: await password('alice password 1') },
          bob: { password: await password('bob password 22') },
        },
      },
    });
    const listed = await taxiiGet(`${t.url}/threatintel/collections/`, alice);
    objects = `${t.url}/threatintel/collections/${listed.body.collections[0].id as string}/objects/`;
  });

  afterAll(async () => {
    await t.close();
  });

  it('finds nothing to report for a client that follows the document', async () => {
    await taxiiGet(`${t.url}/taxii2/`, alice);
    const filters = 'added_after=2000-01-01T00:00:00.000Z&match[type]=indicator';
    const first = await taxiiGet(`${objects}?limit=50&${filters}`, alice);
    expect(first.body.more).toBe(true);
    const second = await taxiiGet(`${objects}?${filters}&limit=50&next=${first.body.next}`, alice);
    expect(second.status).toBe(200);

    const own = await report(alice);
    expect(own.client).toBe('alice');
    expect(own.requests).toBe(4);
    expect(own.deviations).toEqual([]);
  });

  it('reports a dropped trailing slash and a repeated filter to that client only', async () => {
    const collections = await taxiiGet(`${t.url}/threatintel/collections`, bob);
    expect(collections.status).toBe(200);
    const repeated = await taxiiGet(`${objects}?match[type]=indicator&match[type]=indicator`, bob);
    expect(repeated.status).toBe(400);

    const own = await report(bob);
    expect(own.client).toBe('bob');
    expect(own.deviations).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          rule: 'trailing-slash',
          count: 1,
          example: 'GET /threatintel/collections',
        }),
        expect.objectContaining({
          rule: 'repeated-parameter',
          detail: expect.stringMatching(/^match\[type\] is sent 2 times/),
        }),
      ]),
    );
    expect((await report(alice)).deviations).toEqual([]);

    const logged = t.logs.filter((l) => l['msg'] === 'client deviates from the TAXII document');
    expect(logged.map((l) => [l['client'], l['rule']])).toEqual(
      expect.arrayContaining([
        ['bob', 'trailing-slash'],
        ['bob', 'repeated-parameter'],
      ]),
    );
    expect(logged.every((l) => l['client'] === 'bob')).toBe(true);
  });

  it('reports a next sent without the filters it was issued for, and loose media types', async () => {
    const first = await taxiiGet(`${objects}?limit=50&added_after=2000-01-01T00:00:00.000Z`, {
      ...bob,
      Accept: 'application/taxii+json; version=2.1',
    });
    await taxiiGet(`${objects}?limit=50&next=${first.body.next}`, bob);
    await taxiiGet(`${objects}?limit=50&next=not-one-of-ours`, bob);

    const rules = (await report(bob)).deviations.map((d) => [d.rule, d.detail]);
    expect(rules).toEqual(
      expect.arrayContaining([
        [
          'media-type',
          'Accept "application/taxii+json; version=2.1" spells none of "application/taxii+json;version=2.1"',
        ],
        [
          'paging',
          'next was issued for "added_after=2000-01-01T00:00:00.000Z" and sent with no filters; send the same filters with every page',
        ],
        ['paging', expect.stringMatching(/^next was not issued to this client/)],
      ]),
    );
  });

  it('leaves alone what is served beside TAXII, such as health', async () => {
    const before = await report(alice);
    expect((await fetch(`${t.url}/healthz`, { headers: alice })).status).toBe(200);
    const after = await report(alice);
    expect(after.requests).toBe(before.requests);
    expect(after.deviations).toEqual([]);
  });

  it('answers /client-check/ only to signed-in clients, like every other resource', async () => {
    const anonymous = await fetch(`${t.url}/client-check/`, { headers: { Accept: TAXII } });
    expect(anonymous.status).toBe(401);
  });
});

describe('without --client-check', () => {
  let t: AuthServer;

  beforeAll(async () => {
    t = await startAuthServer({ collections: { all: '' } });
  });

  afterAll(async () => {
    await t.close();
  });

  it('serves no report and logs no deviation', async () => {
    const response = await taxiiGet(`${t.url}/client-check/`);
    expect(response.status).toBe(404);
    await taxiiGet(`${t.url}/threatintel/collections`);
    expect(t.logs.some((l) => l['msg'] === 'client deviates from the TAXII document')).toBe(false);
  });
});
