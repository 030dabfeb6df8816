/**
 * `kill -9` while an import writes. Afterwards the store opens, holds everything an earlier,
 * acknowledged import wrote, serves no half-written indicator, and running the killed import
 * again completes it without duplicates. Asserted on both stores.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { startTestServer, taxiiGet } from '../support/test-server.js';
import { runCli } from './support/cli-run.js';
import { LOCATION_KINDS, type StoreLocation } from './support/store-places.js';

const ENTRY = fileURLToPath(new URL('../e2e/support/cli-entry.ts', import.meta.url));
const ACKNOWLEDGED = 500;
const KILLED = 20_000;
/** CPU seconds into the big import when it is killed: past parsing, while it renders and writes. */
const KILL_AT_CPU_SECONDS = 1.8;

const address = (n: number) => `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;

function listFile(place: StoreLocation, name: string, from: number, count: number): string {
  const file = join(place.dir, `${name}.txt`);
  const values = Array.from({ length: count }, (_, i) => address(from + i));
  writeFileSync(file, `${values.join('\n')}\n`);
  return file;
}

/** Counts and checks what a fresh server on the store serves, through the manifest. */
async function served(place: StoreLocation): Promise<{ ids: string[]; indicators: number }> {
  const server = await startTestServer({ flags: { store: place.location } });
  try {
    const collection = server.server.service.collections.all[0]!;
    const ids: string[] = [];
    let next: string | undefined;
    do {
      const url = `${server.url}/threatintel/collections/${collection.id}/manifest/?limit=1000`;
      const page = await taxiiGet(next ? `${url}&next=${encodeURIComponent(next)}` : url);
      expect(page.status).toBe(200);
      ids.push(...(page.body.objects ?? []).map((o: { id: string }) => o.id));
      next = page.body.more ? page.body.next : undefined;
    } while (next);
    return { ids, indicators: await server.runtime.store.countIndicators() };
  } finally {
    await server.close();
  }
}

/** User plus system CPU time of a process, from /proc. */
function cpuSeconds(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return Infinity;
  }
}

describe.each(LOCATION_KINDS)('kill -9 during an import into a $name store', (kind) => {
  let place: StoreLocation;

  beforeEach(async () => {
    place = await kind.create();
  });
  afterEach(() => place.dispose());

  it('keeps what was acknowledged, and the rerun completes without duplicates', async () => {
    const first = listFile(place, 'acknowledged', 0, ACKNOWLEDGED);
    const acknowledged = await runCli(['import', '--store', place.location, first]);
    expect(acknowledged.code, acknowledged.stderr).toBe(0);
    const before = await served(place);
    expect(before.indicators).toBe(ACKNOWLEDGED);

    // The big import is killed while it writes: by its CPU time, so that a loaded machine does
    // not move the moment; it is asserted below that it had not finished.
    const big = listFile(place, 'killed', ACKNOWLEDGED, KILLED);
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', ENTRY, 'import', '--store', place.location, big],
      { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, TAXII2_SERVER_CONFIG: '' } },
    );
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    // Listened for before the wait, so an import that ends first fails below instead of hanging.
    const exited = once(child, 'exit');
    while (child.exitCode === null && cpuSeconds(child.pid!) < KILL_AT_CPU_SECONDS) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    child.kill('SIGKILL');
    const [code, signal] = (await exited) as [number | null, string | null];
    expect({ code, signal, output }).toMatchObject({ code: null, signal: 'SIGKILL', output: '' });

    // The store opens and serves whole indicators only: what was acknowledged is all there,
    // and anything of the killed import is there in full, never as a half-written row.
    const after = await served(place);
    expect(new Set(after.ids).size).toBe(after.ids.length);
    for (const id of before.ids) expect(after.ids).toContain(id);
    expect(after.indicators).toBeGreaterThanOrEqual(ACKNOWLEDGED);
    expect(after.indicators).toBeLessThanOrEqual(ACKNOWLEDGED + KILLED);
    expect(after.ids.length / after.indicators).toBe(before.ids.length / before.indicators);

    const rerun = await runCli(['import', '--store', place.location, big]);
    expect(rerun.code, rerun.stderr).toBe(0);
    const complete = await served(place);
    expect(complete.indicators).toBe(ACKNOWLEDGED + KILLED);
    expect(new Set(complete.ids).size).toBe(complete.ids.length);
    expect(complete.ids.length).toBe((before.ids.length / ACKNOWLEDGED) * (ACKNOWLEDGED + KILLED));
  });
});
