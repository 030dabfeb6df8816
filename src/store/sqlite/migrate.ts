import type Database from 'better-sqlite3';

import { MIGRATIONS } from './schema.js';

export class StoreVersionError extends Error {}

/**
 * Brings the schema up to date (or up to version `upTo`, as an earlier server left it). Each
 * migration runs in an immediate transaction, so two processes opening a new file together
 * apply it once.
 */
export function migrate(db: Database.Database, upTo = MIGRATIONS.length): void {
  const apply = db.transaction(() => {
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version > MIGRATIONS.length) {
      throw new StoreVersionError(
        `the store has schema version ${version}, newer than this server's ` +
          `${MIGRATIONS.length}: upgrade taxii2-server or use another --store`,
      );
    }
    MIGRATIONS.slice(version, upTo).forEach((migration, i) => {
      if (typeof migration === 'string') db.exec(migration);
      else migration(db);
      db.pragma(`user_version = ${version + i + 1}`);
    });
  });
  apply.immediate();
}
