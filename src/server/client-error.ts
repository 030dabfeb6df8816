import type { Socket } from 'node:net';

import { errorResource, TaxiiError } from './errors.js';
import { TAXII_21 } from './media-types.js';
import { SECURITY_HEADERS } from './security-headers.js';

/**
 * Answers requests that node's HTTP parser refuses before express sees them (oversized
 * headers, malformed request lines) with a TAXII error instead of a bare status line.
 */
export function answerClientError(error: NodeJS.ErrnoException, socket: Socket): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  const tooLarge = error.code === 'HPE_HEADER_OVERFLOW';
  const taxii = new TaxiiError(
    'invalid_request',
    tooLarge ? 'The request headers are too large.' : 'The request is not valid HTTP.',
  );
  const status = tooLarge ? 431 : 400;
  const reason = tooLarge ? 'Request Header Fields Too Large' : 'Bad Request';
  const body = JSON.stringify({ ...errorResource(taxii), http_status: String(status) });
  // A HEAD answer carries no body, or the client would read it as the next response.
  const raw = (error as { rawPacket?: Buffer }).rawPacket;
  const head = raw?.subarray(0, 5).toString('latin1') === 'HEAD ';
  const security = Object.entries(SECURITY_HEADERS).map(([name, value]) => `${name}: ${value}\r\n`);
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nContent-Type: ${TAXII_21}\r\n${security.join('')}` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${head ? '' : body}`,
  );
}
