import type pg from 'pg';

import {
  newLabel,
  RELABEL_BATCH,
  relabelCandidatesSql,
  RELABELLED_TABLES,
  relabelSql,
  type RelabelRow,
} from '../posted-spec-relabel.js';
import { SqlParams } from '../posted-sql.js';

/**
 * Relabels posted objects, held and pending, by the current spec version rule (a migration).
 * The rule reads each object in JavaScript: PostgreSQL's JSON operators refuse text that
 * JSON.parse takes (a `\u0000`, a lone surrogate), which would stop the migration.
 */
export async function relabelPostedSpecVersions(client: pg.ClientBase): Promise<void> {
  for (const table of RELABELLED_TABLES) {
    let after: RelabelRow | null = null;
    for (;;) {
      const params = new SqlParams((n) => `$${n}`);
      const sql = relabelCandidatesSql(table, after, params);
      const { rows } = await client.query<RelabelRow>(sql, params.values);
      for (const row of rows) {
        const label = newLabel(row);
        if (label === null) continue;
        const update = new SqlParams((n) => `$${n}`);
        await client.query(relabelSql(table, row, label, update), update.values);
      }
      if (rows.length < RELABEL_BATCH) break;
      after = rows[rows.length - 1]!;
    }
  }
}
