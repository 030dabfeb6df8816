/**
 * PostgreSQL stops in the middle of a poll and comes back. While it is down, requests that need
 * the store get a TAXII 503 with Retry-After; the server needs no restart, and the poller
 * continues with the `next` it already held, receiving every object once.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startTestServer, TAXII, taxiiGet, type TestServer } from '../support/test-server.js';
import { runCli, STACK_LINE } from './support/cli-run.js';
import { postgresBinaries, startOwnPostgres, type OwnPostgres } from './support/own-postgres.js';

const bin = postgresBinaries();
if (!bin && process.env['CI'] === 'true') {
  throw new Error('CI=true but no PostgreSQL binaries are installed under /usr/lib/postgresql');
}

const INDICATORS = 450;
const LIMIT = 100;

describe.skipIf(!bin)('a PostgreSQL store that goes down mid-poll', () => {
  let dir: string;
  let postgres: OwnPostgres;
  let server: TestServer;
  let collectionUrl: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'taxii2-outage-'));
    postgres = await startOwnPostgres(bin!);
    const list = join(dir, 'outage.txt');
    const values = Array.from({ length: INDICATORS }, (_, i) => `10.1.${i >> 8}.${i & 255}`);
    writeFileSync(list, `${values.join('\n')}\n`);
    const imported = await runCli(['import', '--store', postgres.url, '--score', '3', list]);
    expect(imported.code, imported.stderr).toBe(0);

    server = await startTestServer({ flags: { store: postgres.url } });
    const collection = server.server.service.collections.all[0]!;
    collectionUrl = `${server.url}/threatintel/collections/${collection.id}`;
  });

  afterAll(async () => {
    await server?.close();
    postgres?.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  const page = (next?: string) =>
    taxiiGet(
      `${collectionUrl}/objects/?limit=${LIMIT}${next ? `&next=${encodeURIComponent(next)}` : ''}`,
    );

  it('answers 503 with Retry-After while down and resumes paging with the same next', async () => {
    const first = await page();
    expect(first.status).toBe(200);
    expect(first.body.more).toBe(true);
    const seen: string[] = first.body.objects.map((o: { id: string }) => o.id);
    const next = first.body.next as string;

    postgres.stop();
    for (const url of [
      `${collectionUrl}/objects/?limit=${LIMIT}&next=${encodeURIComponent(next)}`,
      `${collectionUrl}/objects/`,
      `${collectionUrl}/manifest/`,
    ]) {
      const down = await taxiiGet(url);
      expect(down.status, url).toBe(503);
      expect(down.headers.get('retry-after')).toMatch(/^[1-9]\d*$/);
      expect(down.body).toMatchObject({ http_status: '503', error_code: 'unavailable' });
      expect(JSON.stringify(down.body)).not.toMatch(STACK_LINE);
    }
    const raw = await fetch(`${collectionUrl}/objects/`, { headers: { Accept: TAXII } });
    expect(await raw.text()).not.toMatch(/ECONNREFUSED|at .+\.js:\d+/);

    postgres.start();
    // The server was left alone: its pool reconnects on the next request that needs it.
    let resumed = await page(next);
    for (let attempt = 0; resumed.status === 503 && attempt < 20; attempt++) {
      await new Promise((r) => setTimeout(r, 250));
      resumed = await page(next);
    }
    expect(resumed.status).toBe(200);

    let current = resumed;
    for (;;) {
      seen.push(...current.body.objects.map((o: { id: string }) => o.id));
      if (!current.body.more) break;
      current = await page(current.body.next as string);
      expect(current.status).toBe(200);
    }
    expect(seen.length).toBe(new Set(seen).size);
    const whole = await taxiiGet(`${collectionUrl}/manifest/?limit=1000`);
    expect(new Set(seen)).toEqual(new Set(whole.body.objects.map((o: { id: string }) => o.id)));
  });
});
