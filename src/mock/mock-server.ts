import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

import type { Logger } from 'pino';

import { loadDocumentJudges } from '../server/response-validation.js';
import { TAXII_20_DOCUMENT } from '../server/taxii20-backend.js';
import { TAXII_21_DOCUMENT } from '../server/taxii21-backend.js';
import { DISCOVERY } from '../server/version-choice.js';
import { createMockApp } from './mock-app.js';
import { createMockDispatch } from './mock-backend.js';

export interface MockServerOptions {
  host: string;
  port: number;
  logger: Logger;
  requireCredentials: boolean;
}

export interface RunningMock {
  url: string;
  close(): Promise<void>;
}

/** Listens with the mock of both TAXII documents; no store, no configuration file. */
export async function startMockServer(options: MockServerOptions): Promise<RunningMock> {
  const [v21, v20, judges] = await Promise.all([
    createMockDispatch(TAXII_21_DOCUMENT),
    createMockDispatch(TAXII_20_DOCUMENT),
    loadDocumentJudges(),
  ]);
  const app = createMockApp({
    dispatches: { '2.1': v21, '2.0': v20 },
    judges,
    logger: options.logger,
    requireCredentials: options.requireCredentials,
  });
  const server = createServer(app);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  const url = `http://${host}:${port}`;
  options.logger.info(
    { url, discovery: [`${url}${DISCOVERY['2.1']}`, `${url}${DISCOVERY['2.0']}`] },
    'taxii2-server mock listening',
  );
  return {
    url,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
