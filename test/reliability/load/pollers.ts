/**
 * Concurrent TAXII pollers for load runs: each loops for a fixed time over a mix of first pages,
 * deep pages (following its own `next`), manifests, filtered pages and requests with a wrong
 * API key. A response with another status than the one its kind expects, a network error or a
 * request that takes longer than the timeout is counted as a failure.
 */
import { randomInt } from 'node:crypto';

export interface LoadTarget {
  /** The server's root URL, e.g. `http://127.0.0.1:9000`. */
  url: string;
  apiRoot: string;
  collectionIds: readonly string[];
  /** An API key the server accepts. */
  apiKey: string;
}

export interface LoadOptions {
  pollers: number;
  seconds: number;
  /** A request slower than this is a timeout, and a failure. */
  timeoutMs: number;
}

export type RequestKind = 'first-page' | 'deep-page' | 'manifest' | 'filter' | 'failed-auth';

export interface LoadReport {
  requests: number;
  byKind: Record<RequestKind, number>;
  byStatus: Record<string, number>;
  timeouts: number;
  /** Up to the first 20 failures, described. */
  failures: string[];
  failureCount: number;
  latencyMs: Percentiles;
  /** The same percentiles for each kind of request. */
  latencyByKind: Record<RequestKind, Percentiles>;
  /** The slowest requests, slowest first: kind, milliseconds and seconds into the run. */
  slowest: Array<{
    kind: RequestKind;
    ms: number;
    atSecond: number;
    status: number | string;
    /** The X-Request-Id it was sent with, to find it in the server's log. */
    id: string;
  }>;
  seconds: number;
}

export interface Percentiles {
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

const MIX: ReadonlyArray<[RequestKind, number]> = [
  ['first-page', 25],
  ['deep-page', 30],
  ['manifest', 15],
  ['filter', 20],
  ['failed-auth', 10],
];
const MIX_TOTAL = MIX.reduce((sum, [, weight]) => sum + weight, 0);

function pickKind(): RequestKind {
  let roll = randomInt(MIX_TOTAL);
  for (const [kind, weight] of MIX) {
    if (roll < weight) return kind;
    roll -= weight;
  }
  return 'first-page';
}

const FILTERS = [
  'match[type]=indicator&limit=50',
  'added_after=2020-01-01T00:00:00.000000Z&limit=100',
  'match[spec_version]=2.1&match[version]=all&limit=50',
  'match[type]=indicator,ipv4-addr,domain-name&added_after=2000-01-01T00:00:00Z&limit=200',
];

/** Runs the pollers until the time is up and reports what they saw. */
export async function runLoad(target: LoadTarget, options: LoadOptions): Promise<LoadReport> {
  const report: LoadReport = {
    requests: 0,
    byKind: { 'first-page': 0, 'deep-page': 0, manifest: 0, filter: 0, 'failed-auth': 0 },
    byStatus: {},
    timeouts: 0,
    failures: [],
    failureCount: 0,
    latencyMs: { p50: 0, p90: 0, p99: 0, max: 0 },
    latencyByKind: {} as Record<RequestKind, Percentiles>,
    slowest: [],
    seconds: options.seconds,
  };
  const latencies: number[] = [];
  const byKind = new Map<RequestKind, number[]>(MIX.map(([kind]) => [kind, []]));
  const slow: LoadReport['slowest'] = [];
  const begun = performance.now();
  const until = Date.now() + options.seconds * 1000;
  let sent = 0;
  const record = (kind: RequestKind, started: number, status: number | string, id: string) => {
    const ms = performance.now() - started;
    latencies.push(ms);
    byKind.get(kind)!.push(ms);
    const atSecond = round((started - begun) / 1000);
    slow.push({ kind, ms: round(ms), atSecond, status, id });
    if (slow.length > 200) {
      slow.sort((a, b) => b.ms - a.ms);
      slow.length = 20;
    }
  };
  const fail = (problem: string) => {
    report.failureCount += 1;
    if (report.failures.length < 20) report.failures.push(problem);
  };

  const poller = async () => {
    const deep = new Map<string, string>();
    while (Date.now() < until) {
      const kind = pickKind();
      const collection = target.collectionIds[randomInt(target.collectionIds.length)]!;
      const { path, headers } = requestFor(kind, collection, deep, target);
      const id = `load-${(sent += 1)}`;
      const started = performance.now();
      try {
        const response = await fetch(`${target.url}${path}`, {
          headers: { ...headers, 'X-Request-Id': id },
          signal: AbortSignal.timeout(options.timeoutMs),
        });
        const text = await response.text();
        record(kind, started, response.status, id);
        report.requests += 1;
        report.byKind[kind] += 1;
        report.byStatus[response.status] = (report.byStatus[response.status] ?? 0) + 1;
        const expected = kind === 'failed-auth' ? 401 : 200;
        if (response.status !== expected) {
          fail(`${kind} ${path}: ${response.status} ${text.slice(0, 200)}`);
          continue;
        }
        if (kind === 'deep-page') keepNext(deep, collection, text);
      } catch (error) {
        const name = (error as Error).name;
        record(kind, started, name, id);
        if (name === 'TimeoutError') report.timeouts += 1;
        fail(`${kind} ${path}: ${name}: ${(error as Error).message}`);
      }
    }
  };
  await Promise.all(Array.from({ length: options.pollers }, poller));

  report.latencyMs = percentiles(latencies);
  for (const [kind, values] of byKind) report.latencyByKind[kind] = percentiles(values);
  report.slowest = slow.sort((a, b) => b.ms - a.ms).slice(0, 20);
  return report;
}

function percentiles(values: number[]): Percentiles {
  values.sort((a, b) => a - b);
  const at = (q: number) =>
    round(values[Math.min(values.length - 1, Math.floor(q * values.length))] ?? 0);
  return { p50: at(0.5), p90: at(0.9), p99: at(0.99), max: round(values.at(-1) ?? 0) };
}

function requestFor(
  kind: RequestKind,
  collection: string,
  deep: Map<string, string>,
  target: LoadTarget,
): { path: string; headers: Record<string, string> } {
  const base = `/${target.apiRoot}/collections/${collection}`;
  const headers = {
    Accept: 'application/taxii+json;version=2.1',
    Authorization: `Bearer ${target.apiKey}`,
  };
  switch (kind) {
    case 'first-page':
      return { path: `${base}/objects/?limit=100`, headers };
    case 'deep-page': {
      const next = deep.get(collection);
      const query = next ? `limit=50&next=${encodeURIComponent(next)}` : 'limit=50';
      return { path: `${base}/objects/?${query}`, headers };
    }
    case 'manifest':
      return { path: `${base}/manifest/?limit=200`, headers };
    case 'filter':
      return { path: `${base}/objects/?${FILTERS[randomInt(FILTERS.length)]!}`, headers };
    case 'failed-auth':
      return {
        path: `${base}/objects/?limit=10`,
        headers: { ...headers, Authorization: `Bearer t2s_not-a-key-${randomInt(1e9)}` },
      };
  }
}

/** Deep pollers keep following the collection's `next` until it ends, then start again. */
function keepNext(deep: Map<string, string>, collection: string, body: string): void {
  const envelope = JSON.parse(body) as { more?: boolean; next?: string };
  if (envelope.more && envelope.next) deep.set(collection, envelope.next);
  else deep.delete(collection);
}

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}
