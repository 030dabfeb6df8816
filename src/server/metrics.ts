import {
  collectDefaultMetrics,
  Counter,
  Gauge,
  Histogram,
  Registry,
  type LabelValues,
} from 'prom-client';

import type { CollectionSet } from '../taxii/collection-set.js';
import { nowMicros } from '../time/microseconds.js';
import type { IndicatorStore } from '../store/store.js';

/** Import outcomes as the import report counts them. */
const IMPORT_RESULTS = ['added', 'updated', 'unchanged', 'rejected'] as const;
export type ImportResult = (typeof IMPORT_RESULTS)[number];

/** The operation label of requests that never reached a TAXII handler (401, 404, 429 ...). */
export const UNROUTED = 'none';

/** How long collection sizes are kept before a scrape counts them again. */
const SIZE_CACHE_MS = 30_000;

/**
 * The process's Prometheus metrics, in a registry of its own so that several servers in one
 * process (the tests) do not share counters. Names carry the `taxii2_` prefix; durations are
 * in seconds, as Prometheus conventions ask.
 */
export class ServerMetrics {
  readonly registry = new Registry();
  private readonly requests: Counter<'operation' | 'status'>;
  private readonly latency: Histogram<'operation'>;
  private readonly objects: Counter<'operation' | 'collection'>;
  private readonly storeTime: Histogram<'method'>;
  private readonly imported: Counter<'result'>;
  private collectionsNow: () => CollectionSet | null = () => null;
  private inFlightNow: () => number = () => 0;
  private storeNow: IndicatorStore | null = null;
  private sizes: { at: number; counted: Promise<Sizes | null> } | null = null;

  constructor(private readonly clock: () => number = Date.now) {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry });
    this.requests = new Counter({
      name: 'taxii2_http_requests_total',
      help: 'HTTP requests answered, by TAXII operation (operationId) and status code.',
      labelNames: ['operation', 'status'],
      registers,
    });
    this.latency = new Histogram({
      name: 'taxii2_http_request_duration_seconds',
      help: 'Time from a request arriving to its response finishing, by TAXII operation.',
      labelNames: ['operation'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    });
    this.objects = new Counter({
      name: 'taxii2_objects_served_total',
      help: 'STIX objects (or manifest records) sent to clients, by operation and collection id.',
      labelNames: ['operation', 'collection'],
      registers,
    });
    this.storeTime = new Histogram({
      name: 'taxii2_store_query_duration_seconds',
      help: 'Time the indicator store took to answer, by store method.',
      labelNames: ['method'],
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5],
      registers,
    });
    this.imported = new Counter({
      name: 'taxii2_imported_records_total',
      help: 'Indicator records this process imported (e.g. serve --sample), by outcome.',
      labelNames: ['result'],
      registers,
    });
    const metrics = this;
    new Gauge({
      name: 'taxii2_http_requests_in_flight',
      help: 'Requests on the TAXII port that have arrived and not yet finished.',
      registers,
      collect() {
        this.set(metrics.inFlightNow());
      },
    });
    // Sizes are counted by the store at scrape time, at most once per SIZE_CACHE_MS.
    new Gauge({
      name: 'taxii2_store_indicators',
      help: 'Indicators in the store.',
      registers,
      async collect() {
        const sizes = await metrics.currentSizes();
        if (sizes) this.set(sizes.indicators);
      },
    });
    new Gauge({
      name: 'taxii2_collection_indicators',
      help: 'Indicators each collection selects now, by collection id and title.',
      labelNames: ['collection', 'title'],
      registers,
      async collect() {
        const sizes = await metrics.currentSizes();
        const collections = metrics.collectionsNow();
        this.reset();
        if (!sizes || !collections) return;
        for (const c of collections.all) {
          const count = sizes.byCollection.get(c.id);
          if (count !== undefined) this.set({ collection: c.id, title: c.title }, count);
        }
      },
    });
  }

  /** Where collection sizes come from; the getter is read at every scrape, so reloads show. */
  watchCollections(store: IndicatorStore, collections: () => CollectionSet): void {
    this.storeNow = store;
    this.collectionsNow = collections;
    this.sizes = null;
  }

  /** Where the in-flight gauge reads from. */
  watchInFlight(count: () => number): void {
    this.inFlightNow = count;
  }

  /** Records one finished request. */
  request(operation: string, status: number, seconds: number): void {
    this.requests.inc({ operation, status: String(status) });
    this.latency.observe({ operation }, seconds);
  }

  served(operation: string, collection: string | undefined, count: number): void {
    if (count <= 0) return;
    const labels: LabelValues<'operation' | 'collection'> = {
      operation,
      collection: collection ?? '',
    };
    this.objects.inc(labels, count);
  }

  storeCall(method: string, seconds: number): void {
    this.storeTime.observe({ method }, seconds);
  }

  importedRecords(counts: Readonly<Record<ImportResult, number>>): void {
    for (const result of IMPORT_RESULTS) {
      if (counts[result] > 0) this.imported.inc({ result }, counts[result]);
    }
  }

  /** The exposition text and its content type, for the /metrics response. */
  async exposition(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }

  /**
   * Collection sizes, counted by the store at most once per SIZE_CACHE_MS; concurrent scrapes
   * share one count. A store that fails to count leaves the sizes out rather than failing the
   * whole scrape: /readyz is where an unreachable store shows.
   */
  private currentSizes(): Promise<Sizes | null> {
    const store = this.storeNow;
    const collections = this.collectionsNow();
    if (!store || !collections) return Promise.resolve(null);
    const now = this.clock();
    if (this.sizes && now - this.sizes.at < SIZE_CACHE_MS) return this.sizes.counted;
    const counted = countSizes(
      store,
      collections,
      nowMicros(() => now),
    ).catch(() => {
      this.sizes = null;
      return null;
    });
    this.sizes = { at: now, counted };
    return counted;
  }
}

interface Sizes {
  indicators: number;
  byCollection: Map<string, number>;
}

async function countSizes(
  store: IndicatorStore,
  collections: CollectionSet,
  now: number,
): Promise<Sizes> {
  const byCollection = new Map<string, number>();
  for (const c of collections.all)
    byCollection.set(c.id, await store.countMatching(c.storeQuery, now));
  return { indicators: await store.countIndicators(), byCollection };
}

/**
 * The store with every asynchronous method timed into the store-query histogram. The
 * handlers use it in place of the store, so what is measured is what requests wait for.
 */
export function timedStore(store: IndicatorStore, metrics: ServerMetrics): IndicatorStore {
  return new Proxy(store, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== 'function' || typeof property !== 'string') return value;
      return (...args: unknown[]) => {
        const started = process.hrtime.bigint();
        const result: unknown = (value as (...a: unknown[]) => unknown).apply(target, args);
        if (!(result instanceof Promise)) return result;
        const done = () => metrics.storeCall(property, elapsedSeconds(started));
        return result.finally(done);
      };
    },
  });
}

export function elapsedSeconds(started: bigint): number {
  return Number(process.hrtime.bigint() - started) / 1e9;
}
