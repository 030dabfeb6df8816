/**
 * Starting the two servers the benchmark measures, each in its own process: the product's
 * built CLI and the bare baseline. Both listen on 127.0.0.1 on a port the system picks.
 */
import { join } from 'node:path';

import { profileFlags, type Options } from './options.js';
import { stop, waitForLine, type Child } from './processes.js';
import type { Target } from './scenarios.js';
import type { StoreFacts } from './store-facts.js';

const ROOT = new URL('..', import.meta.url).pathname;
const BASELINE = new URL('./baseline-server.ts', import.meta.url);
const NAMESPACE_SEED = 'taxii2-server benchmark';

export interface Served {
  child: Child;
  target: Target;
  /** Request durations the server itself logged since the last scenario began, in ms. */
  logged?: number[];
}

export async function startBaseline(store: string, facts: StoreFacts): Promise<Served> {
  const { child, value: port } = await waitForLine(
    { args: ['--import', 'tsx', BASELINE.pathname, store] },
    (line) =>
      line.startsWith('{"port"') ? (JSON.parse(line) as { port: number }).port : undefined,
    60_000,
  );
  const target: Target = {
    kind: 'baseline',
    base: `http://127.0.0.1:${port}`,
    objectsPath: '/objects',
    manifestPath: '/manifest',
    expected: facts.objects,
  };
  return { child, target };
}

export async function startTaxii(
  options: Options,
  store: string,
  collections: string,
  dir: string,
  size: number,
  facts: StoreFacts,
): Promise<Served> {
  const args = [
    ...profileFlags(options, `server-${size}`),
    join(ROOT, 'bin', 'taxii2-server.js'),
    'serve',
    ...['--store', store, '--port', '0', '--host', '127.0.0.1', '--collections', collections],
    ...['--namespace-seed', NAMESPACE_SEED],
  ];
  const logged: number[] = [];
  const { child, value: url } = await waitForLine(
    { args, cwd: dir, onLine: (line) => collectDuration(line, logged) },
    (line) => {
      if (!line.includes('taxii2-server listening')) return undefined;
      return (JSON.parse(line) as { url: string }).url;
    },
    600_000,
  );
  try {
    const collection = await collectionId(url);
    const target: Target = {
      kind: 'taxii',
      base: url,
      objectsPath: `/threatintel/collections/${collection}/objects/`,
      manifestPath: `/threatintel/collections/${collection}/manifest/`,
      expected: facts.objects,
    };
    return { child, target, logged };
  } catch (error) {
    await stop(child);
    throw error;
  }
}

// The server's own completion line per request: how long it took inside the server, which
// tells queueing in front of it apart from time spent on the request.
function collectDuration(line: string, into: number[]): void {
  if (!line.includes('"request completed"')) return;
  const duration = (JSON.parse(line) as { duration_ms?: unknown }).duration_ms;
  if (typeof duration === 'number') into.push(duration);
}

async function collectionId(url: string): Promise<string> {
  const response = await fetch(`${url}/threatintel/collections/`, {
    headers: { accept: 'application/taxii+json;version=2.1' },
  });
  const body = (await response.json()) as { collections?: Array<{ id: string; title: string }> };
  const all = body.collections?.find((c) => c.title === 'all');
  if (!all) throw new Error(`the server at ${url} serves no "all" collection`);
  return all.id;
}
