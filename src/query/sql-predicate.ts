/**
 * A query compiled for a SQL store: what every dialect's compiler produces and every store's
 * page query embeds.
 */
export interface SqlPredicate {
  /**
   * A boolean SQL expression over the indicators table aliased `i`, with the dialect's
   * placeholders (SQLite `?`, PostgreSQL `$1`, `$2` ...; a PostgreSQL predicate's come first in
   * the statement). It never contains user text, and it is never NULL, so `NOT (sql)` is safe.
   */
  readonly sql: string;
  /**
   * True when the query selects every indicator (the empty query): `sql` is then a constant,
   * and a store may leave the indicators table out of the statement.
   */
  readonly matchesAll: boolean;
  /**
   * True when what the predicate selects depends on the request's time (a relative date, an
   * expiry), so that the same store can answer differently a moment later.
   */
  readonly usesNow: boolean;
  /** The parameters for `sql`, in order; relative dates are resolved against `nowMicros`. */
  params(nowMicros: number): unknown[];
}
