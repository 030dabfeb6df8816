/**
 * Moving writable collections between stores (`migrate-store`): the rows of posted objects,
 * add request statuses and their objects' outcomes, verbatim, so the target serves the same
 * objects in the same order and answers every status the source answered, pending ones
 * included. Both stores read them by the same keyset queries and write them column for column.
 */
import { SqlParams } from './posted-sql.js';

/** The tables moved, in the order they load (each status before its objects). */
export const POSTED_TABLES = ['posted_objects', 'write_statuses', 'write_status_objects'] as const;

export type PostedTable = (typeof POSTED_TABLES)[number];

/** A table's columns, and the unique key it is read in order of. */
const LAYOUT: Readonly<
  Record<PostedTable, { columns: readonly string[]; key: readonly string[] }>
> = {
  posted_objects: {
    columns: [
      'collection',
      'object_id',
      'version_us',
      'version',
      'type',
      'spec_version',
      'date_added',
      'json',
    ],
    key: ['date_added'],
  },
  write_statuses: { columns: ['id', 'collection', 'request_timestamp', 'expires'], key: ['id'] },
  write_status_objects: {
    columns: [
      'status',
      'seq',
      'object_id',
      'version',
      'outcome',
      'message',
      'version_us',
      'type',
      'spec_version',
      'json',
    ],
    key: ['status', 'seq'],
  },
};

export type PostedRow = Record<string, unknown>;

/** One batch of one table's rows. */
export interface PostedBatch {
  table: PostedTable;
  rows: PostedRow[];
}

/** The query for the `limit` rows of `table` after `after` (the last row read; none at first). */
export function postedBatchSql(
  table: PostedTable,
  after: PostedRow | null,
  limit: number,
  params: SqlParams,
): string {
  const { columns, key } = LAYOUT[table];
  const where =
    after === null
      ? ''
      : `WHERE (${key.join(', ')}) > (${key.map((k) => params.add(after[k])).join(', ')}) `;
  return (
    `SELECT ${columns.join(', ')} FROM ${table} ${where}` +
    `ORDER BY ${key.join(', ')} LIMIT ${params.add(limit)}`
  );
}

/** The insert of one row of `table`, its values bound through `params`. */
export function postedInsertSql(table: PostedTable, params: SqlParams, row: PostedRow): string {
  const { columns } = LAYOUT[table];
  const marks = columns.map((c) => params.add(row[c] ?? null));
  return `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${marks.join(', ')})`;
}

/**
 * Every batch of every table, in load order, read with `read` (one store's way of running a
 * query, with its parameter marks `mark`).
 */
export async function* postedBatches(
  mark: (position: number) => string,
  read: (sql: string, values: unknown[]) => Promise<PostedRow[]> | PostedRow[],
  limit: number,
): AsyncGenerator<PostedBatch> {
  for (const table of POSTED_TABLES) {
    for (let after: PostedRow | null = null; ;) {
      const params = new SqlParams(mark);
      const sql = postedBatchSql(table, after, limit, params);
      const rows = await read(sql, params.values);
      if (rows.length === 0) break;
      yield { table, rows };
      after = rows[rows.length - 1]!;
    }
  }
}
