/**
 * Writable collections in the SQLite store (see src/store/posted-objects.ts for the model).
 * SQLite has one writer at a time across processes, so each chunk's transaction owns the
 * pending rows it reads.
 */
import type Database from 'better-sqlite3';

import type { IndicatorInput, StoredIndicator } from '../../indicators/indicator.js';
import type { StixRenderer } from '../../stix/rendered.js';

import { formatStixTimestamp, nowMicros } from '../../time/microseconds.js';
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
import { readIndicatorBatch } from './read-indicators.js';
import type { StatementCache } from './statement-cache.js';

/** The store's upsert, run inside the caller's transaction. */
export type UpsertInTransaction = (
  records: readonly IndicatorInput[],
  renderers: readonly StixRenderer[],
) => WriteSummary;

// What adding one pending object did: added it, found it already held as posted, or refused it.
const ADDED = Symbol('added');
const HELD = Symbol('held');
type AddOutcome = typeof ADDED | typeof HELD | string;

export class SqlitePostedObjects implements PostedObjectStore {
  constructor(
    private readonly db: Database.Database,
    private readonly statements: StatementCache,
    private readonly clock: () => number,
    private readonly upsert: UpsertInTransaction,
  ) {}

  acceptObjects(
    status: { id: string; collection: string; requestTimestamp: number; expires: number },
    objects: readonly PostedObjectInput[],
    refused: readonly RefusedObject[],
  ): Promise<void> {
    const accept = this.db.transaction(() => {
      this.statements
        .get(
          'INSERT INTO write_statuses (id, collection, request_timestamp, expires) ' +
            'VALUES (?, ?, ?, ?)',
        )
        .run(status.id, status.collection, status.requestTimestamp, status.expires);
      const insert = this.statements.get(
        `INSERT INTO write_status_objects (status, ${STATUS_OBJECT_COLUMNS}) ` +
          'VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
      );
      for (const row of acceptedRows(objects, refused)) insert.run(status.id, ...row);
    });
    accept.immediate();
    return Promise.resolve();
  }

  processPending(statusId: string, limit: number, indexing?: PostedIndexing): Promise<number> {
    const chunk = this.db.transaction((): number => {
      const collection = this.statusCollection(statusId);
      if (collection === null) return 0;
      const rows = this.statements
        .get(
          'SELECT seq, object_id, version, version_us, type, spec_version, json ' +
            "FROM write_status_objects WHERE status = ? AND outcome = 'pending' ORDER BY seq LIMIT ?",
        )
        .all(statusId, limit) as PendingRow[];

      let last = this.lastDateAdded();
      const added: PendingRow[] = [];
      for (const row of rows) {
        const dateAdded = (last = Math.max(nowMicros(this.clock), last + 1));
        const outcome = this.addOne(collection, row, dateAdded);
        if (outcome === ADDED) added.push(row);
        this.settle(statusId, row, outcome === ADDED || outcome === HELD ? null : outcome);
      }
      if (indexing && added.length > 0) this.index(collection, added, indexing);
      return this.pendingCount(statusId);
    });
    return Promise.resolve(chunk.immediate());
  }

  unfinishedStatuses(): Promise<string[]> {
    const rows = this.statements
      .get(
        'SELECT s.id FROM write_statuses s WHERE EXISTS (SELECT 1 FROM write_status_objects o ' +
          "WHERE o.outcome = 'pending' AND o.status = s.id) ORDER BY s.request_timestamp, s.id",
      )
      .all() as Array<{ id: string }>;
    return Promise.resolve(rows.map((r) => r.id));
  }

  readStatus(statusId: string): Promise<WriteStatus | null> {
    const status = this.statements
      .get('SELECT id, collection, request_timestamp FROM write_statuses WHERE id = ?')
      .get(statusId) as { id: string; collection: string; request_timestamp: number } | undefined;
    if (!status) return Promise.resolve(null);
    const rows = this.statements
      .get(
        'SELECT object_id, version, outcome, message FROM write_status_objects ' +
          'WHERE status = ? ORDER BY seq',
      )
      .all(statusId) as StatusObjectRow[];
    return Promise.resolve(statusFromRows(status, rows));
  }

  expireStatuses(now: number): Promise<number> {
    const result = this.statements.get('DELETE FROM write_statuses WHERE expires < ?').run(now);
    return Promise.resolve(result.changes);
  }

  pagePosted(filter: PostedFilter): Promise<ObjectPage> {
    const params = new SqlParams(() => '?');
    const sql = postedPageSql(filter, params);
    const rows = this.statements.get(sql).all(...params.values) as ObjectRecord[];
    const more = rows.length > filter.limit;
    return Promise.resolve({ objects: more ? rows.slice(0, filter.limit) : rows, more });
  }

  deletePosted(
    collection: string,
    objectId: string,
    selection: Parameters<PostedObjectStore['deletePosted']>[2],
  ): Promise<number> {
    const remove = this.db.transaction((): number => {
      const params = new SqlParams(() => '?');
      const sql = postedDeleteKeysSql(collection, objectId, selection, params);
      const keys = this.statements.get(sql).all(...params.values) as Array<{ version_us: number }>;
      const drop = this.statements.get(
        'DELETE FROM posted_objects WHERE collection = ? AND object_id = ? AND version_us = ?',
      );
      for (const { version_us } of keys) drop.run(collection, objectId, version_us);
      return keys.length;
    });
    return Promise.resolve(remove.immediate());
  }

  countPosted(filter: Parameters<PostedObjectStore['countPosted']>[0]): Promise<number> {
    const params = new SqlParams(() => '?');
    const where = postedConditions(filter, params);
    const sql = `SELECT count(*) AS n FROM posted_objects p WHERE ${where.join(' AND ')}`;
    return Promise.resolve((this.statements.get(sql).get(...params.values) as { n: number }).n);
  }

  dumpPosted(limit: number): AsyncIterable<PostedBatch> {
    const read = (sql: string, values: unknown[]) =>
      this.statements.get(sql).all(...values) as PostedRow[];
    return postedBatches(() => '?', read, limit);
  }

  private addOne(collection: string, row: PendingRow, dateAdded: number): AddOutcome {
    const held = this.statements
      .get(
        'SELECT json, version FROM posted_objects ' +
          'WHERE collection = ? AND object_id = ? AND version_us = ?',
      )
      .get(collection, row.object_id, row.version_us) as
      { json: string; version: string } | undefined;
    if (held) return heldOutcome(row, held) ?? HELD;

    row.version ??= formatStixTimestamp(dateAdded);
    this.statements
      .get(
        'INSERT INTO posted_objects (collection, object_id, version_us, version, type, ' +
          'spec_version, date_added, json) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      )
      .run(
        collection,
        row.object_id,
        row.version_us,
        row.version,
        row.type,
        row.spec_version,
        dateAdded,
        row.json,
      );
    return ADDED;
  }

  // The chunk's added objects as indicators, in its transaction (see PostedIndexing).
  private index(collection: string, added: readonly PendingRow[], indexing: PostedIndexing): void {
    const newest = this.newestPosted(collection, idsToRead(added, indexing));
    const posted = chunkIndicators(collection, added, newest, indexing);
    if (posted.length === 0) return;
    const stored = this.storedIndicators(posted.map((p) => p.indicator));
    const records = posted.map((p) =>
      indexing.merge(p, stored.get(indicatorKey(p.indicator)) ?? null),
    );
    this.upsert(records, indexing.renderers);
  }

  private newestPosted(collection: string, ids: readonly string[]): NewestPosted[] {
    const newest = this.statements.get(
      'SELECT p.object_id, p.version_us, p.json FROM posted_objects p ' +
        'WHERE p.collection = ? AND p.object_id = ? ORDER BY p.version_us DESC LIMIT 1',
    );
    return ids.flatMap((id) => (newest.get(collection, id) as NewestPosted | undefined) ?? []);
  }

  private storedIndicators(
    indicators: ReadonlyArray<Pick<IndicatorInput, 'type' | 'value'>>,
  ): Map<string, StoredIndicator> {
    const key = this.statements.get('SELECT key FROM indicators WHERE type = ? AND value = ?');
    const found = new Map<string, StoredIndicator>();
    for (const indicator of indicators) {
      const row = key.get(indicator.type, indicator.value) as { key: number } | undefined;
      const stored = row && readIndicatorBatch(this.statements, row.key - 1, 1)[0];
      if (stored) found.set(indicatorKey(stored), stored);
    }
    return found;
  }

  private settle(statusId: string, row: PendingRow, failure: string | null): void {
    this.statements
      .get(
        'UPDATE write_status_objects SET outcome = ?, message = ?, version = ?, json = NULL ' +
          'WHERE status = ? AND seq = ?',
      )
      .run(...settledValues(row, failure), statusId, row.seq);
  }

  private statusCollection(statusId: string): string | null {
    const row = this.statements
      .get('SELECT collection FROM write_statuses WHERE id = ?')
      .get(statusId) as { collection: string } | undefined;
    return row?.collection ?? null;
  }

  private pendingCount(statusId: string): number {
    const row = this.statements
      .get(
        "SELECT count(*) AS n FROM write_status_objects WHERE status = ? AND outcome = 'pending'",
      )
      .get(statusId) as { n: number };
    return row.n;
  }

  private lastDateAdded(): number {
    const row = this.statements.get('SELECT max(date_added) AS last FROM posted_objects').get() as {
      last: number | null;
    };
    return row.last ?? 0;
  }
}
