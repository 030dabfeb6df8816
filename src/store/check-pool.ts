/**
 * Checks a large write's records (normalizing and rendering them, checkRecord) in worker threads
 * while the store writes the records before them, so an import uses more than one core.
 *
 * The stores write inside a synchronous transaction (SQLite) or between awaits of their own
 * (PostgreSQL), so the pool is read synchronously: the caller takes the checked records in
 * order, and waits on a shared counter (Atomics.wait) only when the next chunk is not back yet.
 * Records with relationships are checked by the caller, since their targets' ids come from the
 * store; everything else needs nothing but the records and the renderers' settings.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  MessageChannel,
  receiveMessageOnPort,
  Worker,
  type MessagePort,
} from 'node:worker_threads';

import type { IndicatorInput } from '../indicators/indicator.js';
import type { RendererSettings, StixRenderer } from '../stix/rendered.js';
import type { CheckAnswer, CheckJob, CheckWorkerData } from './check-worker.js';
import { checkedIndicatorRow, withWarnings, type CheckedRow } from './indicator-record.js';
import type { TargetLookup } from './relationship-targets.js';

/** Fewer records than this are checked in the caller's thread: starting workers costs more. */
export const POOL_FROM_RECORDS = 5_000;

const CHUNK = 250;
const MAX_WORKERS = 4;
// Chunks each worker holds ahead of the writer: enough to keep it busy, few enough that a large
// import keeps only a few thousand rendered records in memory at once.
const AHEAD_PER_WORKER = 4;
// A worker answers a chunk in well under a second; one silent this long has stopped.
const ANSWER_TIMEOUT_MS = 30_000;

export interface CheckOptions {
  /** Worker threads, 0 for none (every record in the caller's thread); one per core up to 4. */
  workers?: number;
}

/**
 * The checked records (or the reasons for refusing them), in the order of `records`. With
 * workers, the iterator must be run to its end or returned early (for...of does either), so
 * the workers stop.
 */
export function checkRecords(
  records: readonly IndicatorInput[],
  now: number,
  renderers: readonly StixRenderer[],
  targets: TargetLookup | undefined,
  options: CheckOptions = {},
): Iterable<CheckedRow | string> {
  const workers = options.workers ?? Math.min(MAX_WORKERS, availableParallelism());
  const settings = renderers.map((r) => r.settings);
  const pooled =
    workers > 0 &&
    records.length >= (options.workers === undefined ? POOL_FROM_RECORDS : 1) &&
    settings.every((s): s is RendererSettings => s !== undefined);
  if (!pooled) return inThread(records, now, renderers, targets);
  return inWorkers(records, now, renderers, targets, {
    workers,
    settings: settings as RendererSettings[],
  });
}

function* inThread(
  records: readonly IndicatorInput[],
  now: number,
  renderers: readonly StixRenderer[],
  targets: TargetLookup | undefined,
): Generator<CheckedRow | string> {
  for (const record of records) yield checkedIndicatorRow(record, now, renderers, targets);
}

interface PoolWorker {
  worker: Worker;
  results: MessagePort;
}

function* inWorkers(
  records: readonly IndicatorInput[],
  now: number,
  renderers: readonly StixRenderer[],
  targets: TargetLookup | undefined,
  pool: { workers: number; settings: RendererSettings[] },
): Generator<CheckedRow | string> {
  const signal = new Int32Array(new SharedArrayBuffer(4));
  const profiles = renderers.map((r) => r.profile);
  const chunks = Math.ceil(records.length / CHUNK);
  const started: PoolWorker[] = [];
  const chunkOf = (n: number) => records.slice(n * CHUNK, (n + 1) * CHUNK);
  const send = (n: number) => {
    const job: CheckJob = { records: chunkOf(n).map((r) => (holdsRelationships(r) ? null : r)) };
    started[n % started.length]!.worker.postMessage(job);
  };

  try {
    while (started.length < Math.min(pool.workers, chunks)) {
      started.push(startWorker({ settings: pool.settings, profiles, now, signal }));
    }
    const ahead = Math.min(chunks, started.length * AHEAD_PER_WORKER);
    for (let n = 0; n < ahead; n++) send(n);
    for (let n = 0; n < chunks; n++) {
      const answer = awaitAnswer(started[n % started.length]!.results, signal);
      if (n + ahead < chunks) send(n + ahead);
      if ('error' in answer)
        throw new Error(`checking records in a worker failed: ${answer.error}`);
      const own = chunkOf(n);
      for (const [i, checked] of answer.checked.entries()) {
        if (checked === null) yield checkedIndicatorRow(own[i]!, now, renderers, targets);
        else yield typeof checked === 'string' ? checked : withWarnings(checked, renderers);
      }
    }
  } finally {
    for (const { worker, results } of started) {
      results.close();
      void worker.terminate();
    }
  }
}

function holdsRelationships(record: IndicatorInput): boolean {
  return (record.relationships?.length ?? 0) > 0;
}

/** The next answer on a worker's result port, waiting on the shared signal while there is none. */
function awaitAnswer(results: MessagePort, signal: Int32Array): CheckAnswer {
  const deadline = Date.now() + ANSWER_TIMEOUT_MS;
  for (;;) {
    const seen = Atomics.load(signal, 0);
    const received = receiveMessageOnPort(results);
    if (received) return received.message as CheckAnswer;
    const left = deadline - Date.now();
    if (left <= 0) throw new Error('a worker checking records stopped answering');
    Atomics.wait(signal, 0, seen, Math.min(left, 1000));
  }
}

function startWorker(data: Omit<CheckWorkerData, 'results'>): PoolWorker {
  const { port1: results, port2 } = new MessageChannel();
  const workerData: CheckWorkerData = { ...data, results: port2 };
  const worker = new Worker(bootstrap(), { eval: true, workerData, transferList: [port2] });
  // The pool waits on its ports, not on these events; an exit must not hold the process open.
  worker.unref();
  worker.on('error', () => {});
  return { worker, results };
}

/**
 * The worker's first script: loads the entry module (through tsx when the server runs from its
 * TypeScript source, as the tests do), and reports a failure to load as an answer, which the
 * pool would otherwise wait for until its timeout.
 */
function bootstrap(): string {
  const fromSource = import.meta.url.endsWith('.ts');
  const entry = new URL(fromSource ? './check-worker.ts' : './check-worker.js', import.meta.url);
  const loader = fromSource
    ? `import(${JSON.stringify(tsxModuleApi())}).then((tsx) => tsx.register())`
    : 'Promise.resolve()';
  // Dynamic imports only, so the script runs whether Node reads it as CommonJS or as a module.
  return `
    import('node:worker_threads').then(({ workerData }) =>
      ${loader}
        .then(() => import(${JSON.stringify(entry.href)}))
        .catch((error) => {
          workerData.results.postMessage({ error: String((error && error.message) || error) });
          Atomics.add(workerData.signal, 0, 1);
          Atomics.notify(workerData.signal, 0);
        }),
    );
  `;
}

/**
 * tsx's module API as a file URL, found from this module rather than from the working folder,
 * which may be anywhere: its package says where (`exports["./esm/api"].import`).
 */
function tsxModuleApi(): string {
  const manifest = createRequire(import.meta.url).resolve('tsx/package.json');
  const { exports } = JSON.parse(readFileSync(manifest, 'utf8')) as {
    exports: Record<string, { import: { default: string } }>;
  };
  const target = exports['./esm/api']!.import.default;
  return pathToFileURL(join(dirname(manifest), target)).href;
}
