import pg from 'pg';

import type { IndicatorInput, StoredIndicator } from '../../indicators/indicator.js';
import type { QueryNode } from '../../query/ast.js';
import { compilePostgres } from '../../query/postgres-compiler.js';
import type { StixRenderer } from '../../stix/rendered.js';
import { nowMicros } from '../../time/microseconds.js';
import { batchTargets, firstOf, namedTargets, type TargetLookup } from '../relationship-targets.js';
import { storedTargets } from './relationship-targets.js';
import { checkRecords } from '../check-pool.js';
import { toStoredIndicator, type CheckedRow } from '../indicator-record.js';
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
import { DEFAULT_VERSION_RETENTION } from '../store.js';
import { poolSettings } from './connection.js';
import { loadDumpInto } from './load-dump.js';
import { migrate } from './migrate.js';
import {
  asPostgresQuery,
  countObjectRows,
  pageObjectRows,
  type PostgresQuery,
} from './object-reads.js';
import { pruneAllVersions } from './object-versions.js';
import { PostgresPostedObjects } from './posted-objects.js';
import { postedFilterOf } from '../posted-sql.js';
import { readEarlierVersions, readObjects, readRowBatch, readRowsWhere } from './read-rows.js';
import { keepRenderedProfiles, renderedProfiles, renderProfile } from './rendered-profiles.js';
import { redateReports } from './row-writes.js';
import { rowKey, upsertChunk } from './upsert-chunk.js';
import { inWriteTransaction } from './write-transaction.js';
import { WRITE_GENERATION_KEY } from '../write-generation.js';

export interface PostgresStoreOptions {
  /** A `postgres://` or `postgresql://` URL; see connection.ts for the parameters it takes. */
  url: string;
  /** Millisecond clock for created/modified defaults; date_added comes from the database. */
  clock?: () => number;
  /** Versions of each object kept, the latest included (DEFAULT_VERSION_RETENTION). */
  versionRetention?: number;
}

/** Rows per upsert statement: large enough to amortize round trips, small enough to stream. */
const CHUNK = 1000;

const READ_ONLY = '25006';

/**
 * The shared store: any number of server processes over one PostgreSQL database, each with a
 * pool. Writers serialize on an advisory lock (write-transaction.ts says why); readers never wait.
 */
export class PostgresStore implements IndicatorStore {
  readonly location: string;
  readonly posted: PostgresPostedObjects;

  private constructor(
    private readonly pool: pg.Pool,
    location: string,
    private readonly clock: () => number,
    private readonly readOnly: boolean,
    private readonly retention: number,
  ) {
    this.location = location;
    this.posted = new PostgresPostedObjects(
      pool,
      () => this.assertWritable(),
      async (client, records, renderers) => {
        const summary: WriteSummary = { added: 0, updated: 0, unchanged: 0, rejected: [] };
        const now = nowMicros(this.clock);
        await upsertInTransaction(client, records, renderers, summary, now, this.retention);
        return summary;
      },
    );
  }

  /** Connects, migrates the schema when it is behind, and returns the store. */
  static async open(options: PostgresStoreOptions): Promise<PostgresStore> {
    const { config, location } = poolSettings(options.url);
    const pool = new pg.Pool(config);
    // An idle client that loses its connection must not take the process down.
    pool.on('error', () => undefined);
    try {
      const client = await pool.connect();
      try {
        const { readOnly } = await migrate(client);
        const retention = options.versionRetention ?? DEFAULT_VERSION_RETENTION;
        return new PostgresStore(pool, location, options.clock ?? Date.now, readOnly, retention);
      } finally {
        client.release();
      }
    } catch (error) {
      await pool.end();
      throw new Error(`cannot open the PostgreSQL store ${location}: ${(error as Error).message}`, {
        cause: error,
      });
    }
  }

  compileQuery(node: QueryNode): PostgresQuery {
    const predicate = compilePostgres(node);
    return { dialect: 'postgres', predicate, timeDependent: predicate.usesNow };
  }

  async upsertIndicators(
    records: readonly IndicatorInput[],
    renderers: readonly StixRenderer[],
    onProgress?: WriteProgress,
  ): Promise<WriteSummary> {
    this.assertWritable();
    const summary: WriteSummary = { added: 0, updated: 0, unchanged: 0, rejected: [] };
    const now = nowMicros(this.clock);
    await inWriteTransaction(this.pool, (client) =>
      upsertInTransaction(client, records, renderers, summary, now, this.retention, onProgress),
    );
    return summary;
  }

  async ensureRendered(renderers: readonly StixRenderer[]): Promise<number> {
    const done = new Set(await renderedProfiles(this.pool));
    const missing = renderers.filter((r) => !done.has(r.profile));
    if (missing.length === 0) return 0;
    this.assertWritable();

    let rendered = 0;
    for (const renderer of missing) {
      rendered += await inWriteTransaction(this.pool, async (client) => {
        // Replicas starting together queue here; only the first renders.
        if ((await renderedProfiles(client)).includes(renderer.profile)) return 0;
        return renderProfile(client, renderer);
      });
    }
    return rendered;
  }

  pageObjects(filter: ObjectFilter): Promise<ObjectPage> {
    if (filter.posted) return this.posted.pagePosted(postedFilterOf(filter, filter.posted));
    return pageObjectRows(this.pool, filter);
  }

  countObjects(filter: Parameters<IndicatorStore['countObjects']>[0]): Promise<number> {
    if (filter.posted) return this.posted.countPosted(postedFilterOf(filter, filter.posted));
    return countObjectRows(this.pool, filter);
  }

  async pruneVersions(): Promise<number> {
    if (this.readOnly) return 0;
    return inWriteTransaction(this.pool, (client) => pruneAllVersions(client, this.retention));
  }

  async writeGeneration(): Promise<number> {
    const result = await this.pool.query<{ value: string }>(
      'SELECT value FROM meta WHERE key = $1',
      [WRITE_GENERATION_KEY],
    );
    return Number(result.rows[0]?.value ?? 0);
  }

  async countIndicators(): Promise<number> {
    const result = await this.pool.query<{ n: number }>('SELECT count(*) AS n FROM indicators');
    return result.rows[0]!.n;
  }

  async countMatching(query: StoreQuery, now: number): Promise<number> {
    const { predicate } = asPostgresQuery(query);
    const sql = `SELECT count(*) AS n FROM indicators i WHERE ${predicate.sql}`;
    const result = await this.pool.query<{ n: number }>(sql, predicate.params(now));
    return result.rows[0]!.n;
  }

  async listMatching(query: StoreQuery, now: number, limit: number): Promise<StoredIndicator[]> {
    const { predicate } = asPostgresQuery(query);
    const rows = await readRowsWhere(this.pool, predicate.sql, predicate.params(now), limit);
    return rows.map((r) => toStoredIndicator(r.key, r.row, r.dateAdded));
  }

  describeQuery(query: StoreQuery, now: number): { text: string; params: unknown[] } {
    const { predicate } = asPostgresQuery(query);
    const text = `SELECT ... FROM indicators i WHERE ${predicate.sql}`;
    return { text, params: predicate.params(now) };
  }

  async setting(key: string, initial: () => string): Promise<string> {
    const read = async () =>
      (await this.pool.query<{ value: string }>('SELECT value FROM meta WHERE key = $1', [key]))
        .rows[0]?.value;
    const found = await read();
    if (found !== undefined) return found;
    if (this.readOnly) {
      throw new Error(
        `the store has no "${key}" setting yet and this connection is read-only: ` +
          'start taxii2-server once against the primary first',
      );
    }

    // Replicas starting together all try; the first insert wins and every one reads it back.
    await this.pool.query('INSERT INTO meta (key, value) VALUES ($1, $2) ON CONFLICT DO NOTHING', [
      key,
      initial(),
    ]);
    return (await read())!;
  }

  async readSettings(): Promise<Record<string, string>> {
    const result = await this.pool.query<{ key: string; value: string }>(
      'SELECT key, value FROM meta ORDER BY key',
    );
    return Object.fromEntries(result.rows.map((r) => [r.key, r.value]));
  }

  async dumpRecords(afterKey: number, limit: number): Promise<StoreRecord[]> {
    const rows = await readRowBatch(this.pool, afterKey, limit);
    const keys = rows.map((r) => r.key);
    const objects = await readObjects(this.pool, keys);
    const earlier = await readEarlierVersions(this.pool, keys);
    return rows.map((r) => ({
      ...r,
      objects: objects.get(r.key) ?? [],
      earlierVersions: earlier.get(r.key) ?? [],
    }));
  }

  loadDump(dump: StoreDump): Promise<number> {
    this.assertWritable();
    return inWriteTransaction(this.pool, (client) => loadDumpInto(client, dump));
  }

  async ping(): Promise<void> {
    await this.pool.query('SELECT 1');
  }

  async close(): Promise<void> {
    if (!this.pool.ended) await this.pool.end();
  }

  private assertWritable(): void {
    if (this.readOnly) {
      const error = new Error(
        `the store ${this.location} is read-only (a standby or a read-only role): ` +
          'write through the primary',
      );
      throw Object.assign(error, { code: READ_ONLY });
    }
  }
}

/**
 * The upsert's writes, in a write transaction the caller holds: an import's own, or the chunk
 * transaction of posted objects that become indicators.
 */
async function upsertInTransaction(
  client: pg.ClientBase,
  records: readonly IndicatorInput[],
  renderers: readonly StixRenderer[],
  summary: WriteSummary,
  now: number,
  retention: number,
  onProgress?: WriteProgress,
): Promise<void> {
  // Every profile is complete over an empty store.
  const active = new Set(renderers.map((r) => r.profile));
  const empty = (await client.query('SELECT 1 FROM indicators LIMIT 1')).rowCount === 0;
  if (empty) {
    await keepRenderedProfiles(client, [...(await renderedProfiles(client)), ...active]);
  }

  // Relationship targets: the records' own first, then those the store already holds.
  const wanted = namedTargets(records);
  const written = batchTargets(records, wanted);
  const missing = new Set([...wanted].filter((key) => !written.has(key)));
  const targets = firstOf(written, await storedTargets(client, missing));

  // Records are normalized a chunk at a time, so a large import holds its rows only once.
  for (const chunk of chunks(records, now, renderers, summary, targets)) {
    for (const outcome of await upsertChunk(client, chunk, renderers, retention, targets)) {
      summary[outcome]++;
    }
    onProgress?.(summary.added + summary.updated + summary.unchanged + summary.rejected.length);
  }
  onProgress?.(records.length);
  if (summary.added + summary.updated > 0) {
    await redateReports(client);
    // Changed indicators were rendered only for these renderers' profiles.
    const kept = (await renderedProfiles(client)).filter((p) => active.has(p));
    await keepRenderedProfiles(client, kept);
  }
}

/**
 * Normalizes records into chunks of at most CHUNK rows that hold no (type, value) twice, noting
 * the records it rejects in the summary.
 */
function* chunks(
  records: readonly IndicatorInput[],
  now: number,
  renderers: readonly StixRenderer[],
  summary: WriteSummary,
  targets: TargetLookup,
): Generator<CheckedRow[]> {
  let chunk: CheckedRow[] = [];
  let keys = new Set<string>();
  let index = -1;
  for (const checked of checkRecords(records, now, renderers, targets)) {
    index++;
    if (typeof checked === 'string') {
      summary.rejected.push({ index, reason: checked });
      continue;
    }
    const key = rowKey(checked.row);
    if (chunk.length >= CHUNK || keys.has(key)) {
      yield chunk;
      chunk = [];
      keys = new Set();
    }
    chunk.push(checked);
    keys.add(key);
  }
  if (chunk.length > 0) yield chunk;
}
