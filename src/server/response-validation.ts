import type { NextFunction, Request, Response } from 'express';

import { STIX_20, TAXII_20, TAXII_21 } from './media-types.js';
import { createResponseJudge, loadCheckingBackend, type ResponseJudge } from './response-check.js';
import { TAXII_20_DOCUMENT } from './taxii20-backend.js';
import { TAXII_21_DOCUMENT } from './taxii21-backend.js';
import { isDocsPath } from './docs-routes.js';

/** The response judges of both documents; a response's media type says which one applies. */
export interface DocumentJudges {
  '2.0': ResponseJudge;
  '2.1': ResponseJudge;
}

export async function loadDocumentJudges(): Promise<DocumentJudges> {
  const [v20, v21] = await Promise.all([
    loadCheckingBackend(TAXII_20_DOCUMENT),
    loadCheckingBackend(TAXII_21_DOCUMENT),
  ]);
  return { '2.0': createResponseJudge(v20), '2.1': createResponseJudge(v21) };
}

/**
 * `--validate-responses`: every response is checked against the document of the TAXII version
 * it was written in, after it has gone out, and each violation is logged on its own line with
 * the operation and the status. The response itself is never changed or held back.
 */
export function responseValidation(judges: DocumentJudges) {
  return (req: Request, res: Response, next: NextFunction): void => {
    // Replies are written with one `end(body)`; keeping that chunk is all the capture needed.
    let sent: unknown;
    const end = res.end.bind(res) as (...args: unknown[]) => Response;
    res.end = ((...args: unknown[]) => {
      if (typeof args[0] === 'string' || Buffer.isBuffer(args[0])) sent = args[0];
      return end(...args);
    }) as Response['end'];

    res.on('finish', () => {
      // HEAD responses carry no body, and the documents describe GET's. The API docs are no
      // TAXII resources, though their paths match the API root's template.
      if (req.method === 'HEAD' || !isTaxiiResponse(res) || isDocsPath(req.path)) return;
      const contentType = headerText(res.getHeader('content-type'));
      const judge = judges[contentType === TAXII_20 || contentType === STIX_20 ? '2.0' : '2.1'];
      const { operation, problems } = judge({
        method: req.method,
        path: req.path.endsWith('/') ? req.path : `${req.path}/`,
        status: res.statusCode,
        contentType,
        headers: lowerCaseHeaders(res.getHeaders()),
        body: parsedBody(sent),
      });
      const { log } = res.locals.facts;
      for (const violation of problems) {
        log.warn(
          { operation, status: res.statusCode, violation },
          'response breaks the OpenAPI document',
        );
      }
    });
    next();
  };
}

const TAXII_MEDIA_TYPES: readonly string[] = [TAXII_21, TAXII_20, STIX_20];

/**
 * Whether the TAXII layer wrote a response: it had chosen the request's TAXII version, or the
 * response is in a TAXII media type (errors before that choice). Health, metrics and anything
 * else served beside TAXII are not described by the documents, though their paths may match
 * the API root's template.
 */
export function isTaxiiResponse(res: Response): boolean {
  if (res.locals.facts.mediaType !== undefined) return true;
  return TAXII_MEDIA_TYPES.includes(headerText(res.getHeader('content-type')) ?? '');
}

function headerText(value: number | string | string[] | undefined): string | null {
  if (value === undefined) return null;
  return Array.isArray(value) ? value.join(', ') : String(value);
}

function lowerCaseHeaders(headers: ReturnType<Response['getHeaders']>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    const text = headerText(value);
    if (text !== null) out[name.toLowerCase()] = text;
  }
  return out;
}

/** The body as JSON; text that is not JSON is checked as the string it is, and fails. */
function parsedBody(sent: unknown): unknown {
  if (sent === undefined) return undefined;
  const text = Buffer.isBuffer(sent) ? sent.toString('utf8') : String(sent);
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
