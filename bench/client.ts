/**
 * The benchmark client, run as its own process so that its CPU is not the server's:
 *
 *   node --import tsx bench/client.ts '{"scenario": ..., "target": {...}, ...}'
 *
 * Runs one scenario and prints its figures as one JSON line.
 */
import { HttpClient } from './http-get.js';
import {
  checkCounting,
  firstPageUrl,
  fullPull,
  incrementalUrl,
  pollers,
  rangePull,
  repeated,
  type Target,
} from './scenarios.js';

export type ScenarioName = 'full' | 'first' | 'incremental' | 'manifest' | 'pollers' | 'range';

export interface ClientRequest {
  scenario: ScenarioName;
  target: Target;
  limit: number;
  repeat: number;
  concurrency: number;
  seconds: number;
  /** For `incremental`: the date_added (microseconds) to poll after. */
  addedAfter?: number;
}

async function run(request: ClientRequest): Promise<unknown> {
  const { target, limit } = request;
  const client = new HttpClient(new URL(target.base), Math.max(1, request.concurrency));
  try {
    switch (request.scenario) {
      case 'full':
        await checkCounting(client, target, limit);
        return await fullPull(client, target, limit);
      case 'manifest':
        return await fullPull(client, target, limit, true);
      case 'first':
        return await repeated(client, target, firstPageUrl(target, limit), request.repeat);
      case 'incremental':
        return await repeated(
          client,
          target,
          incrementalUrl(target, limit, request.addedAfter ?? 0),
          request.repeat,
        );
      case 'pollers':
        return await pollers(client, target, {
          concurrency: request.concurrency,
          seconds: request.seconds,
          limit,
        });
      case 'range':
        return await rangePull(client, target, limit, request.repeat);
    }
  } finally {
    client.close();
  }
}

const request = JSON.parse(process.argv[2] ?? '{}') as ClientRequest;
process.stdout.write(`${JSON.stringify(await run(request))}\n`);
