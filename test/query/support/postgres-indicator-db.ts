/**
 * A real PostgreSQL schema with the store's migrations, filled with indicators, for running
 * compiled queries exactly as the PostgreSQL store embeds them.
 */
import pg from 'pg';

import type { StoredIndicator } from '../../../src/indicators/indicator.js';
import type { SqlPredicate } from '../../../src/query/sql-predicate.js';
import { poolSettings } from '../../../src/store/postgres/connection.js';
import { migrate } from '../../../src/store/postgres/migrate.js';
import { insertRows, writeMultiValued } from '../../../src/store/postgres/row-writes.js';
import { parseTimestamp } from '../../../src/time/microseconds.js';
import { createTestSchema, type TestSchema } from '../../support/postgres-test-db.js';

export interface PostgresIndicatorDb {
  readonly pool: pg.Pool;
  /** The keys of the rows the predicate selects, sorted. */
  keysWhere(predicate: SqlPredicate, nowMicros: number): Promise<number[]>;
  close(): Promise<void>;
}

export async function createPostgresIndicatorDb(
  baseUrl: string,
  indicators: readonly StoredIndicator[],
): Promise<PostgresIndicatorDb> {
  const schema = await createTestSchema(baseUrl);
  const pool = new pg.Pool(poolSettings(schema.url).config);
  const client = await pool.connect();
  try {
    await migrate(client);
    await insertAll(client, indicators);
  } finally {
    client.release();
  }

  return {
    pool,
    async keysWhere(predicate, nowMicros) {
      const sql = `SELECT key FROM indicators i WHERE ${predicate.sql} ORDER BY key`;
      const result = await pool.query<{ key: number }>(sql, predicate.params(nowMicros));
      return result.rows.map((row) => row.key);
    },
    close: () => closeAll(pool, schema),
  };
}

async function closeAll(pool: pg.Pool, schema: TestSchema): Promise<void> {
  await pool.end();
  await schema.drop();
}

function micros(iso: string | null): number | null {
  if (iso === null) return null;
  const value = parseTimestamp(iso);
  if (value === null) throw new Error(`fixture date is not a timestamp: ${iso}`);
  return value;
}

async function insertAll(
  client: pg.PoolClient,
  indicators: readonly StoredIndicator[],
): Promise<void> {
  const rows = indicators.map((x) => ({
    key: x.key,
    dateAdded: x.dateAdded,
    row: {
      type: x.type,
      value: x.value,
      score: x.score,
      created: micros(x.created)!,
      modified: micros(x.modified)!,
      firstSeen: micros(x.firstSeen),
      lastSeen: micros(x.lastSeen),
      expiration: micros(x.expiration),
      tlp: x.tlp,
      description: x.description,
      aggregatedReliability: x.aggregatedReliability,
      stixId: x.stixId,
      tags: [...new Set(x.tags)],
      sourceBrands: [...new Set(x.sourceBrands)],
      sourceInstances: [...new Set(x.sourceInstances)],
      customFields: x.customFields,
      relationships: x.relationships,
      contentHash: 'fixture',
    },
  }));
  await client.query('BEGIN');
  await insertRows(client, rows);
  await writeMultiValued(client, rows, false);
  await client.query('COMMIT');
  await client.query('ANALYZE');
}
