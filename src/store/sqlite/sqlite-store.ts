import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

import Database from 'better-sqlite3';

import type { IndicatorInput, StoredIndicator } from '../../indicators/indicator.js';
import type { QueryNode } from '../../query/ast.js';
import { compileSqlite } from '../../query/sqlite-compiler.js';
import type { StixRenderer } from '../../stix/rendered.js';
import { nowMicros } from '../../time/microseconds.js';
import { checkRecords, type CheckOptions } from '../check-pool.js';
import { renderObjects } from '../indicator-record.js';
import type {
  IndicatorStore,
  ObjectFilter,
  ObjectPage,
  StoreDump,
  StoreQuery,
  StoreRecord,
  WriteProgress,
  WriteSummary,
} from '../store.js';
import { DEFAULT_VERSION_RETENTION, WRITE_PROGRESS_EVERY } from '../store.js';
import { WRITE_GENERATION_KEY } from '../write-generation.js';
import { dumpRecords, loadDump } from './dump.js';
import { DateAddedClock, upsertOne, type UpsertContext } from './indicator-writes.js';
import { migrate } from './migrate.js';
import {
  asSqliteQuery,
  countObjectRows,
  pageObjectRows,
  type SqliteQuery,
} from './object-reads.js';
import { insertObjectRows, redateReports } from './object-rows.js';
import { pruneAllVersions } from './object-versions.js';
import { sqliteOpenError } from './open-error.js';
import { SqlitePostedObjects } from './posted-objects.js';
import { postedFilterOf } from '../posted-sql.js';
import { readIndicatorBatch } from './read-indicators.js';
import { targetLookup } from './relationship-targets.js';
import { StatementCache } from './statement-cache.js';

export interface SqliteStoreOptions {
  /** A file path, or `:memory:`. */
  path: string;
  /** Millisecond clock; injectable so tests control date_added. */
  clock?: () => number;
  readonly?: boolean;
  /** Versions of each object kept, the latest included (DEFAULT_VERSION_RETENTION). */
  versionRetention?: number;
  /** How large writes check their records (check-pool.ts): worker threads by default. */
  checks?: CheckOptions;
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
  private readonly retention: number;
  private readonly checks: CheckOptions;

  constructor(options: SqliteStoreOptions) {
    this.db = openDatabase(options);
    this.location = `sqlite:${options.path}`;
    this.clock = options.clock ?? Date.now;
    this.retention = options.versionRetention ?? DEFAULT_VERSION_RETENTION;
    this.checks = options.checks ?? {};
    this.statements = new StatementCache(this.db);
    this.posted = new SqlitePostedObjects(this.db, this.statements, this.clock, (records, r) =>
      this.upsertNow(records, r),
    );
  }

  compileQuery(node: QueryNode): SqliteQuery {
    const predicate = compileSqlite(node);
    return { dialect: 'sqlite', predicate, timeDependent: predicate.usesNow };
  }

  upsertIndicators(
    records: readonly IndicatorInput[],
    renderers: readonly StixRenderer[],
    onProgress?: WriteProgress,
  ): Promise<WriteSummary> {
    return Promise.resolve(this.upsertNow(records, renderers, onProgress));
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
    return Promise.resolve(pageObjectRows(this.statements, filter));
  }

  countObjects(filter: Parameters<IndicatorStore['countObjects']>[0]): Promise<number> {
    if (filter.posted) return this.posted.countPosted(postedFilterOf(filter, filter.posted));
    return Promise.resolve(countObjectRows(this.statements, filter));
  }

  /** Prunes every object's earlier versions to the retention; resolves to how many went. */
  pruneVersions(): Promise<number> {
    if (this.db.readonly) return Promise.resolve(0);
    const prune = this.db.transaction(() => pruneAllVersions(this.statements, this.retention));
    return Promise.resolve(prune.immediate());
  }

  writeGeneration(): Promise<number> {
    const row = this.statements
      .get('SELECT value FROM meta WHERE key = ?')
      .get(WRITE_GENERATION_KEY) as { value: string } | undefined;
    return Promise.resolve(Number(row?.value ?? 0));
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

  async loadDump(dump: StoreDump): Promise<number> {
    const loaded = await loadDump(this.db, this.statements, dump);
    this.raiseWriteGeneration();
    return loaded;
  }

  ping(): Promise<void> {
    this.statements.get('SELECT 1').get();
    return Promise.resolve();
  }

  close(): Promise<void> {
    if (this.db.open) this.db.close();
    return Promise.resolve();
  }

  /**
   * The upsert, synchronously: its own transaction, or a savepoint of the one it is called in
   * (a chunk of posted objects writes its indicators so).
   */
  private upsertNow(
    records: readonly IndicatorInput[],
    renderers: readonly StixRenderer[],
    onProgress?: WriteProgress,
  ): WriteSummary {
    const write = this.db.transaction((): WriteSummary => {
      const summary: WriteSummary = { added: 0, updated: 0, unchanged: 0, rejected: [] };
      // Every profile is complete over an empty store.
      const active = new Set(renderers.map((r) => r.profile));
      if (this.isEmpty()) this.keepRenderedProfiles([...this.renderedProfiles(), ...active]);
      const context: UpsertContext = {
        statements: this.statements,
        clock: new DateAddedClock(this.lastDateAdded(), () => nowMicros(this.clock)),
        renderers,
        retention: this.retention,
        targets: targetLookup(this.statements, records),
        relationshipsHeld: new Map(),
      };
      const now = nowMicros(this.clock);
      let index = 0;
      for (const checked of checkRecords(records, now, renderers, context.targets, this.checks)) {
        if (typeof checked === 'string') summary.rejected.push({ index, reason: checked });
        else summary[upsertOne(context, checked)]++;
        index++;
        // The transaction holds the thread, so the listener draws synchronously.
        if (onProgress && index % WRITE_PROGRESS_EVERY === 0) onProgress(index);
      }
      onProgress?.(records.length);
      if (summary.added + summary.updated > 0) {
        this.raiseWriteGeneration();
        redateReports(this.statements);
        // Changed indicators were rendered only for these renderers' profiles.
        this.keepRenderedProfiles(this.renderedProfiles().filter((p) => active.has(p)));
      }
      return summary;
    });
    return this.withWriteCache(() => write.immediate());
  }

  private renderAll(renderer: StixRenderer): number {
    const run = this.db.transaction(() => {
      this.statements.get('DELETE FROM stix_objects WHERE profile = ?').run(renderer.profile);
      // Earlier versions of a profile that was not kept up are stale; it starts afresh.
      this.statements
        .get('DELETE FROM stix_object_versions WHERE profile = ?')
        .run(renderer.profile);
      const targets = targetLookup(this.statements);
      let count = 0;
      for (let after = 0; ;) {
        const batch = readIndicatorBatch(this.statements, after, 1000);
        if (batch.length === 0) break;
        for (const indicator of batch) {
          const objects = renderObjects([renderer], indicator, targets);
          insertObjectRows(this.statements, indicator.key, indicator.dateAdded, objects);
        }
        count += batch.length;
        after = batch[batch.length - 1]!.key;
      }
      redateReports(this.statements);
      this.keepRenderedProfiles([...this.renderedProfiles(), renderer.profile]);
      this.raiseWriteGeneration();
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

  /**
   * Raises the write generation: inside a write's transaction, so it commits with it; after a
   * loaded dump, which no server reads before the load ends.
   */
  private raiseWriteGeneration(): void {
    this.statements
      .get(
        "INSERT INTO meta (key, value) VALUES (?, '1') ON CONFLICT (key) " +
          'DO UPDATE SET value = CAST(CAST(value AS INTEGER) + 1 AS TEXT)',
      )
      .run(WRITE_GENERATION_KEY);
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
