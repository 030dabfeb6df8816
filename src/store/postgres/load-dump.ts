/**
 * Loading another store's dump: rows, keys, dates and rendered objects, earlier versions
 * included, exactly as they were.
 */
import type pg from 'pg';

import { POSTED_TABLES } from '../posted-dump.js';
import type { StoreDump } from '../store.js';
import {
  insertEarlierVersions,
  insertObjects,
  insertRows,
  writeMultiValued,
} from './row-writes.js';

/** Loads the dump; call inside a write transaction. Refuses a store that holds indicators. */
export async function loadDumpInto(client: pg.ClientBase, dump: StoreDump): Promise<number> {
  const any = await client.query('SELECT 1 FROM indicators LIMIT 1');
  if (any.rowCount) {
    throw new Error('the target store already holds indicators; migrate into an empty store');
  }
  for (const table of POSTED_TABLES) {
    if ((await client.query(`SELECT 1 FROM ${table} LIMIT 1`)).rowCount) {
      throw new Error(
        'the target store already holds posted objects or statuses; migrate into an empty store',
      );
    }
  }

  for (const [key, value] of Object.entries(dump.settings)) {
    await client.query(
      'INSERT INTO meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = $2',
      [key, value],
    );
  }

  let loaded = 0;
  for await (const batch of dump.records) {
    await insertRows(client, batch);
    await writeMultiValued(client, batch, false);
    const objects = batch.flatMap((r) =>
      r.objects.map((object) => ({ indicator: r.key, dateAdded: r.dateAdded, object })),
    );
    await insertObjects(client, objects);
    const earlier = batch.flatMap((r) =>
      (r.earlierVersions ?? []).map((object) => ({
        indicator: r.key,
        dateAdded: r.dateAdded,
        object,
      })),
    );
    await insertEarlierVersions(client, earlier);
    loaded += batch.length;
  }

  // Row for row: json_populate_recordset gives the table's own row type, columns in its order.
  for await (const batch of dump.posted ?? []) {
    await client.query(
      `INSERT INTO ${batch.table} ` +
        `SELECT * FROM json_populate_recordset(NULL::${batch.table}, $1::json)`,
      [JSON.stringify(batch.rows)],
    );
  }

  // New indicators continue after the highest key loaded.
  await client.query(
    "SELECT setval(pg_get_serial_sequence('indicators', 'key'), " +
      'coalesce((SELECT max(key) FROM indicators), 0) + 1, false)',
  );
  return loaded;
}
