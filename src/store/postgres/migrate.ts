import type pg from 'pg';

import { MIGRATIONS } from './schema.js';

export class StoreVersionError extends Error {}

/** Advisory lock classes (the first key); the second key is the schema's hash. */
export const LOCK_CLASS = { migration: 0x7a11_0001, writer: 0x7a11_0002 } as const;

/** What migrate learned about the database it opened. */
export interface SchemaState {
  /** The session cannot write: a hot standby, or `default_transaction_read_only`. */
  readOnly: boolean;
}

/**
 * Brings the schema up to date (or up to version `upTo`, as an earlier server left it).
 * Replicas starting together all find it behind, queue on one advisory lock, and each re-reads
 * the version once it holds the lock, so every migration runs once; DDL is transactional in
 * PostgreSQL, so a failed migration leaves nothing behind. A read-only session (a standby
 * serving reads) never migrates: it needs a current schema.
 */
export async function migrate(
  client: pg.ClientBase,
  upTo = MIGRATIONS.length,
): Promise<SchemaState> {
  const readOnly =
    (await client.query('SHOW transaction_read_only')).rows[0]?.transaction_read_only === 'on';
  const version = await schemaVersion(client);
  checkNotNewer(version);
  if (version >= upTo) return { readOnly };
  if (readOnly) {
    throw new StoreVersionError(
      `the store has schema version ${version} and this server needs ${MIGRATIONS.length}, but ` +
        'the connection is read-only: run taxii2-server once against the primary to migrate it',
    );
  }

  await client.query('BEGIN');
  try {
    await client.query('SELECT pg_advisory_xact_lock($1, hashtext(current_schema()))', [
      LOCK_CLASS.migration,
    ]);
    await client.query(
      'CREATE TABLE IF NOT EXISTS schema_migrations ' +
        '(version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())',
    );
    const locked = await schemaVersion(client);
    checkNotNewer(locked);
    for (let next = locked + 1; next <= upTo; next++) {
      const migration = MIGRATIONS[next - 1]!;
      if (typeof migration === 'string') await client.query(migration);
      else await migration(client);
      await client.query('INSERT INTO schema_migrations (version) VALUES ($1)', [next]);
    }
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  }
  return { readOnly };
}

async function schemaVersion(client: pg.ClientBase): Promise<number> {
  const present = await client.query<{ found: boolean }>(
    "SELECT to_regclass('schema_migrations') IS NOT NULL AS found",
  );
  if (!present.rows[0]?.found) return 0;
  const row = await client.query<{ version: number }>(
    'SELECT coalesce(max(version), 0) AS version FROM schema_migrations',
  );
  return row.rows[0]?.version ?? 0;
}

function checkNotNewer(version: number): void {
  if (version > MIGRATIONS.length) {
    throw new StoreVersionError(
      `the store has schema version ${version}, newer than this server's ` +
        `${MIGRATIONS.length}: upgrade taxii2-server or use another --store`,
    );
  }
}
