import type { Request } from 'express';

import type { BackendRequest } from './document-backend.js';
import { RawBody } from './request-body.js';

/**
 * The request as a document backend routes and validates it: the raw query string (the
 * backend parses repeated and comma-listed parameters itself), the headers that are present,
 * and the text express read as the body, parsed by the backend once it knows the body's media
 * type is one the operation takes (request-body.ts). HEAD is routed as GET, since it is GET
 * without the body (RFC 9110 section 9.3.2) and node leaves the body out itself.
 */
export function backendRequest(req: Request, path: string): BackendRequest {
  return {
    method: req.method === 'HEAD' ? 'GET' : req.method,
    path,
    query: rawQuery(req.originalUrl),
    headers: definedHeaders(req.headers),
    body: typeof req.body === 'string' && req.body !== '' ? new RawBody(req.body) : undefined,
  };
}

function rawQuery(url: string): string {
  const at = url.indexOf('?');
  return at < 0 ? '' : url.slice(at + 1);
}

function definedHeaders(headers: Request['headers']): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers)) if (value !== undefined) out[name] = value;
  return out;
}
