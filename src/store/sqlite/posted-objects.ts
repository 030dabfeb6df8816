/**
 * Writable collections in the SQLite store (see src/store/posted-objects.ts for the model).
 * SQLite has one writer at a time across processes, so each chunk's transaction owns the
 * pending rows it reads.
 */
import type Database from 'better-sqlite3';

import { formatStixTimestamp, nowMicros } from '../../time/microseconds.js';
import {
  type PostedFilter,
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
import type { ObjectPage, ObjectRecord } from '../store.js';
import type { StatementCache } from './statement-cache.js';

export class SqlitePostedObjects implements PostedObjectStore {
  constructor(
    private readonly db: Database.Database,
    private readonly statements: StatementCache,
    private readonly clock: () => number,
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

  processPending(statusId: string, limit: number): Promise<number> {
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
      for (const row of rows) {
        const dateAdded = (last = Math.max(nowMicros(this.clock), last + 1));
        this.settle(statusId, row, this.addOne(collection, row, dateAdded));
      }
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

  private addOne(collection: string, row: PendingRow, dateAdded: number): string | null {
    const held = this.statements
      .get(
        'SELECT json, version FROM posted_objects ' +
          'WHERE collection = ? AND object_id = ? AND version_us = ?',
      )
      .get(collection, row.object_id, row.version_us) as
      { json: string; version: string } | undefined;
    if (held) return heldOutcome(row, held);

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
    return null;
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
