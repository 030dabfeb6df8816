import type { operations } from '../../generated/taxii-2.1.js';
import type { Reply, RequestContext } from '../taxii/service.js';

/** The operationIds of the TAXII 2.1 document. */
export type OperationId = keyof operations;

type Parameters<Op extends OperationId> = operations[Op]['parameters'];

type PathOf<Op extends OperationId> =
  Parameters<Op> extends { path: infer P } ? (P extends object ? P : never) : Record<string, never>;

type QueryOf<Op extends OperationId> =
  Parameters<Op> extends { query?: infer Q } ? ([Q] extends [never] ? {} : NonNullable<Q>) : {};

/** A request as a handler sees it: path parameters and query, typed from the document. */
export interface OperationRequest<Op extends OperationId> {
  params: Readonly<PathOf<Op>>;
  query: Readonly<QueryOf<Op>>;
}

export type OperationHandler<Op extends OperationId> = (
  request: OperationRequest<Op>,
  rc: RequestContext,
) => Reply | Promise<Reply>;

/** Exactly one handler per operation in the document: a missing or unknown one fails to compile. */
export type OperationHandlers = { readonly [Op in OperationId]: OperationHandler<Op> };
