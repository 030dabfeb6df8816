import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

import Database from 'better-sqlite3';

import type { IndicatorInput, StoredIndicator } from '../../indicators/indicator.js';
import type { QueryNode } from '../../query/ast.js';
import type { SqlPredicate } from '../../query/sql-predicate.js';
import { compileSqlite } from '../../query/sqlite-compiler.js';
import type { StixRenderer } from '../../stix/rendered.js';
import { nowMicros } from '../../time/microseconds.js';
import {
  asUpdateOf,
  checkedIndicatorRow,
  renderObjects,
  toStoredIndicator,
  type CheckedRow,
  type IndicatorRow,
} from '../indicator-record.js';
import type {
  IndicatorStore,
  ObjectFilter,
  ObjectPage,
  ObjectRecord,
  StoreDump,
  StoreQuery,
  StoreRecord,
  StoredObject,
  WriteProgress,
  WriteSummary,
} from '../store.js';
import { WRITE_PROGRESS_EVERY } from '../store.js';
import { dumpRecords, loadDump } from './dump.js';
import { migrate } from './migrate.js';
import { firstSharedCopy, insertObjectRows, targetInCollection } from './object-rows.js';
import { sqliteOpenError } from './open-error.js';
import { SqlitePostedObjects } from './posted-objects.js';
import { postedFilterOf } from '../posted-sql.js';
import { readIndicatorBatch } from './read-indicators.js';
import { StatementCache } from './statement-cache.js';

export interface SqliteStoreOptions {
  /** A file path, or `:memory:`. */
  path: string;
  /** Millisecond clock; injectable so tests control date_added. */
  clock?: () => number;
  readonly?: boolean;
}

interface SqliteQuery extends StoreQuery {
  readonly dialect: 'sqlite';
  readonly predicate: SqlPredicate;
}

const RENDERED_PROFILES = 'rendered_profiles';
// In KiB when negative, as PRAGMA cache_size takes it: 64 MiB.
const WRITE_CACHE_KIB = -65536;

/** Opens and migrates the file; a file that will not open is a start-up error naming it. */
function openDatabase(options: SqliteStoreOptions): Database.Database {
  let db: Database.Database | undefined;
  try {
    if (options.path !== ':memory:') mkdirSync(dirname(options.path), { recursive: true });
    db = new Database(options.path, { readonly: options.readonly ?? false });
    db.pragma('busy_timeout = 10000');
    if (!options.readonly) {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
    }
    db.pragma('foreign_keys = ON');
    if (!options.readonly) migrate(db);
    return db;
  } catch (error) {
    db?.close();
    throw sqliteOpenError(options.path, error);
  }
}

/** The embedded store: one SQLite file, WAL mode, one writer at a time across processes. */
export class SqliteStore implements IndicatorStore {
  readonly location: string;
  readonly posted: SqlitePostedObjects;
  private readonly db: Database.Database;
  private readonly clock: () => number;
  private readonly statements: StatementCache;

  constructor(options: SqliteStoreOptions) {
    this.db = openDatabase(options);
    this.location = `sqlite:${options.path}`;
    this.clock = options.clock ?? Date.now;
    this.statements = new StatementCache(this.db);
    this.posted = new SqlitePostedObjects(this.db, this.statements, this.clock);
  }

  compileQuery(node: QueryNode): SqliteQuery {
    return { dialect: 'sqlite', predicate: compileSqlite(node) };
  }

  upsertIndicators(
    records: readonly IndicatorInput[],
    renderers: readonly StixRenderer[],
    onProgress?: WriteProgress,
  ): Promise<WriteSummary> {
    const write = this.db.transaction((): WriteSummary => {
      const summary: WriteSummary = { added: 0, updated: 0, unchanged: 0, rejected: [] };
      // Every profile is complete over an empty store.
      const active = new Set(renderers.map((r) => r.profile));
      if (this.isEmpty()) this.keepRenderedProfiles([...this.renderedProfiles(), ...active]);
      const clock = new DateAddedClock(this.lastDateAdded(), () => nowMicros(this.clock));
      const now = nowMicros(this.clock);
      records.forEach((record, index) => {
        const checked = checkedIndicatorRow(record, now, renderers);
        if (typeof checked === 'string') summary.rejected.push({ index, reason: checked });
        else summary[this.upsertOne(checked, clock, renderers)]++;
        // The transaction holds the thread, so the listener draws synchronously.
        if (onProgress && (index + 1) % WRITE_PROGRESS_EVERY === 0) onProgress(index + 1);
      });
      onProgress?.(records.length);
      if (summary.added + summary.updated > 0) {
        // Changed indicators were rendered only for these renderers' profiles.
        this.keepRenderedProfiles(this.renderedProfiles().filter((p) => active.has(p)));
      }
      return summary;
    });
    return Promise.resolve(this.withWriteCache(() => write.immediate()));
  }

  ensureRendered(renderers: readonly StixRenderer[]): Promise<number> {
    const done = new Set(this.renderedProfiles());
    let rendered = 0;
    for (const renderer of renderers) {
      if (done.has(renderer.profile)) continue;
      rendered += this.renderAll(renderer);
      done.add(renderer.profile);
    }
    return Promise.resolve(rendered);
  }

  pageObjects(filter: ObjectFilter): Promise<ObjectPage> {
    if (filter.posted) return this.posted.pagePosted(postedFilterOf(filter, filter.posted));
    const { from, where, params } = objectConditions(filter);
    if (filter.after) {
      where.push('(o.date_added, o.object_id) > (?, ?)');
      params.push(filter.after.dateAdded, filter.after.id);
    }

    const body = filter.withJson ? 'o.json' : "''";
    const sql =
      `SELECT o.object_id AS id, o.type, o.version, o.date_added AS dateAdded, ${body} AS json ` +
      `FROM ${from} WHERE ${where.join(' AND ')} ORDER BY o.date_added, o.object_id LIMIT ?` +
      (filter.offset ? ' OFFSET ?' : '');
    params.push(filter.limit + 1);
    if (filter.offset) params.push(filter.offset);

    const rows = this.statements.get(sql).all(...params) as ObjectRecord[];
    const more = rows.length > filter.limit;
    return Promise.resolve({ objects: more ? rows.slice(0, filter.limit) : rows, more });
  }

  countObjects(filter: Parameters<IndicatorStore['countObjects']>[0]): Promise<number> {
    if (filter.posted) return this.posted.countPosted(postedFilterOf(filter, filter.posted));
    const { from, where, params } = objectConditions(filter);
    const sql = `SELECT count(*) AS n FROM ${from} WHERE ${where.join(' AND ')}`;
    return Promise.resolve((this.statements.get(sql).get(...params) as { n: number }).n);
  }

  countIndicators(): Promise<number> {
    const row = this.statements.get('SELECT count(*) AS n FROM indicators').get() as { n: number };
    return Promise.resolve(row.n);
  }

  countMatching(query: StoreQuery, now: number): Promise<number> {
    const { predicate } = asSqliteQuery(query);
    const sql = `SELECT count(*) AS n FROM indicators i WHERE ${predicate.sql}`;
    const row = this.statements.get(sql).get(...predicate.params(now)) as { n: number };
    return Promise.resolve(row.n);
  }

  listMatching(query: StoreQuery, now: number, limit: number): Promise<StoredIndicator[]> {
    const { predicate } = asSqliteQuery(query);
    const keys = this.statements
      .get(`SELECT key FROM indicators i WHERE ${predicate.sql} ORDER BY key LIMIT ?`)
      .all(...predicate.params(now), limit) as Array<{ key: number }>;
    const read = ({ key }: { key: number }) => readIndicatorBatch(this.statements, key - 1, 1);
    return Promise.resolve(keys.flatMap(read));
  }

  describeQuery(query: StoreQuery, now: number): { text: string; params: unknown[] } {
    const { predicate } = asSqliteQuery(query);
    const text = `SELECT ... FROM indicators i WHERE ${predicate.sql}`;
    return { text, params: predicate.params(now) };
  }

  setting(key: string, initial: () => string): Promise<string> {
    const read = this.statements.get('SELECT value FROM meta WHERE key = ?');
    const found = read.get(key) as { value: string } | undefined;
    if (found) return Promise.resolve(found.value);

    // Two processes starting together both try; INSERT OR IGNORE lets the first one win.
    this.statements
      .get('INSERT OR IGNORE INTO meta (key, value) VALUES (?, ?)')
      .run(key, initial());
    return Promise.resolve((read.get(key) as { value: string }).value);
  }

  readSettings(): Promise<Record<string, string>> {
    const rows = this.statements.get('SELECT key, value FROM meta ORDER BY key').all() as Array<{
      key: string;
      value: string;
    }>;
    return Promise.resolve(Object.fromEntries(rows.map((r) => [r.key, r.value])));
  }

  dumpRecords(afterKey: number, limit: number): Promise<StoreRecord[]> {
    return Promise.resolve(dumpRecords(this.statements, afterKey, limit));
  }

  loadDump(dump: StoreDump): Promise<number> {
    return loadDump(this.db, this.statements, dump);
  }

  ping(): Promise<void> {
    this.statements.get('SELECT 1').get();
    return Promise.resolve();
  }

  close(): Promise<void> {
    if (this.db.open) this.db.close();
    return Promise.resolve();
  }

  private upsertOne(
    checked: CheckedRow,
    clock: DateAddedClock,
    renderers: readonly StixRenderer[],
  ): 'added' | 'updated' | 'unchanged' {
    const incoming = checked.row;
    const existing = this.statements
      .get('SELECT key, content_hash AS hash, created FROM indicators WHERE type = ? AND value = ?')
      .get(incoming.type, incoming.value) as
      { key: number; hash: string; created: number } | undefined;
    if (existing?.hash === incoming.contentHash) return 'unchanged';

    const dateAdded = clock.next();
    if (!existing) {
      const key = this.insertRow(incoming, dateAdded);
      this.insertMultiValued(key, incoming);
      this.insertObjects(key, dateAdded, checked.objects);
      checked.warn();
      return 'added';
    }

    const row = asUpdateOf(incoming, existing.created);
    this.updateRow(existing.key, row, dateAdded);
    this.statements.get('DELETE FROM indicator_tags WHERE indicator = ?').run(existing.key);
    this.statements.get('DELETE FROM indicator_sources WHERE indicator = ?').run(existing.key);
    this.insertMultiValued(existing.key, row);
    this.statements.get('DELETE FROM stix_objects WHERE indicator = ?').run(existing.key);
    // The objects checked were made of the row as it came in; an update may change created.
    const objects =
      row === incoming
        ? checked.objects
        : renderObjects(renderers, toStoredIndicator(existing.key, row, dateAdded));
    this.insertObjects(existing.key, dateAdded, objects);
    if (row === incoming) checked.warn();
    return 'updated';
  }

  private insertRow(row: IndicatorRow, dateAdded: number): number {
    const result = this.statements
      .get(
        'INSERT INTO indicators (type, value, score, created, modified, first_seen, last_seen, ' +
          'expiration, tlp, description, aggregated_reliability, stix_id, custom_fields, ' +
          'relationships, content_hash, date_added) ' +
          'VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
      )
      .run(row.type, row.value, ...columnValues(row), dateAdded);
    return Number(result.lastInsertRowid);
  }

  private updateRow(key: number, row: IndicatorRow, dateAdded: number): number {
    this.statements
      .get(
        'UPDATE indicators SET score = ?, created = ?, modified = ?, first_seen = ?, ' +
          'last_seen = ?, expiration = ?, tlp = ?, description = ?, aggregated_reliability = ?, ' +
          'stix_id = ?, custom_fields = ?, relationships = ?, content_hash = ?, date_added = ? ' +
          'WHERE key = ?',
      )
      .run(...columnValues(row), dateAdded, key);
    return key;
  }

  private insertMultiValued(key: number, row: IndicatorRow): void {
    const tag = this.statements.get('INSERT INTO indicator_tags (indicator, tag) VALUES (?, ?)');
    const source = this.statements.get(
      'INSERT INTO indicator_sources (indicator, kind, name) VALUES (?, ?, ?)',
    );
    for (const name of row.tags) tag.run(key, name);
    for (const name of row.sourceBrands) source.run(key, 'brand', name);
    for (const name of row.sourceInstances) source.run(key, 'instance', name);
  }

  private insertObjects(indicator: number, dateAdded: number, objects: readonly StoredObject[]) {
    insertObjectRows(this.statements, indicator, dateAdded, objects);
  }

  private renderAll(renderer: StixRenderer): number {
    const run = this.db.transaction(() => {
      this.statements.get('DELETE FROM stix_objects WHERE profile = ?').run(renderer.profile);
      let count = 0;
      for (let after = 0; ;) {
        const batch = readIndicatorBatch(this.statements, after, 1000);
        if (batch.length === 0) break;
        for (const indicator of batch) {
          const objects = renderObjects([renderer], indicator);
          this.insertObjects(indicator.key, indicator.dateAdded, objects);
        }
        count += batch.length;
        after = batch[batch.length - 1]!.key;
      }
      this.keepRenderedProfiles([...this.renderedProfiles(), renderer.profile]);
      return count;
    });
    return this.withWriteCache(() => run.immediate());
  }

  /**
   * Runs a large write with a larger page cache. A write spills dirty pages to the WAL whenever
   * the cache is full, and index pages that are written again are written again there, so the
   * default 2 MB cache makes a big import write its indexes many times over. Reads keep the
   * default, so a server's memory does not grow with the collections it serves.
   */
  private withWriteCache<T>(write: () => T): T {
    const before = this.db.pragma('cache_size', { simple: true }) as number;
    this.db.pragma(`cache_size = ${WRITE_CACHE_KIB}`);
    try {
      return write();
    } finally {
      this.db.pragma(`cache_size = ${before}`);
    }
  }

  private isEmpty(): boolean {
    return this.statements.get('SELECT 1 FROM indicators LIMIT 1').get() === undefined;
  }

  private lastDateAdded(): number {
    const row = this.statements.get('SELECT max(date_added) AS last FROM indicators').get() as {
      last: number | null;
    };
    return row.last ?? 0;
  }

  private renderedProfiles(): string[] {
    const row = this.statements
      .get('SELECT value FROM meta WHERE key = ?')
      .get(RENDERED_PROFILES) as { value: string } | undefined;
    return row ? (JSON.parse(row.value) as string[]) : [];
  }

  private keepRenderedProfiles(profiles: readonly string[]): void {
    const kept = [...new Set(profiles)].sort();
    this.statements
      .get('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)')
      .run(RENDERED_PROFILES, JSON.stringify(kept));
  }
}

/**
 * Hands out date_added values: never behind the clock, always past the last one issued, so the
 * store's collection order is strict even when the clock stalls or steps back.
 */
class DateAddedClock {
  constructor(
    private last: number,
    private readonly now: () => number,
  ) {}

  next(): number {
    this.last = Math.max(this.now(), this.last + 1);
    return this.last;
  }
}

function columnValues(row: IndicatorRow): unknown[] {
  return [
    row.score,
    row.created,
    row.modified,
    row.firstSeen,
    row.lastSeen,
    row.expiration,
    row.tlp,
    row.description,
    row.aggregatedReliability,
    row.stixId,
    JSON.stringify(row.customFields),
    JSON.stringify(row.relationships),
    row.contentHash,
  ];
}

/**
 * The tables and WHERE conditions every object read shares: profile, query and the TAXII
 * filters. A query that selects every indicator needs no indicator columns, so the join is
 * left out, and a page reads the objects' primary key alone, as a bare keyset read does.
 */
function objectConditions(filter: Parameters<IndicatorStore['countObjects']>[0]) {
  const { predicate } = asSqliteQuery(filter.query);
  const where = ['o.profile = ?'];
  const params: unknown[] = [filter.profile];
  if (predicate.matchesAll) {
    where.push(targetInCollection(null), firstSharedCopy(null));
  } else {
    const predicateParams = predicate.params(filter.now);
    where.push(`(${predicate.sql})`);
    // CASE makes SQLite test the row's own indicator first: otherwise it may search the earlier
    // copies of every row, the collection's or not, which is quadratic in a sparse collection.
    const [target, shared] = [targetInCollection, firstSharedCopy].map((f) => f(predicate.sql));
    where.push(`(CASE WHEN (${predicate.sql}) THEN ${target} AND ${shared} ELSE 0 END)`);
    params.push(...predicateParams, ...predicateParams, ...predicateParams, ...predicateParams);
  }
  const from = predicate.matchesAll
    ? 'stix_objects o'
    : 'stix_objects o JOIN indicators i ON i.key = o.indicator';
  const any = (column: string, values: readonly string[] | undefined) => {
    if (!values?.length) return;
    where.push(`${column} IN (${placeholders(values.length)})`);
    params.push(...values);
  };

  if (filter.addedAfter !== undefined) {
    where.push('o.date_added > ?');
    params.push(filter.addedAfter);
  }
  any('o.type', filter.types);
  any('o.object_id', filter.ids);
  any('o.version', filter.versions);
  return { from, where, params };
}

function placeholders(count: number): string {
  return Array.from({ length: count }, () => '?').join(', ');
}

function asSqliteQuery(query: StoreQuery): SqliteQuery {
  if (query.dialect !== 'sqlite') {
    throw new Error(`a ${query.dialect} query cannot run on the SQLite store`);
  }
  return query as SqliteQuery;
}
