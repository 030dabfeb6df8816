/**
 * The one error a query can raise: raised while parsing, so a collection whose query cannot be
 * honoured is refused when the configuration loads, never while serving a request.
 */
export class QuerySyntaxError extends Error {
  /** Character offset into the query text where the problem was found. */
  readonly offset: number;
  /** What the parser wanted at that offset, for example `")"` or `a score from 0 to 3`. */
  readonly expected: string;

  constructor(expected: string, offset: number) {
    super(`expected ${expected} at ${offset}`);
    this.name = 'QuerySyntaxError';
    this.expected = expected;
    this.offset = offset;
  }
}
