/**
 * A lean keep-alive GET for the benchmark client. It keeps only what the scenarios read (the
 * status, the headers, the start of the body and its length) unless asked for the whole body,
 * so the client spends as little CPU as it can on the machine it shares with the server.
 */
import { Agent, request, type IncomingHttpHeaders } from 'node:http';

export interface Response {
  status: number;
  headers: IncomingHttpHeaders;
  /** The first bytes of the body: enough for `more` and `next`. */
  head: string;
  bytes: number;
  /** The whole body, when `whole` was asked for. */
  body?: Buffer;
  /** Occurrences of the `count` marker in the body. */
  counted: number;
  ms: number;
}

export interface GetOptions {
  headers?: Record<string, string>;
  whole?: boolean;
  /** A byte sequence to count, e.g. one that each top-level object carries once. */
  count?: Buffer;
}

const HEAD_BYTES = 1024;

export class HttpClient {
  private readonly agent: Agent;

  constructor(
    private readonly base: URL,
    sockets: number,
  ) {
    if (!['127.0.0.1', '[::1]', 'localhost'].includes(base.hostname)) {
      throw new Error(`the benchmark client talks to loopback only, not ${base.hostname}`);
    }
    this.agent = new Agent({ keepAlive: true, maxSockets: sockets });
  }

  get(pathAndQuery: string, options: GetOptions = {}): Promise<Response> {
    const started = process.hrtime.bigint();
    return new Promise((resolve, reject) => {
      const req = request(
        new URL(pathAndQuery, this.base),
        { agent: this.agent, headers: options.headers },
        (res) => {
          const chunks: Buffer[] = [];
          let head = '';
          let bytes = 0;
          let counted = 0;
          let carry = Buffer.alloc(0);
          res.on('data', (chunk: Buffer) => {
            if (head.length < HEAD_BYTES) head += chunk.subarray(0, HEAD_BYTES).toString('latin1');
            bytes += chunk.length;
            if (options.whole) chunks.push(chunk);
            if (options.count) {
              const joined = carry.length ? Buffer.concat([carry, chunk]) : chunk;
              counted += occurrences(joined, options.count);
              carry = Buffer.from(
                joined.subarray(Math.max(0, joined.length - options.count.length + 1)),
              );
            }
          });
          res.on('end', () =>
            resolve({
              status: res.statusCode ?? 0,
              headers: res.headers,
              head,
              bytes,
              counted,
              ms: Number(process.hrtime.bigint() - started) / 1e6,
              ...(options.whole ? { body: Buffer.concat(chunks) } : {}),
            }),
          );
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end();
    });
  }

  close(): void {
    this.agent.destroy();
  }
}

function occurrences(haystack: Buffer, needle: Buffer): number {
  let n = 0;
  for (
    let at = haystack.indexOf(needle);
    at >= 0;
    at = haystack.indexOf(needle, at + needle.length)
  )
    n++;
  return n;
}
