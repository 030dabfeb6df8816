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

// The store renders each indicator once per STIX version under an opaque profile name; the
// 2.1 profile is the one whose objects carry `"spec_version":"2.1"` (STIX 2.0 has no such field).
const SPEC_21 = '%"spec_version":"2.1"%';

/** The name of the store's STIX 2.1 rendering profile, found by index seeks, not a scan. */
export function sqliteProfile21(db: Database.Database): string {
  const next = db.prepare(
    'SELECT profile FROM stix_objects WHERE profile > ? ORDER BY profile LIMIT 1',
  );
  const sample = db.prepare(
    'SELECT json LIKE ? AS v21 FROM stix_objects WHERE profile = ? LIMIT 1',
  );
  for (let profile = next.get('') as { profile: string } | undefined; profile;) {
    if ((sample.get(SPEC_21, profile.profile) as { v21: number }).v21) return profile.profile;
    profile = next.get(profile.profile) as { profile: string } | undefined;
  }
  throw new Error('the store holds no STIX 2.1 objects');
}

export function sqliteFacts(path: string): StoreFacts {
  const db = new Database(path, { readonly: true });
  try {
    const profile = sqliteProfile21(db);
    const { objects } = db
      .prepare('SELECT count(*) AS objects FROM stix_objects WHERE profile = ?')
      .get(profile) as { objects: number };
    const row = db
      .prepare(
        'SELECT date_added AS d FROM stix_objects WHERE profile = ? ' +
          'ORDER BY date_added DESC, object_id DESC LIMIT 1 OFFSET ?',
      )
      .get(profile, Math.min(objects - 1, INCREMENTAL_TAIL)) as { d: number };
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
    const profiles = await client.query<{ profile: string }>(
      'SELECT profile FROM (SELECT DISTINCT profile FROM stix_objects) p WHERE ' +
        '(SELECT o.json FROM stix_objects o WHERE o.profile = p.profile LIMIT 1) LIKE $1',
      [SPEC_21],
    );
    const profile = profiles.rows[0]?.profile;
    if (!profile) throw new Error('the PostgreSQL store holds no STIX 2.1 objects');
    const count = await client.query<{ n: string }>(
      'SELECT count(*) AS n FROM stix_objects WHERE profile = $1',
      [profile],
    );
    const objects = Number(count.rows[0]?.n ?? 0);
    const tail = await client.query<{ d: string }>(
      'SELECT date_added AS d FROM stix_objects WHERE profile = $1 ' +
        'ORDER BY date_added DESC, object_id DESC LIMIT 1 OFFSET $2',
      [profile, Math.min(objects - 1, INCREMENTAL_TAIL)],
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
