/**
 * What the benchmark needs to know about a filled store: how many objects it serves, and
 * where the incremental poll starts. Read from the store directly, not through the server.
 */
import { createReadStream, statSync } from 'node:fs';

import Database from 'better-sqlite3';

// The incremental poll asks for what arrived after all but this many objects.
const INCREMENTAL_TAIL = 100;

export interface StoreFacts {
  /** The SQLite file's size; 0 for PostgreSQL. */
  bytes: number;
  objects: number;
  /** date_added of the object INCREMENTAL_TAIL from the end. */
  tailAfter: number;
}

export function sqliteFacts(path: string): StoreFacts {
  const db = new Database(path, { readonly: true });
  try {
    const { objects } = db.prepare('SELECT count(*) AS objects FROM stix_objects').get() as {
      objects: number;
    };
    const row = db
      .prepare(
        'SELECT date_added AS d FROM stix_objects ORDER BY date_added DESC, object_id DESC LIMIT 1 OFFSET ?',
      )
      .get(Math.min(objects - 1, INCREMENTAL_TAIL)) as { d: number };
    return { bytes: statSync(path).size, objects, tailAfter: row.d };
  } finally {
    db.close();
  }
}

// The same facts from a PostgreSQL store, whose tables mirror the SQLite ones.
export async function postgresFacts(url: string): Promise<StoreFacts> {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const count = await client.query<{ n: string }>('SELECT count(*) AS n FROM stix_objects');
    const objects = Number(count.rows[0]?.n ?? 0);
    const tail = await client.query<{ d: string }>(
      'SELECT date_added AS d FROM stix_objects ORDER BY date_added DESC, object_id DESC ' +
        'LIMIT 1 OFFSET $1',
      [Math.min(objects - 1, INCREMENTAL_TAIL)],
    );
    return { bytes: 0, objects, tailAfter: Number(tail.rows[0]?.d ?? 0) };
  } finally {
    await client.end();
  }
}

// Both servers read the same file; reading it once first keeps the first one measured from
// paying for the disk alone.
export async function warmFileCache(path: string): Promise<void> {
  for (const file of [path, `${path}-wal`]) {
    try {
      for await (const _chunk of createReadStream(file, { highWaterMark: 1 << 20 })) {
        // reading is the point
      }
    } catch {
      // no WAL file: nothing to warm
    }
  }
}
