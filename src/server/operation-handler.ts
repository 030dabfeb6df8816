import type { operations as Operations21 } from '../../generated/taxii-2.1.js';
import type { Reply, RequestContext } from '../taxii/service.js';

/** Any document's generated `operations` type. */
type AnyOperations = object;

/** The operationIds of the TAXII 2.1 document. */
export type OperationId = keyof Operations21;

type Parameters<Ops extends AnyOperations, Op extends keyof Ops> = Ops[Op] extends {
  parameters: infer P;
}
  ? P
  : never;

type PathOf<Ops extends AnyOperations, Op extends keyof Ops> =
  Parameters<Ops, Op> extends { path: infer P }
    ? P extends object
      ? P
      : never
    : Record<string, never>;

type QueryOf<Ops extends AnyOperations, Op extends keyof Ops> =
  Parameters<Ops, Op> extends { query?: infer Q }
    ? [Q] extends [never]
      ? {}
      : NonNullable<Q>
    : {};

/** A request as a handler sees it: path parameters, query and headers, typed from the document. */
export interface OperationRequest<Ops extends AnyOperations, Op extends keyof Ops> {
  params: Readonly<PathOf<Ops, Op>>;
  query: Readonly<QueryOf<Ops, Op>>;
  headers: Readonly<Record<string, string | string[] | undefined>>;
  /** The parsed JSON body of a POST, as sent: checkBody() validates it. */
  body: unknown;
  /**
   * Throws a TAXII 400 unless the body is valid against the operation's request body schema;
   * the handler calls it once it knows the client may make the request at all.
   */
  checkBody: () => void;
}

export type OperationHandler<Ops extends AnyOperations, Op extends keyof Ops> = (
  request: OperationRequest<Ops, Op>,
  rc: RequestContext,
) => Reply | Promise<Reply>;

/** Exactly one handler per operation in the document: a missing or unknown one fails to compile. */
export type OperationHandlers<Ops extends AnyOperations = Operations21> = {
  readonly [Op in keyof Ops]: OperationHandler<Ops, Op>;
};
