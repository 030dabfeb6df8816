import type { Request } from 'express';

import type { BackendRequest } from './document-backend.js';
import { TaxiiError } from './errors.js';

/**
 * The request as a document backend routes and validates it: the raw query string (the
 * backend parses repeated and comma-listed parameters itself), the headers that are present,
 * and the body parsed from the text express read. HEAD is routed as GET, since it is GET
 * without the body (RFC 9110 section 9.3.2) and node leaves the body out itself.
 */
export function backendRequest(req: Request, path: string): BackendRequest {
  return {
    method: req.method === 'HEAD' ? 'GET' : req.method,
    path,
    query: rawQuery(req.originalUrl),
    headers: definedHeaders(req.headers),
    body: parseBody(req),
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

function parseBody(req: Request): unknown {
  if (typeof req.body !== 'string' || req.body === '') return undefined;
  try {
    return JSON.parse(req.body);
  } catch {
    throw new TaxiiError('invalid_request', 'The request body is not valid JSON.');
  }
}
