/**
 * A store location per kind for tests that run the real CLI and server on it: a SQLite file in
 * a fresh folder, or a fresh PostgreSQL schema when the test database is configured.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { createTestSchema, testPostgresUrl } from '../../support/postgres-test-db.js';

export interface StoreLocation {
  /** What `--store` is given. */
  location: string;
  /** A folder for the test's other files. */
  dir: string;
  dispose(): Promise<void>;
}

export interface LocationKind {
  name: string;
  create(): Promise<StoreLocation>;
}

const sqlite: LocationKind = {
  name: 'SQLite',
  create() {
    const dir = mkdtempSync(join(tmpdir(), 'taxii2-reliability-'));
    return Promise.resolve({
      location: join(dir, 'store.db'),
      dir,
      dispose: () => Promise.resolve(rmSync(dir, { recursive: true, force: true })),
    });
  },
};

function postgres(baseUrl: string): LocationKind {
  return {
    name: 'PostgreSQL',
    async create() {
      const dir = mkdtempSync(join(tmpdir(), 'taxii2-reliability-'));
      const schema = await createTestSchema(baseUrl);
      return {
        location: schema.url,
        dir,
        async dispose() {
          await schema.drop();
          rmSync(dir, { recursive: true, force: true });
        },
      };
    },
  };
}

const url = testPostgresUrl();

export const LOCATION_KINDS: readonly LocationKind[] = [sqlite, ...(url ? [postgres(url)] : [])];
