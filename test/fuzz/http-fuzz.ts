import { request } from 'node:http';

import { fuzzRequest, type FuzzRequest } from './http-inputs.js';
import { Random } from '../support/random.js';

export interface FuzzReport {
  tried: number;
  /** Inputs node's own client refused to send (e.g. a header with a newline). */
  unsendable: number;
  byStatus: Record<string, number>;
  failures: Array<{ request: FuzzRequest; problem: string }>;
}

interface Answer {
  status: number;
  contentType: string | undefined;
  body: string;
}

const MEDIA_TYPES = new Set([
  'application/taxii+json;version=2.1',
  'application/vnd.oasis.taxii+json; version=2.0',
  'application/vnd.oasis.stix+json; version=2.0',
]);
const STACK = /\n\s+at |\bat [\w.<>]+ \(|\.(ts|js):\d+/;

/**
 * Sends `inputs` generated requests to a running server, one at a time, and checks that each
 * answer is a well-formed TAXII response with a 2xx or 4xx status and no internals in it.
 */
export async function runHttpFuzz(
  baseUrl: string,
  collectionIds: readonly string[],
  options: { inputs: number; seed: number; timeoutMs?: number },
): Promise<FuzzReport> {
  const random = new Random(options.seed);
  const report: FuzzReport = { tried: 0, unsendable: 0, byStatus: {}, failures: [] };
  const { hostname, port } = new URL(baseUrl);

  for (let i = 0; i < options.inputs; i++) {
    const input = fuzzRequest(random, collectionIds);
    let answer: Answer | null;
    try {
      answer = await send(hostname, Number(port), input, options.timeoutMs ?? 10_000);
    } catch (error) {
      const message = (error as Error).message;
      report.failures.push({ request: input, problem: `no answer: ${message}` });
      continue;
    }
    report.tried++;
    if (answer === null) {
      report.unsendable++;
      continue;
    }
    report.byStatus[answer.status] = (report.byStatus[answer.status] ?? 0) + 1;
    const problem = judge(input, answer);
    if (problem) report.failures.push({ request: input, problem });
  }
  return report;
}

function judge(input: FuzzRequest, answer: Answer): string | null {
  if (
    answer.status >= 500 ||
    answer.status < 200 ||
    (answer.status >= 300 && answer.status < 400)
  ) {
    return `status ${answer.status}: ${answer.body.slice(0, 200)}`;
  }
  if (!MEDIA_TYPES.has(answer.contentType ?? '')) {
    return `Content-Type ${String(answer.contentType)}`;
  }
  if (STACK.test(answer.body)) return `internals in the body: ${answer.body.slice(0, 200)}`;
  if (input.method === 'HEAD') return null;

  let body: unknown;
  try {
    body = JSON.parse(answer.body);
  } catch {
    return `body is not JSON: ${answer.body.slice(0, 200)}`;
  }
  if (answer.status >= 400) {
    const error = body as { title?: unknown; http_status?: unknown };
    if (typeof error.title !== 'string') return 'error without a title';
    if (error.http_status !== String(answer.status)) return 'error http_status differs';
  }
  return null;
}

function send(host: string, port: number, input: FuzzRequest, timeoutMs: number) {
  return new Promise<Answer | null>((resolve, reject) => {
    let req;
    try {
      req = request({
        host,
        port,
        method: input.method,
        path: input.target,
        headers: input.headers,
      });
    } catch {
      resolve(null);
      return;
    }
    req.setTimeout(timeoutMs, () => req.destroy(new Error(`timed out after ${timeoutMs} ms`)));
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          contentType: res.headers['content-type'],
          body: Buffer.concat(chunks).toString('utf8'),
        }),
      );
    });
    req.on('error', reject);
    req.end(input.body);
  });
}
