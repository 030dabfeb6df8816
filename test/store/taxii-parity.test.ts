/**
 * The TAXII surface over every store: the same imports served by a SQLite-backed and a
 * PostgreSQL-backed server answer the same requests with the same statuses, objects, order and
 * paging. Only what the stores assign themselves (date_added, and so `next` tokens and the
 * X-TAXII-Date-Added headers) may differ, and each client uses its own server's values.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { loadSampleIndicators, sampleCollectionsFile } from '../../src/cli/sample-data.js';
import { createTestSchema, testPostgresUrl, type TestSchema } from '../support/postgres-test-db.js';
import { startTestServer, TAXII, type TestServer } from '../support/test-server.js';

const url = testPostgresUrl();
const CLOCK = () => Date.UTC(2024, 5, 15, 12);

interface Answer {
  status: number;
  body: unknown;
}

/** A client session: the requests a poller makes, recorded with store-assigned values masked. */
async function session(server: TestServer): Promise<Answer[]> {
  const answers: Answer[] = [];
  const get = async (path: string): Promise<any> => {
    const response = await fetch(`${server.url}${path}`, { headers: { Accept: TAXII } });
    const body = (await response.json()) as unknown;
    answers.push({ status: response.status, body: masked(body) });
    return body;
  };

  const root = '/threatintel/collections/';
  const { collections } = (await get(root)) as { collections: Array<{ id: string }> };
  for (const { id } of collections) {
    const base = `${root}${id}`;
    const pull = async (resource: string, filters: string): Promise<any[]> => {
      const items: any[] = [];
      let next: string | undefined;
      do {
        const token = next ? `&next=${encodeURIComponent(next)}` : '';
        const page = await get(`${base}/${resource}/?limit=250${filters}${token}`);
        items.push(...(page.objects ?? []));
        next = page.next;
      } while (next);
      return items;
    };

    const manifest = await pull('manifest', '');
    if (manifest.length < 3) continue;
    const middle = manifest[Math.floor(manifest.length / 2)];
    await pull('objects', '');
    await pull('objects', `&added_after=${middle.date_added}`);
    await pull('objects', '&match[type]=indicator,ipv4-addr');
    await pull('objects', `&match[id]=${manifest[1].id},${manifest[2].id}`);
    await pull('objects', `&match[version]=${encodeURIComponent(middle.version)}`);
    await get(`${base}/objects/${middle.id}/`);
    await get(`${base}/objects/${middle.id}/versions/`);
    await get(`${base}/objects/indicator--00000000-0000-4000-8000-000000000000/`);
    await get(`${base}/objects/?next=not-a-token`);
  }
  return answers;
}

function masked(body: unknown): unknown {
  return JSON.parse(JSON.stringify(body), (key, value: unknown) =>
    key === 'date_added' || key === 'next' ? `<${key}>` : value,
  );
}

describe.skipIf(url === null)('TAXII over SQLite and over PostgreSQL', () => {
  let schema: TestSchema;
  let sqlite: TestServer;
  let postgres: TestServer;

  beforeAll(async () => {
    schema = await createTestSchema(url!);
    const collections = sampleCollectionsFile();
    sqlite = await startTestServer({ flags: { collections }, clock: CLOCK });
    postgres = await startTestServer({ flags: { collections, store: schema.url }, clock: CLOCK });
    await loadSampleIndicators(sqlite.runtime);
    await loadSampleIndicators(postgres.runtime);
  });

  afterAll(async () => {
    await sqlite?.close();
    await postgres?.close();
    await schema?.drop();
  });

  it("answers a poller's whole session alike, object for object and page for page", async () => {
    const fromSqlite = await session(sqlite);
    const fromPostgres = await session(postgres);

    expect(fromSqlite.length).toBeGreaterThan(100);
    expect(new Set(fromSqlite.map((a) => a.status))).toEqual(new Set([200, 400, 404]));
    expect(fromPostgres).toEqual(fromSqlite);
  });
});
