import { createServer as createHttpServer, type RequestListener, type Server } from 'node:http';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';

import type { ServerConfig } from '../config/config.js';
import { httpsServerOptions, readSecureContext } from './tls-context.js';

export interface Listener {
  server: Server | HttpsServer;
  secure: boolean;
  /** Reads the TLS files again and uses them for new connections; open ones are kept. */
  reloadTls(): void;
}

/**
 * The HTTP or HTTPS server with the abuse limits node enforces itself: the size of a request's
 * head, the time its headers and its whole body may take to arrive, how long an idle
 * keep-alive connection and a silent connection are kept, and the TLS handshake's time.
 */
export function createListener(app: RequestListener, config: Readonly<ServerConfig>): Listener {
  const { limits } = config;
  const common = {
    maxHeaderSize: limits.maxHeaderBytes,
    headersTimeout: Math.min(limits.headersTimeoutMs, limits.requestTimeoutMs),
    requestTimeout: limits.requestTimeoutMs,
    // Node checks the two timeouts on this interval; the default (30 s) would blur short ones.
    connectionsCheckingInterval: clamp(
      Math.min(limits.headersTimeoutMs, limits.requestTimeoutMs) / 4,
      10,
      30_000,
    ),
  };

  const tls = config.tls;
  const handshakeTimeout = limits.headersTimeoutMs;
  const server = tls
    ? createHttpsServer({ ...common, ...httpsServerOptions(tls), handshakeTimeout }, app)
    : createHttpServer(common, app);
  server.keepAliveTimeout = limits.keepAliveTimeoutMs;
  // A socket with no traffic for this long is destroyed: slow readers as well as slow writers.
  server.timeout = limits.idleTimeoutMs;

  return {
    server,
    secure: tls !== null,
    reloadTls() {
      if (tls) (server as HttpsServer).setSecureContext(readSecureContext(tls));
    },
  };
}

function clamp(value: number, low: number, high: number): number {
  return Math.max(low, Math.min(high, Math.round(value)));
}
