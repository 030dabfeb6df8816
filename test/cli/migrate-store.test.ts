import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { newApiKey } from '../../src/auth/api-key.js';
import { loadSampleIndicators, sampleCollectionsFile } from '../../src/cli/sample-data.js';
import { readPostedObjects } from '../../src/taxii/posted-envelope.js';
import { createTestSchema, testPostgresUrl, type TestSchema } from '../support/postgres-test-db.js';
import { startTestServer, TAXII, type TestServer } from '../support/test-server.js';
import { runCli } from '../support/run-cli.js';

const url = testPostgresUrl();

interface Pull {
  /** Every request made, in order: collection lists, pages, manifests. */
  paths: string[];
  bodies: string[];
}

/** Every page of every collection's objects and manifest, following `next` to the end. */
async function pullEverything(server: TestServer): Promise<Pull> {
  const pull: Pull = { paths: [], bodies: [] };
  const get = async (path: string): Promise<string> => {
    const response = await fetch(`${server.url}${path}`, { headers: { Accept: TAXII } });
    const body = await response.text();
    expect(response.status, path).toBe(200);
    pull.paths.push(path);
    pull.bodies.push(`${response.headers.get('x-taxii-date-added-first')} ${body}`);
    return body;
  };

  const root = '/threatintel/collections/';
  const { collections } = JSON.parse(await get(root)) as { collections: Array<{ id: string }> };
  for (const { id } of collections) {
    for (const resource of ['objects', 'manifest']) {
      let next: string | undefined;
      do {
        const query = `?limit=250${next ? `&next=${encodeURIComponent(next)}` : ''}`;
        ({ next } = JSON.parse(await get(`${root}${id}/${resource}/${query}`)) as {
          next?: string;
        });
      } while (next);
    }
  }
  return pull;
}

/** Replays another server's requests, `next` tokens included, and records the answers. */
async function replay(server: TestServer, paths: readonly string[]): Promise<string[]> {
  const bodies: string[] = [];
  for (const path of paths) {
    const response = await fetch(`${server.url}${path}`, { headers: { Accept: TAXII } });
    bodies.push(`${response.headers.get('x-taxii-date-added-first')} ${await response.text()}`);
  }
  return bodies;
}

describe('migrate-store', () => {
  it('needs both stores named', async () => {
    const result = await runCli('migrate-store', '--from', 'data/x.db');
    expect(result.code).toBe(2);
    expect(result.err).toContain('--from STORE --to STORE');
  });

  it('refuses a source that does not exist rather than creating it', async () => {
    const result = await runCli('migrate-store', '--from', '/tmp/no-such-dir/x.db', '--to', 'y.db');
    expect(result.code).toBe(2);
    expect(result.err).toContain('there is no store at /tmp/no-such-dir/x.db');
  });
});

describe.skipIf(url === null)('a SQLite store migrated to PostgreSQL', () => {
  let sqlite: TestServer;
  let schema: TestSchema;
  let before: Pull;

  beforeAll(async () => {
    sqlite = await startTestServer({ flags: { collections: sampleCollectionsFile() } });
    await loadSampleIndicators(sqlite.runtime);
    before = await pullEverything(sqlite);
    schema = await createTestSchema(url!);
  });

  afterAll(async () => {
    await sqlite?.close();
    await schema?.drop();
  });

  it("serves byte-identical collections and honours the old server's next tokens", async () => {
    const migrated = await runCli(
      'migrate-store',
      '--from',
      sqlite.config.store,
      '--to',
      schema.url,
    );
    expect(migrated.err).toBe('');
    expect(migrated.code).toBe(0);
    const count = await sqlite.runtime.store.countIndicators();
    expect(migrated.out).toContain(`migrated ${count} indicator(s)`);
    const password = new URL(schema.url).password;
    if (password) expect(migrated.out).not.toContain(`:${password}@`);

    const postgres = await startTestServer({
      flags: { collections: sampleCollectionsFile(), store: schema.url, 'namespace-seed': 'other' },
    });
    try {
      expect(before.paths.length).toBeGreaterThan(20);
      expect(await replay(postgres, before.paths)).toEqual(before.bodies);
      expect((await pullEverything(postgres)).bodies).toEqual(before.bodies);

      // New writes continue after the migrated keys and dates.
      const written = await postgres.runtime.store.upsertIndicators(
        [
          {
            type: 'Domain',
            value: 'after-the-move.example',
            score: 3,
            tags: [],
            sourceBrands: [],
            sourceInstances: [],
            customFields: {},
          },
        ],
        postgres.runtime.renderers,
      );
      expect(written.added).toBe(1);
      const after = await pullEverything(postgres);
      expect(after.bodies.some((b) => b.includes('after-the-move.example'))).toBe(true);
    } finally {
      await postgres.close();
    }
  });

  it('refuses to migrate into a store that already holds indicators', async () => {
    const again = await runCli('migrate-store', '--from', sqlite.config.store, '--to', schema.url);
    expect(again.code).toBe(1);
    expect(again.err).toContain('already holds indicators');
  });
});

describe.skipIf(url === null)(
  'a SQLite store with a writable collection migrated to PostgreSQL',
  () => {
    const writer = newApiKey();
    const auth = { Authorization: `Bearer ${writer.key}` };
    const options = {
      collections: { inbox: { writable: true, write: ['writer'] }, everything: '' },
      config: { users: { writer: { apiKeys: [writer.digest] } } },
    };
    let sqlite: TestServer;
    let schema: TestSchema;

    const note = (n: number) => ({
      type: 'note',
      spec_version: '2.1',
      id: `note--00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
      created: '2024-01-01T00:00:00.000Z',
      content: `note ${n}`,
      x_custom: { n },
    });
    const read = async (server: TestServer, path: string) => {
      const response = await fetch(`${server.url}/threatintel/${path}`, {
        headers: { Accept: TAXII, ...auth },
      });
      return { status: response.status, body: await response.text() };
    };

    beforeAll(async () => {
      sqlite = await startTestServer(options);
      schema = await createTestSchema(url!);
    });

    afterAll(async () => {
      await sqlite?.close();
      await schema?.drop();
    });

    it('carries posted objects and statuses, and the target finishes what was left pending', async () => {
      const inbox = sqlite.server.service.collections.all.find((c) => c.title === 'inbox')!.id;
      const posted = await fetch(`${sqlite.url}/threatintel/collections/${inbox}/objects/`, {
        method: 'POST',
        headers: { 'Content-Type': TAXII, Accept: TAXII, ...auth },
        body: JSON.stringify({
          objects: [note(1), note(2), { ...note(3), modified: '2024-02-01T00:00:00.000Z' }],
        }),
      });
      expect(posted.status).toBe(202);
      const done = (await posted.json()) as { id: string; status: string };
      expect(done.status).toBe('complete');
      // A request acknowledged but not yet processed when the old server stopped.
      const { accepted } = readPostedObjects([note(4), note(5)], '2.1');
      const now = Date.now() * 1000;
      const pendingId = 'cccccccc-0000-4000-8000-000000000001';
      await sqlite.runtime.store.posted.acceptObjects(
        { id: pendingId, collection: inbox, requestTimestamp: now, expires: now + 3600e6 },
        accepted,
        [],
      );
      const objectsPath = `collections/${inbox}/objects/?match[version]=all`;
      const before = await read(sqlite, objectsPath);
      const statusBefore = await read(sqlite, `status/${done.id}/`);
      await sqlite.server.close();

      const migrated = await runCli(
        'migrate-store',
        '--from',
        sqlite.config.store,
        '--to',
        schema.url,
      );
      expect(migrated.err).toBe('');
      expect(migrated.out).toContain('3 posted object(s) and 2 add request status(es)');

      const postgres = await startTestServer({ ...options, flags: { store: schema.url } });
      try {
        expect(await read(postgres, `status/${done.id}/`)).toEqual(statusBefore);
        let pending: { status: string; success_count: number } | undefined;
        for (let i = 0; i < 200 && pending?.status !== 'complete'; i++) {
          pending = JSON.parse(
            (await read(postgres, `status/${pendingId}/`)).body,
          ) as typeof pending;
          if (pending?.status !== 'complete') await new Promise((r) => setTimeout(r, 50));
        }
        expect(pending).toMatchObject({ status: 'complete', success_count: 2 });
        const after = JSON.parse((await read(postgres, objectsPath)).body) as {
          objects: unknown[];
        };
        const old = JSON.parse(before.body) as { objects: unknown[] };
        expect(after.objects.slice(0, 3)).toEqual(old.objects);
        expect(after.objects.slice(3)).toEqual([note(4), note(5)]);
      } finally {
        await postgres.close();
      }
    });
  },
);
