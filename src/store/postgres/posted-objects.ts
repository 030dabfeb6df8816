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

// What adding one pending object did: added it, found it already held as posted, or refused it.
const ADDED = Symbol('added');
const HELD = Symbol('held');
type AddOutcome = typeof ADDED | typeof HELD | string;

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
      let last = await firstDateAdded(client);
      const added: PendingRow[] = [];
      for (const row of pending.rows) {
        const outcome = await addOne(client, collection, row, last++);
        if (outcome === ADDED) added.push(row);
        const failure = outcome === ADDED || outcome === HELD ? null : outcome;
        await client.query(
          'UPDATE write_status_objects SET outcome = $1, message = $2, version = $3, json = NULL ' +
            'WHERE status = $4 AND seq = $5',
          [...settledValues(row, failure), statusId, row.seq],
        );
      }
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

async function addOne(
  client: pg.ClientBase,
  collection: string,
  row: PendingRow,
  dateAdded: number,
): Promise<AddOutcome> {
  const held = await client.query<{ json: string; version: string }>(
    'SELECT json, version FROM posted_objects ' +
      'WHERE collection = $1 AND object_id = $2 AND version_us = $3',
    [collection, row.object_id, row.version_us],
  );
  const kept = held.rows[0];
  if (kept) return heldOutcome(row, kept) ?? HELD;

  row.version ??= formatStixTimestamp(dateAdded);
  await client.query(
    'INSERT INTO posted_objects (collection, object_id, version_us, version, type, ' +
      'spec_version, date_added, json) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)',
    [
      collection,
      row.object_id,
      row.version_us,
      row.version,
      row.type,
      row.spec_version,
      dateAdded,
      row.json,
    ],
  );
  return ADDED;
}
