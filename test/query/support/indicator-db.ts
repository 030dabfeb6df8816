/**
 * A real SQLite file with the store's schema (MIGRATIONS), filled with indicators, for running
 * compiled queries exactly as the store would embed them.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import Database from 'better-sqlite3';

import type { StoredIndicator } from '../../../src/indicators/indicator.js';
import type { SqlPredicate } from '../../../src/query/sql-predicate.js';
import { migrate } from '../../../src/store/sqlite/migrate.js';
import { parseTimestamp } from '../../../src/time/microseconds.js';

export interface IndicatorDb {
  readonly db: Database.Database;
  /** The keys of the rows the predicate selects, sorted. */
  keysWhere(predicate: SqlPredicate, nowMicros: number): number[];
  close(): void;
}

export function createIndicatorDb(indicators: readonly StoredIndicator[]): IndicatorDb {
  const dir = mkdtempSync(join(tmpdir(), 'taxii2-query-'));
  const db = new Database(join(dir, 'indicators.db'));
  migrate(db);
  insertAll(db, indicators);

  return {
    db,
    keysWhere(predicate, nowMicros) {
      const sql = `SELECT key FROM indicators i WHERE ${predicate.sql} ORDER BY key`;
      const rows = db.prepare(sql).all(...predicate.params(nowMicros)) as { key: number }[];
      return rows.map((row) => row.key);
    },
    close() {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function micros(iso: string | null): number | null {
  if (iso === null) return null;
  const value = parseTimestamp(iso);
  if (value === null) throw new Error(`fixture date is not a timestamp: ${iso}`);
  return value;
}

function insertAll(db: Database.Database, indicators: readonly StoredIndicator[]): void {
  const row = db.prepare(`
    INSERT INTO indicators (key, type, value, score, created, modified, first_seen, last_seen,
      expiration, tlp, description, aggregated_reliability, stix_id, custom_fields,
      relationships, content_hash, date_added)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const tag = db.prepare('INSERT OR IGNORE INTO indicator_tags (indicator, tag) VALUES (?, ?)');
  const source = db.prepare(
    'INSERT OR IGNORE INTO indicator_sources (indicator, kind, name) VALUES (?, ?, ?)',
  );

  db.transaction(() => {
    for (const x of indicators) {
      row.run(
        x.key,
        x.type,
        x.value,
        x.score,
        micros(x.created),
        micros(x.modified),
        micros(x.firstSeen),
        micros(x.lastSeen),
        micros(x.expiration),
        x.tlp,
        x.description,
        x.aggregatedReliability,
        x.stixId,
        JSON.stringify(x.customFields),
        JSON.stringify(x.relationships),
        'fixture',
        x.dateAdded,
      );
      for (const name of x.tags) tag.run(x.key, name);
      for (const name of x.sourceBrands) source.run(x.key, 'brand', name);
      for (const name of x.sourceInstances) source.run(x.key, 'instance', name);
    }
  })();
  db.exec('ANALYZE');
}
