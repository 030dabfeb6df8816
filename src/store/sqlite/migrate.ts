import type Database from 'better-sqlite3';

import { MIGRATIONS } from './schema.js';

export class StoreVersionError extends Error {}

/**
 * Brings the schema up to date. Each migration runs in an immediate transaction, so two
 * processes opening a new file together apply it once.
 */
export function migrate(db: Database.Database): void {
  const apply = db.transaction(() => {
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version > MIGRATIONS.length) {
      throw new StoreVersionError(
        `the store has schema version ${version}, newer than this server's ` +
          `${MIGRATIONS.length}: upgrade taxii2-server or use another --store`,
      );
    }
    MIGRATIONS.slice(version).forEach((sql, i) => {
      db.exec(sql);
      db.pragma(`user_version = ${version + i + 1}`);
    });
  });
  apply.immediate();
}
