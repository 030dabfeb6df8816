import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createTestSchema, testPostgresUrl, type TestSchema } from '../support/postgres-test-db.js';
import { TAXII } from '../support/test-server.js';
import { runCommand, startServerProcess, type ServerProcess } from './support/cli-process.js';

const url = testPostgresUrl();

/** A plain list of `count` addresses, distinct per `block`. */
function listFile(dir: string, block: number, count: number): string {
  const path = join(dir, `block-${block}.txt`);
  const values = Array.from(
    { length: count },
    (_, i) => `10.${block}.${Math.floor(i / 250)}.${i % 250}`,
  );
  writeFileSync(path, `${values.join('\n')}\n`);
  return path;
}

interface Page {
  objects?: Array<{ id: string }>;
  next?: string;
  lastAdded: string | null;
}

async function getPage(server: ServerProcess, path: string): Promise<Page> {
  const response = await fetch(`${server.url}${path}`, { headers: { Accept: TAXII } });
  expect(response.status, `${server.url}${path}`).toBe(200);
  const body = (await response.json()) as Omit<Page, 'lastAdded'>;
  return { ...body, lastAdded: response.headers.get('x-taxii-date-added-last') };
}

describe.skipIf(url === null)('several server processes over one PostgreSQL', () => {
  let dir: string;
  let schema: TestSchema;
  let servers: ServerProcess[];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'taxii2-scale-out-'));
    schema = await createTestSchema(url!);
    await runCommand(['import', '--store', schema.url, '--score', '3', listFile(dir, 0, 2000)]);
    servers = await Promise.all([0, 1].map(() => startServerProcess(['--store', schema.url])));
  });

  afterAll(async () => {
    await Promise.all((servers ?? []).map((s) => s.stop()));
    await schema?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('hands a client alternating between them every object exactly once while a third imports', async () => {
    const root = '/threatintel/collections/';
    const listed = await getPage(servers[0]!, root);
    const { collections } = listed as unknown as { collections: Array<{ id: string }> };
    const objects = `${root}${collections[0]!.id}/objects/`;

    // The importer: a process per block, one after another, while the client pages.
    let importing = true;
    const imported = (async () => {
      for (let block = 1; block <= 4; block++) {
        await runCommand([
          'import',
          '--store',
          schema.url,
          '--score',
          '2',
          listFile(dir, block, 500),
        ]);
      }
    })().finally(() => {
      importing = false;
    });

    // The client: follows `next` across both servers; at the end of what exists it polls again
    // with added_after from the last page's header, as a poller does. A `next` token is bound
    // to the filters of the request that issued it, so added_after stays while it is followed.
    const seen: string[] = [];
    let request = 0;
    let next: string | undefined;
    let polledAfter: string | undefined;
    let lastAdded: string | undefined;
    let pagesWhileImporting = 0;
    for (let caughtUp = false; !caughtUp;) {
      const finished = !importing;
      const query = `?limit=50${polledAfter ? `&added_after=${polledAfter}` : ''}${
        next ? `&next=${encodeURIComponent(next)}` : ''
      }`;
      const page = await getPage(servers[request++ % 2]!, `${objects}${query}`);
      seen.push(...(page.objects ?? []).map((o) => o.id));
      if (!finished && page.objects?.length) pagesWhileImporting++;
      if (page.lastAdded) lastAdded = page.lastAdded;
      next = page.next;
      if (!next) polledAfter = lastAdded;
      if (!next && finished) caughtUp = true;
      if (!next && !finished) await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await imported;

    expect(pagesWhileImporting).toBeGreaterThan(2);
    expect(seen).toHaveLength(2000 + 4 * 500);
    expect(new Set(seen).size).toBe(seen.length);
  });
});
