import { isPostgresUrl } from './postgres/connection.js';
import { PostgresStore } from './postgres/postgres-store.js';
import { SqliteStore } from './sqlite/sqlite-store.js';
import type { IndicatorStore } from './store.js';

export interface OpenStoreOptions {
  /** Millisecond clock; injectable so tests control the dates a store fills in. */
  clock?: () => number;
  /** Versions of each object kept, the latest included; DEFAULT_VERSION_RETENTION if absent. */
  versionRetention?: number;
}

/**
 * Opens the store a location names: a `postgres://` or `postgresql://` URL is a PostgreSQL
 * database shared by any number of server processes; anything else is a SQLite file path.
 */
export async function openStore(
  location: string,
  options: OpenStoreOptions = {},
): Promise<IndicatorStore> {
  const settings = {
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.versionRetention !== undefined
      ? { versionRetention: options.versionRetention }
      : {}),
  };
  if (isPostgresUrl(location)) return PostgresStore.open({ url: location, ...settings });
  return new SqliteStore({ path: location, ...settings });
}
