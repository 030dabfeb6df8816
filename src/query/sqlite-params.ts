/**
 * Building blocks for the SQL compilers: parameters (some resolved at request time) and boolean
 * joins shaped to stay within SQLite's expression depth limit.
 */

type ParamSource = (nowMicros: number) => unknown;

/**
 * Collects parameters in the order they are bound. SQLite's `?` placeholders are positional, so
 * its compiler binds in the order it writes them; PostgreSQL's are numbered (`$1`), given by
 * `placeholder(position)`.
 */
export class SqlParams {
  private readonly sources: ParamSource[] = [];
  private relative = false;

  constructor(private readonly placeholder: (position: number) => string = () => '?') {}

  /** A parameter known at compile time. */
  bind(value: unknown): string {
    this.sources.push(() => value);
    return this.placeholder(this.sources.length);
  }

  /** A parameter `offsetMicros` before the request's `now`. */
  bindAgo(offsetMicros: number): string {
    this.relative = true;
    this.sources.push((now) => now - offsetMicros);
    return this.placeholder(this.sources.length);
  }

  /** A comma-separated list of parameters, for `IN (...)`. */
  bindList(values: readonly unknown[]): string {
    return values.map((value) => this.bind(value)).join(', ');
  }

  /** True when some parameter is relative to the request's time. */
  get usesNow(): boolean {
    return this.relative;
  }

  resolve(nowMicros: number): unknown[] {
    return this.sources.map((source) => source(nowMicros));
  }
}

/** How a dialect writes the constants true and false. */
export interface SqlBooleans {
  readonly true: string;
  readonly false: string;
}

export const SQLITE_BOOLEANS: SqlBooleans = { true: '1', false: '0' };

/**
 * Joins boolean expressions with AND or OR as a balanced tree: SQLite parses `a OR b OR c ...`
 * as a chain one level deeper per term and refuses chains past 1,000 levels.
 */
export function joinBalanced(
  parts: readonly string[],
  op: 'AND' | 'OR',
  booleans: SqlBooleans = SQLITE_BOOLEANS,
): string {
  if (parts.length === 0) return op === 'AND' ? booleans.true : booleans.false;
  if (parts.length === 1) return parts[0]!;
  const mid = Math.ceil(parts.length / 2);
  const left = joinBalanced(parts.slice(0, mid), op, booleans);
  const right = joinBalanced(parts.slice(mid), op, booleans);
  return `(${left} ${op} ${right})`;
}
