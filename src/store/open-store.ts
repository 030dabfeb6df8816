import { isPostgresUrl } from './postgres/connection.js';
import { PostgresStore } from './postgres/postgres-store.js';
import { SqliteStore } from './sqlite/sqlite-store.js';
import type { IndicatorStore } from './store.js';

export interface OpenStoreOptions {
  /** Millisecond clock; injectable so tests control the dates a store fills in. */
  clock?: () => number;
}

/**
 * Opens the store a location names: a `postgres://` or `postgresql://` URL is a PostgreSQL
 * database shared by any number of server processes; anything else is a SQLite file path.
 */
export async function openStore(
  location: string,
  options: OpenStoreOptions = {},
): Promise<IndicatorStore> {
  const clock = options.clock ? { clock: options.clock } : {};
  if (isPostgresUrl(location)) return PostgresStore.open({ url: location, ...clock });
  return new SqliteStore({ path: location, ...clock });
}
