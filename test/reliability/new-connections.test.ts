/**
 * New connections are served while kept-alive connections keep the server busy. libuv accepts
 * one connection per turn of the event loop; if a turn served every waiting kept-alive request,
 * a burst of new connections would wait in the kernel's backlog while the connected clients
 * were served again and again (the pollers' 30-second timeouts of the long load run). Counted
 * in responses, not in time: how many pages the busy connections received between the burst's
 * connect and its last answer.
 */
import { connect, type Socket } from 'node:net';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { importFiles } from '../../src/importers/run-import.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

const BUSY = 40;
const BURST = 40;

describe('a burst of new connections beside busy kept-alive ones', () => {
  let server: TestServer;
  let path: string;

  beforeAll(async () => {
    server = await startTestServer({ collections: { everything: '' } });
    const list = join(server.dir, 'addresses.txt');
    const lines = Array.from({ length: 1000 }, (_, i) => `10.7.${i >> 8}.${i & 255}`);
    writeFileSync(list, `${lines.join('\n')}\n`);
    await importFiles(server.runtime, [{ path: list, defaults: { score: 3 } }]);
    const collection = server.server.service.collections.all[0]!.id;
    path = `/${server.config.apiRoot.name}/collections/${collection}/objects/?limit=200`;
  });

  afterAll(() => server?.close());

  it('is answered before the busy connections get a few pages each', async () => {
    const { port } = new URL(server.url);
    let busyPages = 0;
    let stopping = false;
    const busy = await Promise.all(
      Array.from({ length: BUSY }, () =>
        openConnection(Number(port), path, () => {
          busyPages += 1;
          return !stopping;
        }),
      ),
    );
    // Every busy connection has had answers before the burst.
    while (busyPages < BUSY * 2) await new Promise((resolve) => setTimeout(resolve, 5));

    const before = busyPages;
    const statuses = await Promise.all(
      Array.from(
        { length: BURST },
        () =>
          new Promise<string>((resolve, reject) => {
            const socket = openConnection(Number(port), path, (status) => {
              resolve(status);
              return false;
            });
            socket.then((s) => s.once('error', reject), reject);
          }),
      ),
    );
    const during = busyPages - before;
    stopping = true;
    for (const socket of busy) socket.destroy();

    expect(statuses.every((status) => status === '200')).toBe(true);
    // One request per turn: the burst is accepted within about BURST turns and then waits behind
    // at most everyone's one request. Serving every waiting request per turn gave BUSY pages per
    // accepted connection: over a thousand here.
    expect(during).toBeLessThan(BUSY * 6);
  });
});

/**
 * A kept-alive HTTP/1.1 connection that sends `path` again after each complete answer for as
 * long as `answered` (given the status code) returns true.
 */
async function openConnection(
  port: number,
  path: string,
  answered: (status: string) => boolean,
): Promise<Socket> {
  const socket = connect(port, '127.0.0.1');
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  const request =
    `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\n` +
    'Accept: application/taxii+json;version=2.1\r\nConnection: keep-alive\r\n\r\n';
  let buffered = Buffer.alloc(0);
  socket.on('data', (chunk: Buffer) => {
    buffered = Buffer.concat([buffered, chunk]);
    for (;;) {
      const headEnd = buffered.indexOf('\r\n\r\n');
      if (headEnd < 0) return;
      const head = buffered.subarray(0, headEnd).toString('latin1');
      const length = Number(/\r\ncontent-length: *(\d+)/i.exec(head)?.[1] ?? NaN);
      if (!Number.isFinite(length)) throw new Error(`an answer without Content-Length: ${head}`);
      if (buffered.length < headEnd + 4 + length) return;
      buffered = buffered.subarray(headEnd + 4 + length);
      const status = head.slice(9, 12);
      if (answered(status)) socket.write(request);
      else socket.end();
    }
  });
  socket.on('error', () => undefined);
  socket.write(request);
  return socket;
}
