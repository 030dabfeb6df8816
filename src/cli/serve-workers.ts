/**
 * `serve --workers N`: N server processes on one port (node:cluster). The primary prepares the
 * store once (migrations, sample data, rendering for the STIX profile), then forks the workers;
 * each opens its own store connection and serves as a single `serve` would. The primary
 * accepts the connections and hands them to the workers in turn, so accepting stays prompt
 * however busy the workers are. SIGTERM and SIGINT reach the workers as a message (a signal
 * may also reach them directly, from a terminal or a service manager: they stop once either
 * way); SIGHUP is passed on, so every worker reloads.
 */
import cluster, { type Worker } from 'node:cluster';
import { once } from 'node:events';

import type { Logger } from 'pino';

/** The message the primary sends a worker to stop as SIGTERM would. */
export const SHUTDOWN_MESSAGE = 'taxii2-server:shutdown';

/** Whether this process is a worker forked by `serve --workers`. */
export function isServeWorker(): boolean {
  return cluster.isWorker;
}

/** This worker's number (1, 2, ...), as the primary's logs name it. */
export function workerId(): number {
  return cluster.worker?.id ?? 0;
}

/**
 * Forks `count` workers running this same command line and keeps them running: a worker that
 * dies after it has listened is replaced; one that exits before it listens (a configuration
 * error, say) stops the others and its exit code becomes the primary's. Resolves with the exit
 * code once every worker has exited after a shutdown.
 */
export async function runWorkers(count: number, logger: Logger): Promise<number> {
  const listening = new Set<number>();
  let stopping = false;
  let exitCode = 0;

  const fork = (): Worker => {
    const worker = cluster.fork();
    worker.once('listening', () => {
      listening.add(worker.id);
      logger.info({ worker: worker.id, pid: worker.process.pid }, 'worker listening');
    });
    worker.once('exit', (code, signal) => {
      const listened = listening.delete(worker.id);
      if (stopping) return;
      if (!listened) {
        logger.error({ worker: worker.id, code, signal }, 'a worker exited before it listened');
        exitCode = code ?? 1;
        stop();
        return;
      }
      logger.error({ worker: worker.id, code, signal }, 'a worker died; starting another');
      fork();
    });
    return worker;
  };

  const workers = () => Object.values(cluster.workers ?? {}).filter((w): w is Worker => !!w);
  const stop = () => {
    stopping = true;
    for (const worker of workers()) {
      if (worker.isConnected()) worker.send(SHUTDOWN_MESSAGE);
    }
  };
  const onStop = (signal: NodeJS.Signals) => {
    logger.info({ signal, workers: workers().length }, 'stopping the workers');
    stop();
  };
  const onHangup = () => {
    for (const worker of workers()) worker.process.kill('SIGHUP');
  };
  process.on('SIGTERM', onStop);
  process.on('SIGINT', onStop);
  process.on('SIGHUP', onHangup);

  logger.info({ workers: count }, 'starting the workers');
  for (let i = 0; i < count; i++) fork();
  while (workers().length > 0) await once(cluster, 'exit');

  process.off('SIGTERM', onStop);
  process.off('SIGINT', onStop);
  process.off('SIGHUP', onHangup);
  return exitCode;
}

/** In a worker, once it has stopped serving: closes its channel to the primary. */
export function leavePrimary(): void {
  cluster.worker?.disconnect();
}

/** In a worker: resolves when the primary asks it to stop, or is gone. */
export function untilPrimaryStops(): Promise<'shutdown' | 'primary gone'> {
  return new Promise((resolve) => {
    process.on('message', (message) => {
      if (message === SHUTDOWN_MESSAGE) resolve('shutdown');
    });
    process.once('disconnect', () => resolve('primary gone'));
  });
}
