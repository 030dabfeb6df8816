/**
 * Every store the contract suite runs against: SQLite always, PostgreSQL when the test database
 * is configured (and always under CI; see test/support/postgres-test-db.ts). Each test gets a
 * store of its own: a fresh SQLite file, or a fresh PostgreSQL schema.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import Database from 'better-sqlite3';

import type { IndicatorInput } from '../../../src/indicators/indicator.js';
import { openStore } from '../../../src/store/open-store.js';
import { migrate as migratePostgres } from '../../../src/store/postgres/migrate.js';
import { migrate as migrateSqlite } from '../../../src/store/sqlite/migrate.js';
import { SqliteStore } from '../../../src/store/sqlite/sqlite-store.js';
import type { IndicatorStore } from '../../../src/store/store.js';
import { createTestSchema, testPostgresUrl, withClient } from '../../support/postgres-test-db.js';

/** Where one test's store lives; every store opened on it shares the same data. */
export interface StorePlace {
  /** What `--store` would be given: a file path or a URL. */
  location: string;
  open(clock?: () => number, options?: { versionRetention?: number }): Promise<IndicatorStore>;
  /** A store on the same data through a connection that cannot write. */
  openReadOnly(): Promise<IndicatorStore>;
  /** Marks the data as written by a schema newer than this server knows. */
  makeNewer(): Promise<void>;
  /** Leaves the data as a server at schema `version` did, then runs `statements` (plain SQL). */
  atSchema(version: number, statements: readonly string[]): Promise<void>;
  dispose(): Promise<void>;
}

export interface StoreKind {
  name: string;
  place(): Promise<StorePlace>;
}

const sqlite: StoreKind = {
  name: 'SQLite',
  place() {
    const dir = mkdtempSync(join(tmpdir(), 'taxii2-store-'));
    const path = join(dir, 'store.db');
    return Promise.resolve({
      location: path,
      open: (clock, options) => openStore(path, { ...options, ...(clock ? { clock } : {}) }),
      openReadOnly: () => Promise.resolve(new SqliteStore({ path, readonly: true })),
      makeNewer() {
        const db = new Database(path);
        db.pragma('user_version = 999');
        db.close();
        return Promise.resolve();
      },
      atSchema(version, statements) {
        const db = new Database(path);
        migrateSqlite(db, version);
        for (const sql of statements) db.exec(sql);
        db.close();
        return Promise.resolve();
      },
      dispose() {
        rmSync(dir, { recursive: true, force: true });
        return Promise.resolve();
      },
    });
  },
};

function postgres(baseUrl: string): StoreKind {
  return {
    name: 'PostgreSQL',
    async place() {
      const schema = await createTestSchema(baseUrl);
      const readOnly = new URL(schema.url);
      readOnly.searchParams.set(
        'options',
        `${readOnly.searchParams.get('options')} -c default_transaction_read_only=on`,
      );
      return {
        location: schema.url,
        open: (clock, options) =>
          openStore(schema.url, { ...options, ...(clock ? { clock } : {}) }),
        openReadOnly: () => openStore(readOnly.toString()),
        makeNewer: () =>
          withClient(schema.url, async (client) => {
            await client.query('INSERT INTO schema_migrations (version) VALUES (999)');
          }),
        atSchema: (version, statements) =>
          withClient(schema.url, async (client) => {
            await migratePostgres(client, version);
            for (const sql of statements) await client.query(sql);
          }),
        dispose: () => schema.drop(),
      };
    },
  };
}

const url = testPostgresUrl();

export const STORE_KINDS: readonly StoreKind[] = [sqlite, ...(url ? [postgres(url)] : [])];

export const NAMESPACE = '5e4c2d1e-8f0a-5b6c-9d7e-1f2a3b4c5d6e';

export function indicator(value: string, extra: Partial<IndicatorInput> = {}): IndicatorInput {
  return {
    type: 'IP',
    value,
    score: 3,
    tags: [],
    sourceBrands: ['test feed'],
    sourceInstances: [],
    customFields: {},
    ...extra,
  };
}
