import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { newApiKey } from '../../src/auth/api-key.js';
import { hashPasswordArgon2id, hashPasswordScrypt } from '../../src/auth/password-hash.js';
import { basic, get, startAuthServer, type AuthServer } from '../auth/support/auth-server.js';
import { collectionIdsByTitle } from '../support/test-server.js';

// The lowest costs configuration accepts, so that the tests do not wait on hashing.
const SCRYPT_TEST = { ln: 14, r: 8, p: 1 };
const ARGON2_TEST = { m: 7_168, t: 1, p: 1 };

const COLLECTIONS = {
  'public-feed': { query: 'type:IP', public: true },
  partners: { query: '', read: ['alice', 'bob'], write: ['bob'] },
  'alice-only': { query: '', read: ['alice'] },
  'signed-in': '',
  'partner-drop': { writable: true, read: ['alice', 'bob'], write: ['bob'] },
};

describe('who may read what, over HTTP', () => {
  let t: AuthServer;
  let root: string;
  let ids: Record<string, string>;
  const bobKey = newApiKey();
  const carolKey = newApiKey();
  const alice = basic('alice', 'correct horse battery staple');

  beforeAll(async () => {
    t = await startAuthServer({
      collections: COLLECTIONS,
      config: {
        users: {
          alice: {
            password: await hashPasswordScrypt('correct horse battery staple', SCRYPT_TEST),
          },
          bob: {
            password: await hashPasswordArgon2id('b0b-secret', ARGON2_TEST),
            apiKeys: [bobKey.digest],
          },
          carol: { apiKeys: [carolKey.digest] },
          zoë: { password: await hashPasswordScrypt('pässwörd:ü', SCRYPT_TEST) },
        },
        auth: { realm: 'Partner feeds', publicDiscovery: true },
        limits: { authFailures: { perMinute: 600, burst: 200 } },
      },
    });
    root = `${t.url}/threatintel`;
    const listed = await get(`${root}/collections/`, { Authorization: alice });
    ids = collectionIdsByTitle(listed.body);
  });

  afterAll(async () => {
    await t.close();
  });

  async function titles(headers: Record<string, string>): Promise<string[]> {
    const res = await get(`${root}/collections/`, headers);
    expect(res.status).toBe(200);
    return ((res.body.collections ?? []) as Array<{ title: string }>).map((c) => c.title);
  }

  describe('per-collection access', () => {
    it('lists to each principal exactly the collections it may read', async () => {
      expect(await titles({ Authorization: alice })).toEqual([
        'public-feed',
        'partners',
        'alice-only',
        'signed-in',
        'partner-drop',
      ]);
      expect(await titles({ Authorization: basic('bob', 'b0b-secret') })).toEqual([
        'public-feed',
        'partners',
        'signed-in',
        'partner-drop',
      ]);
      expect(await titles({ Authorization: `Bearer ${carolKey.key}` })).toEqual([
        'public-feed',
        'signed-in',
      ]);
      expect(await titles({})).toEqual(['public-feed']);
    });

    it('computes can_read and can_write for the principal that asks', async () => {
      const asBob = await get(`${root}/collections/${ids['partner-drop']}/`, {
        Authorization: `Bearer ${bobKey.key}`,
      });
      const asAlice = await get(`${root}/collections/${ids['partner-drop']}/`, {
        Authorization: alice,
      });
      expect(asBob.body).toMatchObject({ can_read: true, can_write: true });
      expect(asAlice.body).toMatchObject({ can_read: true, can_write: false });
      // A query-defined collection is read-only, whoever its document names as writers.
      const query = await get(`${root}/collections/${ids['partners']}/`, {
        Authorization: `Bearer ${bobKey.key}`,
      });
      expect(query.body).toMatchObject({ can_read: true, can_write: false });
    });

    it.each([
      '',
      'objects/',
      'manifest/',
      'objects/indicator--00000000-0000-4000-8000-000000000000/',
    ])(
      'answers a collection the principal may not read exactly as one that does not exist: %s',
      async (tail) => {
        const bob = { Authorization: basic('bob', 'b0b-secret') };
        const hidden = await get(`${root}/collections/${ids['alice-only']}/${tail}`, bob);
        const missing = await get(
          `${root}/collections/00000000-0000-5000-8000-000000000000/${tail}`,
          bob,
        );
        expect(hidden.status).toBe(404);
        expect(missing.status).toBe(404);
        const shape = (body: Record<string, unknown>) =>
          JSON.stringify(body)
            .replaceAll(ids['alice-only']!, 'ID')
            .replaceAll('00000000-0000-5000-8000-000000000000', 'ID');
        expect(shape(hidden.body)).toBe(shape(missing.body));
      },
    );

    it('lets the readers of a collection page through its objects', async () => {
      const res = await get(`${root}/collections/${ids['alice-only']}/objects/?limit=5`, {
        Authorization: alice,
      });
      expect(res.status).toBe(200);
    });

    it('refuses a write by a reader with 403 and by a non-reader with 404', async () => {
      const post = (id: string, auth: string) =>
        fetch(`${root}/collections/${id}/objects/`, {
          method: 'POST',
          headers: {
            Accept: 'application/taxii+json;version=2.1',
            'Content-Type': 'application/taxii+json;version=2.1',
            Authorization: auth,
          },
          body: JSON.stringify({ objects: [] }),
        });
      expect((await post(ids['partners']!, basic('bob', 'b0b-secret'))).status).toBe(403);
      expect((await post(ids['alice-only']!, basic('bob', 'b0b-secret'))).status).toBe(404);
    });
  });

  describe('clients without credentials', () => {
    it('may read discovery and the API root when they are public', async () => {
      expect((await get(`${t.url}/taxii2/`)).status).toBe(200);
      expect((await get(`${root}/`)).status).toBe(200);
    });

    it('are asked for credentials, as a TAXII error, for any collection that is not public', async () => {
      for (const id of [
        ids['alice-only'],
        ids['signed-in'],
        '00000000-0000-5000-8000-000000000000',
      ]) {
        const res = await get(`${root}/collections/${id}/objects/`);
        expect(res.status).toBe(401);
        expect(res.headers.get('www-authenticate')).toBe(
          'Basic realm="Partner feeds", charset="UTF-8"',
        );
        expect(res.headers.get('location')).toBeNull();
        expect(res.headers.get('content-type')).toBe('application/taxii+json;version=2.1');
        expect(res.body).toMatchObject({ http_status: '401', error_code: 'unauthorized' });
      }
    });

    it('read a public collection', async () => {
      const res = await get(`${root}/collections/${ids['public-feed']}/`);
      expect(res.body).toMatchObject({ title: 'public-feed', can_read: true, can_write: false });
    });
  });

  describe('Basic authentication per RFC 7617', () => {
    const raw = (text: string | Buffer) =>
      `Basic ${(typeof text === 'string' ? Buffer.from(text, 'utf8') : text).toString('base64')}`;

    it.each([
      ['the scheme in lower case', `basic ${alice.slice(6)}`],
      ['the scheme in upper case', `BASIC ${alice.slice(6)}`],
      ['several spaces after the scheme', `Basic   ${alice.slice(6)}`],
    ])('accepts %s', async (_what, header) => {
      expect(
        (await get(`${root}/collections/${ids['alice-only']}/`, { Authorization: header })).status,
      ).toBe(200);
    });

    it('splits user from password at the first colon only, and reads both as UTF-8', async () => {
      const res = await get(`${root}/collections/${ids['signed-in']}/`, {
        Authorization: raw('zoë:pässwörd:ü'),
      });
      expect(res.status).toBe(200);
    });

    it('compares credentials in Unicode normalization form C', async () => {
      const decomposed = 'zoe\u0308:pa\u0308sswo\u0308rd:u\u0308';
      const res = await get(`${root}/collections/${ids['signed-in']}/`, {
        Authorization: raw(decomposed),
      });
      expect(res.status).toBe(200);
    });

    it.each([
      ['a wrong password', basic('alice', 'wrong')],
      ['an unknown user', basic('mallory', 'correct horse battery staple')],
      ['malformed base64', 'Basic YWxpY2U6!!!'],
      ['base64 without its padding', `Basic ${alice.slice(6).replace(/=+$/, '')}`],
      ['no colon after the user-id', raw('alice')],
      ['bytes that are not UTF-8', raw(Buffer.from([0x7a, 0x6f, 0xeb, 0x3a, 0x70]))],
      ['a control character in the password', raw('alice:correct horse\u0007battery staple')],
      ['an empty Basic token', 'Basic'],
      ['an unsupported scheme', 'Digest username="alice"'],
      ['the password of another user', basic('bob', 'correct horse battery staple')],
      ['an API key of another user as password', basic('alice', bobKey.key)],
      ['an unknown bearer token', `Bearer ${newApiKey().key}`],
      ['a malformed bearer token', 'Bearer a b c'],
    ])('answers %s with 401 and a Basic challenge', async (_what, header) => {
      const res = await get(`${root}/collections/${ids['public-feed']}/`, {
        Authorization: header,
      });
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toMatch(/^Basic realm="Partner feeds"/);
      expect(res.body).toMatchObject({ http_status: '401', title: 'Authentication required' });
    });
  });

  describe('API keys', () => {
    it.each([
      ['Bearer', (k: string) => `Bearer ${k}`],
      ['Token', (k: string) => `Token ${k}`],
      ['token in lower case', (k: string) => `token ${k}`],
      ['the Basic password', (k: string) => basic('bob', k)],
    ])('are accepted as %s', async (_what, header) => {
      const res = await get(`${root}/collections/${ids['partner-drop']}/`, {
        Authorization: header(bobKey.key),
      });
      expect(res.status).toBe(200);
      expect(res.body.can_write).toBe(true);
    });
  });

  describe('the request log', () => {
    it('names the principal of each request and never holds a credential', async () => {
      await get(`${root}/collections/`, { Authorization: alice });
      await get(`${root}/collections/`, { Authorization: `Bearer ${carolKey.key}` });
      await get(`${root}/collections/`, { Authorization: basic('alice', 'a-wrong-guess') });

      const lines = t.logs.filter((l) => l['msg'] === 'request completed');
      expect(
        lines.some(
          (l) => JSON.stringify(l['principal']) === '{"name":"alice","method":"password"}',
        ),
      ).toBe(true);
      expect(
        lines.some((l) => JSON.stringify(l['principal']) === '{"name":"carol","method":"api-key"}'),
      ).toBe(true);
      expect(lines.some((l) => l['auth_failure'] === 'wrong user or password')).toBe(true);

      const log = t.rawLog();
      for (const secret of [
        'correct horse battery staple',
        alice.slice(6),
        carolKey.key,
        'a-wrong-guess',
        bobKey.key,
      ]) {
        expect(log).not.toContain(secret);
      }
    });
  });
});

describe('a server whose discovery is not public', () => {
  let t: AuthServer;

  beforeAll(async () => {
    t = await startAuthServer({
      collections: { feed: '' },
      config: {
        users: { alice: { password: await hashPasswordScrypt('pw-alice-1', SCRYPT_TEST) } },
      },
    });
  });

  afterAll(async () => {
    await t.close();
  });

  it.each(['/taxii2/', '/threatintel/', '/threatintel/collections/', '/threatintel/status/x/'])(
    'asks a client without credentials to sign in at %s',
    async (path) => {
      const res = await get(`${t.url}${path}`);
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toBe(
        'Basic realm="taxii2-server", charset="UTF-8"',
      );
    },
  );

  it('serves discovery to a signed-in user', async () => {
    const res = await get(`${t.url}/taxii2/`, { Authorization: basic('alice', 'pw-alice-1') });
    expect(res.status).toBe(200);
    expect(res.body.api_roots).toEqual([`${t.url}/threatintel/`]);
  });

  it('warns at start neither that it is open nor more than it should', () => {
    const warnings = t.logs.filter((l) => l['level'] === 40).map((l) => l['msg']);
    expect(warnings).toEqual([
      'users are configured but the server speaks plain HTTP: credentials cross the network in clear text',
    ]);
  });
});

describe('a server without users', () => {
  let t: AuthServer;

  beforeAll(async () => {
    t = await startAuthServer({ collections: { feed: { query: '', read: [] } } });
  });

  afterAll(async () => {
    await t.close();
  });

  it('is open to every client, and says so at start', async () => {
    const res = await get(`${t.url}/threatintel/collections/`);
    expect(res.status).toBe(200);
    expect(res.body.collections).toHaveLength(1);
    const warnings = t.logs.filter((l) => l['level'] === 40).map((l) => l['msg']);
    expect(warnings).toContain(
      'no users are configured: every client may read every collection without credentials',
    );
  });

  it('ignores credentials it has no users to check them against', async () => {
    const res = await get(`${t.url}/threatintel/collections/`, { Authorization: basic('x', 'y') });
    expect(res.status).toBe(200);
  });
});

describe('start-up checks', () => {
  it.each([
    [
      { users: { alice: { password: 'plain-text' } } },
      {},
      /users\.alice\.password: is not a scrypt or argon2 hash/,
    ],
    [
      {
        users: {
          alice: { password: '$scrypt$ln=10,r=8,p=1$c2FsdHNhbHRzYWx0c2FsdA$' + 'A'.repeat(43) },
        },
      },
      {},
      /cost is too low/,
    ],
    [{ users: { alice: { apiKeys: ['t2s_the-key-itself'] } } }, {}, /users\.alice\.apiKeys\[0\]/],
    [
      {},
      { feed: { query: '', read: ['alice'] } },
      /names user "alice", but no users are configured/,
    ],
    [
      { users: { alice: { apiKeys: [newApiKey().digest] } } },
      { feed: { query: '', write: ['alise'] } },
      /names user "alise", who is not among/,
    ],
    [
      {
        users: { alice: { apiKeys: [newApiKey().digest] }, bob: { apiKeys: [newApiKey().digest] } },
      },
      { feed: { query: '', read: ['alice'], write: ['bob'] } },
      /lets user "bob" write but not read/,
    ],
    [{ trustedProxies: ['10.0.0.300'] }, {}, /trustedProxies\[0\]/],
    [
      { tls: { cert: '/nonexistent/cert.pem', key: '/nonexistent/key.pem' } },
      {},
      /tls\.cert: cannot read PEM/,
    ],
  ])('refuses %j with %j, naming the field', async (config, collections, message) => {
    await expect(
      startAuthServer({ config, collections: { ALL: '', ...collections } }),
    ).rejects.toThrow(message);
  });
});
