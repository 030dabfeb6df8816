import type Database from 'better-sqlite3';

import {
  newLabel,
  RELABEL_BATCH,
  relabelCandidatesSql,
  RELABELLED_TABLES,
  relabelSql,
  type RelabelRow,
} from '../posted-spec-relabel.js';
import { SqlParams } from '../posted-sql.js';

/** Relabels posted objects, held and pending, by the current spec version rule (a migration). */
export function relabelPostedSpecVersions(db: Database.Database): void {
  for (const table of RELABELLED_TABLES) {
    let after: RelabelRow | null = null;
    for (;;) {
      const params = new SqlParams(() => '?');
      const sql = relabelCandidatesSql(table, after, params);
      const rows = db.prepare(sql).all(...params.values) as RelabelRow[];
      for (const row of rows) {
        const label = newLabel(row);
        if (label === null) continue;
        const update = new SqlParams(() => '?');
        db.prepare(relabelSql(table, row, label, update)).run(...update.values);
      }
      if (rows.length < RELABEL_BATCH) break;
      after = rows[rows.length - 1]!;
    }
  }
}
