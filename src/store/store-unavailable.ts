/**
 * Whether an error from a store means the store is out of reach for now, not that the request
 * was wrong: the database is down, restarting, refusing connections or too busy. Such a
 * request can succeed when retried, so the server answers 503 with Retry-After rather than 500.
 */

/** Socket errors on the way to a database server. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
]);

/**
 * PostgreSQL SQLSTATEs: class 08 (connection exception), 57P01-57P03 (the server shutting
 * down, crashed or still starting) and 53300 (too many connections).
 */
const POSTGRES_STATE = /^(08...|57P0[123]|53300)$/;

/** What node-postgres says, without a code, when a connection ends or never comes. */
const POSTGRES_MESSAGES =
  /^(Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error)/;

/** SQLite waited its busy timeout for another process's write lock. */
const SQLITE_BUSY = /^SQLITE_BUSY/;

export function isStoreUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = String((error as { code?: unknown }).code ?? '');
  if (NETWORK_CODES.has(code) || POSTGRES_STATE.test(code) || SQLITE_BUSY.test(code)) return true;
  if (POSTGRES_MESSAGES.test(error.message)) return true;
  // pg wraps a failed connection attempt in AggregateError when a host resolves to several addresses.
  if (error instanceof AggregateError) return error.errors.some(isStoreUnavailable);
  return false;
}
