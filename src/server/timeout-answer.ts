import type { Socket } from 'node:net';

import { errorResource, TaxiiError } from './errors.js';
import { TAXII_21 } from './media-types.js';
import { SECURITY_HEADERS } from './security-headers.js';

/** A request that took too long to arrive: a TAXII 408, then the connection closes. */
export function answerRequestTimeout(socket: Socket): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  const error = new TaxiiError('request_timeout', 'The request did not arrive in time.');
  const body = JSON.stringify(errorResource(error));
  const headers = Object.entries(SECURITY_HEADERS).map(([name, value]) => `${name}: ${value}\r\n`);
  socket.end(
    `HTTP/1.1 408 Request Timeout\r\nContent-Type: ${TAXII_21}\r\n${headers.join('')}` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}
