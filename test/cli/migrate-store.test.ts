import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { loadSampleIndicators, sampleCollectionsFile } from '../../src/cli/sample-data.js';
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
