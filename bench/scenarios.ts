/**
 * What the benchmark client does to a server: each scenario is a bounded sequence of requests
 * and returns its figures. The same scenarios run against the product and the baseline; only
 * the paths, the headers and the paging parameter differ (see Target).
 */
import type { HttpClient, Response } from './http-get.js';

export interface Target {
  kind: 'taxii' | 'baseline';
  base: string;
  objectsPath: string;
  manifestPath: string;
  /** Objects the collection holds, to bound loops and check completeness. */
  expected: number;
}

export interface Latency {
  n: number;
  p50: number;
  p99: number;
  mean: number;
}

export const TAXII_21_ACCEPT = 'application/taxii+json;version=2.1';
export const STIX_20_ACCEPT = 'application/vnd.oasis.stix+json; version=2.0';
// Every top-level STIX 2.1 object the renderer writes starts with type, spec_version and id, and
// no nested object does: counting this sequence counts objects without parsing the page.
const OBJECT_MARK = Buffer.from('"spec_version":"2.1","id":"');
const MANIFEST_MARK = Buffer.from('"media_type":"');
const RANGE_REPEAT = 30;

function headersFor(target: Target): Record<string, string> {
  return target.kind === 'taxii' ? { accept: TAXII_21_ACCEPT } : {};
}

function pageUrl(path: string, limit: number, next?: string, extra = ''): string {
  const query = `limit=${limit}${next ? `&next=${encodeURIComponent(next)}` : ''}${extra}`;
  return `${path}?${query}`;
}

function readHead(response: Response, what: string): { more: boolean; next: string | undefined } {
  if (response.status !== 200)
    throw new Error(`${what}: status ${response.status}: ${response.head.slice(0, 300)}`);
  const more = /^\{"more":(true|false)/.exec(response.head)?.[1] === 'true';
  const next = /"next":"([^"]+)"/.exec(response.head)?.[1];
  if (more && !next) throw new Error(`${what}: more is true but the page has no next`);
  return { more, next };
}

/** Checks, once and untimed, that the object count by marker matches a parsed page. */
export async function checkCounting(
  client: HttpClient,
  target: Target,
  limit: number,
): Promise<void> {
  const response = await client.get(pageUrl(target.objectsPath, limit), {
    headers: headersFor(target),
    whole: true,
    count: OBJECT_MARK,
  });
  readHead(response, 'first page');
  const page = JSON.parse(response.body!.toString('utf8')) as { objects?: unknown[] };
  const parsed = page.objects?.length ?? 0;
  if (parsed !== response.counted || parsed !== Math.min(limit, target.expected)) {
    throw new Error(
      `first page: ${parsed} objects parsed, ${response.counted} counted, ` +
        `${Math.min(limit, target.expected)} expected`,
    );
  }
}

/** Every page of the collection in order: objects (or manifest records) per second. */
export async function fullPull(
  client: HttpClient,
  target: Target,
  limit: number,
  manifest = false,
) {
  const path = manifest ? target.manifestPath : target.objectsPath;
  const mark = manifest ? MANIFEST_MARK : OBJECT_MARK;
  const maxPages = Math.ceil(target.expected / limit) + 10;
  let objects = 0;
  let bytes = 0;
  let pages = 0;
  let next: string | undefined;

  const started = process.hrtime.bigint();
  for (let more = true; more; pages++) {
    if (pages >= maxPages) throw new Error(`full pull: still more after ${pages} pages`);
    const response = await client.get(pageUrl(path, limit, next), {
      headers: headersFor(target),
      count: mark,
    });
    ({ more, next } = readHead(response, `page ${pages + 1}`));
    objects += response.counted;
    bytes += response.bytes;
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;

  if (objects !== target.expected) {
    throw new Error(
      `full pull: ${objects} objects served, the collection holds ${target.expected}`,
    );
  }
  return { objects, pages, bytes, seconds, perSecond: objects / seconds };
}

/** The same request, `repeat` times in a row: latency percentiles. */
export async function repeated(
  client: HttpClient,
  target: Target,
  url: string,
  repeat: number,
): Promise<Latency & { objects: number }> {
  const times: number[] = [];
  let objects = 0;
  for (let i = 0; i < repeat; i++) {
    const response = await client.get(url, { headers: headersFor(target), count: OBJECT_MARK });
    readHead(response, url);
    objects = response.counted;
    times.push(response.ms);
  }
  return { ...latency(times), objects };
}

export function firstPageUrl(target: Target, limit: number): string {
  return pageUrl(target.objectsPath, limit);
}

/** An incremental poll: what arrived after `addedAfter` (microseconds). */
export function incrementalUrl(target: Target, limit: number, addedAfter: number): string {
  const value = target.kind === 'taxii' ? microsToIso(addedAfter) : String(addedAfter);
  return pageUrl(target.objectsPath, limit, undefined, `&added_after=${encodeURIComponent(value)}`);
}

/**
 * `concurrency` pollers for `seconds`, each walking the collection page by page and starting
 * over at the end, as many feed consumers polling one server do.
 */
export async function pollers(
  client: HttpClient,
  target: Target,
  options: { concurrency: number; seconds: number; limit: number },
) {
  const deadline = Date.now() + options.seconds * 1000;
  const times: number[] = [];
  let errors = 0;
  let firstError: string | undefined;

  const poller = async () => {
    let next: string | undefined;
    while (Date.now() < deadline) {
      try {
        const response = await client.get(pageUrl(target.objectsPath, options.limit, next), {
          headers: headersFor(target),
        });
        times.push(response.ms);
        const head = readHead(response, 'poll');
        next = head.more ? head.next : undefined;
      } catch (error) {
        errors++;
        firstError ??= (error as Error).message;
        next = undefined;
      }
    }
  };
  const started = process.hrtime.bigint();
  await Promise.all(Array.from({ length: options.concurrency }, poller));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return {
    concurrency: options.concurrency,
    requests: times.length + errors,
    perSecond: (times.length + errors) / seconds,
    errors,
    ...(firstError ? { firstError } : {}),
    ...latency(times),
  };
}

/**
 * TAXII 2.0 paging by `Range: items a-b` (TAXII 2.0 section 3.4.3). A server that does not
 * serve 2.0 answers 406, which is reported as such rather than failing the benchmark.
 */
export async function rangePull(client: HttpClient, target: Target, limit: number, repeat: number) {
  const headers = (from: number) => ({
    accept: STIX_20_ACCEPT,
    range: `items ${from}-${from + limit - 1}`,
  });
  const probe = await client.get(target.objectsPath, { headers: headers(0) });
  if (probe.status === 406) return { served: false as const, status: probe.status };
  if (probe.status !== 206 && probe.status !== 200) {
    throw new Error(`2.0 Range probe: status ${probe.status}: ${probe.head.slice(0, 300)}`);
  }

  let objects = 0;
  let total = target.expected;
  const maxPages = Math.ceil(target.expected / limit) + 10;
  const started = process.hrtime.bigint();
  // A server may answer a smaller range than asked for: the next range starts after what came.
  for (let from = 0, pages = 0; from < total; pages++) {
    if (pages >= maxPages) throw new Error(`2.0 Range pull: still more after ${pages} pages`);
    const response = await client.get(target.objectsPath, { headers: headers(from), whole: true });
    if (response.status !== 206 && response.status !== 200) {
      throw new Error(`2.0 Range page at ${from}: status ${response.status}`);
    }
    total = contentRangeTotal(response) ?? total;
    const bundle = JSON.parse(response.body!.toString('utf8')) as { objects?: unknown[] };
    const got = bundle.objects?.length ?? 0;
    objects += got;
    from += got;
    if (got === 0) break;
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;

  // Range pages may cost time in proportion to their offset: fewer repeats keep a large
  // collection's run within minutes while still giving a median.
  const timed = async (from: number) => {
    const times: number[] = [];
    for (let i = 0; i < Math.min(repeat, RANGE_REPEAT); i++)
      times.push((await client.get(target.objectsPath, { headers: headers(from) })).ms);
    return latency(times);
  };
  const first = await timed(0);
  const last = await timed(Math.max(0, total - limit));
  return {
    served: true as const,
    objects,
    seconds,
    perSecond: objects / seconds,
    firstPage: first,
    lastPage: last,
    lastOverFirst: last.p50 / first.p50,
  };
}

function contentRangeTotal(response: Response): number | undefined {
  const match = /\/(\d+)\s*$/.exec(String(response.headers['content-range'] ?? ''));
  return match ? Number(match[1]) : undefined;
}

export function latency(times: number[]): Latency {
  const sorted = [...times].sort((a, b) => a - b);
  const rank = (q: number) => sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)] ?? 0;
  const mean = sorted.reduce((s, t) => s + t, 0) / Math.max(1, sorted.length);
  return { n: sorted.length, p50: rank(0.5), p99: rank(0.99), mean };
}

function microsToIso(micros: number): string {
  const iso = new Date(Math.floor(micros / 1000)).toISOString();
  return `${iso.slice(0, 23)}${String(micros % 1000).padStart(3, '0')}Z`;
}
