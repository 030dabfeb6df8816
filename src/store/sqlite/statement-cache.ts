import type Database from 'better-sqlite3';

/**
 * Prepared statements by SQL text. Page queries vary only with the filters present, so the
 * set of distinct texts stays small; the bound keeps a pathological mix from growing it.
 */
export class StatementCache {
  private readonly statements = new Map<string, Database.Statement>();

  constructor(
    private readonly db: Database.Database,
    private readonly bound = 500,
  ) {}

  get(sql: string): Database.Statement {
    let statement = this.statements.get(sql);
    if (!statement) {
      if (this.statements.size >= this.bound) this.statements.clear();
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }
}
