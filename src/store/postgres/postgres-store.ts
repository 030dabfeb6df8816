import pg from 'pg';

import type { IndicatorInput, StoredIndicator } from '../../indicators/indicator.js';
import type { QueryNode } from '../../query/ast.js';
import { compilePostgres } from '../../query/postgres-compiler.js';
import type { SqlPredicate } from '../../query/sql-predicate.js';
import type { StixRenderer } from '../../stix/rendered.js';
import { nowMicros } from '../../time/microseconds.js';
import { checkedIndicatorRow, toStoredIndicator, type CheckedRow } from '../indicator-record.js';
import type {
  IndicatorStore,
  ObjectFilter,
  ObjectPage,
  ObjectRecord,
  StoreDump,
  StoreQuery,
  StoreRecord,
  WriteProgress,
  WriteSummary,
} from '../store.js';
import { poolSettings } from './connection.js';
import { loadDumpInto } from './load-dump.js';
import { migrate } from './migrate.js';
import { PostgresPostedObjects } from './posted-objects.js';
import { postedFilterOf } from '../posted-sql.js';
import { readObjects, readRowBatch, readRowsWhere } from './read-rows.js';
import { keepRenderedProfiles, renderedProfiles, renderProfile } from './rendered-profiles.js';
import { rowKey, upsertChunk } from './upsert-chunk.js';
import { inWriteTransaction } from './write-transaction.js';

export interface PostgresStoreOptions {
  /** A `postgres://` or `postgresql://` URL; see connection.ts for the parameters it takes. */
  url: string;
  /** Millisecond clock for created/modified defaults; date_added comes from the database. */
  clock?: () => number;
}

interface PostgresQuery extends StoreQuery {
  readonly dialect: 'postgres';
  readonly predicate: SqlPredicate;
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
  ) {
    this.location = location;
    this.posted = new PostgresPostedObjects(pool, () => this.assertWritable());
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
        return new PostgresStore(pool, location, options.clock ?? Date.now, readOnly);
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
    return { dialect: 'postgres', predicate: compilePostgres(node) };
  }

  async upsertIndicators(
    records: readonly IndicatorInput[],
    renderers: readonly StixRenderer[],
    onProgress?: WriteProgress,
  ): Promise<WriteSummary> {
    this.assertWritable();
    const summary: WriteSummary = { added: 0, updated: 0, unchanged: 0, rejected: [] };
    const now = nowMicros(this.clock);

    await inWriteTransaction(this.pool, async (client) => {
      // Every profile is complete over an empty store.
      const active = new Set(renderers.map((r) => r.profile));
      const empty = (await client.query('SELECT 1 FROM indicators LIMIT 1')).rowCount === 0;
      if (empty) {
        await keepRenderedProfiles(client, [...(await renderedProfiles(client)), ...active]);
      }

      // Records are normalized a chunk at a time, so a large import holds its rows only once.
      for (const chunk of chunks(records, now, renderers, summary)) {
        for (const outcome of await upsertChunk(client, chunk, renderers)) summary[outcome]++;
        onProgress?.(summary.added + summary.updated + summary.unchanged + summary.rejected.length);
      }
      onProgress?.(records.length);
      if (summary.added + summary.updated > 0) {
        // Changed indicators were rendered only for these renderers' profiles.
        const kept = (await renderedProfiles(client)).filter((p) => active.has(p));
        await keepRenderedProfiles(client, kept);
      }
    });
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

  async pageObjects(filter: ObjectFilter): Promise<ObjectPage> {
    if (filter.posted) return this.posted.pagePosted(postedFilterOf(filter, filter.posted));
    const { from, where, params, bind } = objectConditions(filter);
    if (filter.after) {
      const after = `(${bind(filter.after.dateAdded)}::bigint, ${bind(filter.after.id)}::text)`;
      where.push(`(o.date_added, o.object_id) > ${after}`);
    }

    const body = filter.withJson ? 'o.json' : "''";
    const sql =
      `SELECT o.object_id AS id, o.type, o.version, o.date_added AS "dateAdded", ${body} AS json ` +
      `FROM ${from} WHERE ${where.join(' AND ')} ` +
      `ORDER BY o.date_added, o.object_id LIMIT ${bind(filter.limit + 1)}` +
      // Only TAXII 2.0's item ranges skip by offset; 2.1 pages continue from a keyset position.
      (filter.offset ? ` OFFSET ${bind(filter.offset)}` : '');

    const { rows } = await this.pool.query<ObjectRecord>(sql, params);
    const more = rows.length > filter.limit;
    return { objects: more ? rows.slice(0, filter.limit) : rows, more };
  }

  async countObjects(filter: Parameters<IndicatorStore['countObjects']>[0]): Promise<number> {
    if (filter.posted) return this.posted.countPosted(postedFilterOf(filter, filter.posted));
    const { from, where, params } = objectConditions(filter);
    const sql = `SELECT count(*)::int AS n FROM ${from} WHERE ${where.join(' AND ')}`;
    const result = await this.pool.query<{ n: number }>(sql, params);
    return Number(result.rows[0]!.n);
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
    const objects = await readObjects(
      this.pool,
      rows.map((r) => r.key),
    );
    return rows.map((r) => ({ ...r, objects: objects.get(r.key) ?? [] }));
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
 * Normalizes records into chunks of at most CHUNK rows that hold no (type, value) twice, noting
 * the records it rejects in the summary.
 */
function* chunks(
  records: readonly IndicatorInput[],
  now: number,
  renderers: readonly StixRenderer[],
  summary: WriteSummary,
): Generator<CheckedRow[]> {
  let chunk: CheckedRow[] = [];
  let keys = new Set<string>();
  for (const [index, record] of records.entries()) {
    const checked = checkedIndicatorRow(record, now, renderers);
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

function asPostgresQuery(query: StoreQuery): PostgresQuery {
  if (query.dialect !== 'postgres') {
    throw new Error(`a ${query.dialect} query cannot run on the PostgreSQL store`);
  }
  return query as PostgresQuery;
}

/**
 * The tables and WHERE conditions every object read shares: profile, query and the TAXII
 * filters. A query that selects every indicator needs no indicator columns, so the join is
 * left out.
 */
function objectConditions(filter: Parameters<IndicatorStore['countObjects']>[0]) {
  const { predicate } = asPostgresQuery(filter.query);
  const params: unknown[] = predicate.matchesAll ? [] : predicate.params(filter.now);
  const bind = (value: unknown): string => `$${params.push(value)}`;
  const where = [`o.profile = ${bind(filter.profile)}`];
  // A relationship to another indicator's object is served only where that object is in the
  // collection too. The subquery's `i` is the target's indicator; the predicate's parameters
  // ($1 ...) are bound once and serve both.
  const sameTarget = 't.profile = o.profile AND t.object_id = o.target_ref';
  // Of the copies of a shared object (a marking definition), only the first in the collection
  // is served: none earlier belongs to an indicator the query selects. The search runs back
  // from the row, where the nearest earlier copy in the collection usually is.
  const earlierCopy =
    'e.profile = o.profile AND e.object_id = o.object_id AND e.shared ' +
    'AND e.date_added < o.date_added';
  if (predicate.matchesAll) {
    where.push(
      `(o.target_ref IS NULL OR EXISTS (SELECT 1 FROM stix_objects t WHERE ${sameTarget}))`,
      `(NOT o.shared OR NOT EXISTS (SELECT 1 FROM stix_objects e WHERE ${earlierCopy} ` +
        'ORDER BY e.date_added DESC LIMIT 1))',
    );
  } else {
    where.unshift(`(${predicate.sql})`);
    where.push(
      '(o.target_ref IS NULL OR EXISTS (SELECT 1 FROM stix_objects t ' +
        'JOIN indicators i ON i.key = t.indicator ' +
        `WHERE ${sameTarget} AND (${predicate.sql})))`,
      '(NOT o.shared OR NOT EXISTS (SELECT 1 FROM stix_objects e ' +
        `JOIN indicators i ON i.key = e.indicator WHERE ${earlierCopy} AND (${predicate.sql}) ` +
        'ORDER BY e.date_added DESC LIMIT 1))',
    );
  }
  const from = predicate.matchesAll
    ? 'stix_objects o'
    : 'stix_objects o JOIN indicators i ON i.key = o.indicator';

  if (filter.addedAfter !== undefined) where.push(`o.date_added > ${bind(filter.addedAfter)}`);
  if (filter.types?.length) where.push(`o.type = ANY(${bind(filter.types)}::text[])`);
  if (filter.ids?.length) where.push(`o.object_id = ANY(${bind(filter.ids)}::text[])`);
  if (filter.versions?.length) where.push(`o.version = ANY(${bind(filter.versions)}::text[])`);
  return { from, where, params, bind };
}
