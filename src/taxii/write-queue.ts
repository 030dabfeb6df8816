/**
 * Finishing add requests in the background: the pending objects of a status move into their
 * collection a chunk at a time (see src/store/posted-objects.ts), so a large request never holds
 * the store's writer for long, and any process finishes what another one left pending.
 */
import type { Logger } from 'pino';

import type { PostedIndexing, PostedObjectStore } from '../store/posted-objects.js';

/** Objects per store transaction while a request is finished. */
export const WRITE_CHUNK = 500;

/** How often a process looks for requests that another, stopped, process left pending. */
const RESUME_EVERY_MS = 30_000;

export class WriteQueue {
  private readonly running = new Map<string, Promise<void>>();
  private stopping = false;
  private timer: NodeJS.Timeout | undefined;

  /**
   * With `indexing`, every chunk also turns the objects it adds into indicators, in its own
   * transaction, so query-defined collections serve them too.
   */
  constructor(
    private readonly store: PostedObjectStore,
    private readonly logger: Logger,
    private readonly indexing?: PostedIndexing,
    private readonly chunk = WRITE_CHUNK,
  ) {}

  /** Finishes a status now, chunk after chunk; resolves when nothing is pending. */
  async finish(statusId: string): Promise<void> {
    const running = this.running.get(statusId);
    if (running) return running;
    const work = this.drain(statusId).finally(() => this.running.delete(statusId));
    this.running.set(statusId, work);
    return work;
  }

  /** Finishes a status in the background; errors are logged, the objects stay pending. */
  start(statusId: string): void {
    this.finish(statusId).catch((error: unknown) => {
      this.logger.error({ err: error, status: statusId }, 'add request left pending');
    });
  }

  /** Starts every request the store holds pending, now and then every so often. */
  async resume(): Promise<void> {
    await this.resumeOnce();
    this.timer = setInterval(() => {
      this.resumeOnce().catch((error: unknown) => {
        this.logger.error({ err: error }, 'cannot look for pending add requests');
      });
    }, RESUME_EVERY_MS);
    this.timer.unref();
  }

  /** Stops after the chunks in flight; what is left stays pending in the store. */
  async stop(): Promise<void> {
    this.stopping = true;
    clearInterval(this.timer);
    await Promise.allSettled([...this.running.values()]);
  }

  private async resumeOnce(): Promise<void> {
    if (this.stopping) return;
    for (const id of await this.store.unfinishedStatuses()) this.start(id);
  }

  private async drain(statusId: string): Promise<void> {
    while (!this.stopping) {
      const left = await this.store.processPending(statusId, this.chunk, this.indexing);
      if (left === 0) return;
      // Let requests in between chunks.
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
}
