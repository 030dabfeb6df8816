/**
 * Clients that misbehave mid-response: one that hangs up after the first bytes of a large page,
 * one that stops reading, and a SIGTERM while a large page is being sent. The server stays up,
 * serves everyone else meanwhile, does not keep the abandoned responses in memory, and stops
 * cleanly on SIGTERM.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { TAXII, taxiiGet } from '../support/test-server.js';
import { runCli, STACK_LINE } from './support/cli-run.js';
import { serveProcess, type ServedProcess } from './support/server-process.js';

const INDICATORS = 3000;
const MiB = 1024 * 1024;

let dir: string;
let server: ServedProcess;
let pagePath: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'taxii2-client-faults-'));
  const store = join(dir, 'store.db');
  const list = join(dir, 'big.txt');
  const values = Array.from({ length: INDICATORS }, (_, i) => `10.7.${i >> 8}.${i & 255}`);
  writeFileSync(list, `${values.join('\n')}\n`);
  const imported = await runCli(['import', '--store', store, list]);
  expect(imported.code, imported.stderr).toBe(0);

  // A short drain, so that SIGTERM cuts the paused reader off after a second, not thirty.
  const config = join(dir, 'config.json');
  writeFileSync(config, JSON.stringify({ limits: { shutdownTimeoutMs: 1000 } }));
  server = await serveProcess(['--store', store, '--config', config]);
  const collections = await taxiiGet(`${server.url}/threatintel/collections/`);
  pagePath = `/threatintel/collections/${collections.body.collections[0].id}/objects/?limit=1000`;
});

afterAll(async () => {
  if (server.child.exitCode === null) {
    server.child.kill('SIGTERM');
    await server.exited;
  }
  rmSync(dir, { recursive: true, force: true });
});

/** A raw HTTP/1.1 GET of the large page on a socket of its own. */
function rawGet(): Socket {
  const { port } = new URL(server.url);
  const socket = connect(Number(port), '127.0.0.1');
  socket.write(
    `GET ${pagePath} HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: ${TAXII}\r\nConnection: close\r\n\r\n`,
  );
  return socket;
}

/** Opens a raw GET and hangs up as soon as the first bytes of the answer arrive. */
function hangUpEarly(): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = rawGet();
    socket.once('data', () => {
      socket.destroy();
      resolve();
    });
    socket.once('error', reject);
  });
}

async function othersAreServed(): Promise<void> {
  const [discovery, page] = await Promise.all([
    taxiiGet(`${server.url}/taxii2/`),
    taxiiGet(`${server.url}${pagePath.replace('limit=1000', 'limit=5')}`),
  ]);
  expect(discovery.status).toBe(200);
  expect(page.status).toBe(200);
  expect(page.body.objects).toHaveLength(5);
}

/** The whole body of a raw response, read to the connection's end, de-chunked. */
function readAll(socket: Socket): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.once('error', reject);
    socket.once('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const split = text.indexOf('\r\n\r\n');
      const head = text.slice(0, split);
      let body = text.slice(split + 4);
      if (/^transfer-encoding:\s*chunked/im.test(head)) body = dechunk(body);
      resolve(body);
    });
  });
}

function dechunk(body: string): string {
  let out = '';
  for (let at = 0; ;) {
    const line = body.indexOf('\r\n', at);
    const size = parseInt(body.slice(at, line), 16);
    if (!size) return out;
    out += body.slice(line + 2, line + 2 + size);
    at = line + 2 + size + 2;
  }
}

describe('clients that misbehave mid-response', () => {
  it('stays up and frees the page when clients hang up after the first bytes', async () => {
    for (let i = 0; i < 20; i++) await hangUpEarly();
    const warm = server.rss();
    for (let round = 0; round < 10; round++) {
      await Promise.all(Array.from({ length: 10 }, hangUpEarly));
    }
    await othersAreServed();
    // A hundred abandoned pages of about a megabyte each, were they kept, would show here.
    expect(server.rss() - warm).toBeLessThan(64 * MiB);
  });

  it('serves other clients while one stops reading, and finishes its page when it resumes', async () => {
    const slow = rawGet();
    slow.pause();
    await new Promise((resolve) => setTimeout(resolve, 1000));
    for (let i = 0; i < 5; i++) await othersAreServed();

    const body = readAll(slow);
    slow.resume();
    const envelope = JSON.parse(await body) as { objects: unknown[]; more: boolean };
    expect(envelope.objects).toHaveLength(1000);
    expect(envelope.more).toBe(true);
  });

  it('stops cleanly on SIGTERM while a large page is on its way to a slow reader', async () => {
    const slow = rawGet();
    slow.pause();
    await new Promise((resolve) => setTimeout(resolve, 500));
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);

    // The connection was closed by the server, not left to the client.
    const closed = new Promise<void>((resolve) => slow.once('close', () => resolve()));
    slow.on('data', () => undefined);
    slow.resume();
    await closed;
    expect(server.stderr()).not.toMatch(STACK_LINE);
  });
});
