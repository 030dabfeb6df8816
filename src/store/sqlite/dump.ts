/**
 * Moving a SQLite store's content out and in as it is: rows with their keys and dates, and the
 * rendered objects verbatim, earlier versions included, so the collections serve the same bytes
 * after a move.
 */
import type Database from 'better-sqlite3';

import type { Score } from '../../indicators/indicator.js';
import type { IndicatorRow } from '../indicator-record.js';
import type { StoreDump, StoreRecord, StoredObject } from '../store.js';
import { readIndicatorColumns, type IndicatorColumns } from './read-indicators.js';
import { targetRefsColumn } from './object-rows.js';
import type { StatementCache } from './statement-cache.js';
import { POSTED_TABLES, postedInsertSql } from '../posted-dump.js';
import { SqlParams } from '../posted-sql.js';

const OBJECTS_SQL =
  'SELECT profile, object_id AS id, type, version, json, target_ref AS targetRef, ' +
  'target_refs AS targetRefs, date_added AS dateAdded, shared FROM stix_objects ' +
  'WHERE indicator = ? ORDER BY profile, date_added, object_id';

const EARLIER_SQL =
  'SELECT profile, object_id AS id, type, version, json, target_ref AS targetRef, ' +
  'target_refs AS targetRefs, date_added AS dateAdded FROM stix_object_versions ' +
  'WHERE indicator = ? ORDER BY profile, date_added, object_id';

/** Up to `limit` records with keys above `afterKey`. */
export function dumpRecords(
  statements: StatementCache,
  afterKey: number,
  limit: number,
): StoreRecord[] {
  const rows = readIndicatorColumns(statements, afterKey, limit);
  const objects = statements.get(OBJECTS_SQL);
  const earlier = statements.get(EARLIER_SQL);
  return rows.map((r) => ({
    key: r.key,
    dateAdded: r.date_added,
    row: toRow(r),
    objects: (objects.all(r.key) as Array<ObjectColumns & { shared: number }>).map((o) => ({
      ...fromColumns(o),
      shared: o.shared === 1,
    })),
    earlierVersions: (earlier.all(r.key) as ObjectColumns[]).map(fromColumns),
  }));
}

type ObjectColumns = Omit<StoredObject, 'shared' | 'targetRefs'> & { targetRefs: string | null };

// The store keeps a report's targets as a JSON array; a dump carries them as a list.
function fromColumns({ targetRefs, ...o }: ObjectColumns): StoredObject {
  return { ...o, targetRefs: targetRefs === null ? null : (JSON.parse(targetRefs) as string[]) };
}

/** Loads a dump in one immediate transaction; the store must hold no indicators. */
export async function loadDump(
  db: Database.Database,
  statements: StatementCache,
  dump: StoreDump,
): Promise<number> {
  db.exec('BEGIN IMMEDIATE');
  try {
    if (statements.get('SELECT 1 FROM indicators LIMIT 1').get() !== undefined) {
      throw new Error('the target store already holds indicators; migrate into an empty store');
    }
    if (holdsPosted(statements)) {
      throw new Error(
        'the target store already holds posted objects or statuses; migrate into an empty store',
      );
    }
    const setting = statements.get('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)');
    for (const [key, value] of Object.entries(dump.settings)) setting.run(key, value);

    let loaded = 0;
    for await (const batch of dump.records) {
      for (const record of batch) insertRecord(statements, record);
      loaded += batch.length;
    }
    for await (const batch of dump.posted ?? []) {
      for (const row of batch.rows) {
        const params = new SqlParams(() => '?');
        statements.get(postedInsertSql(batch.table, params, row)).run(...params.values);
      }
    }
    db.exec('COMMIT');
    return loaded;
  } catch (error) {
    if (db.inTransaction) db.exec('ROLLBACK');
    throw error;
  }
}

function holdsPosted(statements: StatementCache): boolean {
  return POSTED_TABLES.some((table) => statements.get(`SELECT 1 FROM ${table} LIMIT 1`).get());
}

function insertRecord(statements: StatementCache, record: StoreRecord): void {
  const { key, dateAdded, row, objects, earlierVersions = [] } = record;
  statements
    .get(
      'INSERT INTO indicators (key, type, value, score, created, modified, first_seen, ' +
        'last_seen, expiration, tlp, description, aggregated_reliability, stix_id, ' +
        'custom_fields, relationships, content_hash, date_added) ' +
        'VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    )
    .run(
      key,
      row.type,
      row.value,
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
      dateAdded,
    );
  const tag = statements.get('INSERT INTO indicator_tags (indicator, tag) VALUES (?, ?)');
  const source = statements.get(
    'INSERT INTO indicator_sources (indicator, kind, name) VALUES (?, ?, ?)',
  );
  for (const name of row.tags) tag.run(key, name);
  for (const name of row.sourceBrands) source.run(key, 'brand', name);
  for (const name of row.sourceInstances) source.run(key, 'instance', name);

  const object = statements.get(
    'INSERT INTO stix_objects (profile, indicator, object_id, type, version, date_added, json, ' +
      'target_ref, target_refs, shared) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  for (const o of objects) {
    const [date, target, shared] = [
      o.dateAdded ?? dateAdded,
      o.targetRef ?? null,
      o.shared ? 1 : 0,
    ];
    const targets = targetRefsColumn(o);
    object.run(o.profile, key, o.id, o.type, o.version, date, o.json, target, targets, shared);
  }
  const earlier = statements.get(
    'INSERT INTO stix_object_versions (profile, indicator, object_id, type, version, ' +
      'date_added, json, target_ref, target_refs) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  for (const o of earlierVersions) {
    const [date, target, targets] = [
      o.dateAdded ?? dateAdded,
      o.targetRef ?? null,
      targetRefsColumn(o),
    ];
    earlier.run(o.profile, key, o.id, o.type, o.version, date, o.json, target, targets);
  }
}

function toRow(r: IndicatorColumns): IndicatorRow {
  return {
    type: r.type,
    value: r.value,
    score: r.score as Score,
    created: r.created,
    modified: r.modified,
    firstSeen: r.first_seen,
    lastSeen: r.last_seen,
    expiration: r.expiration,
    tlp: r.tlp,
    description: r.description,
    aggregatedReliability: r.aggregated_reliability,
    stixId: r.stix_id,
    tags: JSON.parse(r.tags) as string[],
    sourceBrands: JSON.parse(r.brands) as string[],
    sourceInstances: JSON.parse(r.instances) as string[],
    customFields: JSON.parse(r.custom_fields) as Record<string, unknown>,
    relationships: JSON.parse(r.relationships) as IndicatorRow['relationships'],
    contentHash: r.content_hash,
  };
}
