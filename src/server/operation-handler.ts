import type { Reply, RequestContext } from '../taxii/service.js';

/** A request as a handler sees it: path parameters and the parsed query. */
export interface OperationRequest {
  params: Readonly<Record<string, string>>;
  query: Readonly<Record<string, unknown>>;
}

export type OperationHandler = (
  request: OperationRequest,
  rc: RequestContext,
) => Reply | Promise<Reply>;

export type OperationHandlers = Readonly<Record<string, OperationHandler>>;
