/**
 * From a store URL to a `pg` pool. The URL is a libpq-style connection URI
 * (`postgres://user@host:port/database?sslmode=require&options=-c%20search_path%3Dfeeds`);
 * `pool_max` and `pool_idle_ms` size the pool, and `connect_timeout` (seconds, libpq's name)
 * bounds each connection attempt; none is sent to the server. Anything the URL leaves out
 * comes from the PG* environment variables (PGPASSWORD, PGHOST ...), as in psql.
 */
import pg from 'pg';

export const DEFAULT_POOL_MAX = 10;

/** Whether a store location names a PostgreSQL database rather than a SQLite file. */
export function isPostgresUrl(location: string): boolean {
  return /^postgres(?:ql)?:\/\//i.test(location);
}

export interface PoolSettings {
  config: pg.PoolConfig;
  /** The URL without its password, for logs and `info`. */
  location: string;
}

/** Reads the pool settings from the URL; throws a message naming the bad parameter. */
export function poolSettings(url: string): PoolSettings {
  const parsed = parseUrl(url);
  const max = positiveInteger(parsed, 'pool_max', DEFAULT_POOL_MAX);
  const idle = positiveInteger(parsed, 'pool_idle_ms', 30_000);
  const timeout = positiveInteger(parsed, 'connect_timeout', 10);
  const options = ['-c jit=off', parsed.searchParams.get('options')].filter(Boolean).join(' ');
  for (const name of ['pool_max', 'pool_idle_ms', 'connect_timeout', 'options']) {
    parsed.searchParams.delete(name);
  }

  const config: pg.PoolConfig = {
    connectionString: parsed.toString(),
    // Page queries are short; JIT-compiling one (PostgreSQL's default above a cost estimate that
    // custom-field tests reach) costs more than the query. Options in the URL come after this.
    options,
    max,
    idleTimeoutMillis: idle,
    // Without a bound, an unreachable host would hold start-up (or a request) indefinitely.
    connectionTimeoutMillis: timeout * 1000,
    application_name: parsed.searchParams.get('application_name') ?? 'taxii2-server',
    types: { getTypeParser: typeParser as pg.CustomTypesConfig['getTypeParser'] },
  };
  return { config, location: redactedLocation(url) };
}

function parseUrl(url: string): URL {
  try {
    return new URL(url);
  } catch {
    throw new Error(
      'the store URL is not a valid URL; expected postgres://USER@HOST:PORT/DATABASE',
    );
  }
}

function positiveInteger(url: URL, name: string, fallback: number): number {
  const text = url.searchParams.get(name);
  if (text === null) return fallback;
  if (!/^[1-9]\d{0,6}$/.test(text)) {
    throw new Error(`the store URL's ${name} is "${text}"; expected a positive whole number`);
  }
  return Number(text);
}

const INT8_OID = 20;

// Dates are bigint microseconds and keys bigint; `pg` hands int8 over as text by default. Both
// stay far inside the range a double holds exactly, and a value outside it is an error, not a
// silently rounded date.
function typeParser(oid: number, format?: string): (text: string) => unknown {
  if (oid !== INT8_OID) {
    return pg.types.getTypeParser(oid, format as 'text') as (text: string) => unknown;
  }
  return (text: string) => {
    const n = Number(text);
    if (!Number.isSafeInteger(n)) throw new Error(`bigint ${text} is beyond exact integer range`);
    return n;
  };
}

/** The URL as logs may show it: without its password. */
function redactedLocation(url: string): string {
  const parsed = parseUrl(url);
  if (parsed.password) parsed.password = '';
  return parsed.toString();
}
