/**
 * Building blocks for the SQLite compiler: positional parameters (some resolved at request
 * time) and boolean joins shaped to stay within SQLite's expression depth limit.
 */

type ParamSource = (nowMicros: number) => unknown;

/** Collects parameters in the order their `?` placeholders are written. */
export class SqlParams {
  private readonly sources: ParamSource[] = [];

  /** A parameter known at compile time. */
  bind(value: unknown): string {
    this.sources.push(() => value);
    return '?';
  }

  /** A parameter `offsetMicros` before the request's `now`. */
  bindAgo(offsetMicros: number): string {
    this.sources.push((now) => now - offsetMicros);
    return '?';
  }

  /** A comma-separated list of parameters, for `IN (...)`. */
  bindList(values: readonly unknown[]): string {
    return values.map((value) => this.bind(value)).join(', ');
  }

  resolve(nowMicros: number): unknown[] {
    return this.sources.map((source) => source(nowMicros));
  }
}

/**
 * Joins boolean expressions with AND or OR as a balanced tree: SQLite parses `a OR b OR c ...`
 * as a chain one level deeper per term and refuses chains past 1,000 levels.
 */
export function joinBalanced(parts: readonly string[], op: 'AND' | 'OR'): string {
  if (parts.length === 0) return op === 'AND' ? '1' : '0';
  if (parts.length === 1) return parts[0]!;
  const mid = Math.ceil(parts.length / 2);
  const left = joinBalanced(parts.slice(0, mid), op);
  const right = joinBalanced(parts.slice(mid), op);
  return `(${left} ${op} ${right})`;
}
