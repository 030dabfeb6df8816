/**
 * A worker thread of the check pool (check-pool.ts): makes the pool's renderers again from their
 * settings, then checks each chunk of records it is sent and posts the checked records back on
 * its result port, in the order the chunks came, counting each answer in the shared signal.
 */
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';

import type { IndicatorInput } from '../indicators/indicator.js';
import type { RendererSettings } from '../stix/rendered.js';
import { createStixRenderer } from '../stix/renderer.js';
import { checkRecord, type CheckedRecord } from './indicator-record.js';

export interface CheckWorkerData {
  settings: RendererSettings[];
  /** The profiles the pool's renderers have: a worker whose renderers differ refuses to run. */
  profiles: string[];
  /** The write time that fills a missing `created`, as the store would use it. */
  now: number;
  results: MessagePort;
  signal: Int32Array;
}

/** One chunk to check; a null record is one the pool checks itself (it has relationships). */
export interface CheckJob {
  records: Array<IndicatorInput | null>;
}

export type CheckAnswer = { checked: Array<CheckedRecord | string | null> } | { error: string };

const data = workerData as CheckWorkerData;

function answer(message: CheckAnswer): void {
  data.results.postMessage(message);
  Atomics.add(data.signal, 0, 1);
  Atomics.notify(data.signal, 0);
}

// A worker that ends for any reason (an error outside a chunk, process.exit) says so, so the
// pool stops waiting at once; after the pool's last chunk nobody reads it.
process.on('exit', (code) => answer({ error: `the check worker stopped (exit code ${code})` }));

try {
  const renderers = data.settings.map((settings) => createStixRenderer(settings));
  const profiles = renderers.map((r) => r.profile);
  if (profiles.join() !== data.profiles.join()) {
    throw new Error(`renderer profiles ${profiles.join()} differ from ${data.profiles.join()}`);
  }
  parentPort!.on('message', ({ records }: CheckJob) => {
    try {
      const checked = records.map((r) => r && checkRecord(r, data.now, renderers));
      answer({ checked });
    } catch (error) {
      answer({ error: error instanceof Error ? error.message : String(error) });
    }
  });
} catch (error) {
  answer({ error: error instanceof Error ? error.message : String(error) });
}
