import type { OpenAPIBackend } from 'openapi-backend';

import { createDocumentDispatch, type TaxiiDispatch } from '../server/document-backend.js';
import { TaxiiError } from '../server/errors.js';
import { loadCheckingBackend } from '../server/response-check.js';
import type { Reply, RequestContext } from '../taxii/service.js';
import {
  chooseExample,
  mockExamples,
  type MockExample,
  type MockRequest,
} from './mock-examples.js';

/** A request context that also carries the media type the request's Accept settled on. */
export interface MockContext extends RequestContext {
  mediaType: string;
}

/** A request as the router hands it over, with the server's own check of its body. */
interface RoutedRequest extends MockRequest {
  checkBody: () => void;
}

/**
 * A dispatch for one document that answers every operation from the document's own examples:
 * the same routing and request validation as the server (unknown paths 404, wrong methods 405,
 * invalid parameters 400, a body its schema refuses 400), then the example whose
 * `x-taxii-mock` conditions fit the request, read through openapi-backend's mock responses.
 */
export async function createMockDispatch(document: string): Promise<TaxiiDispatch> {
  const api = await loadCheckingBackend(document);
  const examples = mockExamples(api.definition);
  const handlers = Object.fromEntries(
    [...examples].map(([operationId, candidates]) => [
      operationId,
      (request: RoutedRequest, rc: RequestContext) =>
        mockReply(api, candidates, request, (rc as MockContext).mediaType),
    ]),
  );
  return createDocumentDispatch(document, handlers);
}

function mockReply(
  api: OpenAPIBackend,
  candidates: readonly MockExample[],
  request: RoutedRequest,
  mediaType: string,
): Reply {
  const example =
    chooseExample(candidates, request, (e) => sameMediaType(e.mediaType, mediaType)) ??
    chooseExample(candidates, request);
  if (!example) {
    throw new TaxiiError('not_found', 'No example in the OpenAPI document answers this request.');
  }
  // The server judges a body once nothing else refuses the request (an unknown collection, a
  // reader's write), so only a request an example answers with success has its body judged.
  if (example.status < 400) request.checkBody();
  const { status, mock } = api.mockResponseForOperation(example.operationId, {
    code: example.status,
    mediaType: example.mediaType,
    example: example.name,
  });
  return {
    status: Number(status),
    headers: { 'Content-Type': example.mediaType, ...example.headers },
    body: JSON.stringify(mock),
  };
}

function sameMediaType(a: string, b: string): boolean {
  const normalize = (text: string) => text.replace(/\s+/g, '').toLowerCase();
  return normalize(a) === normalize(b);
}
