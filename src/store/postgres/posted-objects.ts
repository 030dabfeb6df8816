/**
 * Writable collections in the PostgreSQL store (see src/store/posted-objects.ts for the model).
 * Every write holds the store's writer lock (write-transaction.ts), so two processes finishing
 * the same status take its pending rows one chunk after the other, never the same row twice.
 */
import type pg from 'pg';

import type { IndicatorInput } from '../../indicators/indicator.js';
import type { StixRenderer } from '../../stix/rendered.js';
import { toStoredIndicator } from '../indicator-record.js';

import { formatStixTimestamp } from '../../time/microseconds.js';
import { postedBatches, type PostedBatch, type PostedRow } from '../posted-dump.js';
import { chunkIndicators, idsToRead, indicatorKey, type NewestPosted } from '../posted-indexing.js';
import {
  type PostedFilter,
  type PostedIndexing,
  type PostedObjectInput,
  type PostedObjectStore,
  type RefusedObject,
  type WriteStatus,
} from '../posted-objects.js';
import { postedConditions, postedDeleteKeysSql, postedPageSql, SqlParams } from '../posted-sql.js';
import {
  acceptedRows,
  heldOutcome,
  type PendingRow,
  settledValues,
  STATUS_OBJECT_COLUMNS,
  statusFromRows,
  type StatusObjectRow,
} from '../status-rows.js';
import type { ObjectPage, ObjectRecord, WriteSummary } from '../store.js';
import { readRowsWhere } from './read-rows.js';
import { inWriteTransaction } from './write-transaction.js';

/** The store's upsert, run in the caller's write transaction. */
export type UpsertInTransaction = (
  client: pg.ClientBase,
  records: readonly IndicatorInput[],
  renderers: readonly StixRenderer[],
) => Promise<WriteSummary>;

/** Rows per insert statement when a request is accepted. */
const CHUNK = 500;

export class PostgresPostedObjects implements PostedObjectStore {
  constructor(
    private readonly pool: pg.Pool,
    private readonly assertWritable: () => void,
    private readonly upsert: UpsertInTransaction,
  ) {}

  async acceptObjects(
    status: { id: string; collection: string; requestTimestamp: number; expires: number },
    objects: readonly PostedObjectInput[],
    refused: readonly RefusedObject[],
  ): Promise<void> {
    this.assertWritable();
    const rows = acceptedRows(objects, refused);
    await inWriteTransaction(this.pool, async (client) => {
      await client.query(
        'INSERT INTO write_statuses (id, collection, request_timestamp, expires) ' +
          'VALUES ($1, $2, $3, $4)',
        [status.id, status.collection, status.requestTimestamp, status.expires],
      );
      for (let from = 0; from < rows.length; from += CHUNK) {
        const chunk = rows.slice(from, from + CHUNK);
        const column = (i: number) => chunk.map((row) => row[i]);
        await client.query(
          `INSERT INTO write_status_objects (status, ${STATUS_OBJECT_COLUMNS}) ` +
            'SELECT $1, * FROM unnest($2::int[], $3::text[], $4::text[], $5::text[], $6::text[], ' +
            '$7::bigint[], $8::text[], $9::text[], $10::text[])',
          [status.id, ...[0, 1, 2, 3, 4, 5, 6, 7, 8].map(column)],
        );
      }
    });
  }

  async processPending(
    statusId: string,
    limit: number,
    indexing?: PostedIndexing,
  ): Promise<number> {
    this.assertWritable();
    return inWriteTransaction(this.pool, async (client) => {
      const found = await client.query<{ collection: string }>(
        'SELECT collection FROM write_statuses WHERE id = $1',
        [statusId],
      );
      const collection = found.rows[0]?.collection;
      if (collection === undefined) return 0;

      const pending = await client.query<PendingRow>(
        'SELECT seq, object_id, version, version_us, type, spec_version, json ' +
          "FROM write_status_objects WHERE status = $1 AND outcome = 'pending' ORDER BY seq LIMIT $2",
        [statusId, limit],
      );
      const added = await addChunk(client, statusId, collection, pending.rows);
      if (indexing && added.length > 0) {
        await this.index(client, collection, added, indexing);
      }
      const left = await client.query<{ n: number }>(
        "SELECT count(*) AS n FROM write_status_objects WHERE status = $1 AND outcome = 'pending'",
        [statusId],
      );
      return left.rows[0]?.n ?? 0;
    });
  }

  // The chunk's added objects as indicators, in its transaction (see PostedIndexing).
  private async index(
    client: pg.ClientBase,
    collection: string,
    added: readonly PendingRow[],
    indexing: PostedIndexing,
  ): Promise<void> {
    const newest = await client.query<NewestPosted>(
      'SELECT DISTINCT ON (p.object_id) p.object_id, p.version_us, p.json FROM posted_objects p ' +
        'WHERE p.collection = $1 AND p.object_id = ANY($2::text[]) ' +
        'ORDER BY p.object_id, p.version_us DESC',
      [collection, idsToRead(added, indexing)],
    );
    const posted = chunkIndicators(collection, added, newest.rows, indexing);
    if (posted.length === 0) return;

    const types = posted.map((p) => p.indicator.type);
    const values = posted.map((p) => p.indicator.value);
    const rows = await readRowsWhere(
      client,
      '(i.type, i.value) IN (SELECT * FROM unnest($1::text[], $2::text[]))',
      [types, values],
      posted.length,
    );
    const stored = new Map(
      rows.map((r) => [indicatorKey(r.row), toStoredIndicator(r.key, r.row, r.dateAdded)]),
    );
    const records = posted.map((p) =>
      indexing.merge(p, stored.get(indicatorKey(p.indicator)) ?? null),
    );
    await this.upsert(client, records, indexing.renderers);
  }

  async unfinishedStatuses(): Promise<string[]> {
    const result = await this.pool.query<{ id: string }>(
      'SELECT s.id FROM write_statuses s WHERE EXISTS (SELECT 1 FROM write_status_objects o ' +
        "WHERE o.outcome = 'pending' AND o.status = s.id) ORDER BY s.request_timestamp, s.id",
    );
    return result.rows.map((r) => r.id);
  }

  async readStatus(statusId: string): Promise<WriteStatus | null> {
    const status = await this.pool.query<{
      id: string;
      collection: string;
      request_timestamp: number;
    }>('SELECT id, collection, request_timestamp FROM write_statuses WHERE id = $1', [statusId]);
    const head = status.rows[0];
    if (!head) return null;
    const rows = await this.pool.query<StatusObjectRow>(
      'SELECT object_id, version, outcome, message FROM write_status_objects ' +
        'WHERE status = $1 ORDER BY seq',
      [statusId],
    );
    return statusFromRows(head, rows.rows);
  }

  async expireStatuses(now: number): Promise<number> {
    this.assertWritable();
    const result = await this.pool.query('DELETE FROM write_statuses WHERE expires < $1', [now]);
    return result.rowCount ?? 0;
  }

  async pagePosted(filter: PostedFilter): Promise<ObjectPage> {
    const params = new SqlParams((n) => `$${n}`);
    const sql = postedPageSql(filter, params);
    const rows = (await this.pool.query<ObjectRecord>(sql, params.values)).rows;
    const more = rows.length > filter.limit;
    return { objects: more ? rows.slice(0, filter.limit) : rows, more };
  }

  async deletePosted(
    collection: string,
    objectId: string,
    selection: Parameters<PostedObjectStore['deletePosted']>[2],
  ): Promise<number> {
    this.assertWritable();
    return inWriteTransaction(this.pool, async (client) => {
      const params = new SqlParams((n) => `$${n}`);
      const sql = postedDeleteKeysSql(collection, objectId, selection, params);
      const keys = (await client.query<{ version_us: number }>(sql, params.values)).rows;
      await client.query(
        'DELETE FROM posted_objects WHERE collection = $1 AND object_id = $2 ' +
          'AND version_us = ANY($3::bigint[])',
        [collection, objectId, keys.map((k) => k.version_us)],
      );
      return keys.length;
    });
  }

  dumpPosted(limit: number): AsyncIterable<PostedBatch> {
    const read = async (sql: string, values: unknown[]) =>
      (await this.pool.query<PostedRow>(sql, values)).rows;
    return postedBatches((n) => `$${n}`, read, limit);
  }

  async countPosted(filter: Parameters<PostedObjectStore['countPosted']>[0]): Promise<number> {
    const params = new SqlParams((n) => `$${n}`);
    const where = postedConditions(filter, params);
    const sql = `SELECT count(*) AS n FROM posted_objects p WHERE ${where.join(' AND ')}`;
    const result = await this.pool.query<{ n: number }>(sql, params.values);
    return result.rows[0]?.n ?? 0;
  }
}

// Under the writer lock: later than every posted object, from the database clock.
async function firstDateAdded(client: pg.ClientBase): Promise<number> {
  const result = await client.query<{ next: number }>(
    `SELECT greatest(
       (extract(epoch FROM clock_timestamp()) * 1000000)::bigint,
       coalesce((SELECT max(date_added) FROM posted_objects), 0) + 1) AS next`,
  );
  return result.rows[0]!.next;
}

/**
 * Adds a chunk's pending objects and settles each, in a few set-wise statements: one read of
 * the versions already held, one insert, one update. An object already held as posted is a
 * success that adds nothing (a retry duplicates nothing), one that differs a failure; a repeat
 * within the chunk is held by its first copy. Resolves to the rows added.
 */
async function addChunk(
  client: pg.ClientBase,
  statusId: string,
  collection: string,
  rows: readonly PendingRow[],
): Promise<PendingRow[]> {
  const key = (id: string, versionUs: number) => `${id}\u0000${Number(versionUs)}`;
  const found = await client.query<{
    object_id: string;
    version_us: number;
    json: string;
    version: string;
  }>(
    'SELECT object_id, version_us, json, version FROM posted_objects WHERE collection = $1 ' +
      'AND (object_id, version_us) IN (SELECT * FROM unnest($2::text[], $3::bigint[]))',
    [collection, rows.map((r) => r.object_id), rows.map((r) => r.version_us)],
  );
  const held = new Map(found.rows.map((r) => [key(r.object_id, r.version_us), r]));

  let next = await firstDateAdded(client);
  const added: Array<PendingRow & { dateAdded: number }> = [];
  const settled: unknown[][] = [];
  for (const row of rows) {
    const kept = held.get(key(row.object_id, row.version_us));
    if (kept) {
      settled.push([row.seq, ...settledValues(row, heldOutcome(row, kept))]);
      continue;
    }
    const dateAdded = next++;
    row.version ??= formatStixTimestamp(dateAdded);
    held.set(key(row.object_id, row.version_us), { ...row, version: row.version });
    added.push({ ...row, dateAdded });
    settled.push([row.seq, ...settledValues(row, null)]);
  }

  if (added.length > 0) {
    const column = <K extends keyof (typeof added)[number]>(k: K) => added.map((r) => r[k]);
    await client.query(
      'INSERT INTO posted_objects (collection, object_id, version_us, version, type, ' +
        'spec_version, date_added, json) SELECT $1, * FROM unnest($2::text[], $3::bigint[], ' +
        '$4::text[], $5::text[], $6::text[], $7::bigint[], $8::text[])',
      [
        collection,
        column('object_id'),
        column('version_us'),
        column('version'),
        column('type'),
        column('spec_version'),
        column('dateAdded'),
        column('json'),
      ],
    );
  }
  await client.query(
    'UPDATE write_status_objects w SET outcome = u.outcome, message = u.message, ' +
      'version = u.version, json = NULL ' +
      'FROM unnest($2::int[], $3::text[], $4::text[], $5::text[]) AS u(seq, outcome, message, version) ' +
      'WHERE w.status = $1 AND w.seq = u.seq',
    [statusId, ...[0, 1, 2, 3].map((i) => settled.map((values) => values[i]))],
  );
  return added;
}
