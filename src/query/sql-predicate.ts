/**
 * A query compiled for a SQL store: what every dialect's compiler produces and every store's
 * page query embeds.
 */
export interface SqlPredicate {
  /**
   * A boolean SQL expression over the indicators table aliased `i`, with positional `?`
   * parameters. It never contains user text, and it is never NULL, so `NOT (sql)` is safe.
   */
  readonly sql: string;
  /** The parameters for `sql`, in order; relative dates are resolved against `nowMicros`. */
  params(nowMicros: number): unknown[];
}
